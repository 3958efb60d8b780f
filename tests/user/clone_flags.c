/*
 * clone() and clone3(): every argument check Linux makes, with its errno, and the observable
 * effect of each flag that has one in a process without threads (docs/fork.md, "clone3 and
 * pidfds"). Valid thread cases (CLONE_THREAD, CLONE_SIGHAND, CLONE_VM on a new stack) are the
 * threads tests' business; the invalid ones are here, since they fail before anything exists.
 *
 * Left out, because the host's Linux (the oracle, with real namespaces) and a kernel without
 * namespaces rightly differ: a namespace flag that passes every earlier check (Linux makes the
 * namespace, Sprout says EINVAL); clone3 set_tid with more than one pid (valid inside the test's
 * own pid namespace on Linux, which is one level down); CLONE_NEWTIME in clone3; CLONE_PARENT
 * from init (the test is not init).
 */
#include "t_clone.h"
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>

/* Raw clone (56) or clone3 (435) whose child, on whatever stack it got, exits with 1 if its
 * stack pointer is `expected_rsp`, else 0. */
static long clone_check_rsp(long nr, long a1, long a2, long a3, long a4, long a5, unsigned long expected_rsp)
{
    long ret;
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    register unsigned long r12 __asm__("r12") = expected_rsp;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "xor %%edi, %%edi\n\t"
                     "cmp %%r12, %%rsp\n\t"
                     "sete %%dil\n\t"
                     "mov $231, %%eax\n\t"
                     "syscall\n\t"
                     "hlt\n"
                     "1:"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r12)
                     : "rcx", "r11", "memory");
    return ret;
}

/* Raw clone whose child exits with the low byte of the 8 bytes at %fs:0 (its TLS base). */
static long clone_read_tls(unsigned long flags, unsigned long tls)
{
    long ret;
    register long r10 __asm__("r10") = 0;
    register long r8 __asm__("r8") = (long)tls;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "mov %%fs:0, %%rdi\n\t"
                     "mov $231, %%eax\n\t"
                     "syscall\n\t"
                     "hlt\n"
                     "1:"
                     : "=a"(ret)
                     : "a"(56L), "D"(flags), "S"(0L), "d"(0L), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return ret;
}

static char child_stack[16384] __attribute__((aligned(16)));
static uint64_t child_tls[4] = { 42, 0, 0, 0 };

/* A plain child of clone() with `flags` (exit signal included) exits 42; reap it with `wopts`. */
static void clone_ok(unsigned long flags, int wopts, const char* name)
{
    long pid = t_clone(flags, NULL, NULL, NULL, 0);
    T_CHILD_EXIT(pid, 42);
    if (!CHECK(pid > 0, name)) {
        t_print("#   clone: %s\n", t_errname(errno));
        return;
    }
    int status = 0;
    CHECK_EQ(waitpid(pid, &status, wopts), pid, name);
    CHECK_EXITED(status, 42, name);
}

static void clone_invalid(void)
{
    int fd = -1;
    CHECK_ERRNO(t_clone(CLONE_NEWNS | CLONE_FS | SIGCHLD, NULL, NULL, NULL, 0), EINVAL, "clone_newns_fs");
    CHECK_ERRNO(t_clone(CLONE_NEWUSER | CLONE_FS | SIGCHLD, NULL, NULL, NULL, 0), EINVAL, "clone_newuser_fs");
    CHECK_ERRNO(t_clone(CLONE_THREAD | SIGCHLD, NULL, NULL, NULL, 0), EINVAL, "clone_thread_without_sighand");
    CHECK_ERRNO(t_clone(CLONE_SIGHAND | SIGCHLD, NULL, NULL, NULL, 0), EINVAL, "clone_sighand_without_vm");
    CHECK_ERRNO(t_clone(CLONE_THREAD | CLONE_SIGHAND, NULL, NULL, NULL, 0), EINVAL, "clone_thread_sighand_without_vm");
    CHECK_ERRNO(t_clone(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWPID, child_stack + sizeof(child_stack), NULL,
                    NULL, 0),
        EINVAL, "clone_thread_newpid");
    CHECK_ERRNO(t_clone(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWUSER, child_stack + sizeof(child_stack),
                    NULL, NULL, 0),
        EINVAL, "clone_thread_newuser");
    CHECK_ERRNO(t_clone(CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, NULL, &fd, NULL, 0), EINVAL, "clone_pidfd_detached");
    CHECK_ERRNO(t_clone(CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, NULL, &fd, NULL, 0), EINVAL,
        "clone_pidfd_parent_settid");
    CHECK_ERRNO(t_clone(CLONE_PIDFD | CLONE_THREAD | SIGCHLD, NULL, &fd, NULL, 0), EINVAL, "clone_pidfd_thread");
    CHECK(t_no_children(), "clone_invalid_made_no_child");
}

