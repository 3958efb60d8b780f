/*
 * signal_status: children killed by the signals of their own faults, and the wait status Linux
 * encodes for them (the signal number in the low 7 bits, 0x80 for a core dump, never set here
 * because RLIMIT_CORE is 0): WIFSIGNALED, WTERMSIG, !WIFEXITED, !WCOREDUMP.
 *   SIGSEGV  write to address 0, to a read-only page, to our own text; read of PROT_NONE memory,
 *            of a kernel address, of a non-canonical address; a jump into non-executable memory;
 *            a stack overflow past RLIMIT_STACK
 *   SIGFPE   integer division by zero, INT_MIN / -1
 *   SIGILL   ud2 (__builtin_trap)
 *   SIGTRAP  int3
 *   SIGBUS   a MAP_SHARED or MAP_PRIVATE file mapping read or written past the page holding
 *            the file's end, also after the file was truncated under the mapping
 * Each child prints nothing; the parent checks its status after it is gone.
 */
#include "t_proc.h"
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/resource.h>

#define PAGE 4096L

static volatile int sink;
static volatile int zero = 0;
static volatile int minus_one = -1;
static volatile int int_min = INT_MIN;

static void null_write(void) { *(volatile int*)t_ptr(0) = 1; }

static void read_only_write(void)
{
    volatile char* p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    sink = p[0]; /* readable */
    p[0] = 1;
}

static void text_write(void) { *(volatile char*)t_ptr((uintptr_t)&null_write) = 0; }

static void prot_none_read(void)
{
    volatile char* p = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    sink = p[0];
}

static void kernel_read(void) { sink = *(volatile int*)t_ptr(0xffffffff81000000ull); }

static void noncanonical_read(void) { sink = *(volatile int*)t_ptr(0x8000000000000000ull); }

static void jump_to_data(void)
{
    char* p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = (char)0xc3; /* ret: would return at once if it ran */
    ((void (*)(void))t_ptr((uintptr_t)p))();
}

__attribute__((noinline)) static int recurse(int depth)
{
    volatile char frame[1024];
    frame[0] = (char)depth;
    if (zero == 1) /* never: only hides the endless recursion from the compiler */
        return 0;
    return recurse(depth + 1) + frame[0];
}

static void stack_overflow(void)
{
    /* A fixed limit, whatever the host's ulimit -s is. */
    struct rlimit stack = { 1 << 20, 1 << 20 };
    setrlimit(RLIMIT_STACK, &stack);
    sink = recurse(0);
}

static volatile int one = 1;

static void divide_by_zero(void) { sink = one / zero; } /* not 1 / x, which gcc turns into compares */

static void divide_overflow(void) { sink = int_min / minus_one; }

static void ud2(void) { __builtin_trap(); }

static void int3(void) { __asm__ volatile("int3"); }

/* A file of one page and 100 bytes, mapped over three pages. */
static volatile char* map_short_file(int flags, int* fd_out)
{
    int fd = open("/tmp/signal_bus", O_CREAT | O_TRUNC | O_RDWR, 0644);
    char block[PAGE + 100];
    memset(block, 'f', sizeof(block));
    if (fd < 0 || write(fd, block, sizeof(block)) != (ssize_t)sizeof(block))
        _exit(100);
    volatile char* p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, flags, fd, 0);
    if (p == MAP_FAILED)
        _exit(101);
    if (p[PAGE + 99] != 'f' || p[2 * PAGE - 1] != 0)
        _exit(102); /* up to the end of the last page of the file: data, then zeros */
    *fd_out = fd;
    return p;
}

static void shared_read_past_eof(void)
{
    int fd;
    sink = map_short_file(MAP_SHARED, &fd)[2 * PAGE];
}

static void shared_write_past_eof(void)
{
    int fd;
    map_short_file(MAP_SHARED, &fd)[2 * PAGE + 1] = 1;
}

static void private_read_past_eof(void)
{
    int fd;
    sink = map_short_file(MAP_PRIVATE, &fd)[2 * PAGE];
}

static void shared_after_truncate(void)
{
    int fd;
    volatile char* p = map_short_file(MAP_SHARED, &fd);
    if (ftruncate(fd, 0) != 0)
        _exit(103);
    sink = p[0];
}

static void private_after_truncate(void)
{
    int fd;
    volatile char* p = map_short_file(MAP_PRIVATE, &fd);
    if (ftruncate(fd, 0) != 0)
        _exit(103);
    p[0] = 1;
}

/* Run fn in a child; a child that survives it exits with 0. */
static int run_child(void (*fn)(void))
{
    pid_t pid = t_fork();
    if (pid == 0) {
        fn();
        _exit(0);
    }
    return t_wait(pid);
}

static void killed_by(const char* name, void (*fn)(void), int sig)
{
    int status = run_child(fn);
    CHECK_KILLED(status, sig, name);
    char more[96];
    snprintf(more, sizeof(more), "%s_status_is_the_signal_number", name);
    CHECK_EQ(status, sig, more);
    snprintf(more, sizeof(more), "%s_not_exited", name);
    CHECK(status != -1 && !WIFEXITED(status) && !WIFSTOPPED(status), more);
}

int main(void)
{
    /* No core dumps: WCOREDUMP is then false on every Linux, whatever the host's ulimit -c. */
    struct rlimit no_core = { 0, 0 };
    CHECK_EQ(setrlimit(RLIMIT_CORE, &no_core), 0, "setrlimit_core_0");

    killed_by("null_write_SIGSEGV", null_write, SIGSEGV);
    killed_by("read_only_write_SIGSEGV", read_only_write, SIGSEGV);
    killed_by("text_write_SIGSEGV", text_write, SIGSEGV);
    killed_by("prot_none_read_SIGSEGV", prot_none_read, SIGSEGV);
    killed_by("kernel_address_read_SIGSEGV", kernel_read, SIGSEGV);
    killed_by("noncanonical_read_SIGSEGV", noncanonical_read, SIGSEGV);
    killed_by("jump_to_data_SIGSEGV", jump_to_data, SIGSEGV);
    killed_by("stack_overflow_SIGSEGV", stack_overflow, SIGSEGV);
    killed_by("divide_by_zero_SIGFPE", divide_by_zero, SIGFPE);
    killed_by("divide_overflow_SIGFPE", divide_overflow, SIGFPE);
    killed_by("ud2_SIGILL", ud2, SIGILL);
    killed_by("int3_SIGTRAP", int3, SIGTRAP);
    killed_by("shared_read_past_eof_SIGBUS", shared_read_past_eof, SIGBUS);
    killed_by("shared_write_past_eof_SIGBUS", shared_write_past_eof, SIGBUS);
    killed_by("private_read_past_eof_SIGBUS", private_read_past_eof, SIGBUS);
    killed_by("shared_after_truncate_SIGBUS", shared_after_truncate, SIGBUS);
    killed_by("private_after_truncate_SIGBUS", private_after_truncate, SIGBUS);

    /* The parent is fine after all that, and has nobody left to wait for. */
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD, "all_children_reaped");
    return t_exit_status();
}
