/*
 * posix_timer: timer_create, timer_settime, timer_gettime, timer_getoverrun, timer_delete.
 * Errors in Linux's order (through the system calls: the C libraries wrap timer ids); SIGEV_NONE
 * read back; SIGEV_SIGNAL one-shot and interval with SI_TIMER, si_value and the timer id;
 * TIMER_ABSTIME on CLOCK_REALTIME; overruns while the signal is blocked; SIGEV_THREAD_ID; the C
 * library's SIGEV_THREAD (built on SIGEV_THREAD_ID); no timers in a fork child, none after exec.
 */
#include "t_proc.h"
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>

#define MS 1000000L /* in nanoseconds */

static long k_create(long clock, void* sev, int* id) { return syscall(SYS_timer_create, clock, sev, id); }
static long k_settime(long id, long flags, const struct itimerspec* v, struct itimerspec* old)
{
    return syscall(SYS_timer_settime, id, flags, v, old);
}
static long k_gettime(long id, struct itimerspec* v) { return syscall(SYS_timer_gettime, id, v); }
static long k_delete(long id) { return syscall(SYS_timer_delete, id); }
static long k_getoverrun(long id) { return syscall(SYS_timer_getoverrun, id); }

static struct itimerspec its(long value_ns, long interval_ns)
{
    struct itimerspec v;
    v.it_value.tv_sec = value_ns / 1000000000L;
    v.it_value.tv_nsec = value_ns % 1000000000L;
    v.it_interval.tv_sec = interval_ns / 1000000000L;
    v.it_interval.tv_nsec = interval_ns % 1000000000L;
    return v;
}
static long long ns(struct timespec ts) { return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec; }

static volatile sig_atomic_t hits, last_code, last_value, last_timerid, last_overrun, overrun_seen;
static volatile int handler_timer = -1;

static void on_timer(int sig, siginfo_t* info, void* ctx)
{
    (void)sig;
    (void)ctx;
    hits++;
    last_code = info->si_code;
    last_value = info->si_value.sival_int;
    last_timerid = info->si_timerid;
    last_overrun = info->si_overrun;
    if (handler_timer >= 0)
        overrun_seen = k_getoverrun(handler_timer);
}

static int sig;

static void wait_hits(int n)
{
    sigset_t none;
    sigemptyset(&none);
    while (hits < n)
        sigsuspend(&none);
}

static void errors(void)
{
    int id;
    struct sigevent sev;
    memset(&sev, 0, sizeof(sev));
    CHECK_ERRNO(k_create(100, NULL, &id), EINVAL, "create_bad_clock");
    CHECK_ERRNO(k_create(CLOCK_MONOTONIC_RAW, NULL, &id), EOPNOTSUPP, "create_clock_without_timers");
    CHECK_ERRNO(k_create(CLOCK_MONOTONIC, t_ptr(16), &id), EFAULT, "create_bad_sigevent_pointer");
    sev.sigev_notify = 99;
    sev.sigev_signo = SIGALRM;
    CHECK_ERRNO(k_create(CLOCK_MONOTONIC, &sev, &id), EINVAL, "create_bad_notify");
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = 0;
    CHECK_ERRNO(k_create(CLOCK_MONOTONIC, &sev, &id), EINVAL, "create_signal_0");
    sev.sigev_signo = 65;
    CHECK_ERRNO(k_create(CLOCK_MONOTONIC, &sev, &id), EINVAL, "create_signal_65");
    sev.sigev_notify = 4 /* SIGEV_THREAD_ID */;
    sev.sigev_signo = SIGALRM;
    /* The glibc and musl structs differ in name; the tid is the first int of the union. */
    int* tid = (int*)((char*)&sev + 16);
    *tid = 99999;
    CHECK_ERRNO(k_create(CLOCK_MONOTONIC, &sev, &id), EINVAL, "create_thread_id_missing");
    *tid = 1; /* PID 1: not a thread of ours */
    CHECK_ERRNO(k_create(CLOCK_MONOTONIC, &sev, &id), EINVAL, "create_thread_id_other_process");
    sev.sigev_notify = SIGEV_NONE;
    sev.sigev_signo = 0;
    CHECK(k_create(CLOCK_MONOTONIC, &sev, &id) == 0, "create_sigev_none_any_signal");
    k_delete(id);
    CHECK_ERRNO(k_create(CLOCK_MONOTONIC, NULL, t_ptr(16)), EFAULT, "create_bad_id_pointer");

    CHECK(k_create(CLOCK_MONOTONIC, NULL, &id) == 0, "create_default");
    struct itimerspec v = its(0, 0), bad = its(0, 0), got;
    bad.it_value.tv_nsec = 1000000000L;
    CHECK_ERRNO(k_settime(id, 0, NULL, NULL), EINVAL, "settime_null");
    CHECK_ERRNO(k_settime(id, 0, t_ptr(16), NULL), EFAULT, "settime_bad_pointer");
    CHECK_ERRNO(k_settime(id, 0, &bad, NULL), EINVAL, "settime_bad_nsec");
    bad = its(0, 0);
    bad.it_interval.tv_sec = -1;
    CHECK_ERRNO(k_settime(id, 0, &bad, NULL), EINVAL, "settime_negative_interval");
    CHECK_ERRNO(k_settime(id + 1000, 0, &v, NULL), EINVAL, "settime_bad_id");
    CHECK_ERRNO(k_gettime(id + 1000, &got), EINVAL, "gettime_bad_id");
    CHECK_ERRNO(k_gettime(id, t_ptr(16)), EFAULT, "gettime_bad_pointer");
    CHECK_ERRNO(k_getoverrun(id + 1000), EINVAL, "getoverrun_bad_id");
    CHECK(k_gettime(id, &got) == 0 && ns(got.it_value) == 0 && ns(got.it_interval) == 0, "new_timer_disarmed");
    CHECK_EQ(k_getoverrun(id), 0, "new_timer_no_overrun");
    CHECK(k_delete(id) == 0, "delete");
    CHECK_ERRNO(k_delete(id), EINVAL, "delete_twice");
    CHECK_ERRNO(k_delete(-1), EINVAL, "delete_negative");
}

