/*
 * shebang: "#!" scripts, with this program as their interpreter (copied to /tmp/sb/self).
 * Linux's rules: the interpreter gets [interpreter, optional-arg, script-path, argv[1]...]; the
 * optional argument is everything after the interpreter's name, leading and trailing blanks
 * dropped, inner blanks kept, as ONE argument; the caller's argv[0] is dropped. Interpreters may
 * be scripts up to 5 levels deep; a sixth is ELOOP. A missing interpreter is ENOENT, a directory
 * EACCES, an empty "#!" line ENOEXEC, a script without the exec bit EACCES.
 *
 * Phases (each exec starts this program again; the failure count travels as "F=N", last):
 *   shebang                          errors, then exec /tmp/sb/arg x F=N
 *   self "one  two" /tmp/sb/arg ...   the optional-argument phase, then exec /tmp/sb/noarg
 *   self /tmp/sb/noarg noarg F=N     no optional argument, then exec the 5-level chain
 *   self /tmp/sb/c5 ... /tmp/sb/c1 chain F=N
 */
#include "t.h"

#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/stat.h>

#define SELF "/tmp/sb/self"
static char* const env[] = { "HOME=/", NULL };

static void write_file(const char* path, const char* data, mode_t mode)
{
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    if (fd < 0 || write(fd, data, strlen(data)) != (ssize_t)strlen(data))
        t_print("# cannot write %s: %s\n", path, strerror(errno));
    close(fd);
    chmod(path, mode);
}

static char fails_arg[32];
static const char* fails(void)
{
    snprintf(fails_arg, sizeof(fails_arg), "F=%d", t_failures);
    return fails_arg;
}

static int earlier_failures(int argc, char** argv)
{
    return strncmp(argv[argc - 1], "F=", 2) == 0 ? atoi(argv[argc - 1] + 2) : 1;
}

static int argv_is(int argc, char** argv, const char* const* expected, int n)
{
    if (argc != n + 1) /* + the F=N at the end */
        return 0;
    for (int i = 0; i < n; i++)
        if (strcmp(argv[i], expected[i]) != 0)
            return 0;
    return 1;
}

static void print_argv(int argc, char** argv)
{
    for (int i = 0; i < argc; i++)
        t_print("#   argv[%d] = \"%s\"\n", i, argv[i]);
}

/* What every phase started through a script checks about itself. */
static void check_image(const char* phase, const char* script)
{
    char name[64], exe[256] = "";
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0)
        exe[n] = '\0';
    snprintf(name, sizeof(name), "%s_proc_self_exe_is_the_interpreter", phase);
    CHECK(strcmp(exe, SELF) == 0, name);
    const char* execfn = (const char*)getauxval(AT_EXECFN);
    snprintf(name, sizeof(name), "%s_AT_EXECFN_is_the_script", phase);
    CHECK(execfn && strcmp(execfn, script) == 0, name);
}

