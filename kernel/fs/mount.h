#pragma once
// The mount table: which file system's root (or, for a bind mount, which directory) covers which
// directory. Path lookup crosses a mount point downwards (a directory with something mounted on
// it stands for that mount's root) and upwards ("..", from a mount's root, continues from the
// directory it covers).
//
// One global table, as a single mount namespace (Linux's struct mount / vfsmount rows, without
// the tree: a row is found by its mount point or its root inode). mount(2) and umount2(2) are in
// namespace.cpp; /proc/mounts in proc_mounts.cpp.
//
// NOTE: Sprout has no (mount, dentry) pairs: path lookup returns an inode, not the mount it was
// reached through. So when one directory is the root of two mounts (a bind mount of a file
// system's root), "which mount" is the most recent one, and per-mount flags that must be
// enforced (read-only) live on the superblock (super.h).

#include <fs/inode.h>
#include <fs/super.h>

// Per-mount flags (Linux's MNT_*, include/linux/mount.h), shown by /proc/mounts and statfs.
inline constexpr u32 MNT_NOSUID = 0x01;
inline constexpr u32 MNT_NODEV = 0x02;
inline constexpr u32 MNT_NOEXEC = 0x04;
inline constexpr u32 MNT_NOATIME = 0x08;
inline constexpr u32 MNT_NODIRATIME = 0x10;
inline constexpr u32 MNT_RELATIME = 0x20;
inline constexpr u32 MNT_READONLY = 0x40;
inline constexpr u32 MNT_NOSYMFOLLOW = 0x80;
inline constexpr u32 MNT_ATIME_MASK = MNT_NOATIME | MNT_NODIRATIME | MNT_RELATIME;

inline constexpr usize MOUNT_SOURCE_MAX = 64; // longer device names are cut in /proc/mounts

// Makes `sb` the root file system (the "/" every process starts with), shown as `fstype`.
void set_root_mount(SuperBlock& sb, const char* fstype);
// The root directory of the root file system.
NonnullRefPtr<Inode> vfs_root();

// Adds a mount of `root` (a superblock's root, or any directory or file of it for a bind mount)
// over `mountpoint`. ENOTDIR when one is a directory and the other not; EBUSY when mounting a
// file system's root on itself (Linux's do_add_mount()) or when the table is full.
Result<void> mount_add(SuperBlock& sb, NonnullRefPtr<Inode> root, NonnullRefPtr<Inode> mountpoint, u32 mnt_flags,
    const char* source, const char* fstype);
// The flags, source and type of the most recent mount of `sb`'s tree, for a bind mount to copy;
// ENOENT if `sb` is not mounted.
struct MountOrigin {
    u32 mnt_flags;
    char source[MOUNT_SOURCE_MAX];
    const char* fstype;
};
Result<MountOrigin> mount_origin_of(const SuperBlock& sb);
// The flags of the most recent mount of `sb` (0 if it is not mounted), for statfs's f_flags.
u32 mount_flags_of(const SuperBlock& sb);

// `inode`, or the root of what is mounted on it (the topmost, for stacked mounts).
NonnullRefPtr<Inode> follow_mounts(NonnullRefPtr<Inode> inode);
// The directory a mount's root covers; null if `root` is no mount's root.
RefPtr<Inode> mount_point_of(const Inode& root);
bool is_mount_point(const Inode& inode);

// umount2() on the mount whose root is `root` (what path lookup gave for the target): EINVAL if
// there is none, EBUSY for the root mount or, unless MNT_DETACH, while the mount is in use (an
// open file or a cwd in it, a mount below it). MNT_DETACH takes the mount and every mount below
// it out of the table at once.
Result<void> mount_remove(const Inode& root, u32 flags);
// mount(MS_REMOUNT) on the mount whose root is `root`: new per-mount flags, and SB_RDONLY set or
// cleared. EINVAL if `root` is no mount's root; EBUSY going read-only while a file is open for
// writing.
Result<void> mount_reconfigure(const Inode& root, u32 mnt_flags, bool readonly);

// One row of the table, as /proc/mounts shows it (a snapshot: the inodes are referenced).
struct MountSnapshot {
    RefPtr<Inode> mountpoint; // null for the root mount
    SuperBlock* sb;
    u32 mnt_flags;
    char source[MOUNT_SOURCE_MAX];
    const char* fstype;
};
inline constexpr usize MAX_MOUNTS = 32;
// Copies the table in mount order into `out` (MAX_MOUNTS rows); returns the count.
usize mount_snapshot(MountSnapshot* out);
