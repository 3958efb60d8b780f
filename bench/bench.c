/*
 * bench: process-creation benchmarks, the same static binary on Linux and on Sprout
 * (docs/bench.md). `./sprout bench` boots both kernels under identical QEMU flags with
 * `-icount shift=0,sleep=off`, so guest time is one nanosecond per instruction and every number
 * here repeats exactly from run to run.
 *
 *   bench [-n RUNS] [--sizes MiB,MiB,...] [--cow-mib MiB] [--rate-ms MS] [--true PATH]
 *
 * Output, one line each, written with write(2) so that nothing is lost across an execve:
 *
 *   info KEY VALUE...              what ran where (kernel release, runs, sizes)
 *   result NAME VALUE              VALUE in microseconds of guest time (per page for
 *                                  cow_fault_per_page.*, processes per second for procs_per_second)
 *   result NAME FAILED WHY         the workload could not run here (an errno name, or what the
 *                                  child did); the others still run
 *   done                           the last line, from the end of the execve chain
 *
 * Each timed workload is the median of RUNS runs (31 by default), timed with
 * clock_gettime(CLOCK_MONOTONIC). The parent's size is one anonymous private mapping of which
 * the first MiB of each size is touched (one write per page) before the size's workloads, the
 * sizes in increasing order; "tiny" is 0 MiB touched beyond the program itself. That runs twice:
 * with the kernel's default pages (Debian's Linux backs the mapping with transparent huge pages)
 * and, for fork_exit_wait_4k.*, MADV_NOHUGEPAGE: 4 KiB pages, as Sprout has. The COW region is
 * MADV_NOHUGEPAGE too, so that each write copies one 4 KiB page on both kernels.
 *
 * Internal modes: `bench --exec-chain LEFT T0_NS COUNT` is one link of the execve chain.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

#define PAGE 4096L
#define MAX_RUNS 10001
#define MAX_SIZES 16

/* printf to fd 1 in one write(2): unbuffered, so output survives execve and _exit. */
__attribute__((format(printf, 1, 2))) static void out(const char* fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n >= (int)sizeof(buf))
        n = sizeof(buf) - 1;
    for (int done = 0; done < n;) {
        ssize_t w = write(1, buf + done, n - done);
        if (w <= 0)
            return;
        done += w;
    }
}

