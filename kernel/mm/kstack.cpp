#include <arch/mmu.h>
#include <lib/bitmap.h>
#include <lib/spinlock.h>
#include <mm/kstack.h>
#include <mm/page_alloc.h>

namespace {

constexpr usize slot_size = KernelStack::guard_size + KernelStack::size;
constexpr usize slot_count = KSTACK_AREA_SIZE / slot_size;
constexpr unsigned stack_order = 2; // 2^2 pages = 16 KiB
static_assert((PAGE_SIZE << stack_order) == KernelStack::size);

Spinlock slots_lock;
StaticBitmap<slot_count> slots; // guarded by slots_lock

uptr slot_stack_bottom(usize slot) { return KSTACK_BASE + slot * slot_size + KernelStack::guard_size; }

} // namespace

Result<KernelStack> KernelStack::create()
{
    usize slot;
    {
        SpinlockGuard guard(slots_lock);
        slot = slots.find_first_clear();
        if (slot == slots.npos)
            return Errno::ENOMEM;
        slots.set(slot);
    }
    KernelStack stack(slot_stack_bottom(slot)); // from here on, its destructor undoes everything
    stack.m_pages = TRY(alloc_pages(stack_order));
    TRY(arch::map_range(
        arch::kernel_root(), stack.m_bottom, page_to_phys(stack.m_pages), size, arch::MapWrite | arch::MapGlobal));
    return stack;
}

KernelStack::KernelStack(KernelStack&& other)
    : m_bottom(other.m_bottom)
    , m_pages(other.m_pages)
{
    other.m_bottom = 0;
    other.m_pages = nullptr;
}

KernelStack& KernelStack::operator=(KernelStack&& other)
{
    if (this != &other) {
        release();
        m_bottom = other.m_bottom;
        m_pages = other.m_pages;
        other.m_bottom = 0;
        other.m_pages = nullptr;
    }
    return *this;
}

KernelStack::~KernelStack() { release(); }

void KernelStack::release()
{
    if (!m_bottom)
        return;
    // Whatever part of the stack got mapped (all of it, but for a failed create()).
    for (usize off = 0; off < size; off += PAGE_SIZE)
        (void)arch::unmap_page(arch::kernel_root(), m_bottom + off);
    if (m_pages)
        free_pages(m_pages, stack_order);
    m_pages = nullptr;
    usize slot = (m_bottom - KernelStack::guard_size - KSTACK_BASE) / slot_size;
    SpinlockGuard guard(slots_lock);
    slots.clear(slot);
    m_bottom = 0;
}

usize kernel_stacks_in_use()
{
    SpinlockGuard guard(slots_lock);
    return slots.count_set();
}
