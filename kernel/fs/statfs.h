#pragma once
// statfs/fstatfs (Linux's fs/statfs.c): what the file system holding an inode reports, with
// f_flags from its mount (ST_*) and f_frsize defaulting to f_bsize.

#include <abi/linux/mount.h>
#include <fs/inode.h>

void vfs_statfs(const Inode& inode, linux_abi::statfs& out);