static const char* errname(int e)
{
    switch (e) {
#define E(x)                                                                                               \
    case x:                                                                                                \
        return #x;
        E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(E2BIG) E(ENOEXEC) E(EBADF) E(ECHILD) E(EAGAIN)
        E(ENOMEM) E(EACCES) E(EFAULT) E(EBUSY) E(EEXIST) E(ENODEV) E(ENOTDIR) E(EINVAL) E(ENFILE)
        E(EMFILE) E(ENOSPC) E(ERANGE) E(ENOSYS) E(EOPNOTSUPP)
#undef E
    }
    static char buf[24];
    snprintf(buf, sizeof(buf), "errno%d", e);
    return buf;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_i64(const void* a, const void* b)
{
    int64_t x = *(const int64_t*)a, y = *(const int64_t*)b;
    return (x > y) - (x < y);
}

static int64_t median(int64_t* v, int n)
{
    qsort(v, n, sizeof(*v), cmp_i64);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void result_us(const char* name, double us)
{
    out("result %s %.3f\n", name, us);
}

static void result_failed(const char* name, const char* why)
{
    out("result %s FAILED %s\n", name, why);
}

/* The reason a child did not end with _exit(0), for a FAILED line. */
static const char* child_failure(int status)
{
    static char buf[40];
    if (WIFEXITED(status))
        snprintf(buf, sizeof(buf), "child-exit-%d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(buf, sizeof(buf), "child-signal-%d", WTERMSIG(status));
    else
        snprintf(buf, sizeof(buf), "child-status-0x%x", status);
    return buf;
}

static int runs = 31;
static const char* true_path;   /* the tiny static program that execve runs */
static const char* self_path;   /* this program, for the execve chain */

/* One timed run of a workload: 0 and *ns set, or an errno (>0) / -1 with *why set. */
typedef int (*RunFn)(int64_t* ns, const char** why);

/* Runs FN `runs` times and prints the median, or the first failure. */
static void measure(const char* name, RunFn fn)
{
    static int64_t samples[MAX_RUNS];
    for (int i = 0; i < runs; i++) {
        const char* why = NULL;
        int err = fn(&samples[i], &why);
        if (err) {
            result_failed(name, why ? why : errname(err));
            return;
        }
    }
    result_us(name, median(samples, runs) / 1000.0);
}

/* Waits for PID; 0 if it ended with _exit(0). */
static int reap(pid_t pid, const char** why)
{
    int status;
    pid_t r;
    do
        r = waitpid(pid, &status, 0);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return errno;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        *why = child_failure(status);
        return -1;
    }
    return 0;
}

static int run_fork_exit_wait(int64_t* ns, const char** why)
{
    int64_t t0 = now_ns();
    pid_t pid = fork();
    if (pid < 0)
        return errno;
    if (pid == 0)
        _exit(0);
    int err = reap(pid, why);
    *ns = now_ns() - t0;
    return err;
}

static char* const* true_argv(void)
{
    static char* argv[2];
    argv[0] = (char*)true_path;
    argv[1] = NULL;
    return argv;
}

static int run_vfork_exec_wait(int64_t* ns, const char** why)
{
    int64_t t0 = now_ns();
    pid_t pid = vfork();
    if (pid < 0)
        return errno;
    if (pid == 0) {
        execve(true_path, true_argv(), environ);
        _exit(127);
    }
    int err = reap(pid, why);
    *ns = now_ns() - t0;
    return err;
}

static int run_fork_exec_wait(int64_t* ns, const char** why)
{
    int64_t t0 = now_ns();
    pid_t pid = fork();
    if (pid < 0)
        return errno;
    if (pid == 0) {
        execve(true_path, true_argv(), environ);
        _exit(127);
    }
    int err = reap(pid, why);
    *ns = now_ns() - t0;
    return err;
}

static int run_posix_spawn_wait(int64_t* ns, const char** why)
{
    int64_t t0 = now_ns();
    pid_t pid;
    int err = posix_spawn(&pid, true_path, NULL, NULL, true_argv(), environ);
    if (err)
        return err;
    err = reap(pid, why);
    *ns = now_ns() - t0;
    return err;
}

/* A shell pipeline as a user types it: busybox sh started by posix_spawn, which forks once per
 * command of the pipeline, wires them with a pipe and waits for both. */
static int run_shell_pipeline(int64_t* ns, const char** why)
{
    static char* const argv[] = { "sh", "-c", "echo x | cat >/dev/null", NULL };
    int64_t t0 = now_ns();
    pid_t pid;
    int err = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ);
    if (err)
        return err;
    err = reap(pid, why);
    *ns = now_ns() - t0;
    return err;
}

static void* thread_body(void* arg)
{
    return arg;
}

static int run_pthread_create_join(int64_t* ns, const char** why)
{
    (void)why;
    int64_t t0 = now_ns();
    pthread_t t;
    int err = pthread_create(&t, NULL, thread_body, NULL);
    if (err)
        return err;
    err = pthread_join(t, NULL);
    *ns = now_ns() - t0;
    return err;
}

/* Processes per second: fork + _exit + waitpid, back to back, for RATE_MS of guest time. */
static void measure_rate(int rate_ms)
{
    const char* name = "procs_per_second";
    int64_t t0 = now_ns(), elapsed;
    long count = 0;
    do {
        int64_t ignored;
        const char* why = NULL;
        int err = run_fork_exit_wait(&ignored, &why);
        if (err) {
            result_failed(name, why ? why : errname(err));
            return;
        }
        count++;
        elapsed = now_ns() - t0;
    } while (elapsed < (int64_t)rate_ms * 1000000);
    out("result %s %.1f\n", name, count * 1e9 / elapsed);
}

/* Touches one byte in each page of [p, p + bytes). */
static void touch(volatile char* p, long bytes)
{
    for (long off = 0; off < bytes; off += PAGE)
        p[off] = 1;
}

/*
 * COW fault cost: the parent touches MIB, forks, and the child writes one byte per page (each
 * write is a COW fault that copies the page) and reports its own loop time through a shared
 * page. Median over the runs of the time per page.
 */
static void measure_cow(long mib)
{
    char name[64];
    snprintf(name, sizeof(name), "cow_fault_per_page.%ldM", mib);
    long bytes = mib << 20, pages = bytes / PAGE;
    char* region = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    volatile int64_t* shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED || shared == MAP_FAILED) {
        result_failed(name, errname(errno));
        goto out;
    }
    madvise(region, bytes, MADV_NOHUGEPAGE); /* may fail where there are no huge pages */
    touch(region, bytes);
    static int64_t samples[MAX_RUNS];
    for (int i = 0; i < runs; i++) {
        *shared = -1;
        pid_t pid = fork();
        if (pid < 0) {
            result_failed(name, errname(errno));
            goto out;
        }
        if (pid == 0) {
            int64_t t0 = now_ns();
            for (long off = 0; off < bytes; off += PAGE)
                ((volatile char*)region)[off] = 2;
            *shared = now_ns() - t0;
            _exit(0);
        }
        const char* why = NULL;
        int err = reap(pid, &why);
        if (err) {
            result_failed(name, why ? why : errname(err));
            goto out;
        }
        if (*shared < 0) {
            result_failed(name, "no-time-from-child");
            goto out;
        }
        samples[i] = *shared;
    }
    out("result %s %.3f\n", name, median(samples, runs) / 1000.0 / pages);
out:
    if (region != MAP_FAILED)
        munmap(region, bytes);
    if (shared != MAP_FAILED)
        munmap((void*)shared, PAGE);
}

