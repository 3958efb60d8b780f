#include <fs/page_cache.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

PageCache::~PageCache()
{
    truncate_from(0);
    VERIFY(m_root == nullptr && m_pages == 0);
}

PageFrame* PageCache::find(u64 index) const
{
    if (index >= capacity(m_height))
        return nullptr;
    Node* node = m_root;
    for (unsigned level = m_height - 1; level > 0; --level) {
        node = static_cast<Node*>(node->slots[(index >> (slot_bits * level)) & 63]);
        if (!node)
            return nullptr;
    }
    return static_cast<PageFrame*>(node->slots[index & 63]);
}

Result<PageFrame*> PageCache::find_or_create(u64 index)
{
    if (index >= max_pages)
        return Errno::EFBIG;
    // Grow upwards: the old root becomes slot 0 of a new root.
    while (index >= capacity(m_height)) {
        auto* root = static_cast<Node*>(kzalloc(sizeof(Node)));
        if (!root)
            return Errno::ENOMEM;
        root->slots[0] = m_root;
        m_root = root;
        ++m_height;
    }
    Node* node = m_root;
    for (unsigned level = m_height - 1; level > 0; --level) {
        void*& slot = node->slots[(index >> (slot_bits * level)) & 63];
        if (!slot) {
            slot = kzalloc(sizeof(Node));
            if (!slot)
                return Errno::ENOMEM; // the empty node path stays; truncate or the destructor frees it
        }
        node = static_cast<Node*>(slot);
    }
    void*& slot = node->slots[index & 63];
    if (!slot) {
        slot = TRY(alloc_zeroed_pages(0));
        ++m_pages;
    }
    return static_cast<PageFrame*>(slot);
}

bool PageCache::truncate_node(Node* node, unsigned level, u64 base, u64 first_index)
{
    u64 span = 1ull << (slot_bits * level); // indices per slot at this level
    bool empty = true;
    for (unsigned i = 0; i < (1u << slot_bits); ++i) {
        void*& slot = node->slots[i];
        if (!slot)
            continue;
        u64 slot_base = base + i * span;
        if (slot_base + span <= first_index) {
            empty = false; // entirely below the cut
            continue;
        }
        if (level == 0) {
            put_page(static_cast<PageFrame*>(slot));
            slot = nullptr;
            --m_pages;
            continue;
        }
        auto* child = static_cast<Node*>(slot);
        if (truncate_node(child, level - 1, slot_base, first_index)) {
            kfree(child);
            slot = nullptr;
        } else {
            empty = false;
        }
    }
    return empty;
}

void PageCache::truncate_from(u64 first_index)
{
    if (!m_root)
        return;
    if (truncate_node(m_root, m_height - 1, 0, first_index)) {
        kfree(m_root);
        m_root = nullptr;
        m_height = 0;
    }
}
