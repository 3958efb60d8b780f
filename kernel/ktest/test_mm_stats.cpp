// What /proc/PID/smaps and status count (mm/mm_stats.cpp): resident, shared and private pages of a
// region before and after fork and a copy-on-write, the zero page never counted, and a walk that
// maps nothing in.

#include <arch/mmu.h>
#include <ktest/ktest.h>
#include <mm/address_space.h>
#include <mm/page_alloc.h>

using namespace mman;

namespace {

constexpr uptr BASE = 0x10000000;

MemSizeStats stats_of(AddressSpace& mm)
{
    RegionSnapshot regions[2];
    usize n = mm.snapshot_regions(regions, 2, true);
    KEXPECT_EQ(n, 1u);
    return regions[0].stats;
}

} // namespace

KTEST(mm_stats_count_cow_sharing_without_faulting)
{
    KASSERT(zero_page() != nullptr); // allocated once, kept: not a leak
    u64 before = nr_free_pages();
    {
        auto mm = MUST(AddressSpace::create());
        MUST(mm->mmap(BASE, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, nullptr, 0));
        const char byte = 'w';
        MUST(mm->write_bytes(BASE, &byte, 1));
        MUST(mm->write_bytes(BASE + PAGE_SIZE, &byte, 1));
        KEXPECT(mm->handle_fault(BASE + 2 * PAGE_SIZE, FaultRead | FaultUser) == FaultResult::Handled); // zero page

        MemSizeStats s = stats_of(*mm);
        KEXPECT_EQ(s.resident, 2 * PAGE_SIZE); // the zero page is not resident memory
        KEXPECT_EQ(s.anonymous, 2 * PAGE_SIZE);
        KEXPECT_EQ(s.private_dirty, 2 * PAGE_SIZE);
        KEXPECT_EQ(s.shared_dirty + s.shared_clean + s.private_clean, 0u);
        KEXPECT_EQ(s.pss, u64(2 * PAGE_SIZE) << MemSizeStats::PSS_SHIFT);
        KEXPECT(arch::translate(mm->root(), BASE + 3 * PAGE_SIZE).is_error()); // the walk faulted nothing in
        KEXPECT_EQ(mm->resident_pages(), 2u);

        AddressSpace::ForkStats fork_stats;
        auto child = MUST(mm->fork(fork_stats));
        KEXPECT_EQ(child->resident_pages(), 2u);
        s = stats_of(*child);
        KEXPECT_EQ(s.shared_dirty, 2 * PAGE_SIZE);
        KEXPECT_EQ(s.private_dirty, 0u);
        KEXPECT_EQ(s.pss, u64(PAGE_SIZE) << MemSizeStats::PSS_SHIFT); // two pages, each half ours

        MUST(child->write_bytes(BASE, &byte, 1)); // the copy
        s = stats_of(*child);
        KEXPECT_EQ(s.private_dirty, PAGE_SIZE);
        KEXPECT_EQ(s.shared_dirty, PAGE_SIZE);
        s = stats_of(*mm);
        KEXPECT_EQ(s.private_dirty, PAGE_SIZE); // the old page is the parent's alone now
        KEXPECT_EQ(s.shared_dirty, PAGE_SIZE);

        MmCounters c = mm->counters();
        KEXPECT_EQ(c.total_vm, 4u);
        KEXPECT_EQ(c.data_vm, 4u);
        KEXPECT_EQ(c.rss_anon, 2u);
        KEXPECT_EQ(c.rss_file + c.rss_shmem, 0u);
        KEXPECT(c.hiwater_rss >= 2u);
    }
    KEXPECT_EQ(nr_free_pages(), before);
}
