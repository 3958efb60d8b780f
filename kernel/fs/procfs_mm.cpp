// /proc/PID/maps, smaps, smaps_rollup, statm and status's memory lines (Linux's
// fs/proc/task_mmu.c: show_map_vma(), show_smap(), show_smaps_rollup(), task_statm(),
// task_mem()). The regions are copied under the address space's lock (snapshot_regions()); their
// text, which may need file names (and so directory locks), is written after.

#include <abi/linux/stat.h>
#include <fs/file_name.h>
#include <fs/procfs_mm.h>
#include <fs/procfs_task.h>
#include <fs/super.h>
#include <mm/address_space.h>
#include <mm/slab.h>
#include <new>
#include <proc/process.h>

using namespace mman;

namespace {

// The regions of `mm`, copied; deleted[] by the caller (through the holder).
struct Regions {
    RegionSnapshot* items { nullptr };
    usize count { 0 };
    ~Regions() { delete[] items; }
};

Result<void> take_regions(AddressSpace& mm, bool count_pages, Regions& out)
{
    usize capacity = mm.region_count() + 8;
    for (;;) {
        auto* items = new (std::nothrow) RegionSnapshot[capacity];
        if (!items)
            return Errno::ENOMEM;
        usize n = mm.snapshot_regions(items, capacity, count_pages);
        if (n <= capacity) {
            out.items = items;
            out.count = n;
            return {};
        }
        delete[] items; // it grew meanwhile
        capacity = n + 8;
    }
}

// Linux's show_vma_header_prefix(): "start-end perms offset major:minor inode ", then the name
// after padding to column 73 (seq_setwidth(25 + sizeof(void*) * 6 - 1) and seq_pad()).
void header(ProcText& text, uptr start, uptr end, u32 prot, bool mayshare, u64 offset, u64 dev, u64 ino)
{
    text.add("%08lx-%08lx %c%c%c%c %08llx %02x:%02x %llu ", (unsigned long)start, (unsigned long)end,
        (prot & PROT_READ) ? 'r' : '-', (prot & PROT_WRITE) ? 'w' : '-', (prot & PROT_EXEC) ? 'x' : '-',
        mayshare ? 's' : 'p', (unsigned long long)offset, linux_abi::dev_major(dev), linux_abi::dev_minor(dev),
        (unsigned long long)ino);
}

constexpr usize NAME_COLUMN = 25 + sizeof(void*) * 6 - 1;

void show_map_region(ProcText& text, const RegionSnapshot& r, Inode& root)
{
    usize line = text.length();
    u64 dev = 0, ino = 0, offset = 0;
    if (r.file) {
        dev = r.file->sb().dev();
        ino = r.file->ino();
        offset = r.offset;
    } else if (r.shared_anonymous) {
        // Linux backs shared anonymous memory with a shmem file named "/dev/zero (deleted)" on
        // its internal mount (device 0:1). FIXME: its inode number (Sprout's object has none).
        dev = linux_abi::encode_dev(0, 1);
        offset = r.offset;
    }
    header(text, r.start, r.end, r.prot, (r.flags & 0x3) == MAP_SHARED, offset, dev, ino);
    const char* name = nullptr;
    if (r.shared_anonymous)
        name = "/dev/zero (deleted)";
    else if (r.heap)
        name = "[heap]";
    else if (r.stack)
        name = "[stack]";
    if (r.file) {
        text.pad_to(line, NAME_COLUMN);
        text.add(" ");
        if (r.file_name) {
            auto length = r.file_name->format(*r.file, root, text.end(), text.room());
            if (length.is_error())
                text.set_overflow();
            else
                text.advance(length.value());
        }
    } else if (name) {
        text.pad_to(line, NAME_COLUMN);
        text.add(" %s", name);
    }
    text.add("\n");
}

// SEQ_PUT_DEC: a 16-column label, the value in kB right-aligned in 8.
void kb_line(ProcText& text, const char* label, u64 bytes)
{
    text.add("%-16s%8llu kB\n", label, (unsigned long long)(bytes >> 10));
}

// Linux's __show_smap().
void show_smap_stats(ProcText& text, const MemSizeStats& s, bool rollup)
{
    constexpr unsigned shift = MemSizeStats::PSS_SHIFT;
    kb_line(text, "Rss:", s.resident);
    kb_line(text, "Pss:", s.pss >> shift);
    kb_line(text, "Pss_Dirty:", s.pss_dirty >> shift);
    if (rollup) {
        kb_line(text, "Pss_Anon:", s.pss_anon >> shift);
        kb_line(text, "Pss_File:", s.pss_file >> shift);
        kb_line(text, "Pss_Shmem:", s.pss_shmem >> shift);
    }
    kb_line(text, "Shared_Clean:", s.shared_clean);
    kb_line(text, "Shared_Dirty:", s.shared_dirty);
    kb_line(text, "Private_Clean:", s.private_clean);
    kb_line(text, "Private_Dirty:", s.private_dirty);
    kb_line(text, "Referenced:", s.referenced);
    kb_line(text, "Anonymous:", s.anonymous);
    // Sprout has no lazily freed pages, huge pages, swap or locked memory: these are 0 for it.
    kb_line(text, "LazyFree:", 0);
    kb_line(text, "AnonHugePages:", 0);
    kb_line(text, "ShmemPmdMapped:", 0);
    kb_line(text, "FilePmdMapped:", 0);
    kb_line(text, "Shared_Hugetlb:", 0);
    text.add("%-17s%7llu kB\n", "Private_Hugetlb:", 0ull);
    kb_line(text, "Swap:", 0);
    kb_line(text, "SwapPss:", 0);
    kb_line(text, "Locked:", 0);
}

// Linux's show_smap_vma_flags(), for the flags Sprout's regions have.
void show_vm_flags(ProcText& text, const RegionSnapshot& r)
{
    text.add("VmFlags: ");
    bool shared = (r.flags & 0x3) == MAP_SHARED;
    if (r.prot & PROT_READ)
        text.add("rd ");
    if (r.prot & PROT_WRITE)
        text.add("wr ");
    if (r.prot & PROT_EXEC)
        text.add("ex ");
    if (shared)
        text.add("sh ");
    if (r.may_prot & PROT_READ)
        text.add("mr ");
    if (r.may_prot & PROT_WRITE)
        text.add("mw ");
    if (r.may_prot & PROT_EXEC)
        text.add("me ");
    if (shared)
        text.add("ms ");
    if (r.flags & MAP_GROWSDOWN)
        text.add("gd ");
    // VM_ACCOUNT: private writable memory is charged (Linux's accountable_mapping()).
    if (!shared && (r.prot & PROT_WRITE))
        text.add("ac ");
    text.add("\n");
}

// The process's address space after the access check; null for a zombie (an empty file).
Result<RefPtr<AddressSpace>> mm_of(Process& process)
{
    ProcessParts parts = process_parts(process);
    TRY(proc_may_access(process, parts.cred));
    return parts.mm;
}

Result<usize> show_regions(Process& process, char* buffer, usize size, bool smaps)
{
    RefPtr<AddressSpace> mm = TRY(mm_of(process));
    ProcText text(buffer, size);
    if (!mm)
        return text.finish();
    Regions regions;
    TRY(take_regions(*mm, smaps, regions));
    NonnullRefPtr<Inode> root = current_process_root();
    for (usize i = 0; i < regions.count; ++i) {
        const RegionSnapshot& r = regions.items[i];
        show_map_region(text, r, *root);
        if (!smaps)
            continue;
        kb_line(text, "Size:", r.end - r.start);
        kb_line(text, "KernelPageSize:", PAGE_SIZE);
        kb_line(text, "MMUPageSize:", PAGE_SIZE);
        show_smap_stats(text, r.stats, false);
        text.add("THPeligible:    0\n");
        show_vm_flags(text, r);
    }
    return text.finish();
}

} // namespace

