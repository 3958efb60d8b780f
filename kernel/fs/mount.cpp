// The mount table (mount.h): a fixed array of rows under one spinlock. A row's sequence number
// orders the mounts: the most recent mount on a directory is the one path lookup sees, and
// /proc/mounts lists them in mount order.

#include <fs/mount.h>
#include <lib/spinlock.h>
#include <lib/string.h>

namespace {

struct Mount {
    u64 seq; // 0: a free row
    RefPtr<Inode> mountpoint; // null for the root mount
    RefPtr<Inode> root;
    SuperBlock* sb;
    u32 mnt_flags;
    bool expiry_mark; // umount2(MNT_EXPIRE) asked once
    char source[MOUNT_SOURCE_MAX];
    const char* fstype;
};

// NOTE: mount_lock guards mounts[], next_seq and root_sb. Inode references taken out of a row are
// dropped after the lock is released (a last reference frees an inode).
Spinlock mount_lock;
Mount mounts[MAX_MOUNTS];
u64 next_seq = 1;
SuperBlock* root_sb;

void set_source(Mount& mount, const char* source)
{
    usize length = strnlen(source, MOUNT_SOURCE_MAX - 1);
    memcpy(mount.source, source, length);
    mount.source[length] = '\0';
}

// The most recent row for which `match` holds, or null.
template<typename Match>
Mount* latest_locked(Match match)
{
    Mount* found = nullptr;
    for (auto& mount : mounts) {
        if (mount.seq && match(mount) && (!found || mount.seq > found->seq))
            found = &mount;
    }
    return found;
}

Mount* free_row_locked()
{
    for (auto& mount : mounts) {
        if (!mount.seq)
            return &mount;
    }
    return nullptr;
}

usize mounts_of_sb_locked(const SuperBlock& sb)
{
    usize count = 0;
    for (auto& mount : mounts)
        count += mount.seq && mount.sb == &sb;
    return count;
}

// Mounts below `parent`: on top of it, on its root, or (when it shows a whole file system) on
// any directory of that file system.
// FIXME: below a bind mount of a subdirectory, only mounts on its root count: telling whether a
// directory lies under it needs a walk up the tree, under locks this spinlock may not wait for.
bool is_child_locked(const Mount& child, const Mount& parent)
{
    if (&child == &parent || !child.seq || !child.mountpoint)
        return false;
    if (child.mountpoint == parent.mountpoint && child.seq > parent.seq)
        return true;
    if (parent.root.ptr() != &parent.sb->root())
        return child.mountpoint == parent.root;
    return &child.mountpoint->sb() == parent.sb;
}

// Empties a row; its inode references move to `dropped` (released by the caller, unlocked).
void clear_row_locked(Mount& mount, RefPtr<Inode>* dropped)
{
    dropped[0] = std::move(mount.mountpoint);
    dropped[1] = std::move(mount.root);
    mount.seq = 0;
    mount.sb = nullptr;
}

} // namespace

void set_root_mount(SuperBlock& sb, const char* fstype)
{
    SpinlockGuard guard(mount_lock);
    VERIFY(!root_sb);
    root_sb = &sb;
    Mount& row = mounts[0];
    row.seq = next_seq++;
    row.root = sb.root();
    row.sb = &sb;
    row.mnt_flags = 0;
    row.fstype = fstype;
    set_source(row, fstype);
}

NonnullRefPtr<Inode> vfs_root()
{
    SpinlockGuard guard(mount_lock);
    VERIFY(root_sb);
    return root_sb->root();
}

Result<void> mount_add(SuperBlock& sb, NonnullRefPtr<Inode> root, NonnullRefPtr<Inode> mountpoint, u32 mnt_flags,
    const char* source, const char* fstype)
{
    if (root->is_directory() != mountpoint->is_directory())
        return Errno::ENOTDIR;
    SpinlockGuard guard(mount_lock);
    // do_add_mount(): the same file system's root mounted on itself.
    if (&mountpoint->sb() == &sb && mountpoint.ptr() == &sb.root() && root.ptr() == &sb.root())
        return Errno::EBUSY;
    Mount* row = free_row_locked();
    if (!row)
        return Errno::EBUSY; // FIXME: a growable table; Linux's limit is sysctl fs.mount-max
    row->seq = next_seq++;
    row->mountpoint = std::move(mountpoint);
    row->root = std::move(root);
    row->sb = &sb;
    row->mnt_flags = mnt_flags;
    row->expiry_mark = false;
    row->fstype = fstype;
    set_source(*row, source);
    return {};
}

Result<MountOrigin> mount_origin_of(const SuperBlock& sb)
{
    SpinlockGuard guard(mount_lock);
    Mount* found = latest_locked([&](const Mount& m) { return m.sb == &sb; });
    if (!found)
        return Errno::ENOENT;
    MountOrigin origin { found->mnt_flags, {}, found->fstype };
    memcpy(origin.source, found->source, MOUNT_SOURCE_MAX);
    return origin;
}

u32 mount_flags_of(const SuperBlock& sb)
{
    SpinlockGuard guard(mount_lock);
    Mount* found = latest_locked([&](const Mount& m) { return m.sb == &sb; });
    return found ? found->mnt_flags : 0;
}

NonnullRefPtr<Inode> follow_mounts(NonnullRefPtr<Inode> inode)
{
    SpinlockGuard guard(mount_lock);
    // Each step must go to a newer mount, so this ends: a directory bound onto itself
    // (mount --bind D D) is a mount whose root is its own mount point, followed once.
    u64 after = 0;
    for (;;) {
        Mount* found = latest_locked(
            [&](const Mount& m) { return m.seq > after && m.mountpoint.ptr() == inode.ptr(); });
        if (!found)
            return inode;
        after = found->seq;
        inode = NonnullRefPtr<Inode>(*found->root);
    }
}

