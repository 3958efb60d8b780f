/*
 * rlimit: getrlimit, setrlimit and prlimit64 by Linux's rules (kernel/sys.c do_prlimit()): errors
 * and their order (EINVAL for a resource past RLIM_NLIMITS or soft > hard, EFAULT, EPERM for
 * raising a hard limit without privilege or RLIMIT_NOFILE past fs.nr_open, ESRCH), prlimit on
 * another process (with the same ids; EPERM otherwise), limits inherited at fork and
 * kept across exec, and RLIMIT_NOFILE enforced by dup, fcntl, open and pipe. The values the host
 * starts with differ from Sprout's (they are the caller's), so none is printed.
 */
#include "t_proc.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#define BAD ((void*)t_ptr(8))

struct lim {
    unsigned long long cur, max;
};

static long prlimit_raw(pid_t pid, int resource, const struct lim* fresh, struct lim* old)
{
    return syscall(SYS_prlimit64, pid, resource, fresh, old);
}

static void errors(void)
{
    struct lim l;
    for (int r = 0; r < 16; r++) {
        if (syscall(SYS_getrlimit, r, &l) != 0 || l.cur > l.max) {
            t_print("not ok getrlimit_each_resource\n#   resource %d\n", r);
            t_failures++;
            return;
        }
    }
    t_print("ok getrlimit_each_resource\n");
    CHECK_ERRNO(syscall(SYS_getrlimit, 16, &l), EINVAL, "getrlimit_RLIM_NLIMITS_EINVAL");
    CHECK_ERRNO(syscall(SYS_getrlimit, 16, BAD), EINVAL, "getrlimit_EINVAL_before_EFAULT");
    CHECK_ERRNO(syscall(SYS_getrlimit, RLIMIT_CORE, BAD), EFAULT, "getrlimit_bad_pointer_EFAULT");
    CHECK_ERRNO(syscall(SYS_setrlimit, RLIMIT_CORE, BAD), EFAULT, "setrlimit_bad_pointer_EFAULT");
    CHECK_ERRNO(syscall(SYS_setrlimit, 16, BAD), EFAULT, "setrlimit_EFAULT_before_EINVAL");
    CHECK_EQ(syscall(SYS_getrlimit, RLIMIT_CORE, &l), 0, "getrlimit_core");
    CHECK_ERRNO(syscall(SYS_setrlimit, 16, &l), EINVAL, "setrlimit_RLIM_NLIMITS_EINVAL");
    CHECK_ERRNO(syscall(SYS_setrlimit, 1000, &l), EINVAL, "setrlimit_1000_EINVAL");
    struct lim inverted = { 10, 5 };
    CHECK_ERRNO(syscall(SYS_setrlimit, RLIMIT_CORE, &inverted), EINVAL, "soft_above_hard_EINVAL");
    struct lim too_many = { 1024, 1048576 + 1 };
    CHECK_ERRNO(syscall(SYS_setrlimit, RLIMIT_NOFILE, &too_many), EPERM, "nofile_past_nr_open_EPERM");
    CHECK_ERRNO(prlimit_raw(0, 16, NULL, &l), EINVAL, "prlimit_RLIM_NLIMITS_EINVAL");
    CHECK_ERRNO(prlimit_raw(0, RLIMIT_CORE, BAD, NULL), EFAULT, "prlimit_bad_new_EFAULT");
    CHECK_ERRNO(prlimit_raw(0, 16, BAD, NULL), EFAULT, "prlimit_EFAULT_before_EINVAL");
    CHECK_ERRNO(prlimit_raw(0x3fffffff, RLIMIT_CORE, NULL, &l), ESRCH, "prlimit_no_such_pid_ESRCH");
    CHECK_ERRNO(prlimit_raw(0x3fffffff, RLIMIT_CORE, BAD, NULL), EFAULT, "prlimit_EFAULT_before_ESRCH");
    CHECK_EQ(prlimit_raw(0, RLIMIT_CORE, NULL, NULL), 0, "prlimit_neither");
    /* The new limit is in force even when the old one cannot be copied out. */
    struct lim fresh = { 4096, RLIM_INFINITY };
    CHECK_ERRNO(prlimit_raw(0, RLIMIT_CPU, &fresh, BAD), EFAULT, "prlimit_bad_old_EFAULT");
    CHECK(getrlimit(RLIMIT_CPU, (struct rlimit*)&l) == 0 && l.cur == 4096 && l.max == RLIM_INFINITY,
        "prlimit_new_applied_before_EFAULT");
}

/* NOTE: root may raise a hard limit on Linux only with CAP_SYS_RESOURCE, which the host that runs
 * these tests may lack (container sandboxes drop it); Sprout's root always may. So no check here
 * raises a hard limit as root: RLIMIT_FSIZE (hard RLIM_INFINITY on both) is only ever lowered. */
#define G (1ull << 30)

static void root_lowers_hard(void)
{
    struct rlimit l = { 100 * G, 200 * G };
    CHECK_EQ(setrlimit(RLIMIT_FSIZE, &l), 0, "lower_hard");
    struct rlimit got;
    CHECK(getrlimit(RLIMIT_FSIZE, &got) == 0 && got.rlim_cur == 100 * G && got.rlim_max == 200 * G, "lowered");
    struct lim old, same = { 100 * G, 200 * G };
    CHECK_EQ(prlimit_raw(getpid(), RLIMIT_FSIZE, &same, &old), 0, "prlimit_own_pid");
    CHECK(old.cur == 100 * G && old.max == 200 * G, "prlimit_returns_old");
    CHECK_EQ(prlimit_raw(getppid(), RLIMIT_FSIZE, NULL, &old), 0, "root_reads_process_with_same_ids");
}

