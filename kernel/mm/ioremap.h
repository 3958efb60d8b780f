#pragma once
// Device registers, mapped uncached into the kernel half.

#include <lib/result.h>
#include <lib/types.h>

// The virtual address of physical `phys` (need not be page-aligned), mapped for `size` bytes.
Result<uptr> ioremap(u64 phys, usize size);
