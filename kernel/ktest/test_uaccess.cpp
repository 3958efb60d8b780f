// User-memory access from the kernel under pagefault_disable(), and the atomic user cmpxchg that
// futexes use: a fault is not served while page faults are disabled (the copy fails, nothing is
// mapped), and is served as usual once they are enabled again.

#include <arch/mmu.h>
#include <fs/inode.h>
#include <ktest/ktest.h>
#include <mm/address_space.h>
#include <mm/uaccess.h>
#include <proc/task.h>
#include <sched/sched.h>

using namespace mman;

namespace {

constexpr uptr BASE = 0x10000000;

// This kernel thread borrows an address space for the test (faults on user addresses go to the
// current task's), and gives it back before it goes.
class BorrowedAddressSpace {
public:
    explicit BorrowedAddressSpace(NonnullRefPtr<AddressSpace> mm)
        : m_mm(mm)
    {
        current()->mm = m_mm;
        m_mm->activate();
    }
    ~BorrowedAddressSpace()
    {
        current()->mm = nullptr;
        arch::switch_root(arch::kernel_root());
    }
    AddressSpace& mm() { return *m_mm; }

private:
    NonnullRefPtr<AddressSpace> m_mm;
};

} // namespace

KTEST(uaccess_pagefault_disable_and_cmpxchg)
{
    BorrowedAddressSpace space(MUST(AddressSpace::create()));
    AddressSpace& mm = space.mm();
    MUST(mm.mmap(BASE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, nullptr, 0));
    auto* word = reinterpret_cast<u32*>(BASE);
    {
        PagefaultsDisabled no_faults;
        KEXPECT(pagefault_disabled());
        KEXPECT(get_user(word).is_error()); // not present, and not brought in
    }
    KEXPECT(!pagefault_disabled());
    KEXPECT(arch::translate(mm.root(), BASE).is_error());
    KEXPECT_EQ(MUST(get_user(word)), 0u); // served: the zero page, read-only
    {
        PagefaultsDisabled no_faults;
        KEXPECT_EQ(MUST(get_user(word)), 0u); // present now
        KEXPECT(cmpxchg_user_u32(word, 0, 5).is_error()); // the write fault is not served
    }
    KEXPECT_EQ(MUST(cmpxchg_user_u32(word, 0, 5)), 0u); // served: a private page, then stored
    KEXPECT_EQ(MUST(get_user(word)), 5u);
    KEXPECT_EQ(MUST(cmpxchg_user_u32(word, 0, 7)), 5u); // differs: left alone
    KEXPECT_EQ(MUST(get_user(word)), 5u);
    {
        PagefaultsDisabled no_faults;
        KEXPECT_EQ(MUST(cmpxchg_user_u32(word, 5, 6)), 5u); // present and writable: no fault
    }
    KEXPECT_EQ(MUST(get_user(word)), 6u);
    // Outside user space and outside any region: EFAULT either way.
    KEXPECT(cmpxchg_user_u32(reinterpret_cast<u32*>(0xffff800000000000ull), 0, 0).is_error());
    KEXPECT(cmpxchg_user_u32(reinterpret_cast<u32*>(BASE + 2 * PAGE_SIZE), 0, 0).is_error());
}
