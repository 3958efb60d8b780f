#pragma once
// The mount table: which file system's root covers which directory. Path lookup crosses a mount
// point downwards (a directory with something mounted on it stands for that mount's root) and
// upwards ("..", from a mount's root, continues from the directory it covers).
//
// One global table, as a single mount namespace: enough for /, /dev, /proc and /tmp.

#include <fs/inode.h>
#include <fs/super.h>

// Makes `sb` the root file system (the "/" every process starts with).
void set_root_mount(SuperBlock& sb);
// The root directory of the root file system.
NonnullRefPtr<Inode> vfs_root();
// Mounts `sb` over `mountpoint` (a directory); EBUSY if the table is full, ENOTDIR.
Result<void> do_mount(SuperBlock& sb, Inode& mountpoint);
// `inode`, or the root of what is mounted on it (the topmost, for stacked mounts).
NonnullRefPtr<Inode> follow_mounts(NonnullRefPtr<Inode> inode);
// The directory a mounted file system's root covers; null if `root` is no mount's root.
RefPtr<Inode> mount_point_of(const Inode& root);
bool is_mount_point(const Inode& inode);
