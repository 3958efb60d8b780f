// What /proc/PID/maps, smaps, statm and status show of an address space (Linux's
// fs/proc/task_mmu.c): copies of the regions and counts of their pages, read from the page tables
// under the address space's lock. Nothing here faults a page in or changes a mapping.
//
// How a page counts (Linux's smaps_account()): resident if mapped and not the zero page (Linux's
// vm_normal_page() skips it too); shared if more than one address space maps it, private if only
// this one; its PSS share is 1/mapcount of it.
//
// NOTE: Linux knows each page's mapcount; Sprout's pages carry only a reference count
// (mm/page.h). Every reference to a private anonymous page (PG_anon) is a mapping, so there the
// reference count is the mapcount; a page-cache or shared-anonymous page has one more reference,
// its owner's (the file or the shared object), which is taken off. A transient reference (a
// read() copying from the page at that moment) can make a page look shared for that instant.
//
// Dirty: an anonymous page is always dirty, as on Linux (every path that makes one, a write fault
// or a copy-on-write, maps it dirty); a file page is dirty if the MMU's dirty bit says it was
// written through this mapping. Referenced: the MMU's accessed bit.

#include <fs/file_name.h>
#include <mm/address_space.h>
#include <mm/page_alloc.h>

using namespace mman;

void MemSizeStats::add(const MemSizeStats& o)
{
    resident += o.resident;
    shared_clean += o.shared_clean;
    shared_dirty += o.shared_dirty;
    private_clean += o.private_clean;
    private_dirty += o.private_dirty;
    referenced += o.referenced;
    anonymous += o.anonymous;
    pss += o.pss;
    pss_dirty += o.pss_dirty;
    pss_anon += o.pss_anon;
    pss_file += o.pss_file;
    pss_shmem += o.pss_shmem;
}

namespace {

struct PageCount {
    MemSizeStats* stats;
    bool shared_anonymous; // the region's pages are a SharedAnonymousMemory's (Linux's shmem)
};

void account_page(uptr, u64 phys, u32 flags, void* ctx)
{
    auto& count = *static_cast<PageCount*>(ctx);
    PageFrame* page = phys_to_page(phys);
    if (page == zero_page())
        return;
    MemSizeStats& s = *count.stats;
    bool anon = page->flags & PG_anon;
    u32 references = page->refcount.load(std::memory_order_relaxed);
    u32 mapcount = anon ? references : (references > 1 ? references - 1 : 1);
    bool dirty = anon || (flags & arch::MapDirty);
    u64 size = PAGE_SIZE;
    s.resident += size;
    if (anon)
        s.anonymous += size;
    if (flags & arch::MapAccessed)
        s.referenced += size;
    u64 pss = (size << MemSizeStats::PSS_SHIFT) / (mapcount ? mapcount : 1);
    s.pss += pss;
    if (dirty)
        s.pss_dirty += pss;
    if (anon)
        s.pss_anon += pss;
    else if (count.shared_anonymous)
        s.pss_shmem += pss;
    else
        s.pss_file += pss;
    if (mapcount >= 2)
        (dirty ? s.shared_dirty : s.shared_clean) += size;
    else
        (dirty ? s.private_dirty : s.private_clean) += size;
}

} // namespace

usize AddressSpace::snapshot_regions(RegionSnapshot* out, usize max, bool count_pages) const
{
    SpinlockGuard guard(m_lock);
    usize n = 0;
    for (const Region& r : m_regions) {
        if (n < max) {
            RegionSnapshot& s = out[n];
            s.start = r.start;
            s.end = r.end;
            s.prot = r.prot;
            s.flags = r.flags;
            s.may_prot = r.may_prot;
            s.offset = r.offset;
            s.file = r.file;
            s.file_name = r.file_name;
            s.shared_anonymous = bool(r.shared);
            // Linux's show_map_vma(): [heap] is the anonymous region that overlaps
            // [start_brk, brk]; [stack] the one holding the initial stack (the argv strings).
            bool anonymous = !r.file && !r.shared;
            s.heap = anonymous && r.start <= m_brk && r.end >= m_brk_start && m_brk_start;
            s.stack = anonymous && !s.heap && arg_start && r.start <= arg_start && r.end >= arg_start;
            s.stats = {};
            if (count_pages) {
                PageCount count { &s.stats, bool(r.shared) };
                arch::walk_range(m_root, r.start, r.end, account_page, &count);
            }
        }
        ++n;
    }
    return n;
}

MmCounters AddressSpace::counters() const
{
    MmCounters c;
    SpinlockGuard guard(m_lock);
    for (const Region& r : m_regions) {
        usize pages = (r.end - r.start) / PAGE_SIZE;
        c.total_vm += pages;
        // Linux's vm_stat_account(): stack (VM_GROWSDOWN), else executable and not writable,
        // else private writable (data).
        if (r.flags & MAP_GROWSDOWN)
            c.stack_vm += pages;
        else if ((r.prot & (PROT_EXEC | PROT_WRITE)) == PROT_EXEC)
            c.exec_vm += pages;
        else if ((r.prot & PROT_WRITE) && !r.is_shared())
            c.data_vm += pages;
        MemSizeStats s;
        PageCount count { &s, bool(r.shared) };
        arch::walk_range(m_root, r.start, r.end, account_page, &count);
        usize resident = s.resident / PAGE_SIZE, anon = s.anonymous / PAGE_SIZE;
        c.rss_anon += anon;
        (r.shared ? c.rss_shmem : c.rss_file) += resident - anon;
    }
    c.hiwater_vm = lib::max(m_hiwater_vm, c.total_vm);
    c.hiwater_rss = lib::max(m_hiwater_rss, c.rss_anon + c.rss_file + c.rss_shmem);
    if (end_code > start_code)
        c.text = (lib::align_up(end_code, PAGE_SIZE) - (start_code & ~(PAGE_SIZE - 1))) / PAGE_SIZE;
    c.page_table_pages = arch::user_table_pages(m_root);
    return c;
}
