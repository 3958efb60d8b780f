#pragma once
// Physical pages for the rest of the kernel: the buddy allocator behind a lock, and the
// conversions between a frame, its physical address and its address in the direct map.

#include <lib/result.h>
#include <mm/memory.h>
#include <mm/page.h>

extern PageFrame* page_frames; // indexed by page frame number

inline u64 page_to_pfn(const PageFrame* frame) { return u64(frame - page_frames); }
inline u64 page_to_phys(const PageFrame* frame) { return page_to_pfn(frame) << PAGE_SHIFT; }
inline PageFrame* phys_to_page(u64 phys) { return &page_frames[phys >> PAGE_SHIFT]; }
inline void* page_address(const PageFrame* frame) { return phys_to_virt(page_to_phys(frame)); }
inline PageFrame* virt_to_page(const void* virt) { return phys_to_page(virt_to_phys(virt)); }

// 2^order contiguous pages, naturally aligned, with a reference count of 1; ENOMEM when none.
Result<PageFrame*> alloc_pages(unsigned order);
inline Result<PageFrame*> alloc_page() { return alloc_pages(0); }
// The same, zero-filled.
Result<PageFrame*> alloc_zeroed_pages(unsigned order);
// Give back what alloc_pages(order) returned, whatever its reference count.
void free_pages(PageFrame* head, unsigned order);

// Reference counting (COW shares a frame between address spaces): put_page() frees the block
// when the last reference goes.
inline void get_page(PageFrame* frame) { frame->refcount.fetch_add(1, std::memory_order_relaxed); }
void put_page(PageFrame* frame);

struct PageStats {
    u64 total; // pages the allocator manages
    u64 free;
    u64 used; // total - free
    u64 pgtables; // of the used ones, page-table pages
};
PageStats page_stats();
u64 nr_free_pages();
