#pragma once
// mmap() of a file descriptor: the inode to map, after Linux's checks of the descriptor against
// the requested protection (EBADF, EACCES, ENODEV).

#include <fs/inode.h>
#include <lib/result.h>

Result<RefPtr<Inode>> inode_for_mmap(int fd, u32 prot, u32 flags);
