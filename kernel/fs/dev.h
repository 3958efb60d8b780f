#pragma once
// Character devices and the /dev file system that holds them.

#include <fs/inode.h>
#include <fs/super.h>
#include <lib/result.h>
#include <mm/uaccess.h>

// A tmpfs with null (1:3), zero (1:5), tty (5:0) and console (5:1), as devtmpfs would have.
Result<SuperBlock*> devtmpfs_create();

// Hand a write() to a byte sink in chunks, for character devices (the serial channels, the tty).
// A fault part-way ends the write short, as Linux's tty and serial drivers do; a fault before
// anything was written is EFAULT.
Result<usize> write_through(UserOrKernelBuffer buffer, usize size, void (*sink)(const char*, usize, void*), void* ctx);
