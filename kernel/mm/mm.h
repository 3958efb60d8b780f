#pragma once
// Bringing up memory management at boot.

#include <arch/boot.h>

// The kernel's page tables (direct map, kernel image with W^X, the shared kernel half), the
// page-frame array and the buddy allocator, from the boot memory map.
void mm_init(const BootInfo& info);
// Slab caches and kmalloc().
void kmalloc_init();
u64 total_ram_bytes();
