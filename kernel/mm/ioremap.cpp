#include <arch/mmu.h>
#include <lib/spinlock.h>
#include <mm/ioremap.h>
#include <mm/memory.h>

namespace {

Spinlock ioremap_lock;
uptr ioremap_next = IOREMAP_BASE; // guarded by ioremap_lock; device mappings are never undone

} // namespace

Result<uptr> ioremap(u64 phys, usize size)
{
    u64 base = lib::align_down(phys, PAGE_SIZE);
    usize length = lib::align_up(phys + size, PAGE_SIZE) - base;
    SpinlockGuard guard(ioremap_lock);
    if (ioremap_next + length > IOREMAP_BASE + IOREMAP_SIZE)
        return Errno::ENOMEM;
    uptr virt = ioremap_next;
    TRY(arch::map_range(arch::kernel_root(), virt, base, length, arch::MapWrite | arch::MapNoCache | arch::MapGlobal));
    ioremap_next += length;
    return virt + (phys - base);
}
