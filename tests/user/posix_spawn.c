/*
 * posix_spawn: the C library's spawn (glibc: clone(CLONE_VM | CLONE_VFORK); musl: the same, with
 * a close-on-exec pipe to carry errors) on top of the kernel's vfork path. A spawned program's
 * exit status arrives through waitpid; posix_spawnp finds a program through PATH (a copy of
 * ourselves in /tmp); a missing program, a non-executable one, or a file action that fails comes
 * back as posix_spawn's return value (glibc and musl both report exec failures that way) and
 * leaves no child behind (a failing dup2 action is EBADF, an O_EXCL open of an existing file
 * EEXIST; an addclose of a descriptor that is not open is no error). File actions: addopen puts
 * the child's stdout into a file the parent reads back, adddup2 does the same with a descriptor
 * of ours, addclose closes one of ours in the child only.
 *
 *   posix_spawn                 the tests
 *   posix_spawn child ACTION... (spawned by the tests) prints nothing on the test's stdout:
 *       exit N       exit with N
 *       print TEXT   write TEXT and a newline to fd 1, exit 0
 *       env          exit 24 if argv[0] is "spawn_helper" and SPAWN_VAR=yes is all the
 *                    environment, else 1
 *       fd N         exit 0 if descriptor N is open, 3 if it is closed
 */
#include "t_proc.h"
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>

extern char** environ;

static const char self[] = "/proc/self/exe";

static int child_main(int argc, char** argv, char** envp)
{
    if (argc == 4 && strcmp(argv[2], "exit") == 0)
        return atoi(argv[3]);
    if (argc == 4 && strcmp(argv[2], "print") == 0) {
        size_t n = strlen(argv[3]);
        return write(1, argv[3], n) == (ssize_t)n && write(1, "\n", 1) == 1 ? 0 : 1;
    }
    if (argc == 3 && strcmp(argv[2], "env") == 0)
        return strcmp(argv[0], "spawn_helper") == 0 && envp[0] && strcmp(envp[0], "SPAWN_VAR=yes") == 0 && !envp[1] ? 24
                                                                                                                    : 1;
    if (argc == 4 && strcmp(argv[2], "fd") == 0)
        return fcntl(atoi(argv[3]), F_GETFD) >= 0 ? 0 : errno == EBADF ? 3 : 4;
    return 99;
}

/* posix_spawn(self, child ARGS...) with file actions fa (or none) and our environment; the
 * child's status, or -1 with the posix_spawn error in *err. */
static int spawn_self(posix_spawn_file_actions_t* fa, int* err, char* a, char* b)
{
    char* argv[] = { "posix_spawn", "child", a, b, NULL };
    pid_t pid = -1;
    *err = posix_spawn(&pid, self, fa, NULL, argv, environ);
    if (*err)
        return -1;
    return t_wait(pid);
}

static ssize_t read_file(const char* path, char* buf, size_t size)
{
    memset(buf, 0, size);
    int fd = open(path, O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buf, size - 1) : -1;
    close(fd);
    return n;
}

static void exit_statuses(void)
{
    int err;
    CHECK_EXITED(spawn_self(NULL, &err, "exit", "0"), 0, "spawn_exit_0");
    CHECK_EQ(err, 0, "spawn_exit_0_returns_0");
    CHECK_EXITED(spawn_self(NULL, &err, "exit", "23"), 23, "spawn_exit_23");
    CHECK_EXITED(spawn_self(NULL, &err, "exit", "255"), 255, "spawn_exit_255");

    /* 20 in a row, then nobody left. */
    int bad = 0;
    for (int i = 0; i < 20; i++) {
        char code[8];
        snprintf(code, sizeof(code), "%d", i);
        int status = spawn_self(NULL, &err, "exit", code);
        bad += status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != i;
    }
    CHECK_EQ(bad, 0, "spawn_20_times");
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD, "spawn_no_child_left");
}

static void path_lookup(void)
{
    mkdir("/tmp/bin", 0755);
    t_copy_self("/tmp/bin/spawn_helper", 0755);
    t_copy_self("/tmp/bin/not_executable", 0644);
    setenv("PATH", "/tmp/nowhere:/tmp/bin:/bin", 1); /* posix_spawnp searches the caller's PATH */
    char* argv[] = { "spawn_helper", "child", "env", NULL };
    char* envp[] = { "SPAWN_VAR=yes", NULL };
    pid_t pid = -1;
    int err = posix_spawnp(&pid, "spawn_helper", NULL, NULL, argv, envp);
    CHECK_EQ(err, 0, "spawnp_finds_program_in_PATH");
    if (err == 0)
        CHECK_EXITED(t_wait(pid), 24, "spawnp_child_gets_argv_and_envp");

    err = posix_spawnp(&pid, "no_such_program", NULL, NULL, argv, envp);
    CHECK_EQ(err, ENOENT, "spawnp_not_in_PATH_ENOENT");
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD, "spawnp_failure_leaves_no_child");
}