static void user_cannot_raise_hard(void)
{
    struct rlimit l = { 100 * G, 200 * G };
    CHECK_EQ(setrlimit(RLIMIT_FSIZE, &l), 0, "set_fsize");
    CHECK_EQ(setuid(1000), 0, "become_user");
    l.rlim_max = 201 * G;
    CHECK_ERRNO(setrlimit(RLIMIT_FSIZE, &l), EPERM, "user_raises_hard_EPERM");
    l.rlim_cur = 200 * G;
    l.rlim_max = 200 * G;
    CHECK_EQ(setrlimit(RLIMIT_FSIZE, &l), 0, "user_raises_soft_to_hard");
    l.rlim_max = 150 * G;
    l.rlim_cur = 150 * G;
    CHECK_EQ(setrlimit(RLIMIT_FSIZE, &l), 0, "user_lowers_hard");
    l.rlim_max = 200 * G;
    CHECK_ERRNO(setrlimit(RLIMIT_FSIZE, &l), EPERM, "user_cannot_undo_a_lowered_hard");
    struct lim old;
    CHECK_ERRNO(prlimit_raw(getppid(), RLIMIT_FSIZE, NULL, &old), EPERM, "user_reads_root_process_EPERM");
    CHECK_ERRNO(prlimit_raw(1, RLIMIT_FSIZE, NULL, &old), EPERM, "user_reads_init_EPERM");
    /* A child with the same ids: allowed. */
    volatile int* shared = t_shared(4096);
    pid_t pid = t_fork();
    if (pid == 0) {
        struct rlimit c = { 77 * G, 150 * G };
        setrlimit(RLIMIT_FSIZE, &c);
        t_flag_set(&shared[0], 1);
        t_flag_wait(&shared[1], 1);
        getrlimit(RLIMIT_FSIZE, &c);
        _exit(c.rlim_cur == 66 * G ? 0 : 1);
    }
    t_flag_wait_child(&shared[0], 1, pid);
    CHECK(prlimit_raw(pid, RLIMIT_FSIZE, NULL, &old) == 0 && old.cur == 77 * G, "same_user_reads_child");
    struct lim set = { 66 * G, 150 * G };
    CHECK_EQ(prlimit_raw(pid, RLIMIT_FSIZE, &set, NULL), 0, "same_user_sets_child");
    t_flag_set(&shared[1], 1);
    CHECK_EXITED(t_wait(pid), 0, "child_sees_the_new_limit");
}

static void nofile(void)
{
    struct rlimit l = { 10, 10 };
    CHECK_EQ(setrlimit(RLIMIT_NOFILE, &l), 0, "nofile_10");
    for (int fd = 3; fd < 64; fd++)
        close(fd);
    int last = -1, fd;
    while ((fd = dup(0)) >= 0)
        last = fd;
    CHECK_EQ(errno, EMFILE, "dup_past_nofile_EMFILE");
    CHECK_EQ(last, 9, "fds_below_the_limit");
    CHECK_ERRNO(open("/", O_RDONLY), EMFILE, "open_past_nofile_EMFILE");
    CHECK_ERRNO(dup2(0, 10), EBADF, "dup2_to_the_limit_EBADF");
    CHECK_ERRNO(fcntl(0, F_DUPFD, 10), EINVAL, "fcntl_dupfd_from_the_limit_EINVAL");
    close(9);
    int p[2];
    CHECK_ERRNO(pipe(p), EMFILE, "pipe_needs_two_EMFILE");
    CHECK_EQ(dup(0), 9, "a_freed_slot_is_usable");
}

int main(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "after-exec") == 0) {
        struct rlimit l;
        getrlimit(RLIMIT_FSIZE, &l);
        return l.rlim_cur == 1234 * G && l.rlim_max == 5678 * G ? 0 : 1;
    }
    errors();
    pid_t pid = t_fork();
    if (pid == 0) {
        root_lowers_hard();
        _exit(t_exit_status());
    }
    CHECK_EXITED(t_wait(pid), 0, "child_root_lowers_hard");
    pid = t_fork();
    if (pid == 0) {
        user_cannot_raise_hard();
        _exit(t_exit_status());
    }
    CHECK_EXITED(t_wait(pid), 0, "child_user_cannot_raise_hard");
    pid = t_fork();
    if (pid == 0) {
        nofile();
        _exit(t_exit_status());
    }
    CHECK_EXITED(t_wait(pid), 0, "child_nofile");

    struct rlimit l = { 1234 * G, 5678 * G };
    CHECK_EQ(setrlimit(RLIMIT_FSIZE, &l), 0, "set_fsize_for_children");
    pid = t_fork();
    if (pid == 0) {
        struct rlimit c;
        getrlimit(RLIMIT_FSIZE, &c);
        if (c.rlim_cur != 1234 * G || c.rlim_max != 5678 * G)
            _exit(2);
        char* args[] = { argv[0], "after-exec", NULL };
        execv(argv[0], args);
        _exit(3);
    }
    CHECK_EXITED(t_wait(pid), 0, "inherited_at_fork_kept_across_exec");
    return t_exit_status();
}
