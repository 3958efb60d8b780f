/*
 * The little test library of tests/user/ (docs/testing.md, "User-space tests").
 *
 * A test program prints "ok NAME" or "not ok NAME" per check on stdout, with "# ..." lines for
 * details, and exits 1 if anything failed. Output goes straight to write(2), unbuffered, so that
 * what is printed before an exec or a crash is never lost and is the same on Linux and Sprout.
 * The output must not depend on pids, addresses, time or the host: the same bytes on both.
 */
#ifndef SPROUT_USER_T_H
#define SPROUT_USER_T_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int t_failures;

/* printf to fd 1 with one write(2) per call. */
__attribute__((format(printf, 1, 2))) static inline void t_print(const char* fmt, ...)
{
    char buf[4096];
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

static inline int t_check(int ok, const char* name)
{
    if (ok) {
        t_print("ok %s\n", name);
    } else {
        t_print("not ok %s\n", name);
        t_failures++;
    }
    return ok;
}

/* CHECK(condition, name): one check. */
#define CHECK(cond, name) t_check(!!(cond), (name))

/* CHECK_ERRNO(call, errno_value, name): the call returns -1 with that errno. */
#define CHECK_ERRNO(call, err, name)                                                                       \
    do {                                                                                                   \
        errno = 0;                                                                                         \
        long t_r_ = (long)(call);                                                                          \
        int t_e_ = errno;                                                                                  \
        if (!t_check(t_r_ == -1 && t_e_ == (err), (name)))                                                 \
            t_print("#   expected -1 with %s, got %ld with %s\n", t_errname(err), t_r_,           \
                t_errname(t_e_));                                                                   \
    } while (0)

/* CHECK_EQ(a, b, name): two integers, both printed on failure. */
#define CHECK_EQ(a, b, name)                                                                               \
    do {                                                                                                   \
        long long t_a_ = (long long)(a), t_b_ = (long long)(b);                                            \
        if (!t_check(t_a_ == t_b_, (name)))                                                                \
            t_print("#   %s is %lld, expected %lld\n", #a, t_a_, t_b_);                                    \
    } while (0)

/* The symbolic name of an errno value, the same on musl and glibc. */
static inline const char* t_errname(int e)
{
    switch (e) {
#define T_E(x)                                                                                             \
    case x:                                                                                                \
        return #x;
        T_E(EPERM) T_E(ENOENT) T_E(EINTR) T_E(EIO) T_E(E2BIG) T_E(ENOEXEC) T_E(EBADF) T_E(ECHILD)
        T_E(EAGAIN) T_E(ENOMEM) T_E(EACCES) T_E(EFAULT) T_E(EBUSY) T_E(EEXIST) T_E(EXDEV) T_E(ENODEV)
        T_E(ENOTDIR) T_E(EISDIR) T_E(EINVAL) T_E(ENFILE) T_E(EMFILE) T_E(ENOTTY) T_E(ETXTBSY)
        T_E(EFBIG) T_E(ENOSPC) T_E(ESPIPE) T_E(EROFS) T_E(EMLINK) T_E(EPIPE) T_E(ERANGE)
        T_E(ENAMETOOLONG) T_E(ENOSYS) T_E(ENOTEMPTY) T_E(ELOOP) T_E(ENXIO)
#undef T_E
    case 0:
        return "no error";
    }
    static char buf[32];
    snprintf(buf, sizeof(buf), "errno %d", e);
    return buf;
}

/* A pointer the compiler cannot see through (so it does not warn about, or fold, bad pointers). */
static inline void* t_ptr(uintptr_t v)
{
    __asm__ volatile("" : "+r"(v));
    return (void*)v;
}

/* The exit status: 1 if any check failed. */
static inline int t_exit_status(void) { return t_failures ? 1 : 0; }


#include <fcntl.h>
#include <sys/stat.h>

/* Copy this very program (/proc/self/exe) to `to` with permissions `mode`: a real ELF the tests
 * can exec, or refuse to exec. Returns 1 when every byte arrived. */
static inline int t_copy_self(const char* to, mode_t mode)
{
    int in = open("/proc/self/exe", O_RDONLY);
    int out = open(to, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    char buf[65536];
    ssize_t n = 0;
    int ok = in >= 0 && out >= 0;
    while (ok && (n = read(in, buf, sizeof(buf))) > 0)
        ok = write(out, buf, n) == n;
    close(in);
    close(out);
    return ok && n == 0 && chmod(to, mode) == 0;
}

/* The contents of a (small) file, NUL-terminated: its length, or -1 (errno set). */
static inline int t_read_file(const char* path, char* buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = 0;
    return (int)n;
}

#endif
