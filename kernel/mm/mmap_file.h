#pragma once
// mmap() of a file descriptor: the inode to map, after Linux's checks of the descriptor against
// the requested protection (EBADF, EACCES, ENODEV).

#include <fs/file_name.h>
#include <fs/inode.h>
#include <lib/result.h>

struct MmapSource {
    RefPtr<Inode> inode; // null: anonymous memory after all (/dev/zero)
    u32 may_prot; // what mprotect() may grant the mapping later (Region::may_prot)
    RefPtr<FileName> name; // the name it was opened under, for /proc/PID/maps
};
Result<MmapSource> inode_for_mmap(int fd, u32 prot, u32 flags);