static void readback(void)
{
    int id;
    struct sigevent sev;
    memset(&sev, 0, sizeof(sev));
    sev.sigev_notify = SIGEV_NONE;
    k_create(CLOCK_MONOTONIC, &sev, &id);
    struct itimerspec v = its(10000 * MS, 2500 * MS), got, old;
    CHECK(k_settime(id, 0, &v, &old) == 0 && ns(old.it_value) == 0, "sigev_none_settime");
    k_gettime(id, &got);
    CHECK(ns(got.it_value) > 9000 * MS && ns(got.it_value) <= 10000 * MS, "sigev_none_value_left");
    CHECK_EQ(ns(got.it_interval), 2500 * MS, "sigev_none_interval");
    v = its(0, 0);
    k_settime(id, 0, &v, &old);
    CHECK(ns(old.it_value) > 9000 * MS && ns(old.it_interval) == 2500 * MS, "settime_returns_old");
    /* (Linux's gettime of a disarmed SIGEV_NONE one-shot timer still shows the old expiry.) */
    /* An expired SIGEV_NONE interval timer moves on. */
    v = its(10 * MS, 30 * MS);
    k_settime(id, 0, &v, NULL);
    struct timespec nap = { 0, 50 * MS };
    nanosleep(&nap, NULL);
    k_gettime(id, &got);
    CHECK(ns(got.it_value) > 0 && ns(got.it_value) <= 30 * MS, "sigev_none_interval_forwarded");
    /* An absolute time in the past on CLOCK_REALTIME: fires at once (here: nothing to fire). */
    k_delete(id);
}

