#pragma once
// The boot-time allocator (Linux's memblock): free physical ranges taken from the boot memory
// map, from which the kernel carves its page tables and page-frame array before the buddy
// allocator exists. What is left is then handed to the buddy allocator, once.

#include <arch/boot.h>
#include <lib/result.h>

void memblock_init(const BootInfo& info);
// `size` bytes aligned to `align`, entirely below `limit`; the memory is not zeroed.
Result<u64> memblock_alloc(u64 size, u64 align, u64 limit);
// Visit every remaining free range, then forget them: from now on, the buddy allocator owns them.
void memblock_release(void (*visit)(u64 start, u64 end));
u64 memblock_total_ram();
