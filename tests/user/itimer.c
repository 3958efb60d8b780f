/*
 * itimer: alarm(2), setitimer(2), getitimer(2). Errors in Linux's order; what getitimer reads
 * back (bounds only, never raw times); alarm's rounding of the seconds left; SIGALRM delivery
 * (si_code SI_KERNEL) and interval reload; the default action; ITIMER_VIRTUAL and ITIMER_PROF
 * firing after CPU time is burnt, and not counting sleep; timers survive exec and are not
 * inherited by a fork child.
 */
#include "t_proc.h"
#include <limits.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#define MS 1000L /* in microseconds */

static volatile sig_atomic_t alrm_hits, vtalrm_hits, prof_hits;
static volatile int alrm_code = -1;

static void on_alrm(int sig, siginfo_t* info, void* ctx)
{
    (void)sig;
    (void)ctx;
    alrm_hits++;
    alrm_code = info->si_code;
}
static void on_vtalrm(int sig) { (void)sig; vtalrm_hits++; }
static void on_prof(int sig) { (void)sig; prof_hits++; }

static long long usec(struct timeval tv) { return (long long)tv.tv_sec * 1000000 + tv.tv_usec; }

static struct itimerval itv(long value_us, long interval_us)
{
    struct itimerval v;
    v.it_value.tv_sec = value_us / 1000000;
    v.it_value.tv_usec = value_us % 1000000;
    v.it_interval.tv_sec = interval_us / 1000000;
    v.it_interval.tv_usec = interval_us % 1000000;
    return v;
}

static long raw_setitimer(long which, const void* value, void* old) { return syscall(SYS_setitimer, which, value, old); }
/* The system call itself: musl's alarm() is setitimer() and rounds any fraction up. */
static long raw_alarm(unsigned seconds) { return syscall(SYS_alarm, seconds); }
static long raw_getitimer(long which, void* value) { return syscall(SYS_getitimer, which, value); }

static long long cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Burn user-mode CPU until *flag becomes nonzero, for at most `limit_ms` of wall time. */
static void burn_until(volatile sig_atomic_t* flag, long long limit_ms)
{
    long long end = mono_ms() + limit_ms;
    volatile unsigned long x = 0;
    while (!*flag && mono_ms() < end) {
        for (int i = 0; i < 100000; i++)
            x += i;
    }
}

static void errors(void)
{
    struct itimerval v = itv(0, 0), bad_usec = itv(0, 0), bad_sec = itv(0, 0), bad_interval = itv(0, 0);
    bad_usec.it_value.tv_usec = 1000000;
    bad_sec.it_value.tv_sec = -1;
    bad_interval.it_interval.tv_usec = -1;
    CHECK_ERRNO(raw_setitimer(3, &v, NULL), EINVAL, "setitimer_bad_which");
    CHECK_ERRNO(raw_setitimer(-1, &v, NULL), EINVAL, "setitimer_negative_which");
    CHECK_ERRNO(raw_setitimer(ITIMER_REAL, &bad_usec, NULL), EINVAL, "setitimer_usec_1000000");
    CHECK_ERRNO(raw_setitimer(ITIMER_REAL, &bad_sec, NULL), EINVAL, "setitimer_negative_sec");
    CHECK_ERRNO(raw_setitimer(ITIMER_VIRTUAL, &bad_interval, NULL), EINVAL, "setitimer_negative_interval_usec");
    CHECK_ERRNO(raw_setitimer(ITIMER_REAL, t_ptr(16), NULL), EFAULT, "setitimer_bad_value_pointer");
    CHECK_ERRNO(raw_setitimer(7, t_ptr(16), NULL), EFAULT, "setitimer_value_copied_before_which");
    CHECK_ERRNO(raw_getitimer(3, &v), EINVAL, "getitimer_bad_which");
    CHECK_ERRNO(raw_getitimer(ITIMER_REAL, t_ptr(16)), EFAULT, "getitimer_bad_pointer");
    CHECK_ERRNO(raw_getitimer(ITIMER_PROF, NULL), EFAULT, "getitimer_null");
    CHECK_ERRNO(raw_getitimer(9, t_ptr(16)), EINVAL, "getitimer_which_before_pointer");

    /* A bad old-value pointer fails the call after the new value is in force. */
    struct itimerval ten = itv(10000 * MS, 0);
    CHECK_ERRNO(raw_setitimer(ITIMER_REAL, &ten, t_ptr(16)), EFAULT, "setitimer_bad_old_pointer");
    struct itimerval got;
    getitimer(ITIMER_REAL, &got);
    CHECK(usec(got.it_value) > 0, "setitimer_bad_old_pointer_still_armed");
    /* A NULL new value disarms (Linux keeps this misfeature). */
    CHECK(raw_setitimer(ITIMER_REAL, NULL, NULL) == 0, "setitimer_null_value");
    getitimer(ITIMER_REAL, &got);
    CHECK(usec(got.it_value) == 0, "setitimer_null_value_disarms");
}

