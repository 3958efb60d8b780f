/*
 * segv: a program that dies of SIGSEGV on purpose, by writing to address 0. The exit status is
 * the one a shell reports, 128 + 11 = 139, on Linux and on Sprout; what was written before the
 * fault arrives, nothing after it does; and the kernel carries on (the next test runs).
 */
// SPROUT_EXPECT_STATUS: 139
#include "t.h"

int main(void)
{
    t_print("ok before_the_fault\n");
    *(volatile int*)t_ptr(0) = 1;
    t_print("not ok survived_the_fault\n");
    return 1;
}
