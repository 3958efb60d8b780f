/*
 * fork_basic: fork() and wait as Linux does them. fork returns 0 in the child and the child's pid
 * in the parent; the child's parent is us; waitpid/wait4 return that pid and the status Linux
 * encodes (exit code << 8); exit codes 0, 1, 255 and the low-byte truncation of larger ones;
 * exit() runs atexit handlers and flushes stdio, _exit() does neither; 100 fork/exit/wait cycles;
 * 20 children alive at once, reaped in whatever order with waitpid(-1); waitpid of one chosen
 * child; WNOHANG while the child runs; a zombie is reaped once; ECHILD with no children, for a
 * pid that is not our child (our parent, ourselves, a grandchild); a descriptor inherited at fork
 * shares its offset.
 *
 * Children never print (t_proc.h): they answer through exit statuses and shared memory.
 */
#include "t_proc.h"
#include <fcntl.h>
#include <sys/resource.h>

struct shared {
    int child_pid; /* getpid() in the child */
    int child_ppid; /* getppid() in the child */
    int go; /* released by the parent */
    int started; /* children that reached their spin loop */
    int grandchild; /* a grandchild's pid, for the ECHILD check */
    int atexit_ran;
};

static struct shared* sh;

static void on_exit_handler(void) { t_flag_set(&sh->atexit_ran, 1); }

static void fork_returns(void)
{
    pid_t parent = getpid();
    pid_t pid = t_fork();
    if (pid == 0) {
        sh->child_pid = getpid();
        sh->child_ppid = getppid();
        _exit(pid == 0 ? 7 : 1);
    }
    CHECK(pid > 0, "fork_returns_a_pid_in_the_parent");
    int status = 0;
    pid_t r = waitpid(pid, &status, 0);
    CHECK(r == pid, "waitpid_returns_the_child_pid");
    CHECK_EXITED(status, 7, "fork_returns_zero_in_the_child");
    CHECK(sh->child_pid == pid, "fork_returns_the_childs_getpid");
    CHECK(sh->child_pid != parent, "child_pid_differs_from_parent");
    CHECK(sh->child_ppid == parent, "child_getppid_is_the_parent");
    CHECK(getpid() == parent, "parent_pid_unchanged");

    /* wait4 with a struct rusage: same pid and status. */
    pid = t_fork();
    if (pid == 0)
        _exit(3);
    struct rusage ru;
    status = 0;
    r = wait4(pid, &status, 0, &ru);
    CHECK(r == pid, "wait4_returns_the_child_pid");
    CHECK_EXITED(status, 3, "wait4_status");
}

static void exit_codes(void)
{
    static const int codes[] = { 0, 1, 42, 255 };
    for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        pid_t pid = t_fork();
        if (pid == 0)
            _exit(codes[i]);
        int status = t_wait(pid);
        char name[64];
        snprintf(name, sizeof(name), "exit_code_%d", codes[i]);
        CHECK_EXITED(status, codes[i], name);
        snprintf(name, sizeof(name), "exit_code_%d_raw_status", codes[i]);
        CHECK_EQ(status, codes[i] << 8, name);
        snprintf(name, sizeof(name), "exit_code_%d_not_signaled", codes[i]);
        CHECK(!WIFSIGNALED(status) && !WIFSTOPPED(status), name);
    }
    /* Only the low 8 bits of the exit code reach the parent. */
    pid_t pid = t_fork();
    if (pid == 0)
        _exit(256 + 5);
    CHECK_EXITED(t_wait(pid), 5, "exit_code_261_is_5");
    pid = t_fork();
    if (pid == 0)
        _exit(-1);
    CHECK_EXITED(t_wait(pid), 255, "exit_code_minus_1_is_255");
}