static void readback(void)
{
    struct itimerval got, old;
    int zero = 1;
    for (int which = 0; which < 3; which++) {
        getitimer(which, &got);
        zero &= usec(got.it_value) == 0 && usec(got.it_interval) == 0;
    }
    CHECK(zero, "all_disarmed_at_start");

    struct itimerval set = itv(10000 * MS, 2500 * MS);
    CHECK(setitimer(ITIMER_REAL, &set, &old) == 0, "setitimer_real");
    CHECK(usec(old.it_value) == 0 && usec(old.it_interval) == 0, "setitimer_old_was_disarmed");
    getitimer(ITIMER_REAL, &got);
    CHECK(usec(got.it_value) > 9000 * MS && usec(got.it_value) <= 10000 * MS, "getitimer_real_value_left");
    CHECK_EQ(usec(got.it_interval), 2500 * MS, "getitimer_real_interval_exact");
    CHECK(got.it_value.tv_usec >= 0 && got.it_value.tv_usec < 1000000, "getitimer_real_usec_normalised");
    set = itv(5000 * MS, 0);
    setitimer(ITIMER_REAL, &set, &old);
    CHECK(usec(old.it_value) > 9000 * MS && usec(old.it_value) <= 10000 * MS, "setitimer_real_returns_old_value");
    CHECK_EQ(usec(old.it_interval), 2500 * MS, "setitimer_real_returns_old_interval");
    set = itv(0, 3000 * MS); /* value 0 disarms, whatever the interval */
    setitimer(ITIMER_REAL, &set, &old);
    getitimer(ITIMER_REAL, &got);
    CHECK(usec(got.it_value) == 0 && usec(got.it_interval) == 0, "zero_value_disarms_and_clears_interval");

    /* CPU timers count CPU time: Linux arms them a tick later than asked. */
    set = itv(1000 * MS, 200 * MS);
    CHECK(setitimer(ITIMER_VIRTUAL, &set, NULL) == 0, "setitimer_virtual");
    getitimer(ITIMER_VIRTUAL, &got);
    CHECK(usec(got.it_value) > 900 * MS && usec(got.it_value) <= 1020 * MS, "getitimer_virtual_value");
    CHECK_EQ(usec(got.it_interval), 200 * MS, "getitimer_virtual_interval");
    /* Sleeping burns no user time: the virtual timer barely moves. */
    struct timespec nap = { 0, 200 * 1000000L };
    nanosleep(&nap, NULL);
    getitimer(ITIMER_VIRTUAL, &got);
    CHECK(usec(got.it_value) > 900 * MS, "virtual_timer_stands_still_in_sleep");
    set = itv(0, 0);
    setitimer(ITIMER_VIRTUAL, &set, &old);
    CHECK(usec(old.it_value) > 900 * MS && usec(old.it_value) <= 1020 * MS, "setitimer_virtual_returns_old");
    set = itv(2000 * MS, 0);
    setitimer(ITIMER_PROF, &set, NULL);
    getitimer(ITIMER_PROF, &got);
    CHECK(usec(got.it_value) > 1900 * MS && usec(got.it_value) <= 2020 * MS, "getitimer_prof_value");
    set = itv(0, 0);
    setitimer(ITIMER_PROF, &set, NULL);
}

