#pragma once
// The kernel's view of physical memory: where it is mapped, and the virtual layout of the kernel
// half (x86_64 addresses, but only as numbers: the page-table format lives in kernel/arch/).
//
//   0xffff888000000000  direct map of all RAM (Linux's PAGE_OFFSET)
//   0xffffc80000000000  ioremap: device registers, mapped uncached
//   0xffffc90000000000  kernel stacks, each under an unmapped guard gap
//   0xffffffff80000000  the kernel image (the -2 GiB kernel code model)

#include <arch/mmu.h>
#include <lib/result.h>
#include <lib/types.h>

inline constexpr uptr PAGE_OFFSET = 0xffff888000000000ull;
inline constexpr uptr IOREMAP_BASE = 0xffffc80000000000ull;
inline constexpr uptr IOREMAP_SIZE = 1ull << 30;
inline constexpr uptr KSTACK_BASE = 0xffffc90000000000ull;
inline constexpr uptr KSTACK_AREA_SIZE = 1ull << 30;
inline constexpr uptr KERNEL_VMA = 0xffffffff80000000ull;
// The architecture's page size, under the name generic code has always used.
inline constexpr usize PAGE_SIZE = arch::page_size;
inline constexpr usize PAGE_SHIFT = arch::page_shift;

// Until the direct map exists, boot code reaches physical memory below 1 GiB through the kernel
// image's mapping at KERNEL_VMA (set up by boot.S); mm_init() then moves this to PAGE_OFFSET.
extern uptr direct_map_offset;

inline void* phys_to_virt(u64 phys) { return reinterpret_cast<void*>(phys + direct_map_offset); }
inline u64 virt_to_phys(const void* virt)
{
    uptr v = reinterpret_cast<uptr>(virt);
    if (v >= KERNEL_VMA)
        return v - KERNEL_VMA;
    return v - direct_map_offset;
}

// Page-table pages, for the architecture's page-table code: zeroed, and counted.
Result<u64> alloc_pgtable_page();
void free_pgtable_page(u64 phys);
usize nr_pgtable_pages();
