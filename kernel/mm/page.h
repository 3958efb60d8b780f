#pragma once
// One descriptor per physical page frame (Linux's struct page), in one array indexed by page
// frame number. The reference count is what copy-on-write will turn on: a frame mapped by two
// address spaces after fork has two references, and is freed when the last one goes.

#include <atomic>
#include <lib/list.h>
#include <lib/types.h>

class SlabCache;

enum PageFlags : u16 {
    PG_reserved = 1u << 0, // never allocatable: not RAM, or taken at boot (kernel image, modules)
    PG_buddy = 1u << 1, // the head of a free block in the buddy allocator; `order` is its size
    PG_slab = 1u << 2, // the first page of a slab; `slab` says whose
    PG_large = 1u << 3, // the first page of a kmalloc() too large for any slab; `order` is its size
    // Private anonymous memory of a process (Linux's PageAnon): a zero-filled page or a private
    // copy made by a write fault. Not page cache, not shared anonymous memory (shmem); every
    // reference to it is a mapping, which is what /proc/PID/smaps counts as its sharers.
    PG_anon = 1u << 4,
};

struct PageFrame {
    ListNode list; // buddy free list, or its cache's slab list (PG_slab)
    std::atomic<u32> refcount { 0 }; // 0 when free
    u16 flags { PG_reserved };
    u8 order { 0 }; // of the block this frame heads (free or allocated)
    u8 unused { 0 };
    struct SlabState {
        SlabCache* cache;
        void* freelist; // first free object, each free object holds the next
        u32 in_use; // allocated objects in this slab
    } slab {};
};

// Its size is paid once per 4 KiB of RAM (1.2 %): keep it from growing by accident.
static_assert(sizeof(PageFrame) == 48);