static void delivery(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO;
    sig = SIGRTMIN + 2;
    sigaction(sig, &sa, NULL);

    struct sigevent sev;
    memset(&sev, 0, sizeof(sev));
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = sig;
    sev.sigev_value.sival_int = 1234;
    int id;
    CHECK(k_create(CLOCK_MONOTONIC, &sev, &id) == 0, "create_signal");
    struct itimerspec v = its(50 * MS, 0), got;
    hits = 0;
    k_settime(id, 0, &v, NULL);
    wait_hits(1);
    CHECK_EQ(last_code, SI_TIMER, "si_code_si_timer");
    CHECK_EQ(last_value, 1234, "si_value_from_sigevent");
    CHECK_EQ(last_timerid, id, "si_timerid");
    CHECK_EQ(last_overrun, 0, "si_overrun_0");
    k_gettime(id, &got);
    CHECK(ns(got.it_value) == 0, "one_shot_disarmed");

    /* Interval. */
    hits = 0;
    v = its(20 * MS, 20 * MS);
    k_settime(id, 0, &v, NULL);
    wait_hits(3);
    v = its(0, 0);
    k_settime(id, 0, &v, NULL);
    CHECK(hits >= 3, "interval_fires_repeatedly");
    k_gettime(id, &got);
    CHECK(ns(got.it_value) == 0 && ns(got.it_interval) == 0, "zero_value_disarms");

    /* Absolute on CLOCK_REALTIME. */
    int rid;
    k_create(CLOCK_REALTIME, &sev, &rid);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    long long at = ns(now) + 100 * MS;
    v = its(0, 0);
    v.it_value.tv_sec = at / 1000000000LL;
    v.it_value.tv_nsec = at % 1000000000LL;
    hits = 0;
    CHECK(k_settime(rid, TIMER_ABSTIME, &v, NULL) == 0, "settime_abstime_realtime");
    k_gettime(rid, &got);
    CHECK(ns(got.it_value) > 0 && ns(got.it_value) <= 100 * MS, "abstime_value_is_relative");
    wait_hits(1);
    clock_gettime(CLOCK_REALTIME, &now);
    CHECK(ns(now) >= at, "abstime_not_early");
    /* In the past: at once. */
    hits = 0;
    v.it_value.tv_sec = 1;
    v.it_value.tv_nsec = 0;
    k_settime(rid, TIMER_ABSTIME, &v, NULL);
    wait_hits(1);
    CHECK_EQ(hits, 1, "abstime_in_the_past_fires");
    k_delete(rid);

    /* Overruns: blocked for 8 periods, then one signal that counts the rest. */
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, sig);
    sigprocmask(SIG_BLOCK, &block, NULL);
    hits = 0;
    handler_timer = id;
    v = its(50 * MS, 50 * MS);
    k_settime(id, 0, &v, NULL);
    struct timespec nap = { 0, 420 * MS };
    nanosleep(&nap, NULL);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    handler_timer = -1;
    v = its(0, 0);
    k_settime(id, 0, &v, NULL);
    CHECK(hits >= 1, "blocked_timer_delivered");
    CHECK(last_overrun >= 3, "si_overrun_counts_missed_periods");
    CHECK(overrun_seen >= 3, "getoverrun_in_handler");
    k_delete(id);

    /* SIGEV_THREAD_ID to ourselves. */
    memset(&sev, 0, sizeof(sev));
    sev.sigev_notify = 4 /* SIGEV_THREAD_ID */;
    sev.sigev_signo = sig;
    *(int*)((char*)&sev + 16) = (int)syscall(SYS_gettid);
    CHECK(k_create(CLOCK_MONOTONIC, &sev, &id) == 0, "create_thread_id");
    hits = 0;
    v = its(30 * MS, 0);
    k_settime(id, 0, &v, NULL);
    wait_hits(1);
    CHECK_EQ(last_code, SI_TIMER, "thread_id_signal");
    k_delete(id);
}

static volatile int thread_notified;
static void notify_fn(union sigval v) { __atomic_store_n(&thread_notified, v.sival_int, __ATOMIC_SEQ_CST); }

/* The C library's SIGEV_THREAD: a helper thread waits for a SIGEV_THREAD_ID signal. */
static void sigev_thread(void)
{
    struct sigevent sev;
    memset(&sev, 0, sizeof(sev));
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_notify_function = notify_fn;
    sev.sigev_value.sival_int = 77;
    timer_t t;
    if (!CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0, "libc_sigev_thread_create"))
        return;
    struct itimerspec v = its(30 * MS, 0);
    CHECK(timer_settime(t, 0, &v, NULL) == 0, "libc_sigev_thread_settime");
    struct timespec nap = { 0, 10 * MS };
    for (int i = 0; i < 1000 && !__atomic_load_n(&thread_notified, __ATOMIC_SEQ_CST); i++)
        nanosleep(&nap, NULL);
    CHECK_EQ(thread_notified, 77, "libc_sigev_thread_runs_function");
    CHECK(timer_delete(t) == 0, "libc_sigev_thread_delete");
}

static int after_exec(int failures, int id)
{
    t_failures = failures;
    struct itimerspec got;
    CHECK_ERRNO(k_gettime(id, &got), EINVAL, "exec_deletes_timers");
    return t_exit_status();
}

int main(int argc, char** argv)
{
    if (argc > 3 && strcmp(argv[1], "after") == 0)
        return after_exec(atoi(argv[2]), atoi(argv[3]));
    errors();
    readback();
    delivery();
    sigev_thread();

    int id;
    k_create(CLOCK_MONOTONIC, NULL, &id);
    struct itimerspec v = its(30000 * MS, 0), got;
    k_settime(id, 0, &v, NULL);
    pid_t pid = t_fork();
    if (pid == 0)
        _exit(k_gettime(id, &got) == -1 && errno == EINVAL ? 0 : 1);
    int status = t_wait(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork_child_has_no_timers");
    CHECK(k_gettime(id, &got) == 0 && ns(got.it_value) > 0, "parent_timer_still_armed");

    char count[16], ids[16];
    snprintf(count, sizeof(count), "%d", t_failures);
    snprintf(ids, sizeof(ids), "%d", id);
    char* args[] = { argv[0], "after", count, ids, NULL };
    execv("/proc/self/exe", args);
    t_print("not ok exec\n");
    return 1;
}
