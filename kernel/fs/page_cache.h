#pragma once
// The pages of one file's data (Linux's address_space / page cache), indexed by page number in a
// small radix tree: 64 slots per node, as many levels as the largest index needs (at most 6:
// 2^36 pages, 256 TiB). Sparse files cost only the nodes on the paths to their pages.
//
// Every page held here carries one reference owned by the cache; read(), write() and mmap all use
// these same frames, so a MAP_SHARED mapping and write() see the same bytes.
//
// NOTE: not locked itself; the owning inode's m_lock guards it.

#include <lib/result.h>
#include <mm/page.h>

class PageCache {
public:
    PageCache() = default;
    ~PageCache(); // puts every page
    PageCache(const PageCache&) = delete;
    PageCache& operator=(const PageCache&) = delete;

    static constexpr unsigned slot_bits = 6;
    static constexpr unsigned max_height = 6;
    static constexpr u64 max_pages = 1ull << (slot_bits * max_height);

    // The page at `index`, or null if none was ever created (a hole: reads as zeros).
    PageFrame* find(u64 index) const;
    // The page at `index`, allocated zeroed if missing; EFBIG past max_pages, ENOMEM.
    Result<PageFrame*> find_or_create(u64 index);
    // Drop every page at `first_index` and above (truncate).
    void truncate_from(u64 first_index);
    u64 nr_pages() const { return m_pages; }

private:
    struct Node {
        void* slots[1u << slot_bits];
    };
    static u64 capacity(unsigned height) { return height == 0 ? 0 : 1ull << (slot_bits * height); }
    // Frees what lies at or above `first_index` under `node` (covering `base`..); returns whether
    // the node is now empty.
    bool truncate_node(Node* node, unsigned level, u64 base, u64 first_index);

    Node* m_root { nullptr };
    unsigned m_height { 0 };
    u64 m_pages { 0 };
};
