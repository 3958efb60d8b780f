#include <fs/mount.h>
#include <lib/spinlock.h>

namespace {

struct Mount {
    RefPtr<Inode> mountpoint; // null: free slot
    SuperBlock* sb;
};

constexpr usize max_mounts = 16;
// NOTE: mount_lock guards mounts[] and root_sb.
Spinlock mount_lock;
Mount mounts[max_mounts];
SuperBlock* root_sb;

} // namespace

void set_root_mount(SuperBlock& sb)
{
    SpinlockGuard guard(mount_lock);
    root_sb = &sb;
}

NonnullRefPtr<Inode> vfs_root()
{
    SpinlockGuard guard(mount_lock);
    VERIFY(root_sb);
    return root_sb->root();
}

Result<void> do_mount(SuperBlock& sb, Inode& mountpoint)
{
    if (!mountpoint.is_directory())
        return Errno::ENOTDIR;
    SpinlockGuard guard(mount_lock);
    for (auto& mount : mounts) {
        if (mount.mountpoint.is_null()) {
            mount.mountpoint = mountpoint;
            mount.sb = &sb;
            return {};
        }
    }
    return Errno::EBUSY;
}

NonnullRefPtr<Inode> follow_mounts(NonnullRefPtr<Inode> inode)
{
    SpinlockGuard guard(mount_lock);
    for (;;) {
        SuperBlock* found = nullptr;
        for (auto& mount : mounts) {
            if (mount.mountpoint.ptr() == inode.ptr())
                found = mount.sb; // the last match is the latest (topmost) mount
        }
        if (!found)
            return inode;
        inode = found->root();
    }
}

RefPtr<Inode> mount_point_of(const Inode& root)
{
    SpinlockGuard guard(mount_lock);
    if (&root.sb().root() != &root)
        return nullptr;
    for (auto& mount : mounts) {
        if (mount.mountpoint && mount.sb == &root.sb())
            return mount.mountpoint;
    }
    return nullptr;
}

bool is_mount_point(const Inode& inode)
{
    SpinlockGuard guard(mount_lock);
    for (auto& mount : mounts) {
        if (mount.mountpoint.ptr() == &inode)
            return true;
    }
    return false;
}
