// Address spaces: regions and the system calls that change them (mmap, munmap, mprotect, madvise,
// msync, brk). Page faults, which fill them, are in fault.cpp.

#include <fs/file_name.h>
#include <fs/inode.h>
#include <lib/string.h>
#include <mm/address_space.h>
#include <mm/page_alloc.h>
#include <mm/uaccess.h>
#include <new>

using namespace mman;

namespace {

// Where mmap() searches downwards from when the caller gives no usable hint: below the stack and
// its 8 MiB limit with a gap, as Linux without address randomization (mm/util.c, mmap_base()).
constexpr uptr MMAP_BASE = 0x00007ffff7fff000ull;
constexpr uptr MMAP_MIN_ADDR = 0x10000; // Linux's default vm.mmap_min_addr

constexpr bool page_aligned(uptr value) { return (value & (PAGE_SIZE - 1)) == 0; }

// NOTE: the zero page is neither referenced nor counted as resident by its mappings (Linux's
// vm_normal_page() skips it too), so that RSS is the memory a process really holds.
void release_page(u64 phys, void* ctx)
{
    PageFrame* frame = phys_to_page(phys);
    if (frame == zero_page())
        return;
    put_page(frame);
    --*static_cast<usize*>(ctx);
}

} // namespace

AddressSpace::AddressSpace(arch::PageTableRoot root)
    : m_root(root)
{
}

Result<NonnullRefPtr<AddressSpace>> AddressSpace::create()
{
    auto root = TRY(arch::create_user_root());
    auto space = try_make_ref_counted<AddressSpace>(root);
    if (space.is_error())
        arch::destroy_user_root(root);
    return space;
}

AddressSpace::~AddressSpace()
{
    // Never destroy the page tables this CPU is running on (exit switches away first).
    VERIFY(arch::current_root().phys != m_root.phys);
    SpinlockGuard guard(m_lock);
    remove_range_locked(0, USER_SPACE_END);
    arch::destroy_user_root(m_root);
}

arch::PageTableRoot AddressSpace::root() const { return m_root; }

void AddressSpace::activate() { arch::switch_root(m_root); }

Region* AddressSpace::find_region_locked(uptr address)
{
    for (Region& r : m_regions) {
        if (address < r.start)
            return nullptr;
        if (address < r.end)
            return &r;
    }
    return nullptr;
}

bool AddressSpace::range_is_free_locked(uptr start, uptr end)
{
    for (Region& r : m_regions) {
        if (r.start >= end)
            return true;
        if (r.end > start)
            return false;
    }
    return true;
}

// Top-down first fit below MMAP_BASE (Linux's default layout), after trying the hint.
Result<uptr> AddressSpace::find_free_range_locked(uptr hint, usize length)
{
    if (hint && page_aligned(hint) && hint >= MMAP_MIN_ADDR && is_user_range(hint, length)
        && range_is_free_locked(hint, hint + length))
        return hint;
    uptr ceiling = MMAP_BASE;
    // Walk the regions from the top: each gap between a region and the one above is a candidate.
    for (Region* r = m_regions.last(); r; r = m_regions.prev(*r)) {
        if (r->start >= ceiling)
            continue;
        if (ceiling - r->end >= length)
            return ceiling - length;
        ceiling = r->start;
    }
    if (ceiling >= MMAP_MIN_ADDR + length)
        return ceiling - length;
    return Errno::ENOMEM;
}

void AddressSpace::insert_locked(Region& region)
{
    for (Region& r : m_regions) {
        if (r.start > region.start) {
            m_regions.insert_before(r, region);
            return;
        }
    }
    m_regions.push_back(region);
}