/* exit() flushes stdio and runs atexit handlers; _exit() does neither. */
static void exit_versus_underscore_exit(void)
{
    for (int use_exit = 1; use_exit >= 0; use_exit--) {
        const char* path = use_exit ? "/tmp/fork_exit" : "/tmp/fork__exit";
        t_flag_set(&sh->atexit_ran, 0);
        pid_t pid = t_fork();
        if (pid == 0) {
            atexit(on_exit_handler);
            FILE* f = fopen(path, "w");
            if (!f)
                _exit(2);
            fputs("buffered", f); /* stays in the FILE's buffer until a flush */
            if (use_exit)
                exit(9);
            _exit(9);
        }
        int status = t_wait(pid);
        char buf[32] = { 0 };
        int fd = open(path, O_RDONLY);
        ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
        close(fd);
        if (use_exit) {
            CHECK_EXITED(status, 9, "exit_status");
            CHECK(n == 8 && strcmp(buf, "buffered") == 0, "exit_flushes_stdio");
            CHECK(t_flag_get(&sh->atexit_ran) == 1, "exit_runs_atexit_handlers");
        } else {
            CHECK_EXITED(status, 9, "_exit_status");
            CHECK(n == 0, "_exit_does_not_flush_stdio");
            CHECK(t_flag_get(&sh->atexit_ran) == 0, "_exit_skips_atexit_handlers");
        }
    }
}

static void sequential_cycles(void)
{
    int bad = 0;
    for (int i = 0; i < 100; i++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(i);
        if (pid < 0) {
            bad++;
            continue;
        }
        int status = t_wait(pid);
        if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != i)
            bad++;
    }
    CHECK_EQ(bad, 0, "fork_exit_wait_100_times");
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD, "no_child_left_after_100_cycles");
}

static int compare_ints(const void* a, const void* b) { return *(const int*)a - *(const int*)b; }

static void many_children(void)
{
    enum { N = 20 };
    pid_t pids[N];
    t_flag_set(&sh->go, 0);
    t_flag_set(&sh->started, 0);
    for (int i = 0; i < N; i++) {
        pids[i] = t_fork();
        if (pids[i] == 0) {
            __atomic_add_fetch(&sh->started, 1, __ATOMIC_SEQ_CST);
            t_flag_wait(&sh->go, 1);
            _exit(100 + i);
        }
    }
    /* All 20 exist at once: each counted itself in before any was let go. */
    t_flag_wait(&sh->started, N);
    CHECK_EQ(waitpid(-1, NULL, WNOHANG), 0, "twenty_children_running_WNOHANG_returns_0");
    t_flag_set(&sh->go, 1);

    int codes[N];
    int unknown = 0, duplicate = 0;
    int seen[N] = { 0 };
    for (int i = 0; i < N; i++) {
        int status = 0;
        pid_t r = waitpid(-1, &status, 0);
        codes[i] = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        int found = -1;
        for (int j = 0; j < N; j++)
            if (pids[j] == r)
                found = j;
        if (found < 0)
            unknown++;
        else if (seen[found]++)
            duplicate++;
        else if (codes[i] != 100 + found)
            codes[i] = -2; /* the status belongs to another child than the pid says */
    }
    CHECK_EQ(unknown, 0, "waitpid_any_returns_our_children");
    CHECK_EQ(duplicate, 0, "waitpid_any_returns_each_child_once");
    qsort(codes, N, sizeof(int), compare_ints);
    int wrong = 0;
    for (int i = 0; i < N; i++)
        wrong += codes[i] != 100 + i;
    CHECK_EQ(wrong, 0, "waitpid_any_statuses_match_their_pids");
    CHECK_ERRNO(waitpid(-1, NULL, 0), ECHILD, "all_twenty_reaped");
}

static void wait_for_one(void)
{
    pid_t pids[3];
    t_flag_set(&sh->go, 0);
    for (int i = 0; i < 3; i++) {
        pids[i] = t_fork();
        if (pids[i] == 0) {
            t_flag_wait(&sh->go, 1);
            _exit(10 + i);
        }
    }
    t_flag_set(&sh->go, 1);
    int status = 0;
    CHECK_EQ(waitpid(pids[1], &status, 0), pids[1], "waitpid_specific_pid");
    CHECK_EXITED(status, 11, "waitpid_specific_pid_status");
    CHECK_ERRNO(waitpid(pids[1], &status, 0), ECHILD, "reaped_child_is_gone_ECHILD");
    CHECK_ERRNO(waitpid(pids[1], &status, WNOHANG), ECHILD, "reaped_child_is_gone_WNOHANG_ECHILD");
    CHECK_EXITED(t_wait(pids[2]), 12, "waitpid_third");
    CHECK_EXITED(t_wait(pids[0]), 10, "waitpid_first");
}

