#pragma once
// Page tables, as generic code sees them: map, unmap, translate, switch. The bit layout of an
// entry lives in kernel/arch/x86_64/paging.cpp and nowhere else.

#include <lib/result.h>
#include <lib/types.h>

namespace arch {

inline constexpr usize page_size = 4096;
inline constexpr usize page_shift = 12;
inline constexpr usize large_page_size = 2 * 1024 * 1024;

// Arch-neutral permissions and attributes of a mapping.
enum MapFlags : u32 {
    MapRead = 0, // every present mapping is readable
    MapWrite = 1u << 0,
    MapExec = 1u << 1,
    MapUser = 1u << 2,
    MapNoCache = 1u << 3, // device memory
    MapGlobal = 1u << 4, // kernel mappings that survive address-space switches
    MapLarge = 1u << 5, // map_range(): use large pages where alignment allows
    // A user page that keeps its frame but allows no access at all (PROT_NONE): the MMU sees no
    // mapping, so every access faults, yet the leaf still names the page, for mprotect() to give
    // access back, for fork to share and for munmap to release. translate() reports it absent.
    MapNoAccess = 1u << 6,
    // What the MMU recorded about a user page (the x86 dirty and accessed bits): reported by
    // walk_range() and kept by protect_range(); never needed to create a mapping.
    MapDirty = 1u << 7,
    MapAccessed = 1u << 8,
};

struct Translation {
    u64 phys; // physical address of `virt` itself (page base + offset)
    u32 flags; // MapFlags
};

// The top of a page-table tree, as a physical address (CR3 on x86_64).
struct PageTableRoot {
    u64 phys = 0;
};

// The kernel's own root: its upper half is shared by every address space. create_kernel_root()
// builds it at boot with every upper-half top-level entry already pointing at a table, so that
// the entries an address space copies from it never change afterwards.
Result<PageTableRoot> create_kernel_root();
PageTableRoot kernel_root();
void switch_root(PageTableRoot root);
PageTableRoot current_root();

// Map one 4 KiB page. Intermediate tables come from mm::alloc_pgtable_page(); on ENOMEM nothing
// is left half-done that matters (empty intermediate tables may stay, and are reused).
Result<void> map_page(PageTableRoot root, uptr virt, u64 phys, u32 flags);
// Map [virt, virt+size) to [phys, ...), with large pages where MapLarge and alignment allow.
Result<void> map_range(PageTableRoot root, uptr virt, u64 phys, usize size, u32 flags);
// Remove one 4 KiB mapping; returns the physical page it mapped, or ENOENT. Flushes the TLB entry.
Result<u64> unmap_page(PageTableRoot root, uptr virt);
// Translate, or ENOENT when not mapped.
Result<Translation> translate(PageTableRoot root, uptr virt);

void flush_tlb_page(uptr virt);

// User address spaces. A user root starts with the kernel half copied from kernel_root() (those
// entries never change: see create_kernel_root()) and an empty user half.
Result<PageTableRoot> create_user_root();
// Free every page table of the user half, and the root. The leaves must be gone already
// (unmap_range over the whole user half): this frees tables, not the pages they mapped.
void destroy_user_root(PageTableRoot root);

// Replace the mapping of one page (present or not) with `phys`/`flags`; returns the physical page
// it mapped before, or 0 when none. Flushes the TLB entry.
Result<u64> replace_page(PageTableRoot root, uptr virt, u64 phys, u32 flags);

// Every 4 KiB leaf in [start, end): clear it and hand the page it mapped to `release`. Tables that
// become empty stay (they are freed with the root). Flushes the TLB for the range.
void unmap_range(PageTableRoot root, uptr start, uptr end, void (*release)(u64 phys, void* ctx), void* ctx);

// fork: every 4 KiB leaf of `src` in [start, end) (MapNoAccess ones too) is mapped at the same
// address in `dst`, and `share(phys, ctx)` is called for it (to take a page reference). With
// `copy_on_write` the page becomes read-only in both (its next write faults, and the fault handler
// copies it or, once it is the last user, just makes it writable again); otherwise the entry is
// copied as is.
// Returns how many pages were mapped. On ENOMEM (a page table for `dst`) the leaves mapped so far
// stay, for the caller's unwinding to release.
Result<usize> fork_range(PageTableRoot src, PageTableRoot dst, uptr start, uptr end, bool copy_on_write,
    void (*share)(u64 phys, void* ctx), void* ctx);

// Every 4 KiB leaf in [start, end) (MapNoAccess ones too): new flags = adjust(old flags, ctx).
// Flushes the TLB.
void protect_range(
    PageTableRoot root, uptr start, uptr end, u32 (*adjust)(u64 phys, u32 old_flags, void* ctx), void* ctx);

// How many page tables below the root the user half uses (Linux's mm_pgtables_bytes() / 4096).
usize user_table_pages(PageTableRoot root);

// Every 4 KiB leaf in [start, end) (MapNoAccess ones too): visit(virt, phys, flags, ctx), with
// MapDirty and MapAccessed as the MMU left them. Reads only: for /proc/PID/smaps, under the
// address space's lock.
void walk_range(PageTableRoot root, uptr start, uptr end, void (*visit)(uptr virt, u64 phys, u32 flags, void* ctx),
    void* ctx);

} // namespace arch
