/*
 * /proc/PID: what busybox ps, pidof and top read, checked only where Linux and Sprout must agree.
 *
 * /proc/self/stat: pid, comm (the same as /proc/self/comm and status's Name, the program's file
 * name cut to 15 characters), state R for the reader itself, ppid, pgrp, session, num_threads (1,
 * then 2 while a second thread lives), vsize non-zero, starttime not after now.
 * /proc/self/status: Name, State, Tgid, Pid, PPid, Uid and Gid (real, effective, saved, fs),
 * Threads, and the blocked, ignored and caught signal masks. /proc/self/cmdline: argv, each
 * string NUL-terminated. Another process: S while it sleeps in read(), T while stopped, Z as a
 * zombie (with an empty cmdline), and gone once reaped. The /proc listing has our pid and a
 * zombie child's.
 */
// SPROUT_ARGS: one "two words" three
#include "t_proc.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* The whole of a /proc file (NUL-terminated), its length, or -1 with errno. */
static long read_file(const char* path, char* buffer, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t length = 0;
    for (;;) {
        ssize_t n = read(fd, buffer + length, size - 1 - length);
        if (n < 0) {
            close(fd);
            return -1;
        }
        if (n == 0)
            break;
        length += (size_t)n;
    }
    close(fd);
    buffer[length] = 0;
    return (long)length;
}

struct stat_fields {
    long pid;
    char comm[64];
    char state;
    long ppid, pgrp, session, num_threads;
    unsigned long long starttime, vsize, rss;
};

/* Parse /proc/PID/stat (fields 1-5, 20, 22-24); 0 on success. The comm ends at the last ')'. */
static int read_stat(const char* path, struct stat_fields* f)
{
    char text[1024];
    if (read_file(path, text, sizeof(text)) < 0)
        return -1;
    char* open_paren = strchr(text, '(');
    char* close_paren = strrchr(text, ')');
    if (!open_paren || !close_paren || close_paren < open_paren)
        return -1;
    f->pid = strtol(text, NULL, 10);
    size_t n = (size_t)(close_paren - open_paren - 1);
    if (n >= sizeof(f->comm))
        return -1;
    memcpy(f->comm, open_paren + 1, n);
    f->comm[n] = 0;
    /* Fields from 3 (state) on, space-separated. */
    char* fields[64];
    int count = 0;
    for (char* p = strtok(close_paren + 2, " \n"); p && count < 64; p = strtok(NULL, " \n"))
        fields[count++] = p;
    if (count != 50)
        return -1;
    f->state = fields[0][0];
    f->ppid = strtol(fields[1], NULL, 10);
    f->pgrp = strtol(fields[2], NULL, 10);
    f->session = strtol(fields[3], NULL, 10);
    f->num_threads = strtol(fields[17], NULL, 10);
    f->starttime = strtoull(fields[19], NULL, 10);
    f->vsize = strtoull(fields[20], NULL, 10);
    f->rss = strtoull(fields[21], NULL, 10);
    return 0;
}

/* The value of "Label:\t..." in a status text (up to the newline), or NULL. */
static const char* status_line(const char* text, const char* label, char* out, size_t size)
{
    size_t length = strlen(label);
    for (const char* line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, label, length) == 0 && line[length] == ':' && line[length + 1] == '\t') {
            const char* value = line + length + 2;
            const char* end = strchr(value, '\n');
            size_t n = end ? (size_t)(end - value) : strlen(value);
            if (n >= size)
                n = size - 1;
            memcpy(out, value, n);
            out[n] = 0;
            return out;
        }
    }
    return NULL;
}

static int status_is(const char* text, const char* label, const char* expected)
{
    char value[256];
    if (!status_line(text, label, value, sizeof(value))) {
        t_print("#   no %s line\n", label);
        return 0;
    }
    if (strcmp(value, expected) != 0) {
        t_print("#   %s is '%s', expected '%s'\n", label, value, expected);
        return 0;
    }
    return 1;
}

