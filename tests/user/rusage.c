/*
 * rusage: getrusage(2), times(2), wait4's rusage, the CPU-time clocks, sysinfo(2), and the
 * /proc files built from the same counters (/proc/self/stat, /proc/stat, /proc/loadavg).
 * Errors (EINVAL, EFAULT); CPU time grows when CPU is burnt and not when sleeping; a thread's
 * time (RUSAGE_THREAD, CLOCK_THREAD_CPUTIME_ID) is its own; children's usage appears only once
 * they are reaped, includes the grandchildren they reaped, and not those of an ignored SIGCHLD;
 * page faults (first touch and copy-on-write are minor) and maxrss; voluntary context switches
 * when sleeping. Only properties are printed, never times.
 */
#include "t_proc.h"
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <time.h>

static long long tv_ms(struct timeval tv) { return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000; }
static long long cpu_of(const struct rusage* r) { return tv_ms(r->ru_utime) + tv_ms(r->ru_stime); }

static long long clock_ms(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0)
        return -1;
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Burn `ms` of this thread's CPU time in user mode. */
static void burn(long long ms)
{
    long long end = clock_ms(CLOCK_THREAD_CPUTIME_ID) + ms;
    volatile unsigned long x = 0;
    while (clock_ms(CLOCK_THREAD_CPUTIME_ID) < end) {
        for (int i = 0; i < 20000; i++)
            x += i;
    }
}

static struct rusage usage(int who)
{
    struct rusage r;
    memset(&r, 0, sizeof(r));
    getrusage(who, &r);
    return r;
}

static void errors(void)
{
    struct rusage r;
    CHECK_ERRNO(syscall(SYS_getrusage, 2, &r), EINVAL, "getrusage_bad_who");
    CHECK_ERRNO(syscall(SYS_getrusage, -2, &r), EINVAL, "getrusage_both_is_kernel_only");
    CHECK_ERRNO(syscall(SYS_getrusage, -3, &r), EINVAL, "getrusage_negative_who");
    CHECK_ERRNO(syscall(SYS_getrusage, RUSAGE_SELF, t_ptr(16)), EFAULT, "getrusage_bad_pointer");
    CHECK_ERRNO(syscall(SYS_getrusage, 5, t_ptr(16)), EINVAL, "getrusage_who_before_pointer");
    CHECK_ERRNO(syscall(SYS_times, t_ptr(16)), EFAULT, "times_bad_pointer");
    errno = 0;
    long t = syscall(SYS_times, NULL);
    CHECK(t != -1 && errno == 0, "times_null_buffer");
    struct tms tb;
    long t2 = syscall(SYS_times, &tb);
    CHECK(t2 >= t, "times_return_value_monotonic");
    CHECK_ERRNO(syscall(SYS_sysinfo, t_ptr(16)), EFAULT, "sysinfo_bad_pointer");
    CHECK_ERRNO(syscall(SYS_wait4, -1, NULL, 0, t_ptr(16)), ECHILD, "wait4_no_child_rusage_untouched");
}