static int phase_errors(void)
{
    mkdir("/tmp/sb", 0755);
    if (!CHECK(t_copy_self(SELF, 0700), "copy_self_to_tmp"))
        return 1;
    write_file("/tmp/sb/arg", "#!  " SELF " \t one  two \t\nthe rest is never read\n", 0755);
    write_file("/tmp/sb/noarg", "#!" SELF "\n", 0755);
    write_file("/tmp/sb/missing", "#!/tmp/sb/nonexistent arg\n", 0755);
    write_file("/tmp/sb/dir", "#!/tmp/sb\n", 0755);
    write_file("/tmp/sb/empty", "#!\n", 0755);
    write_file("/tmp/sb/blank", "#!   \n", 0755);
    write_file("/tmp/sb/noexec", "#!" SELF "\n", 0644);
    /* c1 -> c2 -> ... -> c5 -> SELF works; d1 -> ... -> d6 -> SELF is one level too many. */
    for (int i = 1; i <= 6; i++) {
        char path[64], line[64];
        if (i <= 5) {
            snprintf(path, sizeof(path), "/tmp/sb/c%d", i);
            snprintf(line, sizeof(line), i == 5 ? "#!" SELF "\n" : "#!/tmp/sb/c%d\n", i + 1);
            write_file(path, line, 0755);
        }
        snprintf(path, sizeof(path), "/tmp/sb/d%d", i);
        snprintf(line, sizeof(line), i == 6 ? "#!" SELF "\n" : "#!/tmp/sb/d%d\n", i + 1);
        write_file(path, line, 0755);
    }

    char* argv[] = { "ignored", "x", NULL };
    CHECK_ERRNO(execve("/tmp/sb/missing", argv, env), ENOENT, "missing_interpreter_ENOENT");
    CHECK_ERRNO(execve("/tmp/sb/dir", argv, env), EACCES, "directory_interpreter_EACCES");
    CHECK_ERRNO(execve("/tmp/sb/empty", argv, env), ENOEXEC, "empty_interpreter_ENOEXEC");
    CHECK_ERRNO(execve("/tmp/sb/blank", argv, env), ENOEXEC, "blank_interpreter_ENOEXEC");
    CHECK_ERRNO(execve("/tmp/sb/noexec", argv, env), EACCES, "script_without_exec_bit_EACCES");
    CHECK_ERRNO(execve("/tmp/sb/d1", argv, env), ELOOP, "six_levels_of_scripts_ELOOP");

    char* next[] = { "ignored", "x", (char*)fails(), NULL };
    execve("/tmp/sb/arg", next, env);
    t_print("not ok exec_script_with_argument\n#   %s\n", t_errname(errno));
    return 1;
}

int main(int argc, char** argv)
{
    if (argc == 1)
        return phase_errors();
    int earlier = earlier_failures(argc, argv);

    if (argc >= 2 && strcmp(argv[1], "one  two") == 0) {
        t_print("ok exec_script_with_argument\n");
        static const char* const want[] = { SELF, "one  two", "/tmp/sb/arg", "x" };
        if (!CHECK(argv_is(argc, argv, want, 4), "optional_argument_is_one_trimmed_argument"))
            print_argv(argc, argv);
        check_image("arg", "/tmp/sb/arg");
        t_failures += earlier;
        char* next[] = { "ignored", "noarg", (char*)fails(), NULL };
        execve("/tmp/sb/noarg", next, env);
        t_print("not ok exec_script_without_argument\n#   %s\n", t_errname(errno));
        return 1;
    }
    if (argc >= 3 && strcmp(argv[2], "noarg") == 0) {
        t_print("ok exec_script_without_argument\n");
        static const char* const want[] = { SELF, "/tmp/sb/noarg", "noarg" };
        if (!CHECK(argv_is(argc, argv, want, 3), "no_optional_argument"))
            print_argv(argc, argv);
        check_image("noarg", "/tmp/sb/noarg");
        t_failures += earlier;
        char* next[] = { "ignored", "chain", (char*)fails(), NULL };
        execve("/tmp/sb/c1", next, env);
        t_print("not ok five_levels_of_scripts\n#   %s\n", t_errname(errno));
        return 1;
    }
    if (argc >= 7 && strcmp(argv[6], "chain") == 0) {
        t_print("ok five_levels_of_scripts\n");
        static const char* const want[]
            = { SELF, "/tmp/sb/c5", "/tmp/sb/c4", "/tmp/sb/c3", "/tmp/sb/c2", "/tmp/sb/c1", "chain" };
        if (!CHECK(argv_is(argc, argv, want, 7), "chain_argv_lists_every_script"))
            print_argv(argc, argv);
        check_image("chain", "/tmp/sb/c1");
        return earlier || t_failures ? 1 : 0;
    }
    t_print("not ok unexpected_start\n");
    print_argv(argc, argv);
    return 1;
}