static unsigned long long status_hex(const char* text, const char* label)
{
    char value[64];
    if (!status_line(text, label, value, sizeof(value)))
        return 0;
    return strtoull(value, NULL, 16);
}

static char program_comm[16];

static void self_stat(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n > 0 ? n : 0] = 0;
    const char* base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
    size_t base_length = strlen(base);
    if (base_length > sizeof(program_comm) - 1)
        base_length = sizeof(program_comm) - 1; /* comm: at most 15 characters */
    memcpy(program_comm, base, base_length);

    struct stat_fields f;
    if (!CHECK(read_stat("/proc/self/stat", &f) == 0, "stat_parses"))
        return;
    CHECK_EQ(f.pid, getpid(), "stat_pid");
    CHECK(strcmp(f.comm, program_comm) == 0, "stat_comm");
    CHECK_EQ(f.state, 'R', "stat_state_running");
    CHECK_EQ(f.ppid, getppid(), "stat_ppid");
    CHECK_EQ(f.pgrp, getpgrp(), "stat_pgrp");
    CHECK_EQ(f.session, getsid(0), "stat_session");
    CHECK_EQ(f.num_threads, 1, "stat_num_threads");
    /* NOTE: not rss: Linux's per-thread RSS counters (SPLIT_RSS_COUNTING) can show 0 for a small
     * process until they are folded in. */
    CHECK(f.vsize > 0, "stat_vsize");
    char uptime[128];
    double seconds = 0;
    if (read_file("/proc/uptime", uptime, sizeof(uptime)) > 0)
        seconds = strtod(uptime, NULL);
    CHECK(seconds > 0 && f.starttime <= (unsigned long long)(seconds * 100) + 1, "stat_starttime");

    char comm[64];
    char expected[32];
    snprintf(expected, sizeof(expected), "%s\n", program_comm);
    CHECK(read_file("/proc/self/comm", comm, sizeof(comm)) >= 0 && strcmp(comm, expected) == 0, "comm");
}

static void on_signal(int sig) { (void)sig; }

static void self_status(void)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    signal(SIGUSR2, SIG_IGN);
    signal(SIGHUP, on_signal); /* never sent: only "caught" */

    char text[4096];
    if (!CHECK(read_file("/proc/self/status", text, sizeof(text)) > 0, "status_reads"))
        return;
    char value[64];
    CHECK(status_is(text, "Name", program_comm), "status_name");
    CHECK(status_is(text, "State", "R (running)"), "status_state");
    snprintf(value, sizeof(value), "%d", getpid());
    CHECK(status_is(text, "Tgid", value) && status_is(text, "Pid", value), "status_pid");
    snprintf(value, sizeof(value), "%d", getppid());
    CHECK(status_is(text, "PPid", value), "status_ppid");
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    snprintf(value, sizeof(value), "%u\t%u\t%u\t%u", r, e, s, e);
    CHECK(status_is(text, "Uid", value), "status_uid");
    gid_t gr, ge, gs;
    getresgid(&gr, &ge, &gs);
    snprintf(value, sizeof(value), "%u\t%u\t%u\t%u", gr, ge, gs, ge);
    CHECK(status_is(text, "Gid", value), "status_gid");
    CHECK(status_is(text, "Threads", "1"), "status_threads");
    CHECK(status_hex(text, "SigBlk") & (1ull << (SIGUSR1 - 1)), "status_sigblk");
    CHECK(status_hex(text, "SigIgn") & (1ull << (SIGUSR2 - 1)), "status_sigign");
    CHECK(status_hex(text, "SigCgt") & (1ull << (SIGHUP - 1)), "status_sigcgt");
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    signal(SIGUSR2, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
}

static void self_cmdline(int argc, char** argv)
{
    char expected[4096];
    size_t length = 0;
    for (int i = 0; i < argc; ++i) {
        size_t n = strlen(argv[i]) + 1;
        memcpy(expected + length, argv[i], n);
        length += n;
    }
    char text[4096];
    long n = read_file("/proc/self/cmdline", text, sizeof(text));
    CHECK(n == (long)length && memcmp(text, expected, length) == 0, "cmdline_is_argv");
}