// Two neighbours that are the same kind of memory become one region (Linux's vma_merge), so that
// a heap grown page by page, or a protection changed and changed back, does not fragment.
void AddressSpace::try_merge_locked(Region& region)
{
    auto compatible = [](const Region& a, const Region& b) {
        return a.end == b.start && a.prot == b.prot && a.flags == b.flags && a.advice == b.advice
            && a.may_prot == b.may_prot && a.file.ptr() == b.file.ptr() && a.shared.ptr() == b.shared.ptr()
            && ((!a.file && !a.shared) || a.offset + (a.end - a.start) == b.offset);
    };
    if (Region* next = m_regions.next(region); next && compatible(region, *next)) {
        region.end = next->end;
        m_regions.remove(*next);
        delete next;
    }
    if (Region* prev = m_regions.prev(region); prev && compatible(*prev, region)) {
        prev->end = region.end;
        m_regions.remove(region);
        delete &region;
    }
}

Result<void> AddressSpace::split_at_locked(uptr address)
{
    Region* r = find_region_locked(address);
    if (!r || r->start == address)
        return {};
    auto* upper = new (std::nothrow) Region;
    if (!upper)
        return Errno::ENOMEM;
    upper->start = address;
    upper->end = r->end;
    upper->prot = r->prot;
    upper->flags = r->flags;
    upper->advice = r->advice;
    upper->may_prot = r->may_prot;
    upper->file = r->file;
    upper->file_name = r->file_name;
    upper->shared = r->shared;
    upper->offset = (r->file || r->shared) ? r->offset + (address - r->start) : 0;
    r->end = address;
    m_regions.insert_after(*r, *upper);
    return {};
}

void AddressSpace::unmap_pages_locked(uptr start, uptr end)
{
    arch::unmap_range(m_root, start, end, release_page, &m_resident);
}

void AddressSpace::remove_range_locked(uptr start, uptr end)
{
    usize total = 0;
    for (Region& r : m_regions)
        total += (r.end - r.start) / PAGE_SIZE;
    m_hiwater_vm = lib::max(m_hiwater_vm, total);
    m_hiwater_rss = lib::max(m_hiwater_rss, m_resident);
    // Splitting can only fail for lack of memory for a Region; then we unmap whole regions that
    // lie inside and leave partial ones, which is what Linux does on ENOMEM too (nothing lost).
    (void)split_at_locked(start);
    (void)split_at_locked(end);
    for (Region* r = m_regions.first(); r;) {
        Region* next = m_regions.next(*r);
        if (r->start >= start && r->end <= end) {
            unmap_pages_locked(r->start, r->end);
            m_regions.remove(*r);
            delete r;
        }
        r = next;
    }
}

Result<uptr> AddressSpace::mmap(uptr addr, usize length, u32 prot, u32 flags, RefPtr<Inode> file, u64 offset,
    u32 may_prot, RefPtr<FileName> file_name)
{
    // The checks of Linux's do_mmap(), in its order.
    if (length == 0)
        return Errno::EINVAL;
    usize aligned_length = lib::align_up(length, PAGE_SIZE);
    if (aligned_length < length || aligned_length > USER_SPACE_END)
        return Errno::ENOMEM;
    if (!page_aligned(offset))
        return Errno::EINVAL;
    if (offset + aligned_length < offset)
        return Errno::EOVERFLOW;
    u32 type = flags & 0x3;
    if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
        return Errno::EINVAL;
    if (type == MAP_SHARED_VALIDATE)
        type = MAP_SHARED;
    bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    if (fixed && (!page_aligned(addr) || !is_user_range(addr, aligned_length)))
        return fixed && !page_aligned(addr) ? Errno::EINVAL : Errno::ENOMEM;
    if (fixed && addr < MMAP_MIN_ADDR)
        return Errno::EPERM;

    // Linux's default overcommit policy (heuristic): memory that may need its own pages later
    // (private writable, or shared anonymous) is refused when the one request is larger than all
    // of RAM, however lazily it would be filled. MAP_NORESERVE opts out.
    bool accountable
        = ((type == MAP_PRIVATE && (prot & PROT_WRITE)) || (type == MAP_SHARED && !file)) && !(flags & MAP_NORESERVE);
    if (accountable && aligned_length / PAGE_SIZE > page_stats().total)
        return Errno::ENOMEM;

    auto* region = new (std::nothrow) Region;
    if (!region)
        return Errno::ENOMEM;
    region->prot = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
    region->may_prot = may_prot;
    region->flags = type | (flags & (MAP_ANONYMOUS | MAP_GROWSDOWN));
    if (file) {
        region->file = file;
        region->file_name = std::move(file_name);
        region->offset = offset;
    } else if (type == MAP_SHARED) {
        auto shared = SharedAnonymousMemory::create(aligned_length / PAGE_SIZE);
        if (shared.is_error()) {
            delete region;
            return shared.error();
        }
        region->shared = shared.release_value();
    }

    SpinlockGuard guard(m_lock);
    uptr start;
    if (fixed) {
        if ((flags & MAP_FIXED_NOREPLACE) && !range_is_free_locked(addr, addr + aligned_length)) {
            delete region;
            return Errno::EEXIST;
        }
        remove_range_locked(addr, addr + aligned_length);
        start = addr;
    } else {
        auto found = find_free_range_locked(addr, aligned_length);
        if (found.is_error()) {
            delete region;
            return found.error();
        }
        start = found.value();
    }
    region->start = start;
    region->end = start + aligned_length;
    insert_locked(*region);
    try_merge_locked(*region);
    return start;
}

