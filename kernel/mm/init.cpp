#include <arch/mmu.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <mm/memblock.h>
#include <mm/mm.h>
#include <mm/page_alloc.h>
#include <new>

void page_alloc_init(PageFrame* frames, u64 frame_count);

extern "C" char __text_start[], __text_end[], __rodata_start[], __rodata_end[], __data_start[], __bss_end[];

namespace {

u64 total_ram;

void must(Result<void> result, const char* what)
{
    if (result.is_error())
        panic("mm: cannot %s: %s", what, errno_name(result.error()));
}

// The kernel image at -2 GiB, page by page with the least rights each part needs: text is
// read-only and executable, rodata read-only, data and bss writable but never executable.
void map_kernel_image(arch::PageTableRoot root)
{
    auto map = [&](char* start, char* end, u32 flags, const char* what) {
        uptr s = uptr(start) & ~(PAGE_SIZE - 1);
        uptr e = lib::align_up(uptr(end), PAGE_SIZE);
        must(arch::map_range(root, s, s - KERNEL_VMA, e - s, flags | arch::MapGlobal), what);
    };
    map(__text_start, __text_end, arch::MapExec, "map kernel text");
    map(__rodata_start, __rodata_end, arch::MapRead, "map kernel rodata");
    map(__data_start, __bss_end, arch::MapWrite, "map kernel data");
}

} // namespace

u64 total_ram_bytes() { return total_ram; }

void mm_init(const BootInfo& info)
{
    memblock_init(info);
    total_ram = memblock_total_ram();

    auto root = arch::create_kernel_root();
    if (root.is_error())
        panic("mm: no memory for the kernel page tables");

    // The direct map: all RAM at PAGE_OFFSET, in 2 MiB pages, never executable. Ranges are
    // rounded out to 2 MiB, so neighbours can overlap: map each 2 MiB piece once.
    MemoryRange sorted[BootInfo::max_ranges];
    usize count = info.usable_count;
    for (usize i = 0; i < count; ++i) {
        usize j = i;
        for (; j > 0 && sorted[j - 1].start > info.usable[i].start; --j)
            sorted[j] = sorted[j - 1];
        sorted[j] = info.usable[i];
    }
    u64 mapped_end = 0;
    for (usize i = 0; i < count; ++i) {
        u64 start = lib::max(lib::align_down(sorted[i].start, arch::large_page_size), mapped_end);
        u64 end = lib::align_up(sorted[i].end, arch::large_page_size);
        if (start >= end)
            continue;
        must(arch::map_range(root.value(), PAGE_OFFSET + start, start, end - start,
                 arch::MapWrite | arch::MapGlobal | arch::MapLarge),
            "build the direct map");
        mapped_end = end;
    }
    u64 max_phys = count ? sorted[count - 1].end : 0;
    map_kernel_image(root.value());
    arch::switch_root(root.value());
    direct_map_offset = PAGE_OFFSET; // the boot identity map is gone with the old root

    // One PageFrame per frame up to the highest RAM address, holes included (marked reserved).
    u64 frame_count = max_phys >> PAGE_SHIFT;
    auto array = memblock_alloc(frame_count * sizeof(PageFrame), PAGE_SIZE, ~0ull);
    if (array.is_error())
        panic("mm: no memory for %lu page descriptors", frame_count);
    auto* frames = static_cast<PageFrame*>(phys_to_virt(array.value()));
    for (u64 i = 0; i < frame_count; ++i)
        new (&frames[i]) PageFrame;
    page_alloc_init(frames, frame_count);

    PageStats stats = page_stats();
    printk("mm: %lu MiB RAM, %lu pages free, %lu KiB in page descriptors, %lu page-table pages\n", total_ram >> 20,
        stats.free, (frame_count * sizeof(PageFrame)) >> 10, stats.pgtables);
}
