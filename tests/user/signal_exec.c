/*
 * signal_exec: signal state across execve and clone.
 *
 *   signal_exec          set a handler, an ignored signal, a blocked mask with a pending signal,
 *                        an alternate stack; check CLONE_SIGHAND sharing; then exec
 *                        /proc/self/exe after
 *   signal_exec after    handlers are back to SIG_DFL (flags and mask cleared), the ignored signal
 *                        is still ignored, the mask and the pending signal survived, the alternate
 *                        stack is gone
 */
#define _GNU_SOURCE
#include "t_proc.h"
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>

static void handler(int sig) { (void)sig; }
static volatile int int_hits;
static void int_handler(int sig)
{
    (void)sig;
    int_hits++;
}

static char altstack[16384];

static int set_usr1_in_child(void* arg)
{
    (void)arg;
    signal(SIGUSR1, handler);
    return 0;
}

static int before_exec(char* self)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART | SA_NODEFER;
    sigaddset(&sa.sa_mask, SIGHUP);
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "set_handler");
    signal(SIGUSR2, SIG_IGN);

    /* CLONE_SIGHAND (with CLONE_VM): a handler set by the child is the parent's too. */
    signal(SIGUSR1, SIG_DFL);
    static char stack[65536] __attribute__((aligned(16)));
    pid_t pid = clone(set_usr1_in_child, stack + sizeof(stack), CLONE_VM | CLONE_SIGHAND | SIGCHLD, NULL);
    CHECK(pid > 0, "clone_sighand");
    CHECK_EXITED(t_wait(pid), 0, "clone_sighand_child");
    struct sigaction now;
    sigaction(SIGUSR1, NULL, &now);
    CHECK(now.sa_handler == handler, "clone_sighand_shared");
    /* Without it, the child's change stays its own. */
    signal(SIGUSR1, SIG_DFL);
    pid = clone(set_usr1_in_child, stack + sizeof(stack), CLONE_VM | SIGCHLD, NULL);
    CHECK_EXITED(t_wait(pid), 0, "clone_copied_child");
    sigaction(SIGUSR1, NULL, &now);
    CHECK(now.sa_handler == SIG_DFL, "clone_sighand_copied");
    CHECK_ERRNO(syscall(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0), EINVAL, "clone_sighand_without_vm");

    /* FIXME: clone3's CLONE_CLEAR_SIGHAND (handlers reset in the child, ignored ones kept) once
     * clone3 exists on Sprout; copy_sighand() implements it. */
    sigaction(SIGUSR1, &sa, NULL);

    /* What exec keeps: the mask, a pending signal, ignored signals. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGINT);
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 };
    CHECK(sigaltstack(&ss, NULL) == 0, "set_altstack");
    char* argv[] = { self, "after", NULL };
    execv("/proc/self/exe", argv);
    t_print("not ok exec\n");
    return 1;
}

static int after_exec(void)
{
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    CHECK(sa.sa_handler == SIG_DFL, "handler_reset_to_default");
    CHECK((sa.sa_flags & ~0x04000000) == 0 /* SA_RESTORER: the C library's own */, "handler_flags_cleared");
    CHECK(!sigismember(&sa.sa_mask, SIGHUP), "handler_mask_cleared");
    sigaction(SIGUSR2, NULL, &sa);
    CHECK(sa.sa_handler == SIG_IGN, "ignored_stays_ignored");
    sigset_t mask, pend;
    sigprocmask(SIG_SETMASK, NULL, &mask);
    CHECK(sigismember(&mask, SIGTERM) && sigismember(&mask, SIGINT), "mask_survives_exec");
    sigpending(&pend);
    CHECK(sigismember(&pend, SIGINT), "pending_survives_exec");
    stack_t ss;
    sigaltstack(NULL, &ss);
    CHECK(ss.ss_flags == SS_DISABLE, "altstack_cleared");
    signal(SIGINT, int_handler);
    sigprocmask(SIG_UNBLOCK, &mask, NULL);
    CHECK_EQ(int_hits, 1, "pending_delivered_after_exec");
    return t_failures ? 1 : 0;
}

int main(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "after") == 0)
        return after_exec();
    return before_exec(argv[0]);
}