Result<void> AddressSpace::munmap(uptr addr, usize length)
{
    if (!page_aligned(addr) || length == 0)
        return Errno::EINVAL;
    usize aligned_length = lib::align_up(length, PAGE_SIZE);
    if (aligned_length < length || !is_user_range(addr, aligned_length))
        return Errno::EINVAL;
    SpinlockGuard guard(m_lock);
    remove_range_locked(addr, addr + aligned_length);
    return {};
}

// Every page of [start, end) must be inside some region (ENOMEM otherwise, as Linux).
static bool fully_mapped(IntrusiveList<Region, &Region::node>& regions, uptr start, uptr end)
{
    uptr covered = start;
    for (Region& r : regions) {
        if (r.end <= covered)
            continue;
        if (r.start > covered)
            return false;
        covered = r.end;
        if (covered >= end)
            return true;
    }
    return covered >= end;
}

Result<void> AddressSpace::mprotect(uptr addr, usize length, u32 prot)
{
    if (!page_aligned(addr))
        return Errno::EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | 0x01000000 /* PROT_GROWSDOWN */ | 0x02000000))
        return Errno::EINVAL;
    usize aligned_length = lib::align_up(length, PAGE_SIZE);
    if (aligned_length < length)
        return Errno::ENOMEM;
    if (length == 0)
        return {};
    uptr end = addr + aligned_length;
    prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
    SpinlockGuard guard(m_lock);
    if (!fully_mapped(m_regions, addr, end))
        return Errno::ENOMEM;
    TRY(split_at_locked(addr));
    TRY(split_at_locked(end));
    for (Region* r = find_region_locked(addr); r && r->start < end;) {
        // As Linux, region by region: the ones before a refusal keep their new protection.
        if (prot & ~r->may_prot)
            return Errno::EACCES;
        r->prot = prot;
        struct Adjust {
            u32 prot;
            bool shared;
        } adjust { prot, r->is_shared() };
        // Never grant write to a present private page here: it may be shared (zero page, page
        // cache, a fork's sibling). The next write faults and fault.cpp decides.
        arch::protect_range(
            m_root, r->start, r->end,
            [](u64, u32 old, void* ctx) {
                auto* a = static_cast<Adjust*>(ctx);
                return user_page_flags(a->prot, a->shared || (old & arch::MapWrite));
            },
            &adjust);
        Region* next = m_regions.next(*r);
        try_merge_locked(*r);
        r = next;
    }
    return {};
}

