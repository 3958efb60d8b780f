#pragma once
// Inode attributes as stat() and statx() report them.

#include <abi/linux/stat.h>
#include <fs/inode.h>

void fill_stat(Inode& inode, linux_abi::stat& out);
void fill_statx(Inode& inode, linux_abi::statx& out);