static void clone_files_and_fs(void)
{
    /* CLONE_FILES: a descriptor the child opens is ours too. */
    long pid = t_clone(CLONE_FILES | SIGCHLD, NULL, NULL, NULL, 0);
    if (pid == 0)
        _exit(open("/dev/null", O_RDONLY));
    int status = t_wait(pid);
    int fd = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    CHECK(fd > 2 && fcntl(fd, F_GETFD) == 0, "clone_files_child_open_seen");
    if (fd > 2)
        close(fd);
    /* Without it, the child's descriptor is its own. */
    pid = t_clone(SIGCHLD, NULL, NULL, NULL, 0);
    if (pid == 0)
        _exit(open("/dev/null", O_RDONLY));
    status = t_wait(pid);
    fd = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    CHECK_ERRNO(fcntl(fd, F_GETFD), EBADF, "clone_without_files_child_open_unseen");

    /* CLONE_FS: the child's chdir and umask are ours. */
    pid = t_clone(CLONE_FS | SIGCHLD, NULL, NULL, NULL, 0);
    if (pid == 0) {
        umask(077);
        _exit(chdir("/tmp") == 0 ? 0 : 1);
    }
    CHECK_EXITED(t_wait(pid), 0, "clone_fs_child");
    char cwd[64] = "";
    CHECK(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/tmp") == 0, "clone_fs_chdir_seen");
    CHECK_EQ(umask(022), 077, "clone_fs_umask_seen");
    CHECK_EQ(chdir("/"), 0, "clone_fs_chdir_back");
    pid = t_clone(SIGCHLD, NULL, NULL, NULL, 0);
    if (pid == 0) {
        umask(077);
        _exit(chdir("/tmp") == 0 ? 0 : 1);
    }
    CHECK_EXITED(t_wait(pid), 0, "clone_without_fs_child");
    CHECK(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") == 0, "clone_without_fs_chdir_unseen");
    CHECK_EQ(umask(022), 022, "clone_without_fs_umask_unseen");
}

static void clone_parent_and_tids(void)
{
    /* CLONE_PARENT: the child is our sibling: its parent is ours, and it is not our child. */
    int p[2];
    if (pipe(p) != 0)
        return;
    pid_t our_parent = getppid();
    long pid = t_clone(CLONE_PARENT, NULL, NULL, NULL, 0);
    if (pid == 0) {
        char c = getppid() == our_parent ? 'y' : 'n';
        _exit(write(p[1], &c, 1) == 1 ? 0 : 1);
    }
    close(p[1]);
    char c = 0;
    CHECK(pid > 0 && read(p[0], &c, 1) == 1 && c == 'y', "clone_parent_sibling_getppid");
    close(p[0]);
    CHECK_ERRNO(waitpid(pid, NULL, WNOHANG | __WALL), ECHILD, "clone_parent_not_our_child");

    /* CLONE_PARENT_SETTID: the child's pid stored in our memory; a bad address is ignored. */
    int ptid = 0;
    pid = t_clone(CLONE_PARENT_SETTID | SIGCHLD, NULL, &ptid, NULL, 0);
    T_CHILD_EXIT(pid, 0);
    CHECK(pid > 0 && ptid == pid, "clone_parent_settid_stored");
    CHECK_EXITED(t_wait(pid), 0, "clone_parent_settid_child");
    pid = t_clone(CLONE_PARENT_SETTID | SIGCHLD, NULL, t_ptr(8), NULL, 0);
    T_CHILD_EXIT(pid, 0);
    CHECK(pid > 0, "clone_parent_settid_bad_address_ignored");
    CHECK_EXITED(t_wait(pid), 0, "clone_parent_settid_bad_address_child");

    /* CLONE_CHILD_SETTID: stored in the child's memory (a copy of ours), not ours. */
    int ctid = 0;
    pid = t_clone(CLONE_CHILD_SETTID | SIGCHLD, NULL, NULL, &ctid, 0);
    if (pid == 0)
        _exit(ctid == getpid() ? 0 : 1);
    CHECK_EXITED(t_wait(pid), 0, "clone_child_settid_in_child");
    CHECK_EQ(ctid, 0, "clone_child_settid_not_ours");
    pid = t_clone(CLONE_CHILD_SETTID | SIGCHLD, NULL, NULL, t_ptr(8), 0);
    T_CHILD_EXIT(pid, 0);
    CHECK(pid > 0, "clone_child_settid_bad_address_ignored");
    CHECK_EXITED(t_wait(pid), 0, "clone_child_settid_bad_address_child");
    /* CLONE_CHILD_CLEARTID without CLONE_VM clears the word in the child's own memory only. */
    ctid = 77;
    pid = t_clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, NULL, NULL, &ctid, 0);
    T_CHILD_EXIT(pid, 0);
    CHECK_EXITED(t_wait(pid), 0, "clone_child_cleartid_child");
    CHECK_EQ(ctid, 77, "clone_child_cleartid_not_ours");
}

static void clone_exit_signals(void)
{
    /* A child with no exit signal, or another than SIGCHLD, is a "clone child": plain waits do
     * not see it, __WCLONE and __WALL do; __WCLONE does not see a fork child. */
    long pid = t_clone(0, NULL, NULL, NULL, 0);
    T_CHILD_EXIT(pid, 5);
    CHECK_ERRNO(waitpid(pid, NULL, 0), ECHILD, "exit_signal_0_plain_wait_echild");
    int status = 0;
    CHECK_EQ(waitpid(pid, &status, __WCLONE), pid, "exit_signal_0_wclone_reaps");
    CHECK_EXITED(status, 5, "exit_signal_0_status");
    pid = t_clone(SIGWINCH, NULL, NULL, NULL, 0);
    T_CHILD_EXIT(pid, 6);
    CHECK_ERRNO(waitpid(pid, NULL, 0), ECHILD, "exit_signal_sigwinch_plain_wait_echild");
    CHECK_EQ(waitpid(pid, &status, __WALL), pid, "exit_signal_sigwinch_wall_reaps");
    CHECK_EXITED(status, 6, "exit_signal_sigwinch_status");
    pid = t_clone(SIGCHLD, NULL, NULL, NULL, 0);
    T_CHILD_EXIT(pid, 7);
    CHECK_ERRNO(waitpid(pid, NULL, __WCLONE), ECHILD, "exit_signal_sigchld_wclone_echild");
    CHECK_EQ(waitpid(pid, &status, 0), pid, "exit_signal_sigchld_plain_wait");
    CHECK_EXITED(status, 7, "exit_signal_sigchld_status");
    /* clone() checks no signal number: 100 is taken (and is not SIGCHLD). */
    clone_ok(100, __WALL, "exit_signal_100_accepted");
}

static void clone_accepted_flags(void)
{
    clone_ok(CLONE_SYSVSEM | SIGCHLD, 0, "clone_sysvsem");
    clone_ok(CLONE_UNTRACED | SIGCHLD, 0, "clone_untraced");
    clone_ok(CLONE_IO | SIGCHLD, 0, "clone_io");
    clone_ok(CLONE_PTRACE | SIGCHLD, 0, "clone_ptrace_without_tracer");
    clone_ok(CLONE_DETACHED | SIGCHLD, 0, "clone_detached_ignored");
    /* clone() takes only the low 32 bits: clone3's CLONE_CLEAR_SIGHAND bit is not seen. */
    clone_ok((unsigned long)T_CLONE_CLEAR_SIGHAND | SIGCHLD, 0, "clone_high_bits_ignored");

    /* CLONE_VFORK without CLONE_VM: we sleep until the child exits, so its write is there. */
    int p[2];
    if (pipe2(p, O_NONBLOCK) != 0)
        return;
    long pid = t_clone(CLONE_VFORK | SIGCHLD, NULL, NULL, NULL, 0);
    if (pid == 0)
        _exit(write(p[1], "v", 1) == 1 ? 0 : 1);
    char c = 0;
    CHECK(pid > 0 && read(p[0], &c, 1) == 1 && c == 'v', "clone_vfork_without_vm_waits");
    CHECK_EXITED(t_wait(pid), 0, "clone_vfork_without_vm_child");
    close(p[0]);
    close(p[1]);

    /* A new stack: the child starts with exactly that stack pointer; CLONE_SETTLS: its TLS base. */
    unsigned long top = (unsigned long)(child_stack + sizeof(child_stack));
    pid = clone_check_rsp(SYS_clone, SIGCHLD, (long)top, 0, 0, 0, top);
    CHECK(pid > 0, "clone_stack");
    CHECK_EXITED(t_wait(pid), 1, "clone_stack_pointer_is_top");
    pid = clone_read_tls(CLONE_SETTLS | SIGCHLD, (unsigned long)child_tls);
    CHECK(pid > 0, "clone_settls");
    CHECK_EXITED(t_wait(pid), 42, "clone_settls_fs_base");
}

static void clone3_size_and_memory(void)
{
    struct t_clone_args a = t_clone3_args(0, SIGCHLD);
    CHECK_ERRNO(t_clone3(&a, 0), EINVAL, "clone3_size_0");
    CHECK_ERRNO(t_clone3(&a, 63), EINVAL, "clone3_size_63");
    CHECK_ERRNO(t_clone3(&a, 4097), E2BIG, "clone3_size_over_a_page");
    CHECK_ERRNO(t_clone3(NULL, 88), EFAULT, "clone3_null");
    CHECK_ERRNO(t_clone3(t_ptr(0xffff800000000000ull), 88), EFAULT, "clone3_kernel_address");

    /* Bigger than ours: unknown trailing bytes must be zero. */
    static uint64_t big[512]; /* a page */
    memset(big, 0, sizeof(big));
    memcpy(big, &a, sizeof(a));
    long pid = t_clone3(big, 4096);
    T_CHILD_EXIT(pid, 0);
    CHECK(pid > 0, "clone3_page_sized_zero_tail");
    CHECK_EXITED(t_wait(pid), 0, "clone3_page_sized_child");
    ((char*)big)[92] = 1;
    CHECK_ERRNO(t_clone3(big, 96), E2BIG, "clone3_nonzero_byte_92");
    ((char*)big)[92] = 0;
    ((char*)big)[4095] = 1;
    CHECK_ERRNO(t_clone3(big, 4096), E2BIG, "clone3_nonzero_last_byte");
    /* Version 0 (64 bytes) is enough. */
    pid = t_clone3(&a, 64);
    T_CHILD_EXIT(pid, 0);
    CHECK(pid > 0, "clone3_size_64");
    CHECK_EXITED(t_wait(pid), 0, "clone3_size_64_child");

    /* The struct runs into an unmapped page. */
    char* pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages != MAP_FAILED && munmap(pages + 4096, 4096) == 0) {
        struct t_clone_args* edge = (struct t_clone_args*)(pages + 4096 - 64);
        memcpy(edge, &a, 64);
        CHECK_ERRNO(t_clone3(edge, 88), EFAULT, "clone3_struct_crosses_into_unmapped");
        pid = t_clone3(edge, 64);
        T_CHILD_EXIT(pid, 0);
        CHECK(pid > 0, "clone3_struct_ends_at_unmapped");
        CHECK_EXITED(t_wait(pid), 0, "clone3_struct_ends_at_unmapped_child");
        munmap(pages, 4096);
    }
    CHECK(t_no_children(), "clone3_size_left_no_child");
}

