#include <lib/spinlock.h>
#include <lib/string.h>
#include <mm/buddy.h>
#include <mm/memblock.h>
#include <mm/page_alloc.h>

PageFrame* page_frames;
uptr direct_map_offset = KERNEL_VMA;

namespace {

// NOTE: zone_lock guards `buddy`; it is the innermost lock (the last in the lock order).
Spinlock zone_lock;
BuddyAllocator buddy;
bool buddy_ready;
std::atomic<u64> pgtable_pages;

} // namespace

// Called by mm_init() once the direct map and the page-frame array exist.
void page_alloc_init(PageFrame* frames, u64 frame_count)
{
    page_frames = frames;
    buddy.init(frames, frame_count);
    memblock_release([](u64 start, u64 end) { buddy.add_free_range(start >> PAGE_SHIFT, end >> PAGE_SHIFT); });
    buddy_ready = true;
}

Result<PageFrame*> alloc_pages(unsigned order)
{
    PageFrame* head;
    {
        SpinlockGuard guard(zone_lock);
        head = buddy.allocate(order);
    }
    if (!head)
        return Errno::ENOMEM;
    return head;
}

Result<PageFrame*> alloc_zeroed_pages(unsigned order)
{
    PageFrame* head = TRY(alloc_pages(order));
    memset(page_address(head), 0, PAGE_SIZE << order);
    return head;
}

void free_pages(PageFrame* head, unsigned order)
{
    SpinlockGuard guard(zone_lock);
    buddy.free(head, order);
}

void put_page(PageFrame* frame)
{
    if (frame->refcount.fetch_sub(1, std::memory_order_acq_rel) == 1)
        free_pages(frame, frame->order);
}

u64 nr_free_pages()
{
    SpinlockGuard guard(zone_lock);
    return buddy.free_pages();
}

PageStats page_stats()
{
    SpinlockGuard guard(zone_lock);
    return { buddy.managed_pages(), buddy.free_pages(), buddy.managed_pages() - buddy.free_pages(),
        pgtable_pages.load(std::memory_order_relaxed) };
}

// Page tables are built before the buddy allocator exists (the direct map itself needs them), so
// their pages come from memblock until then, below 1 GiB where boot.S's mapping reaches them.
Result<u64> alloc_pgtable_page()
{
    u64 phys;
    if (buddy_ready) {
        PageFrame* frame = TRY(alloc_pages(0));
        phys = page_to_phys(frame);
    } else {
        phys = TRY(memblock_alloc(PAGE_SIZE, PAGE_SIZE, 1ull << 30));
    }
    memset(phys_to_virt(phys), 0, PAGE_SIZE);
    pgtable_pages.fetch_add(1, std::memory_order_relaxed);
    return phys;
}

void free_pgtable_page(u64 phys)
{
    pgtable_pages.fetch_sub(1, std::memory_order_relaxed);
    put_page(phys_to_page(phys));
}

usize nr_pgtable_pages() { return pgtable_pages.load(std::memory_order_relaxed); }
