// The kernel heap: kmalloc() size classes, object caches, and exhaustion without leaks.

#include <ktest/ktest.h>
#include <lib/ownptr.h>
#include <lib/refptr.h>
#include <lib/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

KTEST(kmalloc_sizes_and_alignment)
{
    u64 before = nr_free_pages();
    const usize sizes[] = { 1, 8, 16, 17, 100, 512, 1000, 2048, 2049, 4096, 10000, 100000 };
    void* blocks[sizeof(sizes) / sizeof(sizes[0])];
    for (usize i = 0; i < sizeof(sizes) / sizeof(sizes[0]); ++i) {
        blocks[i] = kmalloc(sizes[i]);
        KASSERT(blocks[i]);
        KEXPECT_EQ(uptr(blocks[i]) % 16, 0u);
        KEXPECT(ksize(blocks[i]) >= sizes[i]);
        memset(blocks[i], int(i), sizes[i]); // the whole block is usable
    }
    for (usize i = 0; i < sizeof(sizes) / sizeof(sizes[0]); ++i) {
        KEXPECT(static_cast<u8*>(blocks[i])[sizes[i] - 1] == u8(i)); // nobody overlapped it
        kfree(blocks[i]);
    }
    KEXPECT_EQ(nr_free_pages(), before);
    KEXPECT(kmalloc(0) == nullptr);
    kfree(nullptr);
}

KTEST(kzalloc_zeroes)
{
    auto* p = static_cast<u8*>(kmalloc(256));
    KASSERT(p);
    memset(p, 0xee, 256);
    kfree(p);
    p = static_cast<u8*>(kzalloc(256));
    KASSERT(p);
    bool zero = true;
    for (usize i = 0; i < 256; ++i)
        zero &= p[i] == 0;
    KEXPECT(zero);
    kfree(p);
}

KTEST(slab_cache_objects)
{
    struct Thing {
        u64 words[11]; // 88 bytes: not a power of two
    };
    SlabCache cache("ktest-thing", sizeof(Thing), alignof(Thing));
    u64 before = nr_free_pages();
    Thing* things[200];
    for (auto& t : things) {
        t = static_cast<Thing*>(cache.allocate());
        KASSERT(t);
        memset(t, 0x5a, sizeof(Thing));
    }
    KEXPECT_EQ(cache.objects_in_use(), 200u);
    KEXPECT(cache.slab_count() >= 2);
    // Distinct, non-overlapping objects.
    for (usize i = 1; i < 200; ++i)
        KEXPECT(things[i] != things[i - 1]);
    for (auto* t : things)
        cache.free(t);
    KEXPECT_EQ(cache.objects_in_use(), 0u);
    KEXPECT_EQ(cache.slab_count(), 0u);
    KEXPECT_EQ(nr_free_pages(), before); // empty slabs went back
}

// Fill the heap until kmalloc() fails, free everything: no page may be lost.
KTEST(kmalloc_exhaustion_and_full_recovery)
{
    u64 before = nr_free_pages();
    // Each size, and the page order its allocations need (a slab of 8+ objects, or whole pages).
    const struct {
        usize size;
        unsigned order;
    } cases[] = { { 200, 0 }, { 1024, 1 }, { 3000, 0 }, { 70000, 5 } };
    for (auto [size, order] : cases) {
        void* chain = nullptr;
        u64 count = 0;
        for (;;) {
            void* p = kmalloc(size);
            if (!p)
                break;
            *static_cast<void**>(p) = chain;
            chain = p;
            ++count;
        }
        KEXPECT(count > 0);
        // Exhausted: not even the page allocator has a block of the order this size needs.
        auto block = alloc_pages(order);
        KEXPECT(block.is_error());
        if (!block.is_error())
            free_pages(block.value(), order);
        while (chain) {
            void* next = *static_cast<void**>(chain);
            kfree(chain);
            chain = next;
        }
        KEXPECT_EQ(nr_free_pages(), before);
    }
}

KTEST(try_make_fails_cleanly_without_memory)
{
    struct Big : RefCounted<Big> {
        u8 payload[8192]; // beyond every slab: needs fresh pages
    };
    u64 before = nr_free_pages();
    {
        ktest::PageHoard hoard; // every page taken: nothing can grow
        SlabCache cache("ktest-empty", 64); // has never had a slab
        KEXPECT(cache.allocate() == nullptr);
        auto counted = try_make_ref_counted<Big>();
        KEXPECT(counted.is_error() && counted.error() == Errno::ENOMEM);
        auto owned = try_make<Big>();
        KEXPECT(owned.is_error() && owned.error() == Errno::ENOMEM);
    }
    KEXPECT_EQ(nr_free_pages(), before);
    // With memory back, the same calls succeed, and the objects free what they took.
    {
        auto again = try_make_ref_counted<Big>();
        KASSERT(!again.is_error());
        KEXPECT_EQ(again.value()->ref_count(), 1u);
    }
    KEXPECT_EQ(nr_free_pages(), before);
}