static void clone3_invalid(void)
{
    struct t_clone_args a;
    a = t_clone3_args(1ULL << 40, SIGCHLD);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_unknown_flag");
    a = t_clone3_args(CLONE_DETACHED, SIGCHLD);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_detached");
    a = t_clone3_args(SIGCHLD, SIGCHLD);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_csignal_in_flags");
    a = t_clone3_args(CLONE_SIGHAND | CLONE_VM | T_CLONE_CLEAR_SIGHAND, 0);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_sighand_clear_sighand");
    a = t_clone3_args(CLONE_PARENT, SIGCHLD);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_parent_with_exit_signal");
    a = t_clone3_args(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, SIGCHLD);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_thread_with_exit_signal");
    a = t_clone3_args(0, 65);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_exit_signal_65");
    a = t_clone3_args(0, 0x100);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_exit_signal_0x100");
    a = t_clone3_args(0, (1ULL << 32) | SIGCHLD);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_exit_signal_high_bits");
    a = t_clone3_args(CLONE_THREAD, 0);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_thread_without_sighand");
    a = t_clone3_args(CLONE_SIGHAND, 0);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_sighand_without_vm");
    a = t_clone3_args(CLONE_NEWNS | CLONE_FS, SIGCHLD);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_newns_fs");
    a = t_clone3_args(CLONE_NEWUSER | CLONE_FS, SIGCHLD);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_newuser_fs");

    /* The stack: both or neither, in user space. */
    a = t_clone3_args(0, SIGCHLD);
    a.stack = (uint64_t)(uintptr_t)child_stack;
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_stack_without_size");
    a.stack = 0;
    a.stack_size = sizeof(child_stack);
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_size_without_stack");
    a.stack = 0xffff800000000000ull;
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_kernel_stack");
    a.stack = 0x00007ffffffff000ull - 4096;
    a.stack_size = 8192;
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_stack_past_user_space");

    /* set_tid and set_tid_size go together; at most MAX_PID_NS_LEVEL (32) pids. */
    int tids[33] = { 0 };
    a = t_clone3_args(0, SIGCHLD);
    a.set_tid = (uint64_t)(uintptr_t)tids;
    a.set_tid_size = 33;
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_set_tid_size_33");
    a.set_tid_size = 0;
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_set_tid_without_size");
    a.set_tid = 0;
    a.set_tid_size = 1;
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_set_tid_size_without_set_tid");
    a.set_tid = 8;
    CHECK_ERRNO(t_clone3(&a, 88), EFAULT, "clone3_set_tid_bad_address");
    /* A version-0 struct (64 bytes) has no set_tid: the fields past its end are not read. */
    long pid = t_clone3(&a, 64);
    T_CHILD_EXIT(pid, 0);
    CHECK(pid > 0, "clone3_set_tid_unread_in_version_0");
    CHECK_EXITED(t_wait(pid), 0, "clone3_set_tid_unread_in_version_0_child");

    /* CLONE_INTO_CGROUP: version 2 and a descriptor that fits an int; no descriptor a test can
     * have names a cgroup2 directory (EBADF). */
    a = t_clone3_args(T_CLONE_INTO_CGROUP, SIGCHLD);
    CHECK_ERRNO(t_clone3(&a, 80), EINVAL, "clone3_into_cgroup_version_1");
    a.cgroup = 1ULL << 31;
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_into_cgroup_beyond_int");
    a.cgroup = 999;
    CHECK_ERRNO(t_clone3(&a, 88), EBADF, "clone3_into_cgroup_closed_fd");
    int root = open("/", O_RDONLY | O_DIRECTORY);
    a.cgroup = root;
    CHECK_ERRNO(t_clone3(&a, 88), EBADF, "clone3_into_cgroup_not_a_cgroup");
    close(root);
    CHECK(t_no_children(), "clone3_invalid_made_no_child");
}

