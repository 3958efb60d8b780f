// Inode defaults (the errno Linux gives when an inode type lacks an operation), attributes, and
// permission checks.

#include <abi/linux/fcntl.h>
#include <abi/linux/poll.h>
#include <fs/inode.h>
#include <fs/super.h>
#include <sched/clock.h>

using namespace linux_abi;

Timespec current_time()
{
    u64 ns = ktime_get_real_ns();
    return { i64(ns / NSEC_PER_SEC), i64(ns % NSEC_PER_SEC) };
}

namespace {
std::atomic<u32> next_anon_minor { 1 };
}

SuperBlock::SuperBlock(const char* type_name, u64 magic)
    : m_type_name(type_name)
    , m_magic(magic)
    , m_dev(encode_dev(0, next_anon_minor.fetch_add(1, std::memory_order_relaxed)))
{
}

void SuperBlock::statfs(linux_abi::statfs& out) const
{
    out.f_type = i64(m_magic);
    out.f_bsize = PAGE_SIZE;
    out.f_namelen = NAME_MAX;
}

Result<void> sb_want_write(const SuperBlock& sb)
{
    if (sb.is_readonly())
        return Errno::EROFS;
    return {};
}

Inode::Inode(SuperBlock& sb, u32 mode, InodeOwner owner, u64 rdev)
    : m_sb(sb)
    , m_ino(sb.allocate_ino())
    , m_rdev(rdev)
    , m_mode(mode)
    , m_uid(owner.uid)
    , m_gid(owner.gid)
{
    Timespec now = current_time();
    m_atime = m_mtime = m_ctime = now;
}

Timespec Inode::atime() const
{
    SpinlockGuard guard(m_meta_lock);
    return m_atime;
}

Timespec Inode::mtime() const
{
    SpinlockGuard guard(m_meta_lock);
    return m_mtime;
}

Timespec Inode::ctime() const
{
    SpinlockGuard guard(m_meta_lock);
    return m_ctime;
}

void Inode::touch_atime()
{
    Timespec now = current_time();
    SpinlockGuard guard(m_meta_lock);
    m_atime = now;
}

void Inode::touch_mtime_ctime()
{
    Timespec now = current_time();
    SpinlockGuard guard(m_meta_lock);
    m_mtime = m_ctime = now;
}

void Inode::touch_ctime()
{
    Timespec now = current_time();
    SpinlockGuard guard(m_meta_lock);
    m_ctime = now;
}

void Inode::set_times(Timespec atime, Timespec mtime, Timespec ctime)
{
    SpinlockGuard guard(m_meta_lock);
    m_atime = atime;
    m_mtime = mtime;
    m_ctime = ctime;
}

void Inode::set_mode_bits(u32 permission_bits)
{
    m_mode.store((mode() & S_IFMT) | (permission_bits & S_IALLUGO), std::memory_order_relaxed);
    touch_ctime();
}

void Inode::set_owner(u32 uid, u32 gid)
{
    m_uid.store(uid, std::memory_order_relaxed);
    m_gid.store(gid, std::memory_order_relaxed);
    touch_ctime();
}

// Directory operations: ENOTDIR on a non-directory (the path walk usually catches this first),
// EPERM on a directory whose file system lacks the operation (as Linux's vfs_mkdir() & co. say
// when the inode_operations method is missing).
Result<NonnullRefPtr<Inode>> Inode::lookup(StringView) { return Errno::ENOTDIR; }
Result<NonnullRefPtr<Inode>> Inode::create(StringView, u32, InodeOwner) { return missing_directory_op(); }
Result<NonnullRefPtr<Inode>> Inode::mkdir(StringView, u32, InodeOwner) { return missing_directory_op(); }
Result<NonnullRefPtr<Inode>> Inode::symlink(StringView, StringView, InodeOwner) { return missing_directory_op(); }
Result<NonnullRefPtr<Inode>> Inode::mknod(StringView, u32, u64, InodeOwner) { return Errno::EPERM; }
Result<void> Inode::link(StringView, Inode&) { return missing_directory_op(); }
Result<void> Inode::unlink(StringView) { return missing_directory_op(); }
Result<void> Inode::rmdir(StringView) { return missing_directory_op(); }
Result<void> Inode::rename(StringView, Inode&, StringView, u32) { return missing_directory_op(); }
Result<NonnullRefPtr<Inode>> Inode::parent() { return Errno::ENOTDIR; }
Result<usize> Inode::name_of(const Inode&, char*, usize) { return Errno::ENOENT; }
Result<void> Inode::readdir(u64&, DirEmitter&) { return Errno::ENOTDIR; }
Result<usize> Inode::readlink(char*, usize) { return Errno::EINVAL; }

// Data operations: directories say EISDIR (read(2) on a directory fd), others EINVAL as Linux
// does for a file without read/write methods.
Result<usize> Inode::read(u64, UserOrKernelBuffer, usize) { return is_directory() ? Errno::EISDIR : Errno::EINVAL; }
Result<usize> Inode::write(u64, UserOrKernelBuffer, usize) { return is_directory() ? Errno::EISDIR : Errno::EINVAL; }

Result<usize> Inode::append(UserOrKernelBuffer buffer, usize size, u64& end_offset)
{
    usize written = TRY(write(0, buffer, size));
    end_offset = 0;
    return written;
}

Result<void> Inode::truncate(u64) { return is_directory() ? Errno::EISDIR : Errno::EINVAL; }
Result<PageFrame*> Inode::get_page(u64) { return Errno::ENODEV; }
Result<i64> Inode::ioctl(OpenFile&, u32, u64) { return Errno::ENOTTY; }

u16 Inode::poll(const OpenFile&) const { return DEFAULT_POLLMASK; }

Result<void> inode_permission(Inode& inode, int mask, const Credentials& cred)
{
    u32 mode = inode.mode();
    // sb_permission(): nobody writes to a file, directory or link of a read-only file system
    // (devices and FIFOs stay writable: their data is not stored there).
    if ((mask & MAY_WRITE) && inode.sb().is_readonly() && (S_ISREG(mode) || S_ISDIR(mode) || S_ISLNK(mode)))
        return Errno::EROFS;
    if (cred.fsuid == 0) {
        // CAP_DAC_OVERRIDE: read and write always; execute only if someone may execute (or it
        // is a directory, where x means search).
        if (!(mask & MAY_EXEC) || S_ISDIR(mode) || (mode & S_IXUGO))
            return {};
        return Errno::EACCES;
    }
    u32 bits;
    if (cred.fsuid == inode.uid())
        bits = (mode >> 6) & 7;
    else if (cred.in_group(inode.gid()))
        bits = (mode >> 3) & 7;
    else
        bits = mode & 7;
    // MAY_READ/WRITE/EXEC line up with the r/w/x bits (4/2/1).
    if ((u32(mask) & 7 & ~bits) != 0)
        return Errno::EACCES;
    return {};
}

Result<void> inode_permission(Inode& inode, int mask) { return inode_permission(inode, mask, current_cred()); }