static void wnohang(void)
{
    t_flag_set(&sh->go, 0);
    pid_t pid = t_fork();
    if (pid == 0) {
        t_flag_wait(&sh->go, 1);
        _exit(33);
    }
    int status = 12345;
    CHECK_EQ(waitpid(pid, &status, WNOHANG), 0, "WNOHANG_running_child_returns_0");
    CHECK_EQ(status, 12345, "WNOHANG_running_child_leaves_status");
    CHECK_EQ(waitpid(-1, &status, WNOHANG), 0, "WNOHANG_any_running_child_returns_0");
    t_flag_set(&sh->go, 1);
    /* Blocking wait, then the zombie is gone. */
    CHECK_EQ(waitpid(pid, &status, 0), pid, "wait_after_release");
    CHECK_EXITED(status, 33, "wait_after_release_status");

    /* WNOHANG on a child that has exited: spin on WNOHANG until it is a zombie. */
    pid = t_fork();
    if (pid == 0)
        _exit(34);
    pid_t r;
    while ((r = waitpid(pid, &status, WNOHANG)) == 0)
        sched_yield();
    CHECK_EQ(r, pid, "WNOHANG_reaps_an_exited_child");
    CHECK_EXITED(status, 34, "WNOHANG_exited_child_status");
}

static void echild(void)
{
    int status;
    CHECK_ERRNO(waitpid(-1, &status, 0), ECHILD, "no_children_ECHILD");
    CHECK_ERRNO(waitpid(-1, &status, WNOHANG), ECHILD, "no_children_WNOHANG_ECHILD");
    CHECK_ERRNO(wait(&status), ECHILD, "wait_no_children_ECHILD");
    CHECK_ERRNO(waitpid(getppid(), &status, 0), ECHILD, "waitpid_parent_ECHILD");
    CHECK_ERRNO(waitpid(getpid(), &status, 0), ECHILD, "waitpid_self_ECHILD");

    /* A grandchild is not our child, even while alive and while a zombie. */
    t_flag_set(&sh->go, 0);
    t_flag_set(&sh->grandchild, 0);
    pid_t pid = t_fork();
    if (pid == 0) {
        pid_t g = t_fork();
        if (g == 0) {
            t_flag_wait(&sh->go, 1);
            _exit(5);
        }
        t_flag_set(&sh->grandchild, g);
        t_flag_wait(&sh->go, 2); /* the parent has tried */
        t_flag_set(&sh->go, 1);
        int s = t_wait(g);
        _exit(s != -1 && WIFEXITED(s) && WEXITSTATUS(s) == 5 ? 0 : 1);
    }
    while (t_flag_get(&sh->grandchild) == 0)
        sched_yield();
    pid_t grandchild = t_flag_get(&sh->grandchild);
    CHECK_ERRNO(waitpid(grandchild, &status, 0), ECHILD, "waitpid_grandchild_ECHILD");
    CHECK_ERRNO(waitpid(grandchild, &status, WNOHANG), ECHILD, "waitpid_grandchild_WNOHANG_ECHILD");
    t_flag_set(&sh->go, 2);
    CHECK_EXITED(t_wait(pid), 0, "child_reaps_its_own_child");
    CHECK_ERRNO(waitpid(-1, &status, 0), ECHILD, "no_children_left");
}

/* A descriptor inherited across fork is the same open file: one offset for both. */
static void shared_offset(void)
{
    int fd = open("/tmp/fork_offset", O_CREAT | O_TRUNC | O_RDWR, 0644);
    CHECK(fd >= 0, "open_offset_file");
    pid_t pid = t_fork();
    if (pid == 0)
        _exit(write(fd, "child", 5) == 5 ? 0 : 1);
    CHECK_EXITED(t_wait(pid), 0, "child_writes_inherited_fd");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5, "child_write_moved_the_parents_offset");
    CHECK_EQ(write(fd, "parent", 6), 6, "parent_writes_after_child");
    char buf[16] = { 0 };
    CHECK_EQ(pread(fd, buf, sizeof(buf) - 1, 0), 11, "file_has_both_writes");
    CHECK(strcmp(buf, "childparent") == 0, "writes_in_order_at_shared_offset");
    close(fd);
}

int main(void)
{
    sh = t_shared(sizeof(*sh));
    echild();
    fork_returns();
    exit_codes();
    exit_versus_underscore_exit();
    sequential_cycles();
    many_children();
    wait_for_one();
    wnohang();
    shared_offset();
    return t_exit_status();
}