Result<void> AddressSpace::madvise(uptr addr, usize length, int advice)
{
    // Linux's madvise_behavior_valid(): advice it knows, whether or not it does anything here.
    switch (advice) {
    case 0: // MADV_NORMAL
    case 1: // MADV_RANDOM
    case 2: // MADV_SEQUENTIAL
    case 3: // MADV_WILLNEED
    case 4: // MADV_DONTNEED
    case 8: // MADV_FREE
    case 9: // MADV_REMOVE
    case 10: // MADV_DONTFORK
    case 11: // MADV_DOFORK
    case 12: // MADV_MERGEABLE
    case 13: // MADV_UNMERGEABLE
    case 14: // MADV_HUGEPAGE
    case 15: // MADV_NOHUGEPAGE
    case 16: // MADV_DONTDUMP
    case 17: // MADV_DODUMP
    case 18: // MADV_WIPEONFORK
    case 19: // MADV_KEEPONFORK
    case 20: // MADV_COLD
    case 21: // MADV_PAGEOUT
        break;
    default:
        return Errno::EINVAL;
    }
    if (!page_aligned(addr))
        return Errno::EINVAL;
    usize aligned_length = lib::align_up(length, PAGE_SIZE);
    if (aligned_length < length)
        return Errno::EINVAL;
    if (length == 0)
        return {};
    uptr end = addr + aligned_length;
    SpinlockGuard guard(m_lock);
    bool holes = !fully_mapped(m_regions, addr, end);
    bool changes_regions = advice == 10 || advice == 11 || advice == 18 || advice == 19;
    if (changes_regions) {
        TRY(split_at_locked(addr));
        TRY(split_at_locked(end));
    }
    for (Region& r : m_regions) {
        if (r.end <= addr || r.start >= end)
            continue;
        uptr s = lib::max(r.start, addr), e = lib::min(r.end, end);
        switch (advice) {
        case 4: // MADV_DONTNEED: drop the pages; private memory refaults zero-filled (or from the file)
            unmap_pages_locked(s, e);
            break;
        case 8: // MADV_FREE
            // Private anonymous memory only (Linux: vma_is_anonymous()). Its pages may go when
            // memory runs short, and a write keeps them; Sprout reclaims nothing under pressure,
            // so they stay, as on a Linux that has memory to spare.
            if (r.file || r.is_shared())
                return Errno::EINVAL;
            break;
        case 9: // MADV_REMOVE: punch a hole in the backing object (Linux's madvise_remove())
            if (!r.file && !r.shared)
                return Errno::EINVAL; // private anonymous memory has no backing object
            if (!r.is_shared() || !(r.may_prot & PROT_WRITE))
                return Errno::EACCES;
            // FIXME: the hole must be unmapped from every address space that maps the object,
            // which needs a reverse map; until then, Linux's answer for a filesystem that cannot
            // punch holes.
            return Errno::EOPNOTSUPP;
        case 10:
            r.advice |= AdviceDontFork;
            break;
        case 11:
            r.advice &= ~AdviceDontFork;
            break;
        case 18:
            if (r.is_shared() || r.file)
                return Errno::EINVAL; // WIPEONFORK is for private anonymous memory only
            r.advice |= AdviceWipeOnFork;
            break;
        case 19:
            r.advice &= ~AdviceWipeOnFork;
            break;
        default:
            break;
        }
    }
    return holes ? Result<void>(Errno::ENOMEM) : Result<void> {};
}

Result<void> AddressSpace::msync(uptr addr, usize length, int flags)
{
    constexpr int MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;
    if (!page_aligned(addr) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)))
        return Errno::EINVAL;
    if ((flags & MS_ASYNC) && (flags & MS_SYNC))
        return Errno::EINVAL;
    usize aligned_length = lib::align_up(length, PAGE_SIZE);
    SpinlockGuard guard(m_lock);
    // Files here live in memory (tmpfs) and shared mappings map the page cache itself: there is
    // nothing to write back. What remains is Linux's check that the range is mapped.
    if (length && !fully_mapped(m_regions, addr, addr + aligned_length))
        return Errno::ENOMEM;
    return {};
}

