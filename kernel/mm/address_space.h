#pragma once
// A process's address space (Linux's mm_struct): its own page tables, whose kernel half is
// shared with every other address space, and an ordered set of regions (Linux's VMAs) that say
// what each user address means. Pages arrive on demand, in handle_fault().
//
// Designed for fork: a region's pages can be shared (MAP_SHARED) or private, and private pages
// carry reference counts (PageFrame::refcount), so that copy-on-write can later share a frame
// between two address spaces and copy it on the first write.

#include <arch/mmu.h>
#include <fs/file_name.h>
#include <lib/list.h>
#include <lib/refptr.h>
#include <lib/result.h>
#include <lib/spinlock.h>
#include <mm/page.h>

class Inode;


// Linux's mmap() protection and flag bits (include/uapi/asm-generic/mman*.h), as Sprout stores them.
namespace mman {
inline constexpr u32 PROT_NONE = 0x0;
inline constexpr u32 PROT_READ = 0x1;
inline constexpr u32 PROT_WRITE = 0x2;
inline constexpr u32 PROT_EXEC = 0x4;
inline constexpr u32 MAP_SHARED = 0x01;
inline constexpr u32 MAP_PRIVATE = 0x02;
inline constexpr u32 MAP_SHARED_VALIDATE = 0x03;
inline constexpr u32 MAP_FIXED = 0x10;
inline constexpr u32 MAP_ANONYMOUS = 0x20;
inline constexpr u32 MAP_GROWSDOWN = 0x0100;
inline constexpr u32 MAP_DENYWRITE = 0x0800;
inline constexpr u32 MAP_EXECUTABLE = 0x1000;
inline constexpr u32 MAP_LOCKED = 0x2000;
inline constexpr u32 MAP_NORESERVE = 0x4000;
inline constexpr u32 MAP_POPULATE = 0x8000;
inline constexpr u32 MAP_NONBLOCK = 0x10000;
inline constexpr u32 MAP_STACK = 0x20000;
inline constexpr u32 MAP_HUGETLB = 0x40000;
inline constexpr u32 MAP_SYNC = 0x80000;
inline constexpr u32 MAP_FIXED_NOREPLACE = 0x100000;
} // namespace mman

// What a page fault was (bits), as the architecture reports it.
enum FaultAccess : u32 {
    FaultRead = 0,
    FaultWrite = 1u << 0,
    FaultExec = 1u << 1,
    FaultUser = 1u << 2, // from user mode (else: the kernel touching user memory)
    FaultPresent = 1u << 3, // the page was mapped; the access was not permitted
};

enum class FaultResult {
    Handled, // retry the access
    Segv, // no region there, or the region forbids it: SIGSEGV (EFAULT in uaccess)
    Bus, // a file mapping beyond the end of its file: SIGBUS
    OutOfMemory, // could not allocate a page or page table
};

class SharedAnonymousMemory;

// The page-table flags for a page of memory with protection `prot` (mman::PROT_*). `writable`
// false maps it read-only even where the protection allows writing: a private page shared with
// someone (the zero page, a file's page cache, a fork's sibling) stays read-only until the write
// fault decides whether to copy it (fault.cpp).
inline u32 user_page_flags(u32 prot, bool writable)
{
    u32 flags = arch::MapUser;
    // NOTE: x86 has no present-but-unreadable user page: PROT_NONE keeps the page but hides it
    // from the MMU, so that every access faults (and handle_fault() says SIGSEGV / EFAULT).
    if (!(prot & (mman::PROT_READ | mman::PROT_WRITE | mman::PROT_EXEC)))
        return flags | arch::MapNoAccess;
    if (writable && (prot & mman::PROT_WRITE))
        flags |= arch::MapWrite;
    if (prot & mman::PROT_EXEC)
        flags |= arch::MapExec;
    return flags;
}

// Region::advice bits: madvise() state that fork will act on.
enum RegionAdvice : u32 {
    AdviceDontFork = 1u << 0, // MADV_DONTFORK: the child does not get this region
    AdviceWipeOnFork = 1u << 1, // MADV_WIPEONFORK: the child gets it zero-filled
};

// One region (Linux's vm_area_struct): [start, end), page-aligned, one kind of memory.
struct Region {
    uptr start { 0 };
    uptr end { 0 };
    u32 prot { 0 }; // mman::PROT_*
    u32 flags { 0 }; // mman::MAP_SHARED or MAP_PRIVATE, MAP_ANONYMOUS, MAP_GROWSDOWN
    u32 advice { 0 }; // RegionAdvice
    // What mprotect() may ever grant here (Linux's VM_MAYREAD/MAYWRITE/MAYEXEC): a MAP_SHARED
    // mapping of a file not open for writing never becomes writable.
    u32 may_prot { mman::PROT_READ | mman::PROT_WRITE | mman::PROT_EXEC };
    RefPtr<Inode> file; // a file mapping, or null
    RefPtr<FileName> file_name; // the name the file was opened under, for /proc/PID/maps (or null)
    RefPtr<SharedAnonymousMemory> shared; // MAP_SHARED | MAP_ANONYMOUS: the pages all sharers see
    u64 offset { 0 }; // in the file / shared object, of `start` (page-aligned)
    ListNode node; // in AddressSpace::m_regions, sorted by start

