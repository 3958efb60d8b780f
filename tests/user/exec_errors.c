/*
 * exec_errors: every error of execve the issue names, each returning to the caller intact:
 * ENOENT, ENOTDIR, EACCES (no exec bit; a directory), ENOEXEC (garbage, an empty file),
 * E2BIG (one string of MAX_ARG_STRLEN, an environment string too, all strings over a quarter
 * of RLIMIT_STACK, too many pointers), EFAULT (path, argv, an argv string, envp, an envp string).
 * Then the limits from the other side: one exec of ourselves (via /proc/self/exe) with a string
 * of MAX_ARG_STRLEN - 1 bytes and 1.3 MB of arguments in all must succeed, and the new image
 * checks what it got.
 *
 *   exec_errors                      phase 1: the errors, then exec phase 2
 *   exec_errors big FAILURES ARGS... phase 2: check the big arguments; exit status for both
 */
#include "t.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define MAX_ARG_STRLEN (32 * 4096) /* Linux: one string, NUL included */
#define BIG_COUNT 10
#define BIG_SIZE 120000

static char* const env[] = { "HOME=/", NULL };
static const char self[] = "/proc/self/exe";

static long sys_execve(const char* path, char* const* argv, char* const* envp)
{
    return syscall(SYS_execve, path, argv, envp);
}

static void write_file(const char* path, const char* data, size_t len, mode_t mode)
{
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, mode);
    if (fd < 0 || write(fd, data, len) != (ssize_t)len)
        t_print("# cannot write %s: %s\n", path, strerror(errno));
    close(fd);
    chmod(path, mode);
}

static char* string_of(size_t len, char c)
{
    char* s = malloc(len + 1);
    memset(s, c, len);
    s[len] = '\0';
    return s;
}

