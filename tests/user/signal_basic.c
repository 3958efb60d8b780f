/*
 * signal_basic: signals within one process. Handlers with and without SA_SIGINFO and their
 * siginfo (si_signo, si_code, si_pid, si_uid), blocked and pending sets, sigsuspend, SA_RESETHAND,
 * SA_NODEFER, nested handlers, raise from a handler, sigtimedwait, the alternate stack, registers and FPU state
 * kept across a handler, a SIGSEGV handler that siglongjmps out of a fault, and the errors of
 * rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack and kill.
 */
#include "t.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/syscall.h>

static volatile int hits[65];
static volatile int last_signo, last_code, last_pid, last_uid;
static volatile void* last_addr;
static volatile int depth, max_depth;

static void count_handler(int sig) { hits[sig]++; }

static void info_handler(int sig, siginfo_t* info, void* uc)
{
    (void)uc;
    hits[sig]++;
    last_signo = info->si_signo;
    last_code = info->si_code;
    last_pid = info->si_pid;
    last_uid = info->si_uid;
}

static int install(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

static int install_info(int sig, void (*fn)(int, siginfo_t*, void*), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = flags | SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

static sigset_t blocked_now(void)
{
    sigset_t set;
    sigprocmask(SIG_SETMASK, NULL, &set);
    return set;
}

/* SA_NODEFER: the handler raises its own signal once more from inside. */
static void nodefer_handler(int sig)
{
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (hits[sig]++ == 0)
        raise(sig);
    depth--;
}

/* Nested: SIGUSR1's handler raises SIGUSR2, whose handler runs inside it. */
static volatile int order[4], order_n;
static void outer_handler(int sig)
{
    (void)sig;
    order[order_n++] = 1;
    raise(SIGUSR2);
    order[order_n++] = 3;
}
static void inner_handler(int sig)
{
    (void)sig;
    order[order_n++] = 2;
}

/* The alternate stack. */
static char altstack[65536] __attribute__((aligned(16)));
static volatile int on_alt, alt_flags, alt_change_errno;
static void alt_handler(int sig)
{
    (void)sig;
    char local;
    on_alt = &local >= altstack && &local < altstack + sizeof(altstack);
    stack_t now;
    sigaltstack(NULL, &now);
    alt_flags = now.ss_flags;
    stack_t other = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 };
    errno = 0;
    alt_change_errno = sigaltstack(&other, NULL) == -1 ? errno : 0;
}

/* Registers and FPU state survive a handler that clobbers them. */
static volatile double fpu_in_handler;
static void fpu_handler(int sig)
{
    (void)sig;
    volatile double x = 3.0;
    fpu_in_handler = x * 7.0;
}

/* A fault with a handler: siglongjmp back out. */
static sigjmp_buf fault_jump;
static void segv_handler(int sig, siginfo_t* info, void* uc)
{
    (void)uc;
    last_signo = sig;
    last_code = info->si_code;
    last_addr = info->si_addr;
    siglongjmp(fault_jump, 1);
}

int main(void)
{
    /* A handler without SA_SIGINFO, from kill(). */
    CHECK(install(SIGUSR1, count_handler, 0) == 0, "sigaction_plain");
    kill(getpid(), SIGUSR1);
    CHECK_EQ(hits[SIGUSR1], 1, "kill_runs_handler");

    /* SA_SIGINFO: kill is SI_USER from us; raise is tgkill, SI_TKILL. */
    CHECK(install_info(SIGUSR2, info_handler, 0) == 0, "sigaction_siginfo");
    kill(getpid(), SIGUSR2);
    CHECK_EQ(last_signo, SIGUSR2, "siginfo_signo");
    CHECK_EQ(last_code, SI_USER, "siginfo_code_kill");
    CHECK(last_pid == getpid(), "siginfo_pid");
    CHECK(last_uid == (int)getuid(), "siginfo_uid");
    raise(SIGUSR2);
    CHECK_EQ(last_code, SI_TKILL, "siginfo_code_raise");
    CHECK_EQ(hits[SIGUSR2], 2, "siginfo_handler_ran_twice");

    /* sigaction reads back what was set; unknown flags are dropped. */
    struct sigaction old;
    sigaction(SIGUSR2, NULL, &old);
    CHECK((old.sa_flags & SA_SIGINFO) && old.sa_sigaction == info_handler, "sigaction_read_back");

    /* Blocked: pending until unblocked, then delivered once (standard signals do not queue). */
    sigset_t set, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    CHECK_EQ(hits[SIGUSR1], 1, "blocked_not_delivered");
    sigpending(&pend);
    CHECK(sigismember(&pend, SIGUSR1) && !sigismember(&pend, SIGUSR2), "sigpending_shows_blocked");
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    CHECK_EQ(hits[SIGUSR1], 2, "unblock_delivers_once");
    sigpending(&pend);
    CHECK(!sigismember(&pend, SIGUSR1), "sigpending_empty_after");

    /* Real-time signals queue: three sent while blocked, three handled. */
    int rt = SIGRTMIN + 2;
    install_info(rt, info_handler, 0);
    sigemptyset(&set);
    sigaddset(&set, rt);
    sigprocmask(SIG_BLOCK, &set, NULL);
    kill(getpid(), rt);
    kill(getpid(), rt);
    kill(getpid(), rt);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    CHECK_EQ(hits[rt], 3, "rt_signals_queue");

    /* SIG_IGN discards a pending signal, blocked or not. */
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    kill(getpid(), SIGUSR1);
    signal(SIGUSR1, SIG_IGN);
    sigpending(&pend);
    CHECK(!sigismember(&pend, SIGUSR1), "sig_ign_discards_pending");
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    kill(getpid(), SIGUSR1); /* ignored: nothing happens */
    CHECK_EQ(hits[SIGUSR1], 2, "ignored_signal_not_delivered");
    /* A blocked signal with SIG_DFL ignore action (SIGCHLD) stays pending while blocked. */
    sigemptyset(&set);
    sigaddset(&set, SIGWINCH);
    sigprocmask(SIG_BLOCK, &set, NULL);
    kill(getpid(), SIGWINCH);
    sigpending(&pend);
    CHECK(sigismember(&pend, SIGWINCH), "blocked_default_ignored_stays_pending");
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    /* SIGKILL and SIGSTOP cannot be blocked: silently left out of the mask. */
    sigemptyset(&set);
    sigaddset(&set, SIGKILL);
    sigaddset(&set, SIGSTOP);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    sigset_t now = blocked_now();
    CHECK(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP) && sigismember(&now, SIGUSR2),
        "kill_stop_never_blocked");
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    /* sigsuspend: the pending signal is handled under the temporary mask, -1 EINTR, the old mask
     * back afterwards. */
    install(SIGUSR1, count_handler, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    kill(getpid(), SIGUSR1);
    sigset_t empty;
    sigemptyset(&empty);
    int before = hits[SIGUSR1];
    errno = 0;
    int r = sigsuspend(&empty);
    CHECK(r == -1 && errno == EINTR, "sigsuspend_eintr");
    CHECK_EQ(hits[SIGUSR1], before + 1, "sigsuspend_ran_handler");
    now = blocked_now();
    CHECK(sigismember(&now, SIGUSR1), "sigsuspend_restores_mask");
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    /* The handler's mask: its own signal blocked inside (unless SA_NODEFER), then unblocked. */
    hits[SIGUSR1] = 0;
    depth = max_depth = 0;
    install(SIGUSR1, nodefer_handler, 0);
    raise(SIGUSR1);
    CHECK(hits[SIGUSR1] == 2 && max_depth == 1, "deferred_while_in_handler");
    hits[SIGUSR1] = 0;
    depth = max_depth = 0;
    install(SIGUSR1, nodefer_handler, SA_NODEFER);
    raise(SIGUSR1);
    CHECK(hits[SIGUSR1] == 2 && max_depth == 2, "sa_nodefer_nests");

    /* SA_RESETHAND: one run, then back to SIG_DFL. */
    install(SIGUSR1, count_handler, SA_RESETHAND);
    hits[SIGUSR1] = 0;
    raise(SIGUSR1);
    sigaction(SIGUSR1, NULL, &old);
    CHECK(hits[SIGUSR1] == 1 && old.sa_handler == SIG_DFL, "sa_resethand");

    /* Nested handlers: SIGUSR2 raised inside SIGUSR1's handler runs at once. */
    install(SIGUSR1, outer_handler, 0);
    install(SIGUSR2, inner_handler, 0);
    raise(SIGUSR1);
    CHECK(order_n == 3 && order[0] == 1 && order[1] == 2 && order[2] == 3, "nested_handlers");

    /* The alternate stack: SA_ONSTACK runs there, sigaltstack reports SS_ONSTACK inside, and
     * changing it from there is EPERM. */
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 }, oss;
    CHECK(sigaltstack(&ss, &oss) == 0 && oss.ss_flags == SS_DISABLE, "sigaltstack_set");
    install(SIGUSR1, alt_handler, SA_ONSTACK);
    raise(SIGUSR1);
    CHECK(on_alt, "handler_on_altstack");
    CHECK_EQ(alt_flags, SS_ONSTACK, "altstack_flags_inside");
    CHECK_EQ(alt_change_errno, EPERM, "altstack_change_inside_eperm");
    sigaltstack(NULL, &oss);
    CHECK(oss.ss_flags == 0 && oss.ss_sp == altstack && oss.ss_size == sizeof(altstack), "altstack_after");
    install(SIGUSR1, alt_handler, 0);
    raise(SIGUSR1);
    CHECK(!on_alt, "no_sa_onstack_normal_stack");
    ss.ss_size = 2047; /* the kernel's MINSIGSTKSZ is 2048 (glibc's may be larger) */
    CHECK_ERRNO(syscall(SYS_sigaltstack, &ss, NULL), ENOMEM, "altstack_too_small");
    ss.ss_size = sizeof(altstack);
    ss.ss_flags = 0x1234;
    CHECK_ERRNO(syscall(SYS_sigaltstack, &ss, NULL), EINVAL, "altstack_bad_flags");
    ss.ss_flags = SS_DISABLE;
    CHECK(sigaltstack(&ss, NULL) == 0, "altstack_disable");
    sigaltstack(NULL, &oss);
    CHECK_EQ(oss.ss_flags, SS_DISABLE, "altstack_disabled");
    CHECK_ERRNO(syscall(SYS_sigaltstack, t_ptr(8), NULL), EFAULT, "altstack_efault");

    /* FPU state is the program's own again after the handler. */
    install(SIGUSR1, fpu_handler, 0);
    volatile double a = 1.5, b = 2.25;
    double sum_before = a * b;
    raise(SIGUSR1);
    double sum_after = a * b;
    CHECK(sum_before == sum_after && fpu_in_handler == 21.0, "fpu_survives_handler");

    /* A fault with a handler: the handler runs with si_addr and SEGV_MAPERR, and siglongjmp
     * leaves it; the mask is restored by siglongjmp. */
    install_info(SIGSEGV, segv_handler, 0);
    if (sigsetjmp(fault_jump, 1) == 0) {
        *(volatile int*)t_ptr(16) = 1;
        t_print("not ok fault_with_handler\n");
    } else {
        CHECK(last_signo == SIGSEGV && last_code == SEGV_MAPERR && last_addr == t_ptr(16), "fault_with_handler");
    }
    now = blocked_now();
    CHECK(!sigismember(&now, SIGSEGV), "siglongjmp_restored_mask");
    /* Twice: the handler is still there. */
    last_signo = 0;
    if (sigsetjmp(fault_jump, 1) == 0)
        *(volatile int*)t_ptr(32) = 1;
    CHECK(last_signo == SIGSEGV, "fault_handler_again");
    signal(SIGSEGV, SIG_DFL);

    /* sigtimedwait: takes a pending blocked signal with its info, without running the handler;
     * EAGAIN when nothing comes in time. */
    install(SIGUSR1, count_handler, 0);
    hits[SIGUSR1] = 0;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR2); /* default action: would kill us, but it is taken instead */
    kill(getpid(), SIGUSR1);
    siginfo_t si;
    struct timespec zero = { 0, 0 }, short_wait = { 0, 20 * 1000 * 1000 }, bad = { 0, 2000000000 };
    memset(&si, 0, sizeof(si));
    /* The thread's own pending set (raise) comes before the process's (kill). */
    CHECK(sigtimedwait(&set, &si, &zero) == SIGUSR2 && si.si_signo == SIGUSR2, "sigtimedwait_thread_first");
    memset(&si, 0, sizeof(si));
    CHECK(sigtimedwait(&set, &si, NULL) == SIGUSR1 && si.si_code == SI_USER && si.si_pid == getpid(),
        "sigtimedwait_process_second");
    CHECK_EQ(hits[SIGUSR1], 0, "sigtimedwait_no_handler");
    CHECK_ERRNO(sigtimedwait(&set, &si, &zero), EAGAIN, "sigtimedwait_poll_eagain");
    CHECK_ERRNO(sigtimedwait(&set, &si, &short_wait), EAGAIN, "sigtimedwait_timeout_eagain");
    CHECK_ERRNO(sigtimedwait(&set, &si, &bad), EINVAL, "sigtimedwait_bad_timespec");
    now = blocked_now();
    CHECK(sigismember(&now, SIGUSR1) && sigismember(&now, SIGUSR2), "sigtimedwait_mask_unchanged");
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    signal(SIGUSR2, SIG_DFL);

    /* Errors. */
    CHECK_ERRNO(sigaction(SIGKILL, &old, NULL), EINVAL, "sigaction_sigkill_einval");
    CHECK_ERRNO(sigaction(SIGSTOP, &old, NULL), EINVAL, "sigaction_sigstop_einval");
    CHECK(sigaction(SIGKILL, NULL, &old) == 0 && old.sa_handler == SIG_DFL, "sigaction_sigkill_query_ok");
    struct { void* h; unsigned long flags; void* restorer; unsigned long mask; } ka = { 0 };
    CHECK_ERRNO(syscall(SYS_rt_sigaction, 65, &ka, NULL, 8), EINVAL, "rt_sigaction_sig65");
    CHECK_ERRNO(syscall(SYS_rt_sigaction, 0, &ka, NULL, 8), EINVAL, "rt_sigaction_sig0");
    CHECK_ERRNO(syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 4), EINVAL, "rt_sigaction_sigsetsize");
    CHECK_ERRNO(syscall(SYS_rt_sigaction, SIGUSR1, t_ptr(8), NULL, 8), EFAULT, "rt_sigaction_efault");
    ka.flags = 0x400; /* SA_UNSUPPORTED: must read back cleared */
    ka.h = (void*)count_handler;
    syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8);
    syscall(SYS_rt_sigaction, SIGUSR1, NULL, &ka, 8);
    CHECK(!(ka.flags & 0x400), "unknown_sa_flags_cleared");
    unsigned long mask = 0;
    CHECK_ERRNO(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &mask, NULL, 4), EINVAL, "sigprocmask_sigsetsize");
    CHECK_ERRNO(syscall(SYS_rt_sigprocmask, 7, &mask, NULL, 8), EINVAL, "sigprocmask_bad_how");
    CHECK(syscall(SYS_rt_sigprocmask, 7, NULL, &mask, 8) == 0, "sigprocmask_how_ignored_without_set");
    CHECK_ERRNO(syscall(SYS_rt_sigprocmask, SIG_BLOCK, t_ptr(8), NULL, 8), EFAULT, "sigprocmask_efault");
    CHECK_ERRNO(syscall(SYS_rt_sigpending, &mask, 9), EINVAL, "sigpending_sigsetsize");
    CHECK_ERRNO(syscall(SYS_rt_sigsuspend, &mask, 4), EINVAL, "sigsuspend_sigsetsize");
    CHECK_ERRNO(kill(getpid(), 65), EINVAL, "kill_sig65");
    CHECK_ERRNO(kill(getpid(), -1), EINVAL, "kill_negative_sig");
    CHECK(kill(getpid(), 0) == 0, "kill_sig0_self");
    CHECK_ERRNO(kill(999999, 0), ESRCH, "kill_esrch");
    CHECK_ERRNO(kill(-999999, SIGUSR1), ESRCH, "kill_pgrp_esrch");
    CHECK_ERRNO(syscall(SYS_tgkill, getpid(), 999999, SIGUSR1), ESRCH, "tgkill_esrch");
    CHECK_ERRNO(syscall(SYS_tgkill, 999999, getpid(), SIGUSR1), ESRCH, "tgkill_wrong_group");
    CHECK_ERRNO(syscall(SYS_tgkill, getpid(), 0, SIGUSR1), EINVAL, "tgkill_tid0");
    CHECK_ERRNO(syscall(SYS_tkill, getpid(), 65), EINVAL, "tkill_sig65");
    CHECK(syscall(SYS_tkill, getpid(), 0) == 0, "tkill_sig0");
    return t_failures ? 1 : 0;
}