static volatile int thread_release;

static void* thread_body(void* arg)
{
    (void)arg;
    while (!t_flag_get(&thread_release))
        sched_yield();
    return NULL;
}

static void threads(void)
{
    pthread_t thread;
    if (!CHECK(pthread_create(&thread, NULL, thread_body, NULL) == 0, "thread_create"))
        return;
    struct stat_fields f;
    CHECK(read_stat("/proc/self/stat", &f) == 0 && f.num_threads == 2, "stat_num_threads_2");
    char text[4096];
    CHECK(read_file("/proc/self/status", text, sizeof(text)) > 0 && status_is(text, "Threads", "2"),
        "status_threads_2");
    t_flag_set(&thread_release, 1);
    pthread_join(thread, NULL);
}

/* The state letter of pid, polled until it is `expected` (at most about two seconds). */
static char wait_for_state(pid_t pid, char expected)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    struct stat_fields f = { 0 };
    for (int i = 0; i < 2000; ++i) {
        if (read_stat(path, &f) != 0)
            return '?';
        if (f.state == expected)
            break;
        usleep(1000);
    }
    return f.state;
}

static int listing_has(pid_t pid)
{
    char name[16];
    snprintf(name, sizeof(name), "%d", pid);
    DIR* dir = opendir("/proc");
    if (!dir)
        return 0;
    int found = 0;
    for (struct dirent* d; (d = readdir(dir));) {
        if (strcmp(d->d_name, name) == 0 && d->d_type == DT_DIR)
            found = 1;
    }
    closedir(dir);
    return found;
}

static void other_processes(void)
{
    CHECK(listing_has(getpid()), "listing_has_self");

    int p[2];
    if (pipe(p) != 0)
        return;
    pid_t child = t_fork();
    if (child == 0) {
        char c;
        close(p[1]);
        if (read(p[0], &c, 1) < 0)
            _exit(1);
        _exit(3);
    }
    close(p[0]);
    CHECK_EQ(wait_for_state(child, 'S'), 'S', "child_sleeping");
    char path[64];
    struct stat_fields f;
    snprintf(path, sizeof(path), "/proc/%d/stat", child);
    CHECK(read_stat(path, &f) == 0 && f.ppid == getpid() && f.pid == child, "child_stat_ppid");

    kill(child, SIGSTOP);
    int status;
    CHECK(waitpid(child, &status, WUNTRACED) == child && WIFSTOPPED(status), "child_stopped");
    CHECK_EQ(wait_for_state(child, 'T'), 'T', "child_state_stopped");
    kill(child, SIGCONT);
    close(p[1]);

    siginfo_t info;
    CHECK(waitid(P_PID, child, &info, WEXITED | WNOWAIT) == 0, "child_exited");
    CHECK_EQ(wait_for_state(child, 'Z'), 'Z', "zombie_state");
    char text[4096];
    snprintf(path, sizeof(path), "/proc/%d/status", child);
    CHECK(read_file(path, text, sizeof(text)) > 0 && status_is(text, "State", "Z (zombie)"), "zombie_status");
    snprintf(path, sizeof(path), "/proc/%d/cmdline", child);
    CHECK_EQ(read_file(path, text, sizeof(text)), 0, "zombie_cmdline_empty");
    CHECK(listing_has(child), "listing_has_zombie");

    CHECK_EQ(t_wait(child), 3 << 8, "child_reaped");
    snprintf(path, sizeof(path), "/proc/%d/stat", child);
    CHECK_ERRNO(open(path, O_RDONLY), ENOENT, "reaped_gone");
    CHECK(!listing_has(child), "listing_without_reaped");
}

int main(int argc, char** argv)
{
    self_stat();
    self_status();
    self_cmdline(argc, argv);
    threads();
    other_processes();
    return t_failures ? 1 : 0;
}
