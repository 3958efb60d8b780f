/*
 * /sbin/init: Sprout's PID 1 (docs/runner.md, "The final design").
 *
 *   /sbin/init --run CMD [ARGS...]   run CMD as a child, report its status, power off
 *   /sbin/init                       the same for the command in sprout.run= on /proc/cmdline
 *                                    if there is one, else an interactive /bin/sh on the console,
 *                                    in a session of its own with the console as its controlling
 *                                    terminal (so that the shell has job control)
 *   /sbin/init --idle                only be PID 1 (the interim design: the kernel itself starts
 *                                    CMD as PID 1's child and reports its status)
 *
 * CMD runs with working directory /, a fixed environment, stdin /dev/null, stdout
 * /dev/sprout/stdout (COM2) and stderr /dev/sprout/stderr (COM3). When it ends, init writes
 * "sprout: exit status N" (N = exit code, or 128 + signal number) on the console (COM1, the
 * kernel log) and powers the machine off; the runner (tools/sprout-run.sh) reads that line.
 *
 * As busybox's init, PID 1 takes SIGUSR2 as "power off", SIGTERM as "reboot" and SIGUSR1 as
 * "halt" (what busybox's poweroff, reboot and halt send without -f): it asks every process to
 * end (SIGTERM, then SIGKILL), syncs and calls reboot(2). Under QEMU all three end the run
 * (docs/tty.md).
 *
 * Static C against musl, no library beyond libc: it must start on a kernel that has just learnt
 * to run programs. It needs fork, which Sprout gains after the exec issue: until then fork fails,
 * and init says so on the console and powers off without a status line (with a command) or
 * becomes the shell itself (without one).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "runarg.h"

/* The environment every command starts with, on Sprout and in the Linux half of the tests
 * (tools/user-test.sh): keep the two in step. */
static char* const command_env[] = {
    "HOME=/",
    "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
    "TERM=linux",
    NULL,
};
static const char command_path[] = "/usr/sbin:/usr/bin:/sbin:/bin";

static int console_fd = 2;

/* A message on the console: the kernel log in run mode. */
static void say(const char* fmt, ...)
{
    char buf[512];
    va_list ap;
    int n = snprintf(buf, sizeof(buf), "init: ");
    va_start(ap, fmt);
    n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(buf) - 1)
        n = sizeof(buf) - 2;
    buf[n++] = '\n';
    (void)!write(console_fd, buf, n);
}

static void sleep_forever(void)
{
    for (;;) {
        struct timespec ts = { 3600, 0 };
        nanosleep(&ts, NULL);
    }
}

static void power_off(void)
{
    sync();
    reboot(RB_POWER_OFF);
    say("reboot(RB_POWER_OFF) failed: %s; stopping here", strerror(errno));
    sleep_forever();
}

/* The reboot(2) command asked for by a signal (busybox's halt.c: SIGUSR1 halt, SIGUSR2 power
 * off, SIGTERM reboot), or 0. */
static volatile unsigned shutdown_request;

static void on_shutdown_signal(int sig)
{
    shutdown_request = sig == SIGUSR1 ? RB_HALT_SYSTEM : sig == SIGUSR2 ? RB_POWER_OFF : RB_AUTOBOOT;
}

static void catch_shutdown_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_shutdown_signal; /* no SA_RESTART: waitpid() returns EINTR */
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* Every other process is asked to end, then killed; then reboot(2) (busybox init's
 * run_shutdown_and_kill_processes() and halt_reboot_pwoff(), in small). */
static void shut_down(unsigned how)
{
    say("%s: stopping every process", how == RB_HALT_SYSTEM ? "halt" : how == RB_POWER_OFF ? "poweroff" : "reboot");
    kill(-1, SIGTERM);
    kill(-1, SIGCONT);
    /* Up to a second for them to go, reaping as they do. */
    for (int i = 0; i < 20; i++) {
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        if (kill(-1, 0) < 0 && errno == ESRCH)
            break;
        struct timespec ts = { 0, 50 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    kill(-1, SIGKILL);
    sync();
    reboot(how);
    say("reboot(%#x) failed: %s; stopping here", how, strerror(errno));
    sleep_forever();
}

/* Linux starts init with whatever it could open on /dev/console; make sure 0, 1, 2 are open. */
static void open_standard_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0)
            continue;
        int got = open("/dev/console", O_RDWR | O_NOCTTY);
        if (got < 0)
            got = open("/dev/null", O_RDWR);
        if (got >= 0 && got != fd) {
            dup2(got, fd);
            close(got);
        }
    }
    int c = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
    console_fd = c >= 0 ? c : 2;
}

