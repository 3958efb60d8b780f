/*
 * vfork: the child borrows the parent's memory and runs first; the parent sleeps until the child
 * exits or execs. What the child stores in memory before _exit (allowed and traditional, if not
 * in POSIX) the parent sees; what the child wrote to a file before _exit is there when vfork
 * returns in the parent; vfork returns the child's pid, whose parent is us. An exec in the child
 * wakes the parent while the new program still runs (the new program waits for a file the parent
 * creates only after vfork returned), and its exit status arrives through waitpid. An exec that
 * fails (ENOENT) leaves the child to _exit(127), with the errno in shared memory. The parent
 * stays asleep while the child yields, sleeps and forks and waits for a child of its own; a
 * mapping the child makes is there in the parent (one address space); a child that dies of
 * SIGSEGV lets the parent go too, and its status says so.
 *
 *   vfork                 the tests
 *   vfork wait-go STATUS  (run by the tests through exec) wait until /tmp/vfork_go exists, then
 *                         exit with STATUS; prints nothing
 */
#include "t_proc.h"
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

static volatile int child_stored;
static volatile int child_pid;
static volatile int child_ppid;
static volatile int child_errno;
static volatile int sequence;
static volatile int child_turn, parent_turn;

static const char go_file[] = "/tmp/vfork_go";

static int wait_go(const char* status)
{
    while (access(go_file, F_OK) != 0)
        sched_yield();
    return atoi(status);
}

static void memory_and_order(void)
{
    pid_t parent = getpid();
    volatile int parent_local = 1234;
    child_stored = 0;
    sequence = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        child_turn = ++sequence;
        child_stored = 77;
        child_pid = getpid();
        child_ppid = getppid();
        _exit(5);
    }
    parent_turn = ++sequence;
    CHECK(pid > 0, "vfork_returns_a_pid");
    CHECK_EQ(child_turn, 1, "vfork_child_runs_first");
    CHECK_EQ(parent_turn, 2, "vfork_parent_resumes_after_child");
    CHECK_EQ(child_stored, 77, "vfork_child_store_seen_by_parent");
    CHECK(child_pid == pid, "vfork_returns_the_childs_getpid");
    CHECK(child_ppid == parent, "vfork_child_getppid_is_the_parent");
    CHECK_EQ(parent_local, 1234, "vfork_parent_local_intact");
    CHECK_EXITED(t_wait(pid), 5, "vfork_child_exit_status");
}

static void file_before_exit(void)
{
    unlink("/tmp/vfork_marker");
    pid_t pid = vfork();
    if (pid == 0) {
        int fd = open("/tmp/vfork_marker", O_CREAT | O_WRONLY | O_TRUNC, 0644);
        if (fd < 0 || write(fd, "child was here", 14) != 14)
            _exit(1);
        close(fd);
        _exit(0);
    }
    /* No wait yet: the parent only got here because the child is gone. */
    char buf[32] = { 0 };
    int fd = open("/tmp/vfork_marker", O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
    close(fd);
    CHECK(n == 14 && strcmp(buf, "child was here") == 0, "vfork_child_file_there_when_parent_resumes");
    CHECK_EXITED(t_wait(pid), 0, "vfork_file_child_status");
}

static void exec_wakes_parent(void)
{
    unlink(go_file);
    char* argv[] = { "vfork", "wait-go", "42", NULL };
    char* envp[] = { "HOME=/", NULL };
    child_errno = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        execve("/proc/self/exe", argv, envp);
        child_errno = errno;
        _exit(127);
    }
    /* The new program waits for go_file: had the parent stayed asleep until it exited, neither
     * would ever go on. */
    CHECK_EQ(child_errno, 0, "vfork_exec_succeeded");
    int fd = open(go_file, O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0, "vfork_parent_runs_while_exec_child_runs");
    close(fd);
    CHECK_EXITED(t_wait(pid), 42, "vfork_exec_child_exit_status");
}

static void exec_failure(void)
{
    char* argv[] = { "missing", NULL };
    child_errno = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        execve("/tmp/no/such/program", argv, argv + 1);
        child_errno = errno;
        _exit(127);
    }
    CHECK_EQ(child_errno, ENOENT, "vfork_exec_failure_errno_ENOENT_seen_by_parent");
    CHECK_EXITED(t_wait(pid), 127, "vfork_exec_failure_exit_127");
}

static void many(void)
{
    volatile int bad = 0; /* volatile: locals live across vfork in the parent */
    for (volatile int i = 0; i < 50; i++) {
        child_stored = -1;
        pid_t pid = vfork();
        if (pid == 0) {
            child_stored = i;
            _exit(i);
        }
        int status = t_wait(pid);
        if (child_stored != i || status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != i)
            bad++;
    }
    CHECK_EQ(bad, 0, "vfork_exit_wait_50_times");
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD, "vfork_no_child_left");
}

/* The child blocks in every way it can before _exit: the parent must not run meanwhile. */
static void parent_sleeps_while_child_blocks(void)
{
    sequence = 0;
    child_turn = parent_turn = 0;
    child_stored = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        for (int i = 0; i < 20; i++)
            sched_yield();
        struct timespec ts = { 0, 2000000 };
        nanosleep(&ts, NULL);
        pid_t g = fork();
        if (g == 0)
            _exit(3);
        int status = 0;
        if (g > 0 && waitpid(g, &status, 0) == g && WIFEXITED(status))
            child_stored = WEXITSTATUS(status);
        child_turn = ++sequence;
        _exit(0);
    }
    parent_turn = ++sequence;
    CHECK(child_turn == 1 && parent_turn == 2, "vfork_parent_asleep_while_child_yields_sleeps_forks_waits");
    CHECK_EQ(child_stored, 3, "vfork_child_reaped_its_own_child");
    CHECK_EXITED(t_wait(pid), 0, "vfork_blocking_child_status");
}

/* One address space: what the child maps is mapped in the parent. */
static volatile char* volatile child_mapping;

static void child_mapping_seen(void)
{
    child_mapping = NULL;
    pid_t pid = vfork();
    if (pid == 0) {
        void* p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
            ((volatile char*)p)[100] = 'v';
            child_mapping = p;
        }
        _exit(0);
    }
    CHECK(child_mapping != NULL && child_mapping[100] == 'v', "vfork_child_mmap_seen_by_parent");
    CHECK_EXITED(t_wait(pid), 0, "vfork_mmap_child_status");
    if (child_mapping)
        CHECK_EQ(munmap((void*)child_mapping, 4096), 0, "vfork_parent_unmaps_child_mapping");
}

static void child_crash(void)
{
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    sequence = 0;
    child_turn = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        child_turn = ++sequence;
        *(volatile int*)t_ptr(0) = 1;
        _exit(0);
    }
    CHECK_EQ(child_turn, 1, "vfork_child_ran_before_crashing");
    CHECK_KILLED(t_wait(pid), SIGSEGV, "vfork_child_SIGSEGV_wakes_parent");
}

int main(int argc, char** argv)
{
    if (argc == 3 && strcmp(argv[1], "wait-go") == 0)
        return wait_go(argv[2]);
    memory_and_order();
    file_before_exit();
    exec_wakes_parent();
    exec_failure();
    parent_sleeps_while_child_blocks();
    child_mapping_seen();
    child_crash();
    many();
    return t_exit_status();
}
