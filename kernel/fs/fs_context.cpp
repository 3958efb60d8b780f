#include <fs/fs_context.h>
#include <fs/mount.h>

FsContext::FsContext(NonnullRefPtr<Inode> root, NonnullRefPtr<Inode> cwd, u32 umask)
    : m_root(std::move(root))
    , m_cwd(std::move(cwd))
    , m_umask(umask)
{
    // The root and the cwd keep their file systems busy for umount (super.h).
    m_root->sb().pin();
    m_cwd->sb().pin();
}

FsContext::~FsContext()
{
    m_root->sb().unpin();
    m_cwd->sb().unpin();
}

Result<NonnullRefPtr<FsContext>> FsContext::create()
{
    auto root = vfs_root();
    return try_make_ref_counted<FsContext>(root, root, 022u);
}

Result<NonnullRefPtr<FsContext>> FsContext::clone() const
{
    SpinlockGuard guard(m_lock);
    return try_make_ref_counted<FsContext>(m_root, m_cwd, m_umask);
}

NonnullRefPtr<Inode> FsContext::root() const
{
    SpinlockGuard guard(m_lock);
    return m_root;
}

NonnullRefPtr<Inode> FsContext::cwd() const
{
    SpinlockGuard guard(m_lock);
    return m_cwd;
}

void FsContext::set_cwd(NonnullRefPtr<Inode> cwd)
{
    cwd->sb().pin();
    {
        SpinlockGuard guard(m_lock);
        m_cwd.swap(cwd);
    }
    cwd->sb().unpin();
    // The old cwd's reference goes here, outside the lock.
}

void FsContext::set_root(NonnullRefPtr<Inode> root)
{
    root->sb().pin();
    {
        SpinlockGuard guard(m_lock);
        m_root.swap(root);
    }
    root->sb().unpin();
}

u32 FsContext::umask() const
{
    SpinlockGuard guard(m_lock);
    return m_umask;
}

u32 FsContext::exchange_umask(u32 mask)
{
    SpinlockGuard guard(m_lock);
    u32 old = m_umask;
    m_umask = mask & 0777;
    return old;
}
