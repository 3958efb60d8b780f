// The physical page allocator on the real memory map.

#include <ktest/ktest.h>
#include <lib/string.h>
#include <mm/page_alloc.h>

KTEST(page_alloc_single_page)
{
    u64 before = nr_free_pages();
    auto page = alloc_page();
    KASSERT(!page.is_error());
    KEXPECT_EQ(nr_free_pages(), before - 1);
    KEXPECT_EQ(page.value()->refcount.load(), 1u);
    // The page is real memory, reachable through the direct map.
    auto* bytes = static_cast<u8*>(page_address(page.value()));
    memset(bytes, 0xa5, PAGE_SIZE);
    KEXPECT(bytes[0] == 0xa5 && bytes[PAGE_SIZE - 1] == 0xa5);
    KEXPECT(virt_to_page(bytes) == page.value());
    free_pages(page.value(), 0);
    KEXPECT_EQ(nr_free_pages(), before);
}

KTEST(page_alloc_orders_are_aligned)
{
    u64 before = nr_free_pages();
    PageFrame* blocks[8];
    for (unsigned order = 0; order < 8; ++order) {
        auto block = alloc_pages(order);
        KASSERT(!block.is_error());
        blocks[order] = block.value();
        KEXPECT_EQ(page_to_pfn(blocks[order]) % (1u << order), 0u);
        KEXPECT_EQ(blocks[order]->order, order);
    }
    // No two blocks overlap.
    for (unsigned a = 0; a < 8; ++a) {
        for (unsigned b = a + 1; b < 8; ++b) {
            u64 sa = page_to_pfn(blocks[a]), ea = sa + (1u << a);
            u64 sb = page_to_pfn(blocks[b]), eb = sb + (1u << b);
            KEXPECT(ea <= sb || eb <= sa);
        }
    }
    for (unsigned order = 0; order < 8; ++order)
        free_pages(blocks[order], order);
    KEXPECT_EQ(nr_free_pages(), before);
}

KTEST(page_alloc_zeroed)
{
    auto block = alloc_pages(1);
    KASSERT(!block.is_error());
    memset(page_address(block.value()), 0xff, 2 * PAGE_SIZE);
    free_pages(block.value(), 1);
    auto zeroed = alloc_zeroed_pages(1);
    KASSERT(!zeroed.is_error());
    auto* bytes = static_cast<u8*>(page_address(zeroed.value()));
    bool all_zero = true;
    for (usize i = 0; i < 2 * PAGE_SIZE; ++i)
        all_zero &= bytes[i] == 0;
    KEXPECT(all_zero);
    free_pages(zeroed.value(), 1);
}

KTEST(page_refcount_frees_on_last_put)
{
    u64 before = nr_free_pages();
    auto page = alloc_page();
    KASSERT(!page.is_error());
    PageFrame* frame = page.value();
    get_page(frame); // a second user, as after a copy-on-write fork
    KEXPECT_EQ(frame->refcount.load(), 2u);
    put_page(frame);
    KEXPECT_EQ(nr_free_pages(), before - 1); // still in use by the first
    put_page(frame);
    KEXPECT_EQ(nr_free_pages(), before);
}

// Allocate every free page there is, then give them all back: the allocator must reach ENOMEM
// cleanly, and the free counter must return exactly to where it started.
KTEST(page_alloc_exhaustion_and_full_recovery)
{
    PageStats start = page_stats();
    KEXPECT_EQ(start.total, start.free + start.used);
    {
        ktest::PageHoard hoard;
        KEXPECT_EQ(nr_free_pages(), 0u);
        KEXPECT_EQ(hoard.pages(), start.free);
        auto one_more = alloc_page();
        KEXPECT(one_more.is_error() && one_more.error() == Errno::ENOMEM);
    }
    KEXPECT_EQ(nr_free_pages(), start.free);
    // And it merged back: a 4 MiB block is available again.
    auto big = alloc_pages(10);
    KEXPECT(!big.is_error());
    if (!big.is_error())
        free_pages(big.value(), 10);
}