static void failures(void)
{
    char* argv[] = { "missing", NULL };
    pid_t pid = -1;
    int err = posix_spawn(&pid, "/tmp/no/such/program", NULL, NULL, argv, environ);
    CHECK_EQ(err, ENOENT, "spawn_missing_program_ENOENT");
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD, "spawn_missing_program_leaves_no_child");

    err = posix_spawn(&pid, "/tmp/bin/not_executable", NULL, NULL, argv, environ);
    CHECK_EQ(err, EACCES, "spawn_not_executable_EACCES");
    err = posix_spawn(&pid, "/tmp", NULL, NULL, argv, environ);
    CHECK_EQ(err, EACCES, "spawn_directory_EACCES");

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/tmp/no/such/dir/out", O_WRONLY | O_CREAT, 0644);
    int status = spawn_self(&fa, &err, "exit", "0");
    CHECK_EQ(err, ENOENT, "spawn_failing_addopen_ENOENT");
    CHECK_EQ(status, -1, "spawn_failing_addopen_no_child");
    posix_spawn_file_actions_destroy(&fa);

    /* Every failing action is the return value: a dup2 from a closed descriptor, an O_EXCL open
     * of a file that exists. Closing a descriptor that is not open is no error (both libcs). */
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, 77, 1);
    CHECK_EQ(spawn_self(&fa, &err, "exit", "0"), -1, "spawn_failing_adddup2_no_child");
    CHECK_EQ(err, EBADF, "spawn_failing_adddup2_EBADF");
    posix_spawn_file_actions_destroy(&fa);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 5, "/tmp", O_RDONLY | O_CREAT | O_EXCL, 0644);
    CHECK_EQ(spawn_self(&fa, &err, "exit", "0"), -1, "spawn_failing_addopen_O_EXCL_no_child");
    CHECK_EQ(err, EEXIST, "spawn_failing_addopen_O_EXCL_EEXIST");
    posix_spawn_file_actions_destroy(&fa);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addclose(&fa, 78);
    CHECK_EXITED(spawn_self(&fa, &err, "exit", "6"), 6, "spawn_addclose_of_closed_fd_is_fine");
    CHECK_EQ(err, 0, "spawn_addclose_of_closed_fd_returns_0");
    posix_spawn_file_actions_destroy(&fa);
    CHECK_EQ(posix_spawn_file_actions_addclose(&fa, -1), EBADF, "addclose_negative_fd_EBADF");
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD, "spawn_failures_leave_no_child");
}

static void file_actions(void)
{
    char buf[64];
    int err;

    /* addopen: the child's stdout is a new file. */
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/tmp/spawn_out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK_EXITED(spawn_self(&fa, &err, "print", "through addopen"), 0, "addopen_child_status");
    posix_spawn_file_actions_destroy(&fa);
    CHECK(read_file("/tmp/spawn_out", buf, sizeof(buf)) == 16 && strcmp(buf, "through addopen\n") == 0,
        "addopen_stdout_in_file");
    struct stat st;
    CHECK(stat("/tmp/spawn_out", &st) == 0 && (st.st_mode & 0777) == 0644, "addopen_mode_and_umask");

    /* adddup2: our descriptor becomes the child's stdout; ours stays as it was. */
    int fd = open("/tmp/spawn_dup", O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd, 1);
    CHECK_EXITED(spawn_self(&fa, &err, "print", "through adddup2"), 0, "adddup2_child_status");
    posix_spawn_file_actions_destroy(&fa);
    CHECK(read_file("/tmp/spawn_dup", buf, sizeof(buf)) == 16 && strcmp(buf, "through adddup2\n") == 0,
        "adddup2_stdout_in_file");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 16, "adddup2_child_moved_shared_offset");
    CHECK_EQ(write(fd, "parent\n", 7), 7, "adddup2_parent_fd_still_open");
    close(fd);

    /* addclose: a descriptor of ours (inherited without the action) is closed in the child. */
    fd = open("/tmp/spawn_dup", O_RDONLY);
    char fdtext[16];
    snprintf(fdtext, sizeof(fdtext), "%d", fd);
    CHECK_EXITED(spawn_self(NULL, &err, "fd", fdtext), 0, "without_addclose_fd_inherited");
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addclose(&fa, fd);
    CHECK_EXITED(spawn_self(&fa, &err, "fd", fdtext), 3, "addclose_fd_closed_in_child");
    posix_spawn_file_actions_destroy(&fa);
    CHECK(fcntl(fd, F_GETFD) >= 0, "addclose_fd_still_open_in_parent");
    close(fd);

    /* Actions run in order: open, dup2 it onto stdout, close the original. */
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 20, "/tmp/spawn_chain", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 20, 1);
    posix_spawn_file_actions_addclose(&fa, 20);
    CHECK_EXITED(spawn_self(&fa, &err, "print", "chained"), 0, "chained_actions_child_status");
    posix_spawn_file_actions_destroy(&fa);
    CHECK(read_file("/tmp/spawn_chain", buf, sizeof(buf)) == 8 && strcmp(buf, "chained\n") == 0,
        "chained_actions_stdout_in_file");
}

int main(int argc, char** argv, char** envp)
{
    if (argc >= 2 && strcmp(argv[1], "child") == 0)
        return child_main(argc, argv, envp);
    exit_statuses();
    path_lookup();
    failures();
    file_actions();
    return t_exit_status();
}