static void size_label(long mib, char* buf, size_t len)
{
    if (mib == 0)
        snprintf(buf, len, "tiny");
    else if (mib % 1024 == 0)
        snprintf(buf, len, "%ldG", mib / 1024);
    else
        snprintf(buf, len, "%ldM", mib);
}

/*
 * A private anonymous mapping of BYTES starting on a 2 MiB boundary, or NULL with errno. Where
 * the kernel backs it with transparent huge pages (Linux's default), an unaligned start would
 * leave up to 2 MiB at each end in 4 KiB pages, and fork's cost would depend on where ASLR put
 * the mapping: aligned, every size is whole huge pages on every boot.
 */
static char* map_aligned(long bytes)
{
    const long huge = 2L << 20;
    char* p = mmap(NULL, bytes + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    char* start = (char*)(((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1));
    if (start > p)
        munmap(p, start - p);
    if (start + bytes < p + bytes + huge)
        munmap(start + bytes, p + bytes + huge - (start + bytes));
    return start;
}

static const struct {
    const char* name;
    RunFn fn;
} size_workloads[] = {
    { "fork_exit_wait", run_fork_exit_wait },
    { "vfork_exec_wait", run_vfork_exec_wait },
    { "fork_exec_wait", run_fork_exec_wait },
    { "posix_spawn_wait", run_posix_spawn_wait },
};

/*
 * The parent-size workloads: one private anonymous mapping as large as the largest size, touched
 * up to each size in turn. With SMALL_PAGES it is MADV_NOHUGEPAGE (Linux then maps and copies
 * 4 KiB page-table entries, as Sprout does), only fork_exit_wait runs, named
 * fork_exit_wait_4k.SIZE, and the tiny size is left out (it has no mapping to differ).
 */
static void parent_sizes(const long* sizes, int nsizes, int small_pages)
{
    size_t nworkloads = small_pages ? 1 : sizeof(size_workloads) / sizeof(size_workloads[0]);
    long region_bytes = sizes[nsizes - 1] << 20;
    char* region = NULL;
    int region_err = 0;
    if (region_bytes) {
        region = map_aligned(region_bytes);
        if (!region)
            region_err = errno;
        else if (small_pages)
            madvise(region, region_bytes, MADV_NOHUGEPAGE); /* may fail without huge pages */
    }
    long touched = 0;
    for (int s = 0; s < nsizes; s++) {
        if (small_pages && sizes[s] == 0)
            continue;
        char label[24], name[64];
        size_label(sizes[s], label, sizeof(label));
        long want = sizes[s] << 20;
        for (size_t w = 0; w < nworkloads; w++) {
            snprintf(name, sizeof(name), "%s%s.%s", size_workloads[w].name, small_pages ? "_4k" : "", label);
            if (want && !region) {
                result_failed(name, errname(region_err));
                continue;
            }
            if (want > touched) {
                touch(region + touched, want - touched);
                touched = want;
            }
            measure(name, size_workloads[w].fn);
        }
    }
    if (region)
        munmap(region, region_bytes);
}

/*
 * The execve chain: RUNS execs of this program in a row, each link passing on how many are
 * left and the start time; the last prints the mean (a chain has no per-run samples).
 */
static int exec_chain(long left, long long t0, long count)
{
    if (left == 0) {
        result_us("execve", (now_ns() - t0) / 1000.0 / count);
        out("done\n");
        return 0;
    }
    char left_s[24], t0_s[24], count_s[24];
    snprintf(left_s, sizeof(left_s), "%ld", left - 1);
    snprintf(t0_s, sizeof(t0_s), "%lld", t0);
    snprintf(count_s, sizeof(count_s), "%ld", count);
    char* argv[] = { (char*)self_path, "--exec-chain", left_s, t0_s, count_s, NULL };
    execve(self_path, argv, environ);
    result_failed("execve", errname(errno));
    out("done\n");
    return 0;
}

static void usage(void)
{
    out("usage: bench [-n RUNS] [--sizes MiB,MiB,...] [--cow-mib MiB] [--rate-ms MS] [--true PATH]\n");
    exit(2);
}

static long parse_num(const char* s, long min, long max)
{
    char* end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        usage();
    return v;
}

int main(int argc, char** argv)
{
    self_path = argv[0];
    if (argc == 5 && strcmp(argv[1], "--exec-chain") == 0)
        return exec_chain(atol(argv[2]), atoll(argv[3]), atol(argv[4]));
    if (!strchr(self_path, '/'))
        self_path = "/proc/self/exe";

    long sizes[MAX_SIZES] = { 0, 16 };
    int nsizes = 2;
    long cow_mib = 16, rate_ms = 100;
    static char default_true[4096];
    for (int i = 1; i < argc; i++) {
        const char* a = argv[i];
        if (i + 1 >= argc)
            usage();
        const char* v = argv[++i];
        if (strcmp(a, "-n") == 0) {
            runs = parse_num(v, 1, MAX_RUNS);
        } else if (strcmp(a, "--sizes") == 0) {
            char copy[256];
            snprintf(copy, sizeof(copy), "%s", v);
            nsizes = 0;
            for (char* tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
                if (nsizes == MAX_SIZES)
                    usage();
                sizes[nsizes++] = parse_num(tok, 0, 1 << 20);
                if (nsizes > 1 && sizes[nsizes - 1] <= sizes[nsizes - 2])
                    usage(); /* increasing: each size grows the touched part */
            }
            if (nsizes == 0)
                usage();
        } else if (strcmp(a, "--cow-mib") == 0) {
            cow_mib = parse_num(v, 1, 1 << 20);
        } else if (strcmp(a, "--rate-ms") == 0) {
            rate_ms = parse_num(v, 1, 1000000);
        } else if (strcmp(a, "--true") == 0) {
            true_path = v;
        } else {
            usage();
        }
    }
    if (!true_path) {
        /* bench-true beside this program. */
        snprintf(default_true, sizeof(default_true), "%s", argv[0]);
        char* slash = strrchr(default_true, '/');
        snprintf(slash ? slash + 1 : default_true,
            sizeof(default_true) - (slash ? (size_t)(slash + 1 - default_true) : 0), "bench-true");
        true_path = default_true;
    }

    struct utsname u;
    if (uname(&u) == 0)
        out("info kernel %s %s\n", u.sysname, u.release);
    out("info runs %d\n", runs);

    measure("pthread_create_join", run_pthread_create_join);
    measure("shell_pipeline", run_shell_pipeline);
    measure_rate(rate_ms);
    measure_cow(cow_mib);

    /* Pass 1: the parent's memory as the kernel gives it by default (on Debian's Linux:
     * transparent huge pages, "always"); pass 2: 4 KiB pages only, fork + exit + wait alone. */
    parent_sizes(sizes, nsizes, 0);
    parent_sizes(sizes, nsizes, 1);

    /* Last: the chain replaces this process. */
    return exec_chain(runs, (long long)now_ns(), runs);
}