Result<usize> proc_pid_maps(Process& process, char* buffer, usize size)
{
    return show_regions(process, buffer, size, false);
}

Result<usize> proc_pid_smaps(Process& process, char* buffer, usize size)
{
    return show_regions(process, buffer, size, true);
}

// Linux's show_smaps_rollup(): one header from the first region's start to the last one's end,
// "[rollup]", and the sums.
Result<usize> proc_pid_smaps_rollup(Process& process, char* buffer, usize size)
{
    RefPtr<AddressSpace> mm = TRY(mm_of(process));
    ProcText text(buffer, size);
    if (!mm)
        return text.finish();
    Regions regions;
    TRY(take_regions(*mm, true, regions));
    MemSizeStats total;
    for (usize i = 0; i < regions.count; ++i)
        total.add(regions.items[i].stats);
    uptr start = regions.count ? regions.items[0].start : 0;
    uptr end = regions.count ? regions.items[regions.count - 1].end : 0;
    usize line = text.length();
    header(text, start, end, 0, false, 0, 0, 0);
    text.pad_to(line, NAME_COLUMN);
    text.add(" [rollup]\n");
    show_smap_stats(text, total, true);
    return text.finish();
}

// Linux's task_statm(), in pages: size resident shared text lib data dt (lib and dt are 0 since
// Linux 2.6).
Result<usize> proc_pid_statm(Process& process, char* buffer, usize size)
{
    ProcText text(buffer, size);
    RefPtr<AddressSpace> mm = process_parts(process).mm;
    if (!mm) {
        text.add("0 0 0 0 0 0 0\n");
        return text.finish();
    }
    MmCounters c = mm->counters();
    usize shared = c.rss_file + c.rss_shmem;
    text.add("%llu %llu %llu %llu 0 %llu 0\n", (unsigned long long)c.total_vm,
        (unsigned long long)(shared + c.rss_anon), (unsigned long long)shared, (unsigned long long)c.text,
        (unsigned long long)(c.data_vm + c.stack_vm));
    return text.finish();
}

void proc_task_mem(ProcText& text, AddressSpace& mm)
{
    MmCounters c = mm.counters();
    constexpr usize kb = PAGE_SIZE / 1024;
    auto line = [&](const char* label, usize kilobytes) {
        text.add("%s\t%8llu kB\n", label, (unsigned long long)kilobytes);
    };
    usize text_kb = c.text * kb;
    usize exec_kb = c.exec_vm * kb;
    line("VmPeak:", c.hiwater_vm * kb);
    line("VmSize:", c.total_vm * kb);
    line("VmLck:", 0); // no mlock()
    line("VmPin:", 0);
    line("VmHWM:", c.hiwater_rss * kb);
    line("VmRSS:", (c.rss_anon + c.rss_file + c.rss_shmem) * kb);
    line("RssAnon:", c.rss_anon * kb);
    line("RssFile:", c.rss_file * kb);
    line("RssShmem:", c.rss_shmem * kb);
    line("VmData:", c.data_vm * kb);
    line("VmStk:", c.stack_vm * kb);
    line("VmExe:", text_kb);
    line("VmLib:", exec_kb > text_kb ? exec_kb - text_kb : 0);
    line("VmPTE:", c.page_table_pages * kb);
    line("VmSwap:", 0);
}
