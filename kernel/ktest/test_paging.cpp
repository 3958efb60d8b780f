// Page tables, on the live kernel root: map, translate, write through the mapping, unmap.

#include <arch/mmu.h>
#include <ktest/ktest.h>
#include <lib/string.h>
#include <mm/kstack.h>
#include <mm/page_alloc.h>

namespace {

// A kernel-half address nothing else uses (inside the ioremap area's far end).
constexpr uptr test_va = IOREMAP_BASE + IOREMAP_SIZE - 16 * PAGE_SIZE;

} // namespace

KTEST(paging_map_translate_unmap)
{
    auto root = arch::kernel_root();
    auto page = alloc_zeroed_pages(0);
    KASSERT(!page.is_error());
    u64 phys = page_to_phys(page.value());

    KEXPECT(arch::translate(root, test_va).is_error());
    KASSERT(!arch::map_page(root, test_va, phys, arch::MapWrite).is_error());
    auto t = arch::translate(root, test_va + 0x123);
    KASSERT(!t.is_error());
    KEXPECT_EQ(t.value().phys, phys + 0x123);
    KEXPECT(t.value().flags & arch::MapWrite);
    KEXPECT(!(t.value().flags & arch::MapExec));
    KEXPECT(!(t.value().flags & arch::MapUser));

    // Two views of one page: a write through the new mapping shows in the direct map.
    *reinterpret_cast<volatile u64*>(test_va + 8) = 0x5350524f5554; // "SPROUT"
    KEXPECT_EQ(static_cast<u64*>(page_address(page.value()))[1], 0x5350524f5554u);

    // Mapping twice is refused; unmapping returns the frame and the translation is gone.
    auto again = arch::map_page(root, test_va, phys, arch::MapWrite);
    KEXPECT(again.is_error() && again.error() == Errno::EEXIST);
    auto unmapped = arch::unmap_page(root, test_va);
    KASSERT(!unmapped.is_error());
    KEXPECT_EQ(unmapped.value(), phys);
    KEXPECT(arch::translate(root, test_va).is_error());
    auto twice = arch::unmap_page(root, test_va);
    KEXPECT(twice.is_error() && twice.error() == Errno::ENOENT);
    free_pages(page.value(), 0);
}

KTEST(paging_large_pages_in_direct_map)
{
    // The direct map uses 2 MiB pages and translates every byte of RAM to itself.
    auto page = alloc_page();
    KASSERT(!page.is_error());
    u64 phys = page_to_phys(page.value());
    auto t = arch::translate(arch::kernel_root(), PAGE_OFFSET + phys + 0x10);
    KASSERT(!t.is_error());
    KEXPECT_EQ(t.value().phys, phys + 0x10);
    KEXPECT(t.value().flags & arch::MapLarge);
    KEXPECT(!(t.value().flags & arch::MapExec));
    free_pages(page.value(), 0);
}

KTEST(paging_kernel_image_is_w_xor_x)
{
    extern char __text_start[], __rodata_start[], __data_start[];
    auto root = arch::kernel_root();
    auto text = arch::translate(root, uptr(__text_start));
    auto rodata = arch::translate(root, uptr(__rodata_start));
    auto data = arch::translate(root, uptr(__data_start));
    KASSERT(!text.is_error() && !rodata.is_error() && !data.is_error());
    KEXPECT((text.value().flags & arch::MapExec) && !(text.value().flags & arch::MapWrite));
    KEXPECT(!(rodata.value().flags & arch::MapExec) && !(rodata.value().flags & arch::MapWrite));
    KEXPECT(!(data.value().flags & arch::MapExec) && (data.value().flags & arch::MapWrite));
}

KTEST(kernel_stack_has_guard_gap)
{
    u64 before = nr_free_pages();
    usize stacks_before = kernel_stacks_in_use();
    {
        auto stack = KernelStack::create();
        KASSERT(!stack.is_error());
        auto root = arch::kernel_root();
        uptr bottom = stack.value().bottom();
        KEXPECT(!arch::translate(root, bottom).is_error());
        KEXPECT(!arch::translate(root, stack.value().top() - 1).is_error());
        // The whole gap below is unmapped: an overflow faults instead of corrupting a neighbour.
        for (uptr va = bottom - KernelStack::guard_size; va < bottom; va += PAGE_SIZE)
            KEXPECT(arch::translate(root, va).is_error());
        KEXPECT_EQ(kernel_stacks_in_use(), stacks_before + 1);
    }
    KEXPECT_EQ(kernel_stacks_in_use(), stacks_before);
    KEXPECT_EQ(nr_free_pages(), before);
}
