// x86_64 4-level page tables: the only place that knows the bits of an entry.

#include <arch/mmu.h>
#include <arch/x86_64/io.h>
#include <mm/memory.h>

namespace arch {
namespace {

constexpr u64 PTE_PRESENT = 1ull << 0;
constexpr u64 PTE_WRITE = 1ull << 1;
constexpr u64 PTE_USER = 1ull << 2;
constexpr u64 PTE_PWT = 1ull << 3;
constexpr u64 PTE_PCD = 1ull << 4;
constexpr u64 PTE_ACCESSED = 1ull << 5;
constexpr u64 PTE_DIRTY = 1ull << 6;
constexpr u64 PTE_HUGE = 1ull << 7; // a 2 MiB (level 1) or 1 GiB (level 2) leaf
constexpr u64 PTE_GLOBAL = 1ull << 8;
constexpr u64 PTE_NX = 1ull << 63;
constexpr u64 PTE_ADDR = 0x000ffffffffff000ull;
// A software bit (the MMU ignores every other bit of an entry whose present bit is clear): a
// MapNoAccess leaf, not present but still holding its page's address (Linux's _PAGE_PROTNONE).
constexpr u64 PTE_PROTNONE = 1ull << 9;

// A 4 KiB leaf that holds a page: present, or kept inaccessible.
constexpr bool leaf_holds_page(u64 entry) { return entry & (PTE_PRESENT | PTE_PROTNONE); }

// Levels: 3 = PML4, 2 = PDPT, 1 = PD, 0 = PT.
constexpr usize index_at(uptr virt, int level) { return (virt >> (12 + 9 * level)) & 511; }

u64* table(u64 entry_or_phys) { return static_cast<u64*>(phys_to_virt(entry_or_phys & PTE_ADDR)); }

u64 leaf_bits(u32 flags)
{
    u64 bits = PTE_PRESENT;
    if (flags & MapWrite)
        bits |= PTE_WRITE;
    if (flags & MapUser)
        bits |= PTE_USER;
    if (!(flags & MapExec))
        bits |= PTE_NX;
    if (flags & MapNoCache)
        bits |= PTE_PCD | PTE_PWT;
    if (flags & MapGlobal)
        bits |= PTE_GLOBAL;
    if (flags & MapDirty)
        bits |= PTE_DIRTY;
    if (flags & MapAccessed)
        bits |= PTE_ACCESSED;
    if (flags & MapNoAccess)
        bits = (bits & ~PTE_PRESENT) | PTE_PROTNONE;
    return bits;
}

u32 flags_of(u64 entry)
{
    u32 flags = MapRead;
    if (entry & PTE_WRITE)
        flags |= MapWrite;
    if (entry & PTE_USER)
        flags |= MapUser;
    if (!(entry & PTE_NX))
        flags |= MapExec;
    if (entry & PTE_PCD)
        flags |= MapNoCache;
    if (entry & PTE_GLOBAL)
        flags |= MapGlobal;
    if (entry & PTE_HUGE)
        flags |= MapLarge;
    if (!(entry & PTE_PRESENT))
        flags |= MapNoAccess;
    if (entry & PTE_DIRTY)
        flags |= MapDirty;
    if (entry & PTE_ACCESSED)
        flags |= MapAccessed;
    return flags;
}

// The entry for `virt` at `level`, creating the tables above it. Intermediate entries are fully
// permissive (writable, user): the leaf alone decides, so one table can hold mixed leaves.
Result<u64*> walk_create(PageTableRoot root, uptr virt, int level)
{
    u64* t = table(root.phys);
    for (int l = 3; l > level; --l) {
        u64& e = t[index_at(virt, l)];
        if (!(e & PTE_PRESENT)) {
            u64 page = TRY(alloc_pgtable_page());
            e = page | PTE_PRESENT | PTE_WRITE | PTE_USER;
        } else if (e & PTE_HUGE) {
            return Errno::EEXIST;
        }
        t = table(e);
    }
    return &t[index_at(virt, level)];
}

// The leaf entry mapping `virt` and its level, or null.
u64* walk(PageTableRoot root, uptr virt, int& level)
{
    u64* t = table(root.phys);
    for (level = 3;; --level) {
        u64& e = t[index_at(virt, level)];
        if (!(e & PTE_PRESENT))
            return nullptr;
        if (level == 0 || (e & PTE_HUGE))
            return &e;
        t = table(e);
    }
}

PageTableRoot the_kernel_root;

} // namespace

PageTableRoot kernel_root() { return the_kernel_root; }

Result<PageTableRoot> create_kernel_root()
{
    PageTableRoot root { TRY(alloc_pgtable_page()) };
    u64* pml4 = table(root.phys);
    for (usize i = 256; i < 512; ++i)
        pml4[i] = TRY(alloc_pgtable_page()) | PTE_PRESENT | PTE_WRITE;
    return root;
}

void switch_root(PageTableRoot root)
{
    if (!the_kernel_root.phys) {
        the_kernel_root = root;
        x86::write_cr4(x86::read_cr4() | (1u << 7)); // PGE: global kernel mappings
    }
    x86::write_cr3(root.phys);
}

PageTableRoot current_root() { return { x86::read_cr3() & PTE_ADDR }; }

void flush_tlb_page(uptr virt) { asm volatile("invlpg (%0)" : : "r"(virt) : "memory"); }

Result<PageTableRoot> create_user_root()
{
    PageTableRoot root { TRY(alloc_pgtable_page()) };
    u64* pml4 = table(root.phys);
    const u64* kernel = table(the_kernel_root.phys);
    for (usize i = 256; i < 512; ++i)
        pml4[i] = kernel[i];
    return root;
}

namespace {

void free_tables_below(u64 table_phys, int level)
{
    u64* t = table(table_phys);
    if (level > 0) {
        for (usize i = 0; i < 512; ++i) {
            if ((t[i] & PTE_PRESENT) && !(t[i] & PTE_HUGE))
                free_tables_below(t[i] & PTE_ADDR, level - 1);
        }
    }
    free_pgtable_page(table_phys);
}

// Calls visit(entry, virt) for every present 4 KiB leaf in [start, end), skipping absent subtrees
// whole, so that a sparse address space costs what it maps, not what it spans.
template<typename Visit>
void for_each_leaf(u64 table_phys, int level, uptr base, uptr start, uptr end, Visit& visit)
{
    u64* t = table(table_phys);
    uptr span = 1ull << (12 + 9 * level);
    usize first = start > base ? (start - base) / span : 0;
    for (usize i = first; i < 512; ++i) {
        uptr va = base + i * span;
        if (va >= end)
            break;
        u64& e = t[i];
        if (level == 0) {
            if (leaf_holds_page(e))
                visit(e, va);
            continue;
        }
        if (!(e & PTE_PRESENT))
            continue;
        if (!(e & PTE_HUGE)) // user mappings are never huge
            for_each_leaf(e & PTE_ADDR, level - 1, va, start, end, visit);
    }
}

} // namespace

void destroy_user_root(PageTableRoot root)
{
    u64* pml4 = table(root.phys);
    for (usize i = 0; i < 256; ++i) {
        if (pml4[i] & PTE_PRESENT)
            free_tables_below(pml4[i] & PTE_ADDR, 2);
    }
    free_pgtable_page(root.phys);
}

Result<u64> replace_page(PageTableRoot root, uptr virt, u64 phys, u32 flags)
{
    u64* pte = TRY(walk_create(root, virt, 0));
    u64 old = leaf_holds_page(*pte) ? (*pte & PTE_ADDR) : 0;
    *pte = (phys & PTE_ADDR) | leaf_bits(flags);
    if (old)
        flush_tlb_page(virt);
    return old;
}

void unmap_range(PageTableRoot root, uptr start, uptr end, void (*release)(u64 phys, void* ctx), void* ctx)
{
    auto visit = [&](u64& e, uptr va) {
        u64 phys = e & PTE_ADDR;
        e = 0;
        flush_tlb_page(va);
        release(phys, ctx);
    };
    for_each_leaf(root.phys, 3, 0, start, end, visit);
}

Result<usize> fork_range(PageTableRoot src, PageTableRoot dst, uptr start, uptr end, bool copy_on_write,
    void (*share)(u64 phys, void* ctx), void* ctx)
{
    usize mapped = 0;
    Errno error {};
    bool failed = false;
    auto visit = [&](u64& e, uptr va) {
        if (failed)
            return;
        auto child = walk_create(dst, va, 0);
        if (child.is_error()) {
            error = child.error();
            failed = true;
            return;
        }
        if (copy_on_write && (e & PTE_WRITE)) {
            e &= ~PTE_WRITE;
            flush_tlb_page(va);
        }
        *child.value() = e;
        share(e & PTE_ADDR, ctx);
        ++mapped;
    };
    for_each_leaf(src.phys, 3, 0, start, end, visit);
    if (failed)
        return error;
    return mapped;
}

void protect_range(PageTableRoot root, uptr start, uptr end, u32 (*adjust)(u64, u32, void*), void* ctx)
{
    auto visit = [&](u64& e, uptr va) {
        u64 phys = e & PTE_ADDR;
        e = phys | leaf_bits(adjust(phys, flags_of(e), ctx));
        flush_tlb_page(va);
    };
    for_each_leaf(root.phys, 3, 0, start, end, visit);
}

namespace {
usize count_tables_below(u64 table_phys, int level)
{
    usize count = 1;
    u64* t = table(table_phys);
    if (level > 0) {
        for (usize i = 0; i < 512; ++i) {
            if ((t[i] & PTE_PRESENT) && !(t[i] & PTE_HUGE))
                count += count_tables_below(t[i] & PTE_ADDR, level - 1);
        }
    }
    return count;
}
} // namespace

usize user_table_pages(PageTableRoot root)
{
    u64* pml4 = table(root.phys);
    usize count = 0;
    for (usize i = 0; i < 256; ++i) {
        if (pml4[i] & PTE_PRESENT)
            count += count_tables_below(pml4[i] & PTE_ADDR, 2);
    }
    return count;
}

void walk_range(PageTableRoot root, uptr start, uptr end, void (*visit)(uptr, u64, u32, void*), void* ctx)
{
    auto each = [&](u64& e, uptr va) { visit(va, e & PTE_ADDR, flags_of(e), ctx); };
    for_each_leaf(root.phys, 3, 0, start, end, each);
}

Result<void> map_page(PageTableRoot root, uptr virt, u64 phys, u32 flags)
{
    u64* pte = TRY(walk_create(root, virt, 0));
    if (leaf_holds_page(*pte))
        return Errno::EEXIST;
    *pte = (phys & PTE_ADDR) | leaf_bits(flags);
    return {};
}

Result<void> map_range(PageTableRoot root, uptr virt, u64 phys, usize size, u32 flags)
{
    usize done = 0;
    while (done < size) {
        uptr v = virt + done;
        u64 p = phys + done;
        if ((flags & MapLarge) && v % large_page_size == 0 && p % large_page_size == 0
            && size - done >= large_page_size) {
            u64* pde = TRY(walk_create(root, v, 1));
            if (*pde & PTE_PRESENT)
                return Errno::EEXIST;
            *pde = (p & PTE_ADDR) | leaf_bits(flags) | PTE_HUGE;
            done += large_page_size;
        } else {
            TRY(map_page(root, v, p, flags));
            done += page_size;
        }
    }
    return {};
}

Result<u64> unmap_page(PageTableRoot root, uptr virt)
{
    int level;
    u64* pte = walk(root, virt, level);
    if (!pte)
        return Errno::ENOENT;
    if (level != 0)
        return Errno::EINVAL; // part of a large page
    u64 phys = *pte & PTE_ADDR;
    *pte = 0;
    flush_tlb_page(virt);
    return phys;
}

Result<Translation> translate(PageTableRoot root, uptr virt)
{
    int level;
    u64* pte = walk(root, virt, level);
    if (!pte)
        return Errno::ENOENT;
    u64 span = 1ull << (12 + 9 * level);
    u64 base = *pte & PTE_ADDR & ~(span - 1);
    return Translation { base + (virt & (span - 1)), flags_of(*pte) };
}

} // namespace arch