static void clone3_valid(void)
{
    /* clone3's stack is its lowest address and size; the child starts at the top. */
    struct t_clone_args a = t_clone3_args(0, SIGCHLD);
    a.stack = (uint64_t)(uintptr_t)child_stack;
    a.stack_size = sizeof(child_stack);
    long pid = clone_check_rsp(SYS_clone3, (long)&a, 88, 0, 0, 0, (unsigned long)(child_stack + sizeof(child_stack)));
    CHECK(pid > 0, "clone3_stack");
    CHECK_EXITED(t_wait(pid), 1, "clone3_stack_pointer_is_lowest_plus_size");

    /* No exit signal: a clone child. */
    a = t_clone3_args(0, 0);
    pid = t_clone3(&a, 88);
    T_CHILD_EXIT(pid, 9);
    CHECK_ERRNO(waitpid(pid, NULL, 0), ECHILD, "clone3_exit_signal_0_plain_wait_echild");
    int status = 0;
    CHECK_EQ(waitpid(pid, &status, __WCLONE), pid, "clone3_exit_signal_0_wclone");
    CHECK_EXITED(status, 9, "clone3_exit_signal_0_status");

    /* CLONE_CLEAR_SIGHAND alone is valid (the child's handlers reset; we have none). */
    a = t_clone3_args(T_CLONE_CLEAR_SIGHAND, SIGCHLD);
    pid = t_clone3(&a, 88);
    T_CHILD_EXIT(pid, 0);
    CHECK(pid > 0, "clone3_clear_sighand");
    CHECK_EXITED(t_wait(pid), 0, "clone3_clear_sighand_child");

    /* CLONE_PARENT_SETTID and CLONE_CHILD_SETTID through clone3's own fields. */
    int ptid = 0, ctid = 0;
    a = t_clone3_args(CLONE_PARENT_SETTID | CLONE_CHILD_SETTID, SIGCHLD);
    a.parent_tid = (uint64_t)(uintptr_t)&ptid;
    a.child_tid = (uint64_t)(uintptr_t)&ctid;
    pid = t_clone3(&a, 88);
    if (pid == 0)
        _exit(ctid == getpid() ? 0 : 1);
    CHECK(pid > 0 && ptid == pid && ctid == 0, "clone3_parent_settid");
    CHECK_EXITED(t_wait(pid), 0, "clone3_child_settid");

    /* set_tid, as root: the child gets that pid; a pid in use is EEXIST, one out of range
     * EINVAL. */
    int tid = getpid();
    a = t_clone3_args(0, SIGCHLD);
    a.set_tid = (uint64_t)(uintptr_t)&tid;
    a.set_tid_size = 1;
    CHECK_ERRNO(t_clone3(&a, 88), EEXIST, "clone3_set_tid_in_use");
    tid = 1;
    CHECK_ERRNO(t_clone3(&a, 88), EEXIST, "clone3_set_tid_1_in_use");
    tid = 0;
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_set_tid_0");
    tid = -1;
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_set_tid_negative");
    tid = 4194304; /* PID_MAX_LIMIT: beyond any pid_max */
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_set_tid_beyond_pid_max");
    tid = 12345;
    pid = t_clone3(&a, 88);
    if (pid == 0)
        _exit(getpid() == 12345 ? 0 : 1);
    CHECK_EQ(pid, 12345, "clone3_set_tid_pid");
    CHECK_EXITED(t_wait(pid), 0, "clone3_set_tid_child_getpid");
    CHECK(t_no_children(), "clone3_valid_left_no_child");
}

