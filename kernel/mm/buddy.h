#pragma once
// The buddy allocator: free physical memory as blocks of 2^order pages, each block aligned to its
// size, so that a block's "buddy" (the other half of the next larger block) is found by flipping
// one bit of its frame number, and freeing merges buddies back up.
//
// This class is pure bookkeeping over an array of PageFrame, with no locking and no access to
// the memory itself, so that host tests can drive it (tests/host/buddy_test.cpp). The kernel's
// locked front end is mm/page_alloc.h.

#include <lib/list.h>
#include <mm/page.h>

class BuddyAllocator {
public:
    static constexpr unsigned max_order = 10; // blocks of up to 2^10 pages (4 MiB), as Linux

    // `frames[i]` describes page frame number i, for i < frame_count. All start reserved.
    void init(PageFrame* frames, u64 frame_count);
    // Hand the frames [first, end) to the allocator (boot: every usable range).
    void add_free_range(u64 first, u64 end);

    // A block of 2^order pages, or null when none is left. The head frame comes back with
    // refcount 1 and `order` set; the others with refcount 0.
    PageFrame* allocate(unsigned order);
    // Give back a block that allocate(order) returned.
    void free(PageFrame* head, unsigned order);

    u64 pfn_of(const PageFrame* frame) const { return u64(frame - m_frames); }
    PageFrame* frame_of(u64 pfn) const { return &m_frames[pfn]; }
    u64 frame_count() const { return m_frame_count; }

    u64 free_pages() const { return m_free_pages; }
    u64 managed_pages() const { return m_managed_pages; } // everything ever added
    u64 free_blocks(unsigned order) const { return m_free_blocks[order]; }

private:
    void push_free(u64 pfn, unsigned order);

    PageFrame* m_frames { nullptr };
    u64 m_frame_count { 0 };
    IntrusiveList<PageFrame, &PageFrame::list> m_free_lists[max_order + 1];
    u64 m_free_blocks[max_order + 1] {};
    u64 m_free_pages { 0 };
    u64 m_managed_pages { 0 };
};
