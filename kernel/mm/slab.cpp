#include <lib/assert.h>
#include <lib/string.h>
#include <mm/mm.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <new>

namespace {

// A slab holds at least 8 objects, so that big objects do not waste most of a page.
constexpr usize min_objects_per_slab = 8;

unsigned order_for_bytes(usize bytes)
{
    unsigned order = 0;
    while ((PAGE_SIZE << order) < bytes)
        ++order;
    return order;
}

} // namespace

SlabCache::SlabCache(const char* name, usize object_size, usize align)
    : m_name(name)
    , m_object_size(lib::align_up(lib::max(object_size, sizeof(void*)), align))
    , m_order(order_for_bytes(m_object_size * min_objects_per_slab))
    , m_per_slab((PAGE_SIZE << m_order) / m_object_size)
{
}

SlabCache::~SlabCache()
{
    VERIFY(m_in_use == 0); // destroying a cache with live objects would free them under their owners
}

// A new slab, every object on its free list. Called with m_lock held; the page allocator's lock
// comes after ours in the lock order.
PageFrame* SlabCache::grow_locked()
{
    auto head = alloc_pages(m_order);
    if (head.is_error())
        return nullptr;
    PageFrame* slab = head.value();
    slab->flags = PG_slab;
    slab->slab.cache = this;
    slab->slab.in_use = 0;
    char* base = static_cast<char*>(page_address(slab));
    void* next = nullptr;
    for (usize i = m_per_slab; i-- > 0;) {
        void* object = base + i * m_object_size;
        *static_cast<void**>(object) = next;
        next = object;
    }
    slab->slab.freelist = next;
    // Every page of the slab names its cache, for kfree() of an object on a tail page.
    for (usize i = 1; i < (1u << m_order); ++i) {
        slab[i].flags = PG_slab;
        slab[i].slab.cache = this;
    }
    m_partial.push_back(*slab);
    ++m_slabs;
    return slab;
}

void* SlabCache::allocate()
{
    SpinlockGuard guard(m_lock);
    PageFrame* slab = m_partial.first();
    if (!slab && !(slab = grow_locked()))
        return nullptr;
    void* object = slab->slab.freelist;
    slab->slab.freelist = *static_cast<void**>(object);
    ++slab->slab.in_use;
    ++m_in_use;
    if (!slab->slab.freelist) {
        m_partial.remove(*slab);
        m_full.push_back(*slab);
    }
    return object;
}

void SlabCache::free(void* object)
{
    // Slabs are naturally aligned blocks, so the head frame is found by rounding the frame number.
    u64 pfn = page_to_pfn(virt_to_page(object));
    PageFrame* slab = &page_frames[pfn & ~((1ull << m_order) - 1)];
    SpinlockGuard guard(m_lock);
    VERIFY((slab->flags & PG_slab) && slab->slab.cache == this && slab->slab.in_use > 0);
    bool was_full = !slab->slab.freelist;
    *static_cast<void**>(object) = slab->slab.freelist;
    slab->slab.freelist = object;
    --slab->slab.in_use;
    --m_in_use;
    if (was_full) {
        m_full.remove(*slab);
        m_partial.push_back(*slab);
    }
    if (slab->slab.in_use == 0) {
        // Empty slabs go straight back to the page allocator: the heap never sits on free pages.
        m_partial.remove(*slab);
        --m_slabs;
        for (usize i = 0; i < (1u << m_order); ++i)
            slab[i].flags = 0;
        free_pages(slab, m_order);
    }
}

// kmalloc(): caches of 16 bytes to 2 KiB; anything larger is whole pages straight from the buddy
// allocator, marked PG_large so that kfree() knows how many.
namespace {

constexpr usize kmalloc_min_shift = 4;
constexpr usize kmalloc_max_shift = 11;
constexpr const char* kmalloc_names[] = { "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128", "kmalloc-256",
    "kmalloc-512", "kmalloc-1k", "kmalloc-2k" };
constexpr usize kmalloc_cache_count = kmalloc_max_shift - kmalloc_min_shift + 1;
alignas(SlabCache) char kmalloc_storage[kmalloc_cache_count][sizeof(SlabCache)];
SlabCache* kmalloc_caches[kmalloc_cache_count];

SlabCache* cache_for(usize size)
{
    usize shift = kmalloc_min_shift;
    while ((1ull << shift) < size)
        ++shift;
    return shift <= kmalloc_max_shift ? kmalloc_caches[shift - kmalloc_min_shift] : nullptr;
}

} // namespace

void kmalloc_init()
{
    for (usize i = 0; i < kmalloc_cache_count; ++i)
        kmalloc_caches[i] = new (kmalloc_storage[i]) SlabCache(kmalloc_names[i], 1ull << (i + kmalloc_min_shift), 16);
}

void* kmalloc(usize size)
{
    if (size == 0)
        return nullptr;
    if (SlabCache* cache = cache_for(size))
        return cache->allocate();
    auto head = alloc_pages(order_for_bytes(size));
    if (head.is_error())
        return nullptr;
    head.value()->flags = PG_large;
    return page_address(head.value());
}

void* kzalloc(usize size)
{
    void* p = kmalloc(size);
    if (p)
        memset(p, 0, ksize(p));
    return p;
}

void kfree(void* ptr)
{
    if (!ptr)
        return;
    PageFrame* frame = virt_to_page(ptr);
    if (frame->flags & PG_large) {
        frame->flags = 0;
        free_pages(frame, frame->order);
        return;
    }
    VERIFY(frame->flags & PG_slab);
    frame->slab.cache->free(ptr);
}

usize ksize(const void* ptr)
{
    PageFrame* frame = virt_to_page(ptr);
    if (frame->flags & PG_large)
        return PAGE_SIZE << frame->order;
    return frame->slab.cache->object_size();
}