RefPtr<Inode> mount_point_of(const Inode& root)
{
    SpinlockGuard guard(mount_lock);
    // The oldest mount of this root: the file system's own, not a later bind of it (a path seen
    // through /mnt/a stays /mnt/a/x after `mount --bind /mnt/a /mnt/b`, as in Linux, and a bind
    // into itself cannot make the walk up loop).
    Mount* found = nullptr;
    for (auto& mount : mounts) {
        if (mount.seq && mount.root.ptr() == &root && (!found || mount.seq < found->seq))
            found = &mount;
    }
    return found ? found->mountpoint : nullptr;
}

bool is_mount_point(const Inode& inode)
{
    SpinlockGuard guard(mount_lock);
    return latest_locked([&](const Mount& m) { return m.mountpoint.ptr() == &inode; }) != nullptr;
}

namespace {

Result<void> mount_remove_locked(const Inode& root, u32 flags, RefPtr<Inode>* dropped, usize& dropped_count)
{
    Mount* target = latest_locked([&](const Mount& m) { return m.root.ptr() == &root; });
    if (!target)
        return Errno::EINVAL; // can_umount(): not the root of a mount
    // FIXME: Linux remounts the namespace's root read-only here (do_umount_root()).
    if (!target->mountpoint)
        return Errno::EBUSY;
    if (flags & linux_abi::MNT_EXPIRE) {
        // The first MNT_EXPIRE only marks the mount; a second one unmounts it if it is unused.
        // FIXME: Linux clears the mark whenever the mount is used; Sprout cannot see uses.
        if (flags & (linux_abi::MNT_FORCE | linux_abi::MNT_DETACH))
            return Errno::EINVAL;
        if (!target->expiry_mark) {
            target->expiry_mark = true;
            return Errno::EAGAIN;
        }
    }
    if (!(flags & linux_abi::MNT_DETACH)) {
        for (auto& mount : mounts) {
            if (is_child_locked(mount, *target))
                return Errno::EBUSY;
        }
        // NOTE: pins count per superblock: with a single mount of it they are exactly the
        // references that keep the mount busy on Linux (open files, cwds and roots inside).
        // A file system mounted more than once (bind mounts) cannot tell which mount a pin came
        // through, so its mounts are never busy (FIXME: mappings and exec'd programs do not pin).
        if (mounts_of_sb_locked(*target->sb) == 1 && target->sb->pins() > 0)
            return Errno::EBUSY;
        clear_row_locked(*target, dropped);
        dropped_count = 2;
    } else {
        // umount_tree(): the mount and everything below it leave the table at once; what is
        // open or a cwd inside keeps working (the superblock is never freed).
        SuperBlock* gone[MAX_MOUNTS];
        usize gone_count = 0;
        gone[gone_count++] = target->sb;
        clear_row_locked(*target, dropped);
        dropped_count = 2;
        for (bool changed = true; changed;) {
            changed = false;
            for (auto& mount : mounts) {
                if (!mount.seq || !mount.mountpoint)
                    continue;
                bool below = false;
                for (usize i = 0; i < gone_count; ++i)
                    below |= &mount.mountpoint->sb() == gone[i] && mounts_of_sb_locked(*gone[i]) == 0;
                if (!below)
                    continue;
                gone[gone_count++] = mount.sb;
                clear_row_locked(mount, dropped + dropped_count);
                dropped_count += 2;
                changed = true;
            }
        }
    }
    return {};
}

} // namespace

Result<void> mount_remove(const Inode& root, u32 flags)
{
    // Declared before the guard: the references go after the lock is released.
    RefPtr<Inode> dropped[2 * MAX_MOUNTS];
    usize dropped_count = 0;
    SpinlockGuard guard(mount_lock);
    return mount_remove_locked(root, flags, dropped, dropped_count);
}

Result<void> mount_reconfigure(const Inode& root, u32 mnt_flags, bool readonly)
{
    SpinlockGuard guard(mount_lock);
    Mount* target = latest_locked([&](const Mount& m) { return m.root.ptr() == &root; });
    if (!target || target->root.ptr() != &target->sb->root())
        return Errno::EINVAL;
    // sb_prepare_remount_readonly(): not while a file is open for writing.
    if (readonly && !target->sb->is_readonly() && target->sb->writers() > 0)
        return Errno::EBUSY;
    target->mnt_flags = (mnt_flags & ~MNT_READONLY) | (readonly ? MNT_READONLY : 0);
    target->sb->set_readonly(readonly);
    return {};
}

usize mount_snapshot(MountSnapshot* out)
{
    SpinlockGuard guard(mount_lock);
    usize count = 0;
    u64 after = 0;
    // In mount order: the row with the smallest sequence number above the last one taken.
    for (;;) {
        Mount* next = nullptr;
        for (auto& mount : mounts) {
            if (mount.seq > after && (!next || mount.seq < next->seq))
                next = &mount;
        }
        if (!next)
            return count;
        after = next->seq;
        MountSnapshot& row = out[count++];
        row.mountpoint = next->mountpoint;
        row.sb = next->sb;
        row.mnt_flags = next->mnt_flags;
        memcpy(row.source, next->source, MOUNT_SOURCE_MAX);
        row.fstype = next->fstype;
    }
}
