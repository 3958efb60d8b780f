#pragma once
// The kernel heap. A SlabCache hands out objects of one size from slabs (runs of pages), as
// Linux's SLAB/SLUB do; kmalloc() is a set of caches of power-of-two sizes plus whole pages for
// larger requests. Every allocation can fail: callers get null (or ENOMEM through
// try_make<T>() and friends in lib/), never a panic.

#include <lib/list.h>
#include <lib/result.h>
#include <lib/spinlock.h>
#include <lib/types.h>
#include <mm/page.h>

class SlabCache {
public:
    // `name` must outlive the cache (a string literal).
    SlabCache(const char* name, usize object_size, usize align = 16);
    ~SlabCache();
    SlabCache(const SlabCache&) = delete;
    SlabCache& operator=(const SlabCache&) = delete;

    void* allocate(); // null when out of memory
    void free(void* object); // an object this cache allocated

    const char* name() const { return m_name; }
    usize object_size() const { return m_object_size; }
    usize objects_in_use() const { return m_in_use; }
    usize slab_count() const { return m_slabs; }

private:
    PageFrame* grow_locked();

    const char* m_name;
    usize m_object_size; // rounded up to the alignment, at least a pointer (the free-list link)
    unsigned m_order; // each slab is 2^m_order pages
    usize m_per_slab;
    // NOTE: m_lock guards every field below it.
    Spinlock m_lock;
    IntrusiveList<PageFrame, &PageFrame::list> m_partial; // slabs with free objects
    IntrusiveList<PageFrame, &PageFrame::list> m_full;
    usize m_in_use { 0 };
    usize m_slabs { 0 };
};

void* kmalloc(usize size); // null when out of memory (or size is 0)
void* kzalloc(usize size);
void kfree(void* ptr); // null is fine
// The usable size of a kmalloc() block (at least what was asked).
usize ksize(const void* ptr);

// A kmalloc() block owned by a scope: freed when it goes out of scope. For scratch buffers too
// big for a kernel stack (paths, argument strings, program headers).
template<typename T = char>
class KmallocBuffer {
public:
    static Result<KmallocBuffer> create(usize count)
    {
        void* p = kmalloc(count * sizeof(T));
        if (!p)
            return Errno::ENOMEM;
        return KmallocBuffer(static_cast<T*>(p));
    }
    KmallocBuffer() = default; // none yet: for a buffer made only when needed
    KmallocBuffer(KmallocBuffer&& other)
        : m_data(other.m_data)
    {
        other.m_data = nullptr;
    }
    KmallocBuffer(const KmallocBuffer&) = delete;
    KmallocBuffer& operator=(const KmallocBuffer&) = delete;
    KmallocBuffer& operator=(KmallocBuffer&& other)
    {
        if (this != &other) {
            kfree(m_data);
            m_data = other.m_data;
            other.m_data = nullptr;
        }
        return *this;
    }
    ~KmallocBuffer() { kfree(m_data); }
    T* data() const { return m_data; }

private:
    explicit KmallocBuffer(T* data)
        : m_data(data)
    {
    }
    T* m_data { nullptr };
};