    bool is_shared() const { return (flags & 0x3) == mman::MAP_SHARED; }
    // The page index in the backing object of the page at `address`.
    u64 backing_index(uptr address) const { return (offset + (address - start)) >> 12; }
};

// What a walk of a region's page tables found (Linux's struct mem_size_stats), in bytes. `pss` is
// in bytes << PSS_SHIFT, as Linux keeps it, so that dividing a page among its sharers loses little.
struct MemSizeStats {
    static constexpr unsigned PSS_SHIFT = 12;
    u64 resident { 0 };
    u64 shared_clean { 0 };
    u64 shared_dirty { 0 };
    u64 private_clean { 0 };
    u64 private_dirty { 0 };
    u64 referenced { 0 };
    u64 anonymous { 0 };
    u64 pss { 0 };
    u64 pss_dirty { 0 };
    u64 pss_anon { 0 };
    u64 pss_file { 0 };
    u64 pss_shmem { 0 };
    void add(const MemSizeStats& other);
};

// One region as /proc/PID/maps shows it (RefPtr copies: the region itself may go meanwhile).
struct RegionSnapshot {
    uptr start { 0 };
    uptr end { 0 };
    u32 prot { 0 };
    u32 flags { 0 };
    u32 may_prot { 0 };
    u64 offset { 0 };
    RefPtr<Inode> file;
    RefPtr<FileName> file_name;
    bool shared_anonymous { false };
    bool heap { false }; // the brk area: "[heap]"
    bool stack { false }; // the initial stack: "[stack]"
    MemSizeStats stats;
};

// Pages counts for /proc/PID/status and statm, in pages.
struct MmCounters {
    usize total_vm { 0 }, hiwater_vm { 0 };
    usize rss_anon { 0 }, rss_file { 0 }, rss_shmem { 0 }, hiwater_rss { 0 };
    usize data_vm { 0 }, stack_vm { 0 }, exec_vm { 0 }, text { 0 };
    usize page_table_pages { 0 };
};

class AddressSpace : public RefCounted<AddressSpace> {
public:
    // An empty user half, with the kernel half shared from arch::kernel_root().
    static Result<NonnullRefPtr<AddressSpace>> create();
    ~AddressSpace(); // every page (put_page), every page table and region goes

    arch::PageTableRoot root() const;
    void activate(); // make this the CPU's current address space

    // The system calls, with Linux's semantics and errors (the syscall layer only decodes).
    // `may_prot`: the protections mprotect() may grant the mapping later (Region::may_prot).
    // `file_name`: what /proc/PID/maps calls the file.
    Result<uptr> mmap(uptr addr, usize length, u32 prot, u32 flags, RefPtr<Inode> file, u64 offset,
        u32 may_prot = mman::PROT_READ | mman::PROT_WRITE | mman::PROT_EXEC, RefPtr<FileName> file_name = nullptr);
    Result<void> munmap(uptr addr, usize length);
    Result<void> mprotect(uptr addr, usize length, u32 prot);
    Result<void> madvise(uptr addr, usize length, int advice);
    Result<void> msync(uptr addr, usize length, int flags);
    // brk(2) as the kernel implements it: returns the new break, or the old one when the request
    // cannot be met (the libc turns that into ENOMEM).
    uptr brk(uptr requested);
    // exec: the heap starts here (page-aligned, after the highest ELF segment).
    void set_brk_start(uptr start);

    FaultResult handle_fault(uptr address, u32 access);

    // What a shared futex at `address` is keyed by (Linux's get_futex_key()): the file of a
    // MAP_SHARED file mapping or the object of a shared anonymous one, and the page's index in
    // it, so that every mapping of that page finds the same futex. Both null for private memory
    // (keyed by this address space and the address). EFAULT where no region allows access, or
    // writing when `write`, and on read-only private anonymous memory.
    struct FutexBacking {
        RefPtr<Inode> file;
        RefPtr<SharedAnonymousMemory> shared;
        u64 page_index { 0 };
    };
    Result<FutexBacking> futex_backing(uptr address, bool write);

