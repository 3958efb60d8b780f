/*
 * futex: futex(2) between processes. Shared futexes on MAP_SHARED | MAP_ANONYMOUS memory
 * inherited across fork and on two separate mappings of one file meet; private ones do not cross
 * processes. Exact counts for FUTEX_WAKE, FUTEX_REQUEUE and FUTEX_CMP_REQUEUE with several
 * waiting children; bitsets; FUTEX_WAKE_OP; the CLONE_CHILD_CLEARTID wake at exit (a vfork child's
 * set_tid_address word); Linux's errors (EAGAIN, ETIMEDOUT, EINVAL, EFAULT, ENOSYS).
 *
 * No timing: a parent knows its children are queued by counting them with a CMP_REQUEUE of the
 * futex onto itself with nr_wake 0 (it returns the number of waiters and changes nothing). Only
 * the ETIMEDOUT checks sleep.
 */
#include "t_proc.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/syscall.h>
#include <time.h>

/* include/uapi/linux/futex.h (musl-gcc has no kernel headers). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_OP_PRIVATE (FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OR 2
#define FUTEX_OP_ANDN 3
#define FUTEX_OP_XOR 4
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_NE 1
#define FUTEX_OP_CMP_LT 2
#define FUTEX_OP_CMP_LE 3
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP_CMP_GE 5
#define FUTEX_OP(op, oparg, cmp, cmparg)                                                                           \
    ((((op) & 0xfu) << 28) | (((cmp) & 0xfu) << 24) | (((oparg) & 0xfffu) << 12) | ((cmparg) & 0xfffu))

typedef volatile uint32_t futex_t;

static long futex(futex_t* uaddr, int op, uint32_t val, const void* timeout_or_val2, futex_t* uaddr2, uint32_t val3)
{
    return syscall(SYS_futex, uaddr, op, val, timeout_or_val2, uaddr2, val3);
}

#define NR(n) ((const void*)(long)(n))

/* How many tasks wait on f (which must hold `value`), without waking or moving any. */
static long waiters(futex_t* f, int private_flag, uint32_t value)
{
    return futex(f, FUTEX_CMP_REQUEUE | private_flag, 0, NR(INT_MAX), f, value);
}

/* Wait until n tasks wait on f; 0 if one of the children in pids[] ended first (it failed). */
static int wait_for_waiters(futex_t* f, uint32_t value, long n, pid_t* pids, int count)
{
    for (;;) {
        long w = waiters(f, 0, value);
        if (w == n)
            return 1;
        if (w < 0 || w > n)
            return 0;
        for (int i = 0; i < count; i++) {
            int status;
            if (waitpid(pids[i], &status, WNOHANG) != 0) {
                t_print("#   a child ended before it waited: %s\n", t_status_text(status));
                pids[i] = -1;
                return 0;
            }
        }
        sched_yield();
    }
}

/* A child that waits on f and reports the result: exit 0 when woken, 100 + errno otherwise. */
static pid_t fork_waiter(futex_t* f, int op, uint32_t val, const struct timespec* timeout, uint32_t bitset)
{
    pid_t pid = t_fork();
    if (pid == 0) {
        long r = futex(f, op, val, timeout, NULL, bitset);
        _exit(r == 0 ? 0 : 100 + errno);
    }
    return pid;
}

static void reap_all(pid_t* pids, int count, const char* name)
{
    int ok = 1;
    for (int i = 0; i < count; i++) {
        if (pids[i] < 0) {
            ok = 0;
            continue;
        }
        int status = t_wait(pids[i]);
        if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            t_print("#   waiter %d: %s\n", i, t_status_text(status));
            ok = 0;
        }
    }
    CHECK(ok, name);
}

static struct timespec after_ns(clockid_t clock, long ns)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    ts.tv_nsec += ns;
    while (ts.tv_nsec >= 1000000000L) {
        ts.tv_nsec -= 1000000000L;
        ts.tv_sec++;
    }
    return ts;
}

