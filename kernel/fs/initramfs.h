#pragma once
// Unpacking the initramfs (a cpio newc archive) into the root file system, as Linux's
// init/initramfs.c does: directories, regular files, symlinks and hard links, with their modes,
// owners and modification times.

#include <lib/result.h>
#include <lib/types.h>

struct InitramfsStats {
    usize files;
    usize directories;
    usize symlinks;
    usize hard_links;
    usize skipped; // device nodes, FIFOs, sockets: FIXME mknod
};

Result<InitramfsStats> unpack_initramfs(const u8* data, usize size);