static void cpu_time(void)
{
    struct rusage r0 = usage(RUSAGE_SELF);
    struct tms t0, t1;
    long c0 = times(&t0);
    long long p0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    burn(400);
    struct rusage r1 = usage(RUSAGE_SELF);
    long c1 = times(&t1);
    long long p1 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    CHECK(p1 - p0 >= 400, "process_cputime_clock_grows");
    CHECK(tv_ms(r1.ru_utime) - tv_ms(r0.ru_utime) >= 200, "ru_utime_grows_when_burning");
    CHECK(cpu_of(&r1) - cpu_of(&r0) <= p1 - p0 + 100, "ru_time_not_more_than_cpu_clock");
    CHECK(t1.tms_utime - t0.tms_utime >= 20, "tms_utime_grows_when_burning");
    CHECK(c1 - c0 >= 40, "times_return_value_counts_ticks");
    CHECK(r1.ru_utime.tv_usec >= 0 && r1.ru_utime.tv_usec < 1000000, "ru_utime_usec_normalised");

    /* Sleeping burns (almost) nothing. */
    struct timespec nap = { 0, 300 * 1000000L };
    r0 = usage(RUSAGE_SELF);
    p0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    nanosleep(&nap, NULL);
    p1 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    r1 = usage(RUSAGE_SELF);
    CHECK(p1 - p0 < 150, "sleep_burns_no_cpu_clock");
    CHECK(cpu_of(&r1) - cpu_of(&r0) < 150, "sleep_burns_no_rusage_time");

    /* Resolution and monotonicity of the CPU clocks. */
    struct timespec res;
    CHECK(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res) == 0 && res.tv_sec == 0 && res.tv_nsec == 1, "process_cputime_res_1ns");
    CHECK(clock_getres(CLOCK_THREAD_CPUTIME_ID, &res) == 0 && res.tv_sec == 0 && res.tv_nsec == 1, "thread_cputime_res_1ns");
    int monotonic = 1;
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    for (int i = 0; i < 2000; i++) {
        clock_gettime(i % 2 ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID, &b);
        if (i % 2) {
            if (b.tv_sec < a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec))
                monotonic = 0;
            a = b;
        }
    }
    CHECK(monotonic, "process_cputime_monotonic");
    CHECK(clock_ms(CLOCK_THREAD_CPUTIME_ID) <= clock_ms(CLOCK_PROCESS_CPUTIME_ID), "thread_cputime_within_process");

    /* The pid-encoded CPU clocks (clock_getcpuclockid()). */
    clockid_t clock;
    CHECK(clock_getcpuclockid(0, &clock) == 0 && clock_ms(clock) >= 400, "getcpuclockid_self");
    CHECK(clock_getcpuclockid(getpid(), &clock) == 0 && clock_ms(clock) >= 400, "getcpuclockid_pid");
    CHECK(pthread_getcpuclockid(pthread_self(), &clock) == 0 && clock_ms(clock) >= 400, "pthread_getcpuclockid");
    /* ~pid << 3 | CPUCLOCK_SCHED (2): a pid that does not exist. */
    clockid_t missing = (clockid_t)((~(unsigned)99999 << 3) | 2);
    CHECK_ERRNO(clock_gettime(missing, &a), EINVAL, "cpuclock_missing_pid");
    CHECK_ERRNO(clock_gettime((clockid_t)((~0u << 3) | 3), &a), EINVAL, "cpuclock_bad_kind");
}

static volatile int thread_done;

