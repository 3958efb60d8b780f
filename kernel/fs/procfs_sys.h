#pragma once
// /proc/sys (Linux's kernel/sysctl.c and fs/proc/proc_sysctl.c): nested directories and files
// described by tables. A directory is a row with child rows; a file is a row with functions that
// show its text and, if it is writable, store a new value. Adding /proc/sys/kernel/X is adding a
// row to kernel_table in procfs_sys.cpp.

#include <fs/super.h>
#include <lib/refptr.h>
#include <lib/result.h>

class Inode;

// The directory /proc/sys, for the row of root_entries in procfs.cpp.
Result<NonnullRefPtr<Inode>> proc_sys_make(SuperBlock& sb);