Result<AddressSpace::FutexBacking> AddressSpace::futex_backing(uptr address, bool write)
{
    SpinlockGuard guard(m_lock);
    Region* region = find_region_locked(address);
    // Linux pins the page with get_user_pages(), for writing if the region allows it (which
    // breaks copy-on-write), else for reading; PROT_NONE fails, and so does a read-only page when
    // the operation writes the word.
    if (!region || !(region->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
        return Errno::EFAULT;
    bool writable = region->prot & PROT_WRITE;
    if (write && !writable)
        return Errno::EFAULT;
    FutexBacking backing;
    // A MAP_SHARED page, or the page cache's own page seen through a read-only MAP_PRIVATE file
    // mapping: keyed by what backs it. NOTE: Linux refuses a page of the latter that was copied
    // before the mapping became read-only (an anonymous page then); Sprout keys it by the file.
    if (region->is_shared() || (!writable && region->file)) {
        backing.file = region->file;
        backing.shared = region->shared;
        backing.page_index = region->backing_index(address);
        return backing;
    }
    // Private anonymous memory: keyed by address space and address, when writable. A read-only
    // anonymous page (the zero page, or a page that will never change) is refused, as Linux.
    if (!writable)
        return Errno::EFAULT;
    return backing;
}

void AddressSpace::set_brk_start(uptr start)
{
    SpinlockGuard guard(m_lock);
    m_brk_start = m_brk = start;
}

// Linux's brk(): the heap is one private anonymous region from m_brk_start; the break moves by
// bytes but the region by pages. On failure the old break is returned and the C library reports
// ENOMEM.
uptr AddressSpace::brk(uptr requested)
{
    SpinlockGuard guard(m_lock);
    if (requested < m_brk_start || requested >= USER_SPACE_END)
        return m_brk;
    uptr old_top = lib::align_up(m_brk, PAGE_SIZE);
    uptr new_top = lib::align_up(requested, PAGE_SIZE);
    if (new_top < old_top) {
        remove_range_locked(new_top, old_top);
    } else if (new_top > old_top) {
        if (!range_is_free_locked(old_top, new_top))
            return m_brk;
        if ((new_top - old_top) / PAGE_SIZE > page_stats().total)
            return m_brk; // the overcommit heuristic, as for mmap()
        auto* region = new (std::nothrow) Region;
        if (!region)
            return m_brk;
        region->start = old_top;
        region->end = new_top;
        region->prot = PROT_READ | PROT_WRITE;
        region->flags = MAP_PRIVATE | MAP_ANONYMOUS;
        insert_locked(*region);
        try_merge_locked(*region);
    }
    m_brk = requested;
    return m_brk;
}

Result<NonnullRefPtr<AddressSpace>> AddressSpace::fork(ForkStats& stats)
{
    auto child = TRY(AddressSpace::create());
    child->arg_start = arg_start; // the child's argv is where the parent's is (Linux's dup_mm())
    child->arg_end = arg_end;
    child->start_code = start_code;
    child->end_code = end_code;
    SpinlockGuard guard(m_lock);
    // The child is not visible to anyone yet: its own lock is not needed. On any failure below,
    // returning drops `child`, whose destructor releases every page it was given.
    for (Region& r : m_regions) {
        if (r.advice & AdviceDontFork)
            continue;
        auto* copy = new (std::nothrow) Region;
        if (!copy)
            return Errno::ENOMEM;
        copy->start = r.start;
        copy->end = r.end;
        copy->prot = r.prot;
        copy->flags = r.flags;
        copy->advice = r.advice;
        copy->may_prot = r.may_prot;
        copy->file = r.file;
        copy->file_name = r.file_name;
        copy->shared = r.shared;
        copy->offset = r.offset;
        child->m_regions.push_back(*copy);
        ++stats.regions;
        if (r.advice & AdviceWipeOnFork)
            continue; // the child starts with fresh zero-filled memory here
        usize pages = TRY(arch::fork_range(
            m_root, child->m_root, r.start, r.end, !r.is_shared(),
            [](u64 phys, void* resident) {
                PageFrame* frame = phys_to_page(phys);
                if (frame != zero_page()) {
                    get_page(frame);
                    ++*static_cast<usize*>(resident);
                }
            },
            &child->m_resident));
        (r.is_shared() ? stats.shared_pages : stats.cow_pages) += pages;
    }
    child->m_brk_start = m_brk_start;
    child->m_brk = m_brk;
    child->m_hiwater_rss = child->m_resident; // Linux's dup_mm(): the peak starts at the copy's size
    return child;
}