    // fork's copy_mm(): a new address space with this one's regions (but MADV_DONTFORK ones, and
    // MADV_WIPEONFORK ones empty) whose private pages are shared copy-on-write and whose shared
    // pages are shared. What it did, for the fork trace:
    struct ForkStats {
        usize regions { 0 };
        usize cow_pages { 0 }; // private pages now shared read-only by both
        usize shared_pages { 0 }; // MAP_SHARED pages mapped in both
    };
    Result<NonnullRefPtr<AddressSpace>> fork(ForkStats& stats);

    // exec builds the new image before it becomes current: write to / zero memory of this
    // (possibly inactive) address space through its own page tables, faulting pages in as needed.
    // EFAULT where no region allows it.
    Result<void> write_bytes(uptr address, const void* src, usize size);
    Result<void> zero_bytes(uptr address, usize size);
    // Read memory of this (possibly another process's) address space through its page tables,
    // faulting pages in as a read would (Linux's access_remote_vm()); EFAULT where no region
    // allows reading. For /proc/PID/cmdline.
    Result<void> read_bytes(uptr address, void* dst, usize size);

    // Where exec put the argv strings on the stack (Linux's mm->arg_start, arg_end): set by exec
    // before the address space is anyone's, constant afterwards.
    uptr arg_start { 0 };
    uptr arg_end { 0 };

    // Where exec mapped the program's executable segments (Linux's start_code, end_code), for
    // VmExe in /proc/PID/status; set by the ELF loader before the address space is anyone's.
    uptr start_code { 0 };
    uptr end_code { 0 };

    // /proc/PID/maps and smaps (fs/proc/task_mmu.c): a copy of each region, taken under the lock,
    // with the page counts of a page-table walk when `count_pages` (smaps). Writes at most `max`
    // into `out` and returns how many regions there are. Never faults a page in.
    usize snapshot_regions(RegionSnapshot* out, usize max, bool count_pages) const;
    // The per-process counters of /proc/PID/status and statm (Linux's task_mem(), task_statm()).
    MmCounters counters() const;

    // Accounting, for tests and /proc.
    usize resident_pages() const { return m_resident; }
    // The largest resident_pages() has been (Linux's hiwater_rss): getrusage()'s ru_maxrss.
    // Like Linux's get_mm_hiwater_rss(), the recorded peak or the current size, whichever is more.
    usize hiwater_rss_pages() const { return lib::max(m_hiwater_rss, m_resident); }
    usize region_count() const { return m_regions.size_slow(); }
    usize total_vm_bytes() const; // the size of every region (Linux's total_vm, in bytes)
    uptr brk_start() const { return m_brk_start; }
    uptr current_brk() const { return m_brk; }

    explicit AddressSpace(arch::PageTableRoot root);

private:
    Region* find_region_locked(uptr address);
    Result<uptr> find_free_range_locked(uptr hint, usize length);
    bool range_is_free_locked(uptr start, uptr end);
    // Make a region boundary at `address` (split the region containing it, if any).
    Result<void> split_at_locked(uptr address);
    void insert_locked(Region& region);
    void try_merge_locked(Region& region);
    void remove_range_locked(uptr start, uptr end); // split at both ends, unmap, free regions
    void unmap_pages_locked(uptr start, uptr end);
    FaultResult fault_locked(Region& region, uptr page, u32 access);

    arch::PageTableRoot m_root;
    // NOTE: m_lock guards the region list, the page tables' user half, m_brk, m_resident and
    // m_hiwater_rss.
    // Lock order: address space, then the backing objects' locks, then the page allocator.
    mutable Spinlock m_lock;
    IntrusiveList<Region, &Region::node> m_regions;
    uptr m_brk_start { 0 };
    uptr m_brk { 0 };
    usize m_resident { 0 };
    // The most memory this address space has had (Linux's hiwater_vm, hiwater_rss): like Linux,
    // raised only when memory is about to go (remove_range_locked()); readers take the max with
    // the current value.
    usize m_hiwater_vm { 0 };
    usize m_hiwater_rss { 0 };
};

// The pages behind a MAP_SHARED | MAP_ANONYMOUS region, shared by every address space that maps
// it (after fork). Pages appear zero-filled on first touch.
class SharedAnonymousMemory : public RefCounted<SharedAnonymousMemory> {
public:
    static Result<NonnullRefPtr<SharedAnonymousMemory>> create(usize pages);
    ~SharedAnonymousMemory();
    // With a reference for the caller.
    Result<PageFrame*> get_page(u64 index);
    usize pages() const { return m_count; }

    SharedAnonymousMemory(PageFrame** pages, usize count);

private:
    Spinlock m_lock;
    PageFrame** m_pages; // guarded by m_lock
    usize m_count;
};

// The one page of zeros that backs every untouched anonymous page on a read (never written).
PageFrame* zero_page();