static void errors(futex_t* f)
{
    *f = 7;
    const struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
    const struct timespec zero = { 0, 0 };
    CHECK_ERRNO(futex(f, FUTEX_WAIT, 6, NULL, NULL, 0), EAGAIN, "wait_value_differs_EAGAIN");
    CHECK_ERRNO(futex(f, FUTEX_WAIT_PRIVATE, 6, NULL, NULL, 0), EAGAIN, "wait_private_value_differs_EAGAIN");
    CHECK_ERRNO(futex(f, FUTEX_WAIT_BITSET, 6, NULL, NULL, 1), EAGAIN, "wait_bitset_value_differs_EAGAIN");
    CHECK_ERRNO(futex((futex_t*)((char*)f + 1), FUTEX_WAIT, 7, NULL, NULL, 0), EINVAL, "wait_misaligned_EINVAL");
    CHECK_ERRNO(futex((futex_t*)((char*)f + 2), FUTEX_WAKE, 1, NULL, NULL, 0), EINVAL, "wake_misaligned_EINVAL");
    CHECK_ERRNO(futex((futex_t*)((char*)f + 1), FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), EINVAL,
        "wake_private_misaligned_EINVAL");
    CHECK_ERRNO(futex((futex_t*)0xffff800000000001ul, FUTEX_WAKE, 1, NULL, NULL, 0), EINVAL,
        "kernel_address_misaligned_EINVAL");
    CHECK_ERRNO(futex(f, FUTEX_WAIT_BITSET, 7, NULL, NULL, 0), EINVAL, "wait_bitset_zero_EINVAL");
    CHECK_ERRNO(futex(f, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0), EINVAL, "wake_bitset_zero_EINVAL");
    CHECK_ERRNO(futex(f, FUTEX_WAIT_BITSET, 6, NULL, NULL, 0), EINVAL, "bitset_zero_before_value_EINVAL");

    CHECK_ERRNO(futex(NULL, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT, "wait_null_EFAULT");
    CHECK_ERRNO(futex(NULL, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT, "wake_shared_null_EFAULT");
    CHECK_EQ(futex(NULL, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0, "wake_private_null_touches_nothing");
    CHECK_ERRNO(futex((futex_t*)0xffff800000000000ul, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EFAULT,
        "wait_kernel_address_EFAULT");
    CHECK_ERRNO(futex((futex_t*)0xffff800000000000ul, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), EFAULT,
        "wake_private_kernel_address_EFAULT");
    futex_t* none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_ERRNO(futex(none, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT, "wait_prot_none_EFAULT");
    CHECK_ERRNO(futex(none, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT, "wake_shared_prot_none_EFAULT");
    CHECK_EQ(futex(none, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0, "wake_private_prot_none_0");
    munmap((void*)none, 4096);
    CHECK_ERRNO(futex(none, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT, "wake_shared_unmapped_EFAULT");
    CHECK_ERRNO(futex(f, FUTEX_CMP_REQUEUE, 1, NR(1), none, 7), EFAULT, "cmp_requeue_unmapped_target_EFAULT");

    /* The timeout is checked before anything else. */
    const struct timespec bad_nsec = { 0, 1000000000L };
    const struct timespec negative_nsec = { 0, -1 };
    const struct timespec negative_sec = { -1, 0 };
    CHECK_ERRNO(futex(f, FUTEX_WAIT, 6, &bad_nsec, NULL, 0), EINVAL, "timeout_nsec_1e9_EINVAL");
    CHECK_ERRNO(futex(f, FUTEX_WAIT, 6, &negative_nsec, NULL, 0), EINVAL, "timeout_negative_nsec_EINVAL");
    CHECK_ERRNO(futex(f, FUTEX_WAIT_BITSET, 6, &negative_sec, NULL, 1), EINVAL, "timeout_negative_sec_EINVAL");
    CHECK_ERRNO(futex(f, FUTEX_WAIT, 6, (void*)8, NULL, 0), EFAULT, "timeout_bad_pointer_EFAULT");
    CHECK_ERRNO(futex(f, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 6, &bad_nsec, NULL, 0), EINVAL,
        "timeout_checked_before_clock_flag");

    /* FUTEX_CLOCK_REALTIME only with FUTEX_WAIT_BITSET; unknown operations. */
    CHECK_ERRNO(futex(f, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 7, &ten_ms, NULL, 0), ENOSYS, "wait_clock_realtime_ENOSYS");
    CHECK_ERRNO(futex(f, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), ENOSYS, "wake_clock_realtime_ENOSYS");
    CHECK_ERRNO(futex(f, FUTEX_REQUEUE | FUTEX_CLOCK_REALTIME, 1, NR(1), f, 0), ENOSYS,
        "requeue_clock_realtime_ENOSYS");
    CHECK_ERRNO(futex(f, 2 /* FUTEX_FD */, 0, NULL, NULL, 0), ENOSYS, "futex_fd_ENOSYS");
    CHECK_ERRNO(futex(f, 99, 0, NULL, NULL, 0), ENOSYS, "unknown_op_ENOSYS");
    CHECK_ERRNO(futex(f, 99 | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0), ENOSYS, "unknown_private_op_ENOSYS");

    /* ETIMEDOUT: relative (FUTEX_WAIT), absolute monotonic and realtime (FUTEX_WAIT_BITSET). */
    CHECK_ERRNO(futex(f, FUTEX_WAIT, 7, &ten_ms, NULL, 0), ETIMEDOUT, "wait_relative_ETIMEDOUT");
    CHECK_ERRNO(futex(f, FUTEX_WAIT_PRIVATE, 7, &ten_ms, NULL, 0), ETIMEDOUT, "wait_private_relative_ETIMEDOUT");
    struct timespec mono = after_ns(CLOCK_MONOTONIC, 10 * 1000 * 1000);
    CHECK_ERRNO(futex(f, FUTEX_WAIT_BITSET, 7, &mono, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT,
        "wait_bitset_monotonic_ETIMEDOUT");
    struct timespec real = after_ns(CLOCK_REALTIME, 10 * 1000 * 1000);
    CHECK_ERRNO(futex(f, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 7, &real, NULL, FUTEX_BITSET_MATCH_ANY),
        ETIMEDOUT, "wait_bitset_realtime_ETIMEDOUT");
    struct timespec now = after_ns(CLOCK_MONOTONIC, 0);
    CHECK(now.tv_sec > mono.tv_sec || (now.tv_sec == mono.tv_sec && now.tv_nsec >= mono.tv_nsec),
        "monotonic_deadline_has_passed");
    CHECK_ERRNO(futex(f, FUTEX_WAIT_BITSET, 7, &zero, NULL, 1), ETIMEDOUT, "wait_bitset_past_deadline_ETIMEDOUT");
    CHECK_ERRNO(futex(f, FUTEX_WAIT, 7, &zero, NULL, 0), ETIMEDOUT, "wait_zero_timeout_ETIMEDOUT");
    CHECK_ERRNO(futex(f, FUTEX_WAIT_BITSET, 6, &zero, NULL, 1), EAGAIN, "value_checked_before_deadline_EAGAIN");

    /* Words on pages never touched: the kernel reads them with page faults disabled (under its
     * bucket lock), faults them in, and tries again. */
    char* fresh = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char* fresh_shared = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(fresh != MAP_FAILED && fresh_shared != MAP_FAILED, "fresh_mappings");
    CHECK_ERRNO(futex((futex_t*)fresh, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0), EAGAIN, "untouched_page_EAGAIN");
    CHECK_ERRNO(futex((futex_t*)(fresh + 4096), FUTEX_WAIT, 0, &ten_ms, NULL, 0), ETIMEDOUT,
        "untouched_page_ETIMEDOUT");
    CHECK_ERRNO(futex((futex_t*)fresh_shared, FUTEX_WAIT, 0, &zero, NULL, 0), ETIMEDOUT,
        "untouched_shared_page_ETIMEDOUT");
    CHECK_EQ(futex((futex_t*)(fresh + 2 * 4096), FUTEX_CMP_REQUEUE, 1, NR(1), (futex_t*)fresh, 0), 0,
        "untouched_page_cmp_requeue_0");
    CHECK_ERRNO(futex((futex_t*)(fresh_shared + 4096), FUTEX_CMP_REQUEUE, 1, NR(1), (futex_t*)fresh, 1), EAGAIN,
        "untouched_shared_page_cmp_requeue_EAGAIN");
    munmap(fresh, 4 * 4096);
    munmap(fresh_shared, 2 * 4096);

    /* Wakes and requeues with nobody waiting. */
    CHECK_EQ(futex(f, FUTEX_WAKE, 1, NULL, NULL, 0), 0, "wake_nobody_0");
    CHECK_EQ(futex(f, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0, "wake_private_nobody_0");
    CHECK_EQ(futex(f, FUTEX_WAKE_BITSET, 1, NULL, NULL, 3), 0, "wake_bitset_nobody_0");
    CHECK_EQ(futex(f, FUTEX_REQUEUE, 1, NR(1), f + 1, 0), 0, "requeue_nobody_0");
    CHECK_EQ(futex(f, FUTEX_CMP_REQUEUE, 1, NR(1), f + 1, 7), 0, "cmp_requeue_nobody_0");
    CHECK_EQ(futex(f, FUTEX_CMP_REQUEUE, 1, NR(1), f, 7), 0, "cmp_requeue_onto_itself_0");
    CHECK_ERRNO(futex(f, FUTEX_CMP_REQUEUE, 1, NR(1), f + 1, 6), EAGAIN, "cmp_requeue_value_differs_EAGAIN");
    CHECK_ERRNO(futex(f, FUTEX_CMP_REQUEUE, 1, NR(-1), f + 1, 7), EINVAL, "cmp_requeue_negative_requeue_EINVAL");
    CHECK_ERRNO(futex(f, FUTEX_REQUEUE, -1, NR(1), f + 1, 0), EINVAL, "requeue_negative_wake_EINVAL");
    CHECK_ERRNO(futex(f, FUTEX_CMP_REQUEUE, 1, NR(1), (futex_t*)((char*)f + 5), 7), EINVAL,
        "cmp_requeue_misaligned_target_EINVAL");
    CHECK_ERRNO(futex(NULL, FUTEX_CMP_REQUEUE, 1, NR(1), f, 7), EFAULT, "cmp_requeue_null_EFAULT");
}

/* The parent waits; a child wakes it (retrying until its wake finds the parent queued). */
static void parent_waits_child_wakes(futex_t* f, volatile int* flags)
{
    *f = 0;
    flags[0] = 0; /* the parent's wait is over */
    flags[1] = 0; /* what the child's shared wakes found */
    flags[2] = 0; /* what the child's private wakes found */
    pid_t pid = t_fork();
    if (pid == 0) {
        while (!t_flag_get(&flags[0])) {
            long p = futex(f, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
            if (p != 0)
                t_flag_set(&flags[2], (int)p);
            long w = futex(f, FUTEX_WAKE, 1, NULL, NULL, 0);
            if (w != 0) {
                t_flag_set(&flags[1], (int)w);
                break;
            }
            sched_yield();
        }
        _exit(0);
    }
    long r = futex(f, FUTEX_WAIT, 0, NULL, NULL, 0);
    t_flag_set(&flags[0], 1);
    CHECK_EQ(r, 0, "parent_wait_woken_by_child");
    CHECK_EXITED(t_wait(pid), 0, "waking_child_exit");
    CHECK_EQ(flags[1], 1, "child_wake_counted_one");
    CHECK_EQ(flags[2], 0, "child_private_wake_never_found_the_parent");
}

/* A private futex never crosses processes, even on shared memory; nor does a shared wake find a
 * private waiter. The parent's private wait can only time out. */
static void private_does_not_cross(futex_t* f, volatile int* flags)
{
    *f = 0;
    flags[0] = 0;
    flags[1] = 0;
    pid_t pid = t_fork();
    if (pid == 0) {
        long woken = 0;
        while (!t_flag_get(&flags[0])) {
            woken += futex(f, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
            woken += futex(f, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
            sched_yield();
        }
        t_flag_set(&flags[1], (int)woken);
        _exit(0);
    }
    const struct timespec timeout = { 0, 100 * 1000 * 1000 };
    CHECK_ERRNO(futex(f, FUTEX_WAIT_PRIVATE, 0, &timeout, NULL, 0), ETIMEDOUT, "private_wait_not_woken_by_child");
    t_flag_set(&flags[0], 1);
    CHECK_EXITED(t_wait(pid), 0, "private_waking_child_exit");
    CHECK_EQ(flags[1], 0, "child_woke_nobody");
}

static void wake_counts(futex_t* f)
{
    *f = 0;
    pid_t pids[4];
    for (int i = 0; i < 4; i++)
        pids[i] = fork_waiter(f, FUTEX_WAIT, 0, NULL, 0);
    CHECK(wait_for_waiters(f, 0, 4, pids, 4), "four_children_wait");
    CHECK_EQ(futex(f, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0, "private_wake_finds_no_shared_waiter");
    CHECK_EQ(futex(f, FUTEX_WAKE, 2, NULL, NULL, 0), 2, "wake_two_of_four");
    CHECK_EQ(waiters(f, 0, 0), 2, "two_still_wait");
    CHECK_EQ(futex(f, FUTEX_WAKE, 0, NULL, NULL, 0), 1, "wake_zero_wakes_one");
    CHECK_EQ(futex(f, FUTEX_WAKE, 5, NULL, NULL, 0), 1, "wake_five_wakes_the_last");
    CHECK_EQ(futex(f, FUTEX_WAKE, 5, NULL, NULL, 0), 0, "wake_again_wakes_none");
    reap_all(pids, 4, "all_woken_waiters_return_0");
}

static void requeue_counts(futex_t* a, futex_t* b)
{
    *a = 0;
    *b = 0;
    pid_t pids[5];
    for (int i = 0; i < 5; i++)
        pids[i] = fork_waiter(a, FUTEX_WAIT, 0, NULL, 0);
    CHECK(wait_for_waiters(a, 0, 5, pids, 5), "five_children_wait");
    CHECK_EQ(futex(a, FUTEX_REQUEUE, 1, NR(2), b, 0), 3, "requeue_wakes_one_moves_two");
    CHECK_EQ(waiters(a, 0, 0), 2, "two_left_on_a");
    CHECK_EQ(waiters(b, 0, 0), 2, "two_moved_to_b");
    CHECK_ERRNO(futex(a, FUTEX_CMP_REQUEUE, 0, NR(10), b, 1), EAGAIN, "cmp_requeue_mismatch_EAGAIN");
    CHECK_EQ(waiters(a, 0, 0), 2, "mismatch_moved_nobody");
    CHECK_EQ(futex(a, FUTEX_CMP_REQUEUE, 0, NR(10), b, 0), 2, "cmp_requeue_moves_the_last_two");
    CHECK_EQ(waiters(a, 0, 0), 0, "a_is_empty");
    CHECK_EQ(futex(b, FUTEX_CMP_REQUEUE, 1, NR(0), a, 0), 1, "cmp_requeue_wake_one_move_none");
    CHECK_EQ(futex(b, FUTEX_REQUEUE, 0, NR(1), a, 0), 1, "requeue_back_one");
    CHECK_EQ(futex(a, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 1, "wake_the_requeued_one_on_a");
    CHECK_EQ(futex(b, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 2, "wake_the_other_two_on_b");
    reap_all(pids, 5, "requeued_waiters_return_0");
}

static void bitsets(futex_t* f)
{
    *f = 0;
    pid_t pids[2];
    pids[0] = fork_waiter(f, FUTEX_WAIT_BITSET, 0, NULL, 0x1);
    pids[1] = fork_waiter(f, FUTEX_WAIT_BITSET, 0, NULL, 0x6);
    CHECK(wait_for_waiters(f, 0, 2, pids, 2), "two_bitset_waiters");
    CHECK_EQ(futex(f, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 0x8), 0, "disjoint_bitset_wakes_none");
    CHECK_EQ(futex(f, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 0x4), 1, "bitset_4_wakes_one");
    CHECK_EXITED(t_wait(pids[1]), 0, "the_0x6_waiter_was_woken");
    pids[1] = -2;
    CHECK_EQ(waiters(f, 0, 0), 1, "the_0x1_waiter_still_waits");
    CHECK_EQ(futex(f, FUTEX_WAKE, 1, NULL, NULL, 0), 1, "plain_wake_matches_any_bitset");
    CHECK_EXITED(t_wait(pids[0]), 0, "the_0x1_waiter_was_woken");
}

/* FUTEX_WAKE_OP: change the second word atomically, wake waiters of the first, and of the second
 * too if the old value passes the comparison. */
static void wake_op(futex_t* a, futex_t* b)
{
    *a = 0;
    *b = 0;
    pid_t pids[3];
    pids[0] = fork_waiter(a, FUTEX_WAIT, 0, NULL, 0);
    pids[1] = fork_waiter(a, FUTEX_WAIT, 0, NULL, 0);
    pids[2] = fork_waiter(b, FUTEX_WAIT, 0, NULL, 0);
    CHECK(wait_for_waiters(a, 0, 2, pids, 3) && wait_for_waiters(b, 0, 1, pids, 3), "wake_op_waiters");
    CHECK_EQ(futex(a, FUTEX_WAKE_OP, 1, NR(1), b, FUTEX_OP(FUTEX_OP_SET, 5, FUTEX_OP_CMP_EQ, 1)), 1,
        "wake_op_false_wakes_first_only");
    CHECK_EQ(*b, 5, "wake_op_set");
    CHECK_EQ(waiters(b, 0, 5), 1, "second_waiter_still_waits");
    CHECK_EQ(futex(a, FUTEX_WAKE_OP, 1, NR(1), b, FUTEX_OP(FUTEX_OP_ADD, -2, FUTEX_OP_CMP_GT, 4)), 2,
        "wake_op_true_wakes_both");
    CHECK_EQ(*b, 3, "wake_op_add_negative");
    reap_all(pids, 3, "wake_op_waiters_return_0");

    CHECK_EQ(futex(a, FUTEX_WAKE_OP, 1, NR(1), b, FUTEX_OP(FUTEX_OP_OR, 0x10, FUTEX_OP_CMP_NE, 3)), 0, "wake_op_or");
    CHECK_EQ(*b, 0x13, "wake_op_or_value");
    futex(a, FUTEX_WAKE_OP, 1, NR(1), b, FUTEX_OP(FUTEX_OP_ANDN, 1, FUTEX_OP_CMP_EQ, 0));
    CHECK_EQ(*b, 0x12, "wake_op_andn_value");
    futex(a, FUTEX_WAKE_OP, 1, NR(1), b, FUTEX_OP(FUTEX_OP_XOR, 0xff, FUTEX_OP_CMP_EQ, 0));
    CHECK_EQ(*b, 0xed, "wake_op_xor_value");
    futex(a, FUTEX_WAKE_OP_PRIVATE, 1, NR(1), b, FUTEX_OP(FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 8, FUTEX_OP_CMP_EQ, 0));
    CHECK_EQ(*b, 0x1ed, "wake_op_oparg_shift");
    CHECK_EQ(futex(a, FUTEX_WAKE_OP, 1, NR(1), b, FUTEX_OP(FUTEX_OP_SET, 7, FUTEX_OP_CMP_LT, -1)), 0,
        "wake_op_negative_cmparg");
    CHECK_ERRNO(futex(a, FUTEX_WAKE_OP, 1, NR(1), b, FUTEX_OP(5, 1, FUTEX_OP_CMP_EQ, 0)), ENOSYS,
        "wake_op_unknown_op_ENOSYS");
    CHECK_EQ(*b, 7, "unknown_op_writes_nothing");
    CHECK_ERRNO(futex(a, FUTEX_WAKE_OP, 1, NR(1), b, FUTEX_OP(FUTEX_OP_SET, 9, 6, 0)), ENOSYS,
        "wake_op_unknown_cmp_ENOSYS");
    CHECK_EQ(*b, 9, "unknown_cmp_after_the_write");
    CHECK_ERRNO(futex(a, FUTEX_WAKE_OP, 1, NR(1), (futex_t*)((char*)b + 2), 0), EINVAL, "wake_op_misaligned_EINVAL");
    CHECK_ERRNO(futex(a, FUTEX_WAKE_OP | FUTEX_CLOCK_REALTIME, 1, NR(1), b, 0), ENOSYS, "wake_op_clock_realtime_ENOSYS");

    futex_t* ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_ERRNO(futex(a, FUTEX_WAKE_OP, 1, NR(1), ro, 0), EFAULT, "wake_op_read_only_EFAULT");
    CHECK_ERRNO(futex(a, FUTEX_WAKE_OP_PRIVATE, 1, NR(1), ro, 0), EFAULT, "wake_op_private_read_only_EFAULT");
    CHECK_ERRNO(futex(ro, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT, "wake_shared_read_only_anonymous_EFAULT");
    CHECK_ERRNO(futex(ro, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT, "wait_shared_read_only_anonymous_EFAULT");
    CHECK_EQ(futex(ro, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0, "wake_private_read_only_0");
    CHECK_ERRNO(futex(ro, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0), EAGAIN, "wait_private_read_only_EAGAIN");
    munmap((void*)ro, 4096);
    char* fresh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_EQ(futex(a, FUTEX_WAKE_OP_PRIVATE, 1, NR(1), (futex_t*)(fresh + 8), FUTEX_OP(FUTEX_OP_SET, 77, 0, 0)), 0,
        "wake_op_untouched_page");
    CHECK_EQ(((futex_t*)fresh)[2], 77, "wake_op_untouched_page_written");
    munmap(fresh, 4096);

    /* On a page shared copy-on-write after fork: the child's store is its own. */
    static futex_t cow_word;
    cow_word = 1;
    pid_t pid = t_fork();
    if (pid == 0) {
        long r = futex(a, FUTEX_WAKE_OP_PRIVATE, 1, NR(1), &cow_word, FUTEX_OP(FUTEX_OP_ADD, 41, 0, 0));
        _exit(r == 0 && cow_word == 42 ? 0 : 1);
    }
    CHECK_EXITED(t_wait(pid), 0, "wake_op_in_child_on_cow_page");
    CHECK_EQ(cow_word, 1, "parent_word_unchanged");
}

/* Two mappings of one file at different offsets and addresses: the same page, the same futex. */
static void file_mappings(void)
{
    int fd = open("/tmp/futex_file", O_CREAT | O_TRUNC | O_RDWR, 0600);
    CHECK(fd >= 0 && ftruncate(fd, 3 * 4096) == 0, "file_created");
    char* whole = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char* third = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * 4096);
    CHECK(whole != MAP_FAILED && third != MAP_FAILED, "file_mapped_twice");
    futex_t* f1 = (futex_t*)(whole + 2 * 4096 + 64);
    futex_t* f2 = (futex_t*)(third + 64);
    *f1 = 5;
    CHECK_EQ(*f2, 5, "same_word_through_both_mappings");

    /* A child waits through the first mapping; we count and wake it through the second. */
    pid_t pid = fork_waiter(f1, FUTEX_WAIT, 5, NULL, 0);
    CHECK(wait_for_waiters(f2, 5, 1, &pid, 1), "waiter_seen_through_other_mapping");
    CHECK_EQ(futex(f2 + 1, FUTEX_WAKE, 1, NULL, NULL, 0), 0, "next_word_is_another_futex");
    CHECK_EQ(futex(f2, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0, "private_wake_does_not_find_it");
    /* Through a read-only MAP_PRIVATE mapping, the page cache's page is the same futex too. */
    futex_t* ro_private = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 2 * 4096);
    CHECK(ro_private != MAP_FAILED, "file_mapped_private_read_only");
    CHECK_EQ(waiters(ro_private + 16, 0, 5), 1, "waiter_seen_through_read_only_private_mapping");
    munmap((void*)ro_private, 4096);
    CHECK_EQ(futex(f2, FUTEX_WAKE, 1, NULL, NULL, 0), 1, "woken_through_other_mapping");
    CHECK_EXITED(t_wait(pid), 0, "file_waiter_exit");

    /* A child maps the file itself (a mapping the parent does not have) and wakes us. */
    volatile int* done = t_shared(4096);
    pid = t_fork();
    if (pid == 0) {
        char* own = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * 4096);
        if (own == MAP_FAILED)
            _exit(1);
        futex_t* mine = (futex_t*)(own + 64);
        long w = 0;
        while (!t_flag_get(done) && (w = futex(mine, FUTEX_WAKE, 1, NULL, NULL, 0)) == 0)
            sched_yield();
        _exit(w == 1 ? 0 : 2);
    }
    long r = futex(f1, FUTEX_WAIT, 5, NULL, NULL, 0);
    t_flag_set(done, 1);
    CHECK_EQ(r, 0, "woken_by_child_own_mapping");
    CHECK_EXITED(t_wait(pid), 0, "child_own_mapping_exit");
    munmap((void*)done, 4096);
    munmap(whole, 3 * 4096);
    munmap(third, 4096);
    close(fd);
    unlink("/tmp/futex_file");
}

/* A task's CLONE_CHILD_CLEARTID / set_tid_address word is cleared and futex-woken when it lets go
 * of an address space that others still use: here a vfork child's exit, with the word in shared
 * memory where another process waits on it. */
static void clear_child_tid_wakes(futex_t* f)
{
    *f = 1234;
    const struct timespec limit = { 20, 0 }; /* only so that a failure cannot hang */
    pid_t waiter = fork_waiter(f, FUTEX_WAIT, 1234, &limit, 0);
    CHECK(wait_for_waiters(f, 1234, 1, &waiter, 1), "tid_word_waiter_queued");
    pid_t pid = vfork();
    if (pid == 0) {
        syscall(SYS_set_tid_address, f);
        _exit(0);
    }
    CHECK(pid > 0, "vfork");
    CHECK_EXITED(t_wait(pid), 0, "vfork_child_exit");
    CHECK_EQ(*f, 0, "tid_word_cleared");
    CHECK_EXITED(t_wait(waiter), 0, "tid_word_waiter_woken");
}

int main(void)
{
    futex_t* shared = t_shared(4096);
    volatile int* flags = (volatile int*)(shared + 256);
    errors(shared);
    futex_t private_word = 0;
    CHECK_ERRNO(futex(&private_word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0), EAGAIN, "private_memory_EAGAIN");
    parent_waits_child_wakes(shared, flags);
    private_does_not_cross(shared + 8, flags);
    wake_counts(shared + 16);
    requeue_counts(shared + 32, shared + 48);
    bitsets(shared + 64);
    wake_op(shared + 96, shared + 112);
    file_mappings();
    clear_child_tid_wakes(shared + 80);
    return t_failures ? 1 : 0;
}