/* The command from sprout.run= on /proc/cmdline, or NULL. The strings live in a static buffer. */
static char** command_from_proc_cmdline(void)
{
    static char cmdline[8192], decoded[8192];
    static char* argv[2048];
    int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    ssize_t n = read(fd, cmdline, sizeof(cmdline) - 1);
    close(fd);
    if (n <= 0)
        return NULL;
    cmdline[n] = '\0';
    size_t value_len;
    const char* value = sprout_runarg_find(cmdline, (size_t)n, &value_len);
    if (!value)
        return NULL;
    int argc = sprout_runarg_decode(value, value_len, decoded, sizeof(decoded), NULL);
    if (argc < 0 || argc >= (int)(sizeof(argv) / sizeof(argv[0]))) {
        say("malformed or too long sprout.run= on /proc/cmdline");
        power_off();
    }
    char* p = decoded;
    for (int i = 0; i < argc; i++) {
        argv[i] = p;
        p += strlen(p) + 1;
    }
    argv[argc] = NULL;
    return argv;
}

/* Output bytes exactly as written: no \n -> \r\n if the device is a terminal after all. */
static void make_raw_output(int fd)
{
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
        t.c_oflag &= ~OPOST;
        tcsetattr(fd, TCSANOW, &t);
    }
}

/* In the child: fd `fd` becomes `path` opened with `flags`, or the child exits 126. */
static void redirect(int fd, const char* path, int flags)
{
    int got = open(path, flags | O_NOCTTY);
    if (got < 0) {
        say("cannot open %s: %s", path, strerror(errno));
        _exit(126);
    }
    if (got != fd) {
        dup2(got, fd);
        close(got);
    }
}

/* execvp with a fixed PATH and environment: 127 when not found, 126 when found but not
 * runnable, as a shell reports. */
static void exec_command(char** argv)
{
    const char* name = argv[0];
    int err = ENOENT;
    if (name[0] == '\0') {
        err = ENOENT;
    } else if (strchr(name, '/')) {
        execve(name, argv, command_env);
        err = errno;
    } else {
        const char* dir = command_path;
        int seen_eacces = 0;
        for (;;) {
            const char* end = strchrnul(dir, ':');
            char path[4096];
            int n = snprintf(path, sizeof(path), "%.*s/%s", (int)(end - dir), dir, name);
            if (n > 0 && n < (int)sizeof(path)) {
                execve(path, argv, command_env);
                if (errno == EACCES)
                    seen_eacces = 1;
                else if (errno != ENOENT && errno != ENOTDIR) {
                    err = errno;
                    break;
                }
            }
            if (*end == '\0') {
                err = seen_eacces ? EACCES : ENOENT;
                break;
            }
            dir = end + 1;
        }
    }
    dprintf(2, "init: %s: %s\n", name, strerror(err));
    _exit(err == ENOENT || err == ENOTDIR ? 127 : 126);
}

static int run(char** argv, int interactive)
{
    pid_t child = fork();
    if (child < 0 && interactive) {
        /* A kernel without fork yet: at least give the console a shell, as PID 1. */
        say("fork: %s; running %s as PID 1 instead", strerror(errno), argv[0]);
        exec_command(argv);
    }
    if (child < 0) {
        say("fork: %s (no status to report)", strerror(errno));
        power_off();
    }
    if (child == 0) {
        umask(022);
        if (chdir("/") < 0)
            _exit(126);
        if (interactive) {
            /* A session of its own, with the console as its controlling terminal and the shell
             * as its foreground process group: what busybox sh needs for job control. Linux
             * never gives /dev/console to a session by open(), only by TIOCSCTTY. */
            if (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) < 0 || tcsetpgrp(0, getpid()) < 0)
                dprintf(2, "init: no controlling terminal for %s: %s\n", argv[0], strerror(errno));
        } else {
            redirect(0, "/dev/null", O_RDONLY);
            redirect(1, "/dev/sprout/stdout", O_WRONLY);
            redirect(2, "/dev/sprout/stderr", O_WRONLY);
            make_raw_output(1);
            make_raw_output(2);
        }
        exec_command(argv);
    }
    /* PID 1 also reaps the orphans CMD leaves behind; their statuses are not CMD's. */
    for (;;) {
        int status;
        pid_t got = waitpid(-1, &status, 0);
        if (shutdown_request)
            shut_down(shutdown_request);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            say("waitpid: %s (no status to report)", strerror(errno));
            power_off();
        }
        if (got != child)
            continue;
        if (WIFEXITED(status))
            return WEXITSTATUS(status);
        if (WIFSIGNALED(status))
            return 128 + WTERMSIG(status);
    }
}

int main(int argc, char** argv)
{
    open_standard_fds();
    if (getpid() != 1)
        say("warning: running as pid %d, not 1", (int)getpid());

    catch_shutdown_signals();
    char** command = NULL;
    int interactive = 0;
    if (argc >= 2 && strcmp(argv[1], "--idle") == 0) {
        sleep_forever();
    } else if (argc >= 2 && strcmp(argv[1], "--run") == 0) {
        if (argc < 3) {
            say("--run needs a command");
            power_off();
        }
        command = argv + 2;
    } else {
        command = command_from_proc_cmdline();
    }
    if (!command) {
        static char* shell[] = { "/bin/sh", NULL };
        command = shell;
        interactive = 1;
    }

    int status = run(command, interactive);
    if (interactive)
        power_off(); /* the shell has ended: so has the run */
    char line[64];
    int n = snprintf(line, sizeof(line), "sprout: exit status %d\n", status);
    (void)!write(console_fd, line, n);
    power_off();
}
