#pragma once
// mount(2) and umount2(2) (Linux's fs/namespace.c: path_mount(), do_new_mount(), do_loopback(),
// do_remount(), path_umount()), on the mount table of mount.h.
//
// File system types: "tmpfs" (a fresh instance per mount; options size=, nr_blocks=, mode=,
// uid=, gid=), "proc" and "devtmpfs" (one instance each, shared by every mount, as on Linux).

#include <fs/vfs.h>

// mount(source, target, fstype, flags, data). Strings are kernel strings; source, fstype and data
// may be null. The caller's credentials decide EPERM.
Result<void> vfs_mount(
    const VfsContext& ctx, const char* source, const char* target, const char* fstype, u64 flags, const char* data);
// umount2(target, flags).
Result<void> vfs_umount(const VfsContext& ctx, const char* target, u32 flags);