static void* thread_burn(void* arg)
{
    (void)arg;
    burn(400);
    __atomic_store_n(&thread_done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void thread_usage(void)
{
    struct rusage th0 = usage(RUSAGE_THREAD), self0 = usage(RUSAGE_SELF);
    long long tc0 = clock_ms(CLOCK_THREAD_CPUTIME_ID);
    pthread_t t;
    if (pthread_create(&t, NULL, thread_burn, NULL) != 0) {
        t_print("not ok pthread_create\n");
        t_failures++;
        return;
    }
    pthread_join(t, NULL);
    struct rusage th1 = usage(RUSAGE_THREAD), self1 = usage(RUSAGE_SELF);
    long long tc1 = clock_ms(CLOCK_THREAD_CPUTIME_ID);
    CHECK(cpu_of(&self1) - cpu_of(&self0) >= 200, "rusage_self_counts_other_threads");
    CHECK(cpu_of(&th1) - cpu_of(&th0) < 150, "rusage_thread_only_the_caller");
    CHECK(tc1 - tc0 < 150, "thread_cputime_only_the_caller");
    CHECK(cpu_of(&th1) <= cpu_of(&self1), "rusage_thread_within_self");
    CHECK(th1.ru_minflt <= self1.ru_minflt, "rusage_thread_faults_within_self");
}

static void children(void)
{
    struct rusage c0 = usage(RUSAGE_CHILDREN);
    struct tms t0, t1;
    times(&t0);
    pid_t pid = t_fork();
    if (pid == 0) {
        burn(400);
        /* 8 MiB touched: minor faults and a resident set of at least that much. */
        char* p = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        for (int i = 0; i < (8 << 20); i += 4096)
            p[i] = 1;
        _exit(0);
    }
    siginfo_t info;
    /* Exited, not yet reaped: nothing counted yet. */
    CHECK(waitid(P_PID, pid, &info, WEXITED | WNOWAIT) == 0, "waitid_nowait");
    struct rusage c1 = usage(RUSAGE_CHILDREN);
    CHECK(cpu_of(&c1) == cpu_of(&c0) && c1.ru_minflt == c0.ru_minflt, "children_usage_not_before_wait");
    struct rusage ru;
    int status;
    CHECK(wait4(pid, &status, 0, &ru) == pid, "wait4_reaps");
    CHECK(cpu_of(&ru) >= 200, "wait4_rusage_cpu_time");
    CHECK(ru.ru_minflt >= 2048, "wait4_rusage_minflt");
    CHECK(ru.ru_maxrss >= 8192, "wait4_rusage_maxrss_kib");
    struct rusage c2 = usage(RUSAGE_CHILDREN);
    times(&t1);
    CHECK(cpu_of(&c2) - cpu_of(&c0) >= 200, "children_usage_after_wait");
    CHECK(cpu_of(&c2) - cpu_of(&c0) == cpu_of(&ru), "children_usage_is_wait4s");
    CHECK(c2.ru_minflt - c0.ru_minflt >= 2048, "children_minflt_after_wait");
    CHECK(c2.ru_maxrss >= 8192, "children_maxrss_after_wait");
    CHECK(t1.tms_cutime - t0.tms_cutime >= 20, "tms_cutime_after_wait");

    /* A grandchild reaped by the child counts for us too. */
    c0 = usage(RUSAGE_CHILDREN);
    pid = t_fork();
    if (pid == 0) {
        pid_t g = fork();
        if (g == 0) {
            burn(400);
            _exit(0);
        }
        waitpid(g, NULL, 0);
        _exit(0);
    }
    CHECK(wait4(pid, &status, 0, &ru) == pid && cpu_of(&ru) >= 200, "wait4_rusage_includes_grandchild");
    c1 = usage(RUSAGE_CHILDREN);
    CHECK(cpu_of(&c1) - cpu_of(&c0) >= 200, "children_usage_includes_grandchild");

    /* An unreaped grandchild (its parent exits first) does not. */
    c0 = usage(RUSAGE_CHILDREN);
    volatile int* flag = t_shared(sizeof(int));
    pid = t_fork();
    if (pid == 0) {
        if (fork() == 0) {
            burn(300);
            t_flag_set(flag, 1);
            _exit(0);
        }
        _exit(0);
    }
    t_wait(pid);
    t_flag_wait(flag, 1);
    c1 = usage(RUSAGE_CHILDREN);
    CHECK(cpu_of(&c1) - cpu_of(&c0) < 150, "orphaned_grandchild_not_counted");

    /* With SIGCHLD ignored, children are not waited for, and their usage is not counted. */
    c0 = usage(RUSAGE_CHILDREN);
    signal(SIGCHLD, SIG_IGN);
    pid = t_fork();
    if (pid == 0) {
        burn(300);
        _exit(0);
    }
    CHECK_ERRNO(waitpid(pid, &status, 0), ECHILD, "ignored_sigchld_autoreaps");
    signal(SIGCHLD, SIG_DFL);
    c1 = usage(RUSAGE_CHILDREN);
    CHECK(cpu_of(&c1) - cpu_of(&c0) < 150, "autoreaped_child_not_counted");
}

static void faults_and_switches(void)
{
    struct rusage r0 = usage(RUSAGE_SELF);
    char* p = mmap(NULL, 256 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 256; i++)
        p[i * 4096] = 1;
    struct rusage r1 = usage(RUSAGE_SELF);
    CHECK(r1.ru_minflt - r0.ru_minflt >= 256, "first_touch_minor_faults");
    CHECK(r1.ru_majflt == r0.ru_majflt, "first_touch_no_major_faults");
    CHECK(r1.ru_maxrss >= 1024, "maxrss_counts_touched_memory");

    /* Copy-on-write faults in a child are minor faults. */
    pid_t pid = t_fork();
    if (pid == 0) {
        struct rusage c0 = usage(RUSAGE_SELF);
        for (int i = 0; i < 128; i++)
            p[i * 4096] = 2;
        struct rusage c1 = usage(RUSAGE_SELF);
        _exit(c1.ru_minflt - c0.ru_minflt >= 128 && c1.ru_majflt == c0.ru_majflt ? 0 : 1);
    }
    int status = t_wait(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "cow_faults_are_minor");
    CHECK(p[0] == 1, "cow_parent_intact");

    /* A fork child's own counters start at zero (it is not its parent's usage). */
    pid = t_fork();
    if (pid == 0) {
        struct rusage c = usage(RUSAGE_SELF);
        _exit(cpu_of(&c) < cpu_of(&r1) / 2 + 50 && c.ru_nvcsw < 10 ? 0 : 1);
    }
    status = t_wait(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork_child_usage_starts_fresh");

    r0 = usage(RUSAGE_SELF);
    struct timespec nap = { 0, 5 * 1000000L };
    for (int i = 0; i < 5; i++)
        nanosleep(&nap, NULL);
    r1 = usage(RUSAGE_SELF);
    CHECK(r1.ru_nvcsw - r0.ru_nvcsw >= 5, "sleep_is_voluntary_switch");
    CHECK(r1.ru_nivcsw >= r0.ru_nivcsw, "nivcsw_monotonic");
}

static void proc_files(void)
{
    char buf[8192];
    /* /proc/self/stat: utime and stime (fields 14, 15) after all this burning. */
    CHECK(t_read_file("/proc/self/stat", buf, sizeof(buf)) > 0, "read_proc_self_stat");
    char* after_comm = strrchr(buf, ')');
    unsigned long long f[20] = { 0 };
    char state;
    int n = after_comm ? sscanf(after_comm + 2, "%c %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &state,
                             &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10], &f[11], &f[12], &f[13], &f[14], &f[15], &f[16],
                             &f[17])
                       : 0;
    /* f[k] is field k: 10 minflt, 11 cminflt, 12 majflt, 13 cmajflt, 14 utime, 15 stime, 16 cutime, 17 cstime */
    CHECK(n == 15, "proc_self_stat_parses");
    CHECK(f[14] + f[15] >= 50, "proc_self_stat_utime_stime");
    CHECK(f[16] + f[17] >= 60, "proc_self_stat_cutime_cstime");
    CHECK(f[10] >= 256, "proc_self_stat_minflt");
    CHECK(f[11] >= 2048, "proc_self_stat_cminflt");

    /* /proc/stat: the lines busybox top and ps read. */
    CHECK(t_read_file("/proc/stat", buf, sizeof(buf)) > 0, "read_proc_stat");
    unsigned long long user, nice, sys, idle;
    CHECK(sscanf(buf, "cpu  %llu %llu %llu %llu", &user, &nice, &sys, &idle) == 4 && user >= 100, "proc_stat_cpu_line");
    CHECK(strstr(buf, "\ncpu0 ") != NULL, "proc_stat_cpu0_line");
    char* line = strstr(buf, "\nprocesses ");
    unsigned long long forks0 = 0, forks1 = 0;
    CHECK(line && sscanf(line, "\nprocesses %llu", &forks0) == 1, "proc_stat_processes");
    CHECK(strstr(buf, "\nctxt ") && strstr(buf, "\nbtime ") && strstr(buf, "\nprocs_running ") && strstr(buf, "\nprocs_blocked ")
            && strstr(buf, "\nintr "),
        "proc_stat_other_lines");
    /* At least our fork: the host's Linux counts every process of the machine, which may fork too. */
    pid_t pid = t_fork();
    if (pid == 0)
        _exit(0);
    t_wait(pid);
    t_read_file("/proc/stat", buf, sizeof(buf));
    line = strstr(buf, "\nprocesses ");
    CHECK(line && sscanf(line, "\nprocesses %llu", &forks1) == 1 && forks1 >= forks0 + 1, "proc_stat_processes_counts_forks");

    /* /proc/loadavg: "L1 L5 L15 running/total lastpid". */
    CHECK(t_read_file("/proc/loadavg", buf, sizeof(buf)) > 0, "read_proc_loadavg");
    unsigned a1, b1, a2, b2, a3, b3, running, total;
    int last;
    char end;
    n = sscanf(buf, "%u.%2u %u.%2u %u.%2u %u/%u %d%c", &a1, &b1, &a2, &b2, &a3, &b3, &running, &total, &last, &end);
    CHECK(n == 10 && end == '\n', "proc_loadavg_format");
    CHECK(running >= 1 && running <= total, "proc_loadavg_running_within_total");
    CHECK(last == pid, "proc_loadavg_last_pid");

    struct sysinfo si;
    CHECK(sysinfo(&si) == 0, "sysinfo");
    CHECK(si.mem_unit == 1 && si.totalram > 0 && si.freeram <= si.totalram, "sysinfo_memory");
    CHECK(si.uptime >= 1 && si.procs >= 1, "sysinfo_uptime_procs");
    CHECK(si.totalswap >= si.freeswap, "sysinfo_swap");
}

int main(void)
{
    errors();
    cpu_time();
    thread_usage();
    children();
    faults_and_switches();
    proc_files();
    return t_exit_status();
}
