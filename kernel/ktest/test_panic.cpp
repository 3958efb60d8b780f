// Tests that must end in a panic report (run as expected failures: see tools/ktest-run.sh).

#include <ktest/ktest.h>
#include <mm/kstack.h>
#include <mm/memory.h>

// A kernel-mode page fault on an address nothing maps: the report must name this function.
KTEST_EXPECT_PANIC(panic_on_unmapped_kernel_address)
{
    volatile u64* nowhere = reinterpret_cast<volatile u64*>(KSTACK_BASE - 0x1000);
    (void)*nowhere;
    KEXPECT(false); // not reached
}

namespace {

[[gnu::noinline]] u64 recurse_deeply(u64 depth)
{
    volatile char frame[512];
    frame[0] = char(depth);
    if (depth == 1000000) // far beyond what a 16 KiB stack holds
        return frame[0];
    return recurse_deeply(depth + 1) + frame[0];
}

} // namespace

// Overflowing a kernel stack runs into its guard gap: a page fault the CPU cannot deliver on the
// broken stack becomes a double fault on its own IST stack, and still a readable report.
KTEST_EXPECT_PANIC(panic_on_kernel_stack_overflow)
{
    u64 result = recurse_deeply(0); // used afterwards, so not a tail call: this frame stays
    KEXPECT(result == 0); // not reached
}

// An explicit VERIFY failure is a panic too, with the failing expression.
KTEST_EXPECT_PANIC(panic_on_verify_failure)
{
    volatile int x = 1;
    VERIFY(x == 2);
}