static void alarm_rounding(void)
{
    CHECK_EQ(raw_alarm(0), 0, "alarm_none_pending");
    CHECK_EQ(raw_alarm(10), 0, "alarm_first");
    CHECK_EQ(raw_alarm(5), 10, "alarm_returns_seconds_left_rounded_up");
    CHECK_EQ(raw_alarm(0), 5, "alarm_cancel_returns_left");
    struct itimerval set = itv(300 * MS, 0), got;
    setitimer(ITIMER_REAL, &set, NULL);
    CHECK_EQ(raw_alarm(0), 1, "alarm_under_a_second_is_1");
    set = itv(2200 * MS, 0);
    setitimer(ITIMER_REAL, &set, NULL);
    CHECK_EQ(raw_alarm(0), 2, "alarm_2_2_is_2");
    set = itv(2700 * MS, 0);
    setitimer(ITIMER_REAL, &set, NULL);
    CHECK_EQ(raw_alarm(0), 3, "alarm_2_7_is_3");
    set = itv(10000 * MS, 1000 * MS);
    setitimer(ITIMER_REAL, &set, NULL);
    raw_alarm(0);
    getitimer(ITIMER_REAL, &got);
    CHECK(usec(got.it_value) == 0 && usec(got.it_interval) == 0, "alarm_0_clears_interval");
    raw_alarm(7);
    getitimer(ITIMER_REAL, &got);
    CHECK(usec(got.it_value) > 6000 * MS && usec(got.it_value) <= 7000 * MS, "alarm_is_itimer_real");
    raw_alarm(0);
}

static void delivery(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_alrm;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGALRM, &sa, NULL);

    /* One shot: pause() ends with EINTR after the handler; the timer is then disarmed. */
    alrm_hits = 0;
    struct itimerval set = itv(50 * MS, 0), got;
    setitimer(ITIMER_REAL, &set, NULL);
    errno = 0;
    int r = pause();
    CHECK(r == -1 && errno == EINTR && alrm_hits == 1, "sigalrm_ends_pause");
    CHECK_EQ(alrm_code, SI_KERNEL, "sigalrm_si_code_kernel");
    getitimer(ITIMER_REAL, &got);
    CHECK(usec(got.it_value) == 0, "one_shot_disarmed_after_firing");

    /* Interval: it keeps firing until disarmed. */
    alrm_hits = 0;
    set = itv(20 * MS, 20 * MS);
    setitimer(ITIMER_REAL, &set, NULL);
    while (alrm_hits < 4)
        pause();
    getitimer(ITIMER_REAL, &got);
    CHECK(usec(got.it_value) > 0 && usec(got.it_value) <= 20 * MS, "interval_reloaded");
    CHECK_EQ(usec(got.it_interval), 20 * MS, "interval_kept");
    set = itv(0, 0);
    setitimer(ITIMER_REAL, &set, NULL);
    CHECK(alrm_hits >= 4, "interval_fires_repeatedly");

    /* alarm() with a handler. */
    alrm_hits = 0;
    alarm(1);
    pause();
    CHECK_EQ(alrm_hits, 1, "alarm_delivers_sigalrm");

    /* The default action ends the process. */
    pid_t pid = t_fork();
    if (pid == 0) {
        signal(SIGALRM, SIG_DFL);
        alarm(1);
        for (;;)
            pause();
    }
    int status = t_wait(pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM, "default_sigalrm_kills");

    /* ITIMER_VIRTUAL and ITIMER_PROF fire once enough CPU time was burnt. */
    signal(SIGVTALRM, on_vtalrm);
    signal(SIGPROF, on_prof);
    long long start = cpu_ms();
    set = itv(100 * MS, 0);
    setitimer(ITIMER_VIRTUAL, &set, NULL);
    burn_until(&vtalrm_hits, 30000);
    CHECK_EQ(vtalrm_hits, 1, "sigvtalrm_after_cpu_time");
    long long burnt = cpu_ms() - start;
    if (!CHECK(burnt >= 50, "sigvtalrm_not_long_before_its_time"))
        t_print("#   %lld ms of CPU time\n", burnt);
    getitimer(ITIMER_VIRTUAL, &got);
    CHECK(usec(got.it_value) == 0, "virtual_one_shot_disarmed");
    set = itv(50 * MS, 50 * MS);
    setitimer(ITIMER_PROF, &set, NULL);
    long long end = mono_ms() + 30000;
    while (prof_hits < 3 && mono_ms() < end) {
        volatile unsigned long x = 0;
        for (int i = 0; i < 100000; i++)
            x += i;
    }
    set = itv(0, 0);
    setitimer(ITIMER_PROF, &set, NULL);
    CHECK(prof_hits >= 3, "sigprof_interval_after_cpu_time");

    /* A value near the top of the range means "never", not "at once" (the sum saturates). */
    prof_hits = 0;
    struct itimerval huge;
    huge.it_interval.tv_sec = 0;
    huge.it_interval.tv_usec = 0;
    huge.it_value.tv_sec = LONG_MAX / 2;
    huge.it_value.tv_usec = 0;
    CHECK_EQ(setitimer(ITIMER_PROF, &huge, NULL), 0, "huge_prof_value_accepted");
    long long until = mono_ms() + 100;
    while (mono_ms() < until) {
    }
    CHECK_EQ(prof_hits, 0, "huge_prof_value_does_not_fire");
    getitimer(ITIMER_PROF, &got);
    CHECK(got.it_value.tv_sec > 1000000000L, "huge_prof_value_reads_back_huge");
    set = itv(0, 0);
    setitimer(ITIMER_PROF, &set, NULL);
}

