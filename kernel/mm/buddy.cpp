#include <lib/assert.h>
#include <mm/buddy.h>

void BuddyAllocator::init(PageFrame* frames, u64 frame_count)
{
    m_frames = frames;
    m_frame_count = frame_count;
}

void BuddyAllocator::push_free(u64 pfn, unsigned order)
{
    PageFrame& head = m_frames[pfn];
    head.flags = PG_buddy;
    head.order = u8(order);
    head.refcount.store(0, std::memory_order_relaxed);
    m_free_lists[order].push_back(head);
    m_free_blocks[order]++;
}

void BuddyAllocator::add_free_range(u64 first, u64 end)
{
    VERIFY(end <= m_frame_count);
    m_managed_pages += end - first;
    // Largest aligned blocks first; free() merges them with whatever is already free next door.
    while (first < end) {
        unsigned order = max_order;
        while (order > 0 && ((first & ((1ull << order) - 1)) != 0 || first + (1ull << order) > end))
            --order;
        for (u64 i = 0; i < (1ull << order); ++i)
            m_frames[first + i].flags = 0;
        free(&m_frames[first], order);
        first += 1ull << order;
    }
}

PageFrame* BuddyAllocator::allocate(unsigned order)
{
    if (order > max_order)
        return nullptr;
    unsigned found = order;
    while (found <= max_order && m_free_lists[found].is_empty())
        ++found;
    if (found > max_order)
        return nullptr;

    PageFrame* head = m_free_lists[found].pop_front();
    m_free_blocks[found]--;
    u64 pfn = pfn_of(head);
    // Split: keep the lower half, give the upper half back at each step down.
    while (found > order) {
        --found;
        push_free(pfn + (1ull << found), found);
    }
    head->flags = 0;
    head->order = u8(order);
    head->refcount.store(1, std::memory_order_relaxed);
    m_free_pages -= 1ull << order;
    return head;
}

void BuddyAllocator::free(PageFrame* head, unsigned order)
{
    VERIFY(order <= max_order);
    VERIFY(!(head->flags & (PG_buddy | PG_reserved)));
    u64 pfn = pfn_of(head);
    VERIFY((pfn & ((1ull << order) - 1)) == 0);
    m_free_pages += 1ull << order;
    head->flags = 0;
    // Free frames have no users. This head may become the tail of a merged block, where nobody
    // would reset it later.
    head->refcount.store(0, std::memory_order_relaxed);

    while (order < max_order) {
        u64 buddy_pfn = pfn ^ (1ull << order);
        if (buddy_pfn >= m_frame_count)
            break;
        PageFrame& buddy = m_frames[buddy_pfn];
        if (!(buddy.flags & PG_buddy) || buddy.order != order)
            break; // the buddy is in use, reserved, or split
        m_free_lists[order].remove(buddy);
        m_free_blocks[order]--;
        buddy.flags = 0;
        pfn &= ~(1ull << order); // the merged block starts at the lower of the two
        ++order;
    }
    push_free(pfn, order);
}
