/*
 * sched_getaffinity / sched_setaffinity: the mask, its size rules, permissions and inheritance.
 * Printed: properties only (the host has more CPUs than Sprout's one).
 */
#include "t.h"
#include "t_proc.h"

#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long getaff(pid_t pid, unsigned len, void* mask) { return syscall(SYS_sched_getaffinity, pid, len, mask); }
static long setaff(pid_t pid, unsigned len, const void* mask) { return syscall(SYS_sched_setaffinity, pid, len, mask); }

int main(void)
{
    unsigned long mask[16] = { 0 };
    long n = getaff(0, sizeof(mask), mask);
    CHECK(n > 0 && n % sizeof(long) == 0 && n <= (long)sizeof(mask), "get_returns_bytes_in_longs");
    CHECK(mask[0] & 1, "cpu0_allowed");
    CHECK_ERRNO(getaff(0, 0, mask), EINVAL, "get_zero_length_einval");
    CHECK_ERRNO(getaff(0, 4, mask), EINVAL, "get_length_not_whole_longs_einval");
    CHECK_ERRNO(getaff(0, sizeof(mask), t_ptr(8)), EFAULT, "get_bad_pointer_efault");
    CHECK_ERRNO(getaff(-1, sizeof(mask), mask), ESRCH, "get_negative_pid_esrch");
    CHECK_ERRNO(getaff(3999999, sizeof(mask), mask), ESRCH, "get_missing_pid_esrch");
    CHECK(getaff(getpid(), sizeof(mask), mask) > 0, "get_own_pid");

    cpu_set_t set;
    CPU_ZERO(&set);
    CHECK_EQ(sched_getaffinity(0, sizeof(set), &set), 0, "libc_getaffinity");
    CHECK(CPU_ISSET(0, &set), "libc_cpu0_set");

    unsigned long none = 0, cpu0 = 1, far = 1ul << 63;
    CHECK_ERRNO(setaff(0, sizeof(none), &none), EINVAL, "set_empty_mask_einval");
    CHECK_ERRNO(setaff(0, sizeof(far), &far), EINVAL, "set_only_missing_cpu_einval");
    CHECK_ERRNO(setaff(0, sizeof(cpu0), t_ptr(8)), EFAULT, "set_bad_pointer_efault");
    CHECK_ERRNO(setaff(3999999, sizeof(cpu0), &cpu0), ESRCH, "set_missing_pid_esrch");
    CHECK_EQ(setaff(0, sizeof(cpu0), &cpu0), 0, "set_cpu0");
    /* A short mask is zero-extended: one byte with CPU 0. */
    unsigned char byte = 1;
    CHECK_EQ(setaff(0, 1, &byte), 0, "set_one_byte_mask");
    memset(mask, 0xff, sizeof(mask));
    n = getaff(0, sizeof(mask), mask);
    CHECK(n > 0 && mask[0] == 1, "get_after_set_is_cpu0_only");

    pid_t pid = t_fork();
    if (pid == 0) {
        unsigned long m[16] = { 0 };
        int bad = getaff(0, sizeof(m), m) <= 0 || m[0] != 1; /* inherited */
        if (setgid(65534) || setuid(65534))
            _exit(2);
        errno = 0;
        bad |= (setaff(1, sizeof(cpu0), &cpu0) != -1 || errno != EPERM) << 1; /* root's PID 1 */
        bad |= (setaff(0, sizeof(cpu0), &cpu0) != 0) << 2; /* its own */
        bad |= (getaff(1, sizeof(m), m) <= 0) << 3; /* anyone may look */
        _exit(bad);
    }
    CHECK_EXITED(t_wait(pid), 0, "child_inherits_and_permissions");
    return t_exit_status();
}