static int phase_errors(void)
{
    char* argv_ok[] = { "exec_errors", "unexpected", NULL };
    mkdir("/tmp/exec", 0755);

    /* Lookup. */
    CHECK_ERRNO(sys_execve("/tmp/exec/missing", argv_ok, env), ENOENT, "missing_file_ENOENT");
    CHECK_ERRNO(sys_execve("/tmp/nodir/x", argv_ok, env), ENOENT, "missing_dir_ENOENT");
    CHECK_ERRNO(sys_execve("", argv_ok, env), ENOENT, "empty_path_ENOENT");
    write_file("/tmp/exec/plain", "x", 1, 0644);
    CHECK_ERRNO(sys_execve("/tmp/exec/plain/x", argv_ok, env), ENOTDIR, "file_as_dir_ENOTDIR");

    /* Permission. */
    t_copy_self("/tmp/exec/noexec", 0644);
    CHECK_ERRNO(sys_execve("/tmp/exec/noexec", argv_ok, env), EACCES, "elf_without_exec_bit_EACCES");
    CHECK_ERRNO(sys_execve("/tmp/exec", argv_ok, env), EACCES, "directory_EACCES");
    CHECK_ERRNO(sys_execve("/", argv_ok, env), EACCES, "root_directory_EACCES");
    CHECK_ERRNO(sys_execve("/dev/null", argv_ok, env), EACCES, "device_EACCES");

    /* Not an executable format. */
    write_file("/tmp/exec/garbage", "this is not a program\n", 22, 0755);
    CHECK_ERRNO(sys_execve("/tmp/exec/garbage", argv_ok, env), ENOEXEC, "garbage_ENOEXEC");
    write_file("/tmp/exec/empty", "", 0, 0755);
    CHECK_ERRNO(sys_execve("/tmp/exec/empty", argv_ok, env), ENOEXEC, "empty_file_ENOEXEC");
    char elf_header_only[64] = { 0x7f, 'E', 'L', 'F', 1 /* 32-bit */, 1, 1 };
    write_file("/tmp/exec/elf32", elf_header_only, sizeof(elf_header_only), 0755);
    CHECK_ERRNO(sys_execve("/tmp/exec/elf32", argv_ok, env), ENOEXEC, "elf32_header_ENOEXEC");

    /* Bad pointers. */
    CHECK_ERRNO(sys_execve(t_ptr(1), argv_ok, env), EFAULT, "bad_path_pointer_EFAULT");
    CHECK_ERRNO(sys_execve(t_ptr(0xffffffff81000000ul), argv_ok, env), EFAULT, "kernel_path_pointer_EFAULT");
    CHECK_ERRNO(sys_execve(self, t_ptr(1), env), EFAULT, "bad_argv_pointer_EFAULT");
    char* argv_bad_string[] = { "exec_errors", t_ptr(1), NULL };
    CHECK_ERRNO(sys_execve(self, argv_bad_string, env), EFAULT, "bad_argv_string_EFAULT");
    CHECK_ERRNO(sys_execve(self, argv_ok, t_ptr(1)), EFAULT, "bad_envp_pointer_EFAULT");
    char* env_bad_string[] = { "A=1", t_ptr(8), NULL };
    CHECK_ERRNO(sys_execve(self, argv_ok, env_bad_string), EFAULT, "bad_envp_string_EFAULT");

    /* Sizes. Linux: a string of MAX_ARG_STRLEN bytes or more with its NUL is E2BIG; so are all
     * strings and pointers together beyond a quarter of RLIMIT_STACK (here set to 8 MiB). */
    struct rlimit rl;
    getrlimit(RLIMIT_STACK, &rl);
    rl.rlim_cur = 8 << 20;
    CHECK(setrlimit(RLIMIT_STACK, &rl) == 0, "setrlimit_stack_8MiB");
    char* too_long = string_of(MAX_ARG_STRLEN, 'x');
    char* argv_long[] = { "exec_errors", too_long, NULL };
    CHECK_ERRNO(sys_execve(self, argv_long, env), E2BIG, "arg_of_MAX_ARG_STRLEN_E2BIG");
    char* env_long_string = string_of(MAX_ARG_STRLEN, 'y');
    memcpy(env_long_string, "LONG=", 5);
    char* env_long[] = { env_long_string, NULL };
    CHECK_ERRNO(sys_execve(self, argv_ok, env_long), E2BIG, "env_string_of_MAX_ARG_STRLEN_E2BIG");
    free(too_long);
    free(env_long_string);

    enum { OVER = 20 }; /* 20 x 120000 bytes > 2 MiB */
    char* argv_total[OVER + 2] = { "exec_errors" };
    for (int i = 1; i <= OVER; i++)
        argv_total[i] = string_of(BIG_SIZE, 'a' + i);
    argv_total[OVER + 1] = NULL;
    CHECK_ERRNO(sys_execve(self, argv_total, env), E2BIG, "strings_over_a_quarter_of_the_stack_E2BIG");
    for (int i = 1; i <= OVER; i++)
        free(argv_total[i]);

    enum { POINTERS = 300000 }; /* 300000 empty strings: 2.4 MB of pointers > 2 MiB */
    char** argv_many = calloc(POINTERS + 1, sizeof(char*));
    for (int i = 0; i < POINTERS; i++)
        argv_many[i] = "";
    CHECK_ERRNO(sys_execve(self, argv_many, env), E2BIG, "pointers_over_a_quarter_of_the_stack_E2BIG");
    free(argv_many);

    /* A failed execve changes nothing: we are still here, with our memory and files. */
    static volatile int still_mine = 12345;
    CHECK(still_mine == 12345 && write(1, "", 0) == 0, "caller_intact_after_failed_execs");

    /* Phase 2: the other side of the limits must exec. */
    static char failures[16];
    snprintf(failures, sizeof(failures), "%d", t_failures);
    char* argv_big[4 + BIG_COUNT + 1] = { "exec_errors", "big", failures, string_of(MAX_ARG_STRLEN - 1, 'L') };
    for (int i = 0; i < BIG_COUNT; i++)
        argv_big[4 + i] = string_of(BIG_SIZE, 'a' + i);
    argv_big[4 + BIG_COUNT] = NULL;
    long r = sys_execve(self, argv_big, env);
    t_print("not ok exec_with_big_arguments\n#   execve: %s\n", t_errname(r == -1 ? errno : 0));
    return 1;
}

static int phase_big(int argc, char** argv)
{
    int earlier = atoi(argv[2]);
    t_print("ok exec_with_big_arguments\n");
    CHECK_EQ(argc, 4 + BIG_COUNT, "big_argc");
    int ok = argc == 4 + BIG_COUNT && strlen(argv[3]) == MAX_ARG_STRLEN - 1 && argv[3][0] == 'L'
        && argv[3][MAX_ARG_STRLEN - 2] == 'L';
    CHECK(ok, "string_of_MAX_ARG_STRLEN_minus_1_arrives");
    int all = argc == 4 + BIG_COUNT;
    for (int i = 0; all && i < BIG_COUNT; i++) {
        const char* s = argv[4 + i];
        all &= strlen(s) == BIG_SIZE && s[0] == 'a' + i && s[BIG_SIZE - 1] == 'a' + i;
    }
    CHECK(all, "1.3MB_of_arguments_arrive");
    return earlier || t_failures ? 1 : 0;
}

int main(int argc, char** argv)
{
    if (argc == 1)
        return phase_errors();
    if (argc >= 3 && strcmp(argv[1], "big") == 0)
        return phase_big(argc, argv);
    /* A call expected to fail succeeded and started us again. */
    t_print("not ok an_execve_that_should_have_failed_succeeded (argc %d)\n", argc);
    return 1;
}