static void on_usr1(int sig) { (void)sig; }

/* CLONE_CLEAR_SIGHAND: the child starts with every handler back to SIG_DFL, except that ignored
 * signals stay ignored; the parent's handlers are untouched. */
static void clone3_clear_sighand(void)
{
    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, SIG_IGN);
    struct t_clone_args a = t_clone3_args(T_CLONE_CLEAR_SIGHAND, SIGCHLD);
    long pid = t_clone3(&a, 88);
    if (pid == 0) {
        struct sigaction sa1, sa2;
        sigaction(SIGUSR1, NULL, &sa1);
        sigaction(SIGUSR2, NULL, &sa2);
        _exit((sa1.sa_handler == SIG_DFL ? 0 : 1) | (sa2.sa_handler == SIG_IGN ? 0 : 2));
    }
    CHECK(pid > 0, "clone3_clear_sighand");
    CHECK_EXITED(t_wait((pid_t)pid), 0, "clone3_clear_sighand_child_defaults_keeps_ignored");
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    CHECK(sa.sa_handler == on_usr1, "clone3_clear_sighand_parent_keeps_handler");
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
}

int main(void)
{
    clone_invalid();
    clone_files_and_fs();
    clone_parent_and_tids();
    clone_exit_signals();
    clone_accepted_flags();
    clone3_size_and_memory();
    clone3_invalid();
    clone3_valid();
    clone3_clear_sighand();
    return t_exit_status();
}
