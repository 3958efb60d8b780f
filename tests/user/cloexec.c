/*
 * cloexec: descriptors marked close-on-exec are closed by execve, the others survive it with
 * their offsets and lose nothing. Every way to set the flag: O_CLOEXEC, F_SETFD, F_DUPFD_CLOEXEC,
 * dup3(O_CLOEXEC); and the ways that clear it: dup, F_SETFD 0.
 *
 *   cloexec                   open, mark, check the flags, exec /proc/self/exe after ...
 *   cloexec after F=N FD...   check which descriptors survived
 */
#include "t.h"

#include <fcntl.h>
#include <sys/syscall.h>

enum { A_CLOEXEC, B_PLAIN, C_DUP_OF_A, D_DUPFD_CLOEXEC, E_DUP3_CLOEXEC, F_SETFD_ON, G_SETFD_OFF, N_FDS };
static const char* const names[N_FDS] = { "O_CLOEXEC", "plain", "dup_of_cloexec", "F_DUPFD_CLOEXEC",
    "dup3_O_CLOEXEC", "F_SETFD_FD_CLOEXEC", "F_SETFD_0" };
static const int closed_by_exec[N_FDS] = { 1, 0, 0, 1, 1, 1, 0 };
/* The byte each survivor reads next: offsets survive exec (shared by dups). */
static const char next_byte[N_FDS] = { 0, '3', '1', 0, 0, 0, '0' };

static int before_exec(void)
{
    int fd = open("/tmp/cloexec", O_CREAT | O_TRUNC | O_WRONLY, 0644);
    CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10, "create_file");
    close(fd);

    int fds[N_FDS];
    fds[A_CLOEXEC] = open("/tmp/cloexec", O_RDONLY | O_CLOEXEC);
    fds[B_PLAIN] = open("/tmp/cloexec", O_RDONLY);
    fds[C_DUP_OF_A] = dup(fds[A_CLOEXEC]);
    fds[D_DUPFD_CLOEXEC] = fcntl(fds[B_PLAIN], F_DUPFD_CLOEXEC, 10);
    fds[E_DUP3_CLOEXEC] = dup3(fds[B_PLAIN], 20, O_CLOEXEC);
    fds[F_SETFD_ON] = open("/tmp/cloexec", O_RDONLY);
    fds[G_SETFD_OFF] = open("/tmp/cloexec", O_RDONLY | O_CLOEXEC);
    CHECK(fcntl(fds[F_SETFD_ON], F_SETFD, FD_CLOEXEC) == 0, "F_SETFD_FD_CLOEXEC");
    CHECK(fcntl(fds[G_SETFD_OFF], F_SETFD, 0) == 0, "F_SETFD_0");
    CHECK(fds[D_DUPFD_CLOEXEC] >= 10, "F_DUPFD_CLOEXEC_at_least_10");
    CHECK_EQ(fds[E_DUP3_CLOEXEC], 20, "dup3_to_20");
    CHECK_ERRNO(syscall(SYS_dup3, fds[B_PLAIN], fds[B_PLAIN], O_CLOEXEC), EINVAL, "dup3_same_fd_EINVAL");
    CHECK_ERRNO(syscall(SYS_dup3, fds[B_PLAIN], 21, O_RDWR), EINVAL, "dup3_bad_flags_EINVAL");
    for (int i = 0; i < N_FDS; i++) {
        char name[64];
        snprintf(name, sizeof(name), "flags_before_exec_%s", names[i]);
        CHECK_EQ(fcntl(fds[i], F_GETFD), closed_by_exec[i] ? FD_CLOEXEC : 0, name);
    }
    /* Offsets: the plain one (and its dups) at 3, A and its dup at 1. */
    char c;
    CHECK(lseek(fds[B_PLAIN], 3, SEEK_SET) == 3, "seek_plain");
    CHECK(read(fds[A_CLOEXEC], &c, 1) == 1 && c == '0', "read_through_cloexec_fd");

    char* argv[4 + N_FDS] = { "cloexec", "after" };
    static char text[N_FDS + 1][16];
    snprintf(text[N_FDS], sizeof(text[0]), "F=%d", t_failures);
    argv[2] = text[N_FDS];
    for (int i = 0; i < N_FDS; i++) {
        snprintf(text[i], sizeof(text[0]), "%d", fds[i]);
        argv[3 + i] = text[i];
    }
    argv[3 + N_FDS] = NULL;
    char* const env[] = { "HOME=/", NULL };
    execve("/proc/self/exe", argv, env);
    t_print("not ok exec_self\n#   %s\n", t_errname(errno));
    return 1;
}

static int after_exec(int argc, char** argv)
{
    t_print("ok exec_self\n");
    if (!CHECK(argc == 3 + N_FDS, "argc_after_exec"))
        return 1;
    int earlier = atoi(argv[2] + 2);
    for (int i = 0; i < N_FDS; i++) {
        int fd = atoi(argv[3 + i]);
        char name[64];
        if (closed_by_exec[i]) {
            snprintf(name, sizeof(name), "closed_by_exec_%s", names[i]);
            CHECK_ERRNO(fcntl(fd, F_GETFD), EBADF, name);
        } else {
            snprintf(name, sizeof(name), "survives_exec_%s", names[i]);
            CHECK_EQ(fcntl(fd, F_GETFD), 0, name);
            char c = 0;
            snprintf(name, sizeof(name), "offset_survives_exec_%s", names[i]);
            CHECK(read(fd, &c, 1) == 1 && c == next_byte[i], name);
        }
    }
    CHECK(fcntl(0, F_GETFD) == 0 && fcntl(1, F_GETFD) == 0 && fcntl(2, F_GETFD) == 0, "stdio_survives_exec");
    return earlier || t_failures ? 1 : 0;
}

int main(int argc, char** argv)
{
    if (argc >= 3 && strcmp(argv[1], "after") == 0)
        return after_exec(argc, argv);
    return before_exec();
}