/* Children of fork() start without timers; the parent's stay armed. */
static void fork_clears(void)
{
    struct itimerval set = itv(30000 * MS, 0), got;
    setitimer(ITIMER_REAL, &set, NULL);
    setitimer(ITIMER_VIRTUAL, &set, NULL);
    setitimer(ITIMER_PROF, &set, NULL);
    pid_t pid = t_fork();
    if (pid == 0) {
        int bad = 0;
        for (int which = 0; which < 3; which++) {
            getitimer(which, &got);
            if (usec(got.it_value) || usec(got.it_interval))
                bad |= 1 << which;
        }
        _exit(bad);
    }
    int status = t_wait(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork_child_has_no_itimers");
    getitimer(ITIMER_REAL, &got);
    CHECK(usec(got.it_value) > 0, "parent_itimer_real_still_armed");
    getitimer(ITIMER_VIRTUAL, &got);
    CHECK(usec(got.it_value) > 0, "parent_itimer_virtual_still_armed");
    set = itv(0, 0);
    setitimer(ITIMER_VIRTUAL, &set, NULL);
    setitimer(ITIMER_PROF, &set, NULL);
    /* ITIMER_REAL (30 s) and ITIMER_VIRTUAL (20 s) go through the exec below. */
    set = itv(20000 * MS, 0);
    setitimer(ITIMER_VIRTUAL, &set, NULL);
}

static int after_exec(int failures)
{
    t_failures = failures;
    struct itimerval got, zero = itv(0, 0);
    getitimer(ITIMER_REAL, &got);
    CHECK(usec(got.it_value) > 20000 * MS && usec(got.it_value) <= 30000 * MS, "itimer_real_survives_exec");
    getitimer(ITIMER_VIRTUAL, &got);
    CHECK(usec(got.it_value) > 10000 * MS && usec(got.it_value) <= 20020 * MS, "itimer_virtual_survives_exec");
    setitimer(ITIMER_REAL, &zero, NULL);
    setitimer(ITIMER_VIRTUAL, &zero, NULL);
    return t_exit_status();
}

int main(int argc, char** argv)
{
    if (argc > 2 && strcmp(argv[1], "after") == 0)
        return after_exec(atoi(argv[2]));
    errors();
    readback();
    alarm_rounding();
    delivery();
    fork_clears();
    char count[16];
    snprintf(count, sizeof(count), "%d", t_failures);
    char* args[] = { argv[0], "after", count, NULL };
    execv("/proc/self/exe", args);
    t_print("not ok exec\n");
    return 1;
}
