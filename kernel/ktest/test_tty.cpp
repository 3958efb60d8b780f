// The line discipline (fs/n_tty.cpp) fed byte by byte, as the serial driver feeds it, on ttys of
// the tests' own whose output is captured; and ISIG's signal to the foreground process group on
// the console's tty, with a busybox shell in a session of its own (Sprout has no ptys, so this
// is where the receive side can be tested).

#include <abi/linux/signal.h>
#include <fs/console.h>
#include <fs/tty.h>
#include <ktest/ktest.h>
#include <ktest/vfs_helpers.h>
#include <lib/string.h>
#include <proc/process.h>
#include <proc/spawn.h>
#include <sched/clock.h>
#include <sched/sched.h>
#include <sched/timer.h>

using namespace linux_abi;

namespace {

char output[8192];
usize output_length;

void capture(const char* s, usize n)
{
    for (usize i = 0; i < n && output_length < sizeof(output); ++i)
        output[output_length++] = s[i];
}

bool output_is(const char* expected)
{
    bool same = strlen(expected) == output_length && memcmp(output, expected, output_length) == 0;
    output_length = 0;
    return same;
}

void feed(Tty& tty, const char* s)
{
    while (*s)
        tty.receive(*s++);
}

char line[8192];

// A read into `line`, NUL-terminated; the error as a negative number.
long read_line(Tty& tty, usize size = sizeof(line) - 1, bool nonblock = false)
{
    auto n = tty.read(UserOrKernelBuffer::for_kernel(line), size, nonblock);
    if (n.is_error())
        return -long(n.error());
    line[n.value()] = '\0';
    return long(n.value());
}

// Two ttys: each test starts from the defaults.
Tty canonical_tty(capture);
Tty raw_tty(capture);

Tty& fresh(Tty& tty)
{
    tty.set_termios(tty_std_termios());
    tty.flush_input();
    output_length = 0;
    return tty;
}

} // namespace

KTEST(tty_canonical_editing)
{
    Tty& tty = fresh(canonical_tty);
    // VERASE with ECHOE: "\b \b"; ICRNL turns the Enter key's \r into \n; ONLCR echoes "\r\n".
    feed(tty, "ab\x7f" "c\r");
    KEXPECT(output_is("ab\b \bc\r\n"));
    KEXPECT_EQ(read_line(tty), 3);
    KEXPECT(strcmp(line, "ac\n") == 0);
    // VWERASE: the word and nothing before it; VKILL with ECHOKE: the line erased on screen.
    feed(tty, "foo bar\x17" "baz\n");
    KEXPECT_EQ(read_line(tty), 8);
    KEXPECT(strcmp(line, "foo baz\n") == 0);
    output_length = 0;
    feed(tty, "junk\x15");
    KEXPECT(output_is("junk\b \b\b \b\b \b\b \b"));
    feed(tty, "ok\n");
    KEXPECT_EQ(read_line(tty), 3);
    KEXPECT(strcmp(line, "ok\n") == 0);
    // VEOF: the line so far without a newline; on an empty line, end of file (0).
    feed(tty, "abc\x04\x04");
    KEXPECT_EQ(read_line(tty), 3);
    KEXPECT(strcmp(line, "abc") == 0);
    KEXPECT_EQ(read_line(tty), 0);
    // One line per read, and a short buffer takes it in pieces.
    feed(tty, "hello\nworld\n");
    KEXPECT_EQ(tty.input_available(), 12u);
    KEXPECT_EQ(read_line(tty, 2), 2);
    KEXPECT(strcmp(line, "he") == 0);
    KEXPECT_EQ(read_line(tty), 4);
    KEXPECT(strcmp(line, "llo\n") == 0);
    KEXPECT_EQ(read_line(tty), 6);
    // ECHOCTL shows a control character as ^X; erasing it takes two columns back.
    output_length = 0;
    feed(tty, "\x01\x7f\n");
    KEXPECT(output_is("^A\b \b\b \b\r\n"));
    KEXPECT_EQ(read_line(tty), 1);
    // VLNEXT: the next byte literally (here VERASE).
    feed(tty, "\x16\x7f\n");
    KEXPECT_EQ(read_line(tty), 2);
    KEXPECT_EQ(u8(line[0]), 0x7fu);
    // Nothing is readable before the line ends; FIONREAD counts complete lines only.
    feed(tty, "partial");
    KEXPECT_EQ(tty.input_available(), 0u);
    KEXPECT_EQ(read_line(tty, 10, true), -long(Errno::EAGAIN));
    feed(tty, "\n");
    KEXPECT_EQ(read_line(tty), 8);
    // A line holds 4095 bytes; its newline still fits.
    for (int i = 0; i < 5000; ++i)
        tty.receive('x');
    tty.receive('\n');
    KEXPECT_EQ(read_line(tty), 4096);
    KEXPECT_EQ(line[4094], 'x');
    KEXPECT_EQ(line[4095], '\n');
}

KTEST(tty_input_and_output_flags)
{
    Tty& tty = fresh(canonical_tty);
    termios t = tty_std_termios();
    // Without ECHO, ECHONL still echoes the newline; IGNCR drops \r.
    t.c_lflag = (t.c_lflag & ~ECHO) | ECHONL;
    t.c_iflag |= IGNCR;
    tty.set_termios(t);
    feed(tty, "se\rcret\n");
    KEXPECT(output_is("\r\n"));
    KEXPECT_EQ(read_line(tty), 7);
    KEXPECT(strcmp(line, "secret\n") == 0);
    // INLCR: \n becomes \r, which is no line end without ICRNL; VEOL ends a line as well.
    t = tty_std_termios();
    t.c_iflag = (t.c_iflag & ~ICRNL) | INLCR;
    t.c_cc[VEOL] = ';';
    tty.set_termios(t);
    feed(tty, "a\nb;");
    KEXPECT_EQ(read_line(tty), 4);
    KEXPECT(strcmp(line, "a\rb;") == 0);
    // OPOST with ONLCR: "\n" goes out as "\r\n"; without OPOST, as written; XTABS: spaces.
    output_length = 0;
    KEXPECT_EQ(tty.write(UserOrKernelBuffer::for_kernel(const_cast<char*>("a\nb")), 3).value(), 3u);
    KEXPECT(output_is("a\r\nb"));
    t = tty_std_termios();
    t.c_oflag |= XTABS;
    tty.set_termios(t);
    KEXPECT_EQ(tty.write(UserOrKernelBuffer::for_kernel(const_cast<char*>("\nab\tc")), 5).value(), 5u);
    KEXPECT(output_is("\r\nab      c"));
    t.c_oflag &= ~OPOST;
    tty.set_termios(t);
    KEXPECT_EQ(tty.write(UserOrKernelBuffer::for_kernel(const_cast<char*>("a\nb")), 3).value(), 3u);
    KEXPECT(output_is("a\nb"));
    // Leaving canonical mode makes the line being edited readable at once.
    tty.set_termios(tty_std_termios());
    feed(tty, "half");
    t = tty_std_termios();
    t.c_lflag &= ~ICANON;
    tty.set_termios(t);
    KEXPECT_EQ(tty.input_available(), 4u);
    KEXPECT_EQ(read_line(tty), 4);
}

namespace {

// Types 'q' into raw_tty 50 ms from now, from another thread.
void type_later(void*)
{
    msleep(50);
    raw_tty.receive('q');
}

long timed_read(Tty& tty, usize size, u64& elapsed_ms)
{
    u64 start = ktime_get_ns();
    long n = read_line(tty, size);
    elapsed_ms = (ktime_get_ns() - start) / NSEC_PER_MSEC;
    return n;
}

} // namespace

KTEST(tty_noncanonical_vmin_vtime)
{
    Tty& tty = fresh(raw_tty);
    termios t = tty_std_termios();
    t.c_lflag &= ~(ICANON | ECHO);
    u64 ms = 0;
    // VMIN 0, VTIME 0: a poll; 0 at once when nothing is there.
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    tty.set_termios(t);
    KEXPECT_EQ(timed_read(tty, 10, ms), 0);
    KEXPECT(ms < 50);
    feed(tty, "ab");
    KEXPECT_EQ(read_line(tty), 2);
    // VMIN 0, VTIME 2: up to 0.2 s for a first byte, then 0.
    t.c_cc[VTIME] = 2;
    tty.set_termios(t);
    KEXPECT_EQ(timed_read(tty, 10, ms), 0);
    KEXPECT(ms >= 190 && ms < 2000);
    // VMIN 3, VTIME 0: everything there once at least 3 are; a smaller buffer gets its size.
    t.c_cc[VMIN] = 3;
    t.c_cc[VTIME] = 0;
    tty.set_termios(t);
    feed(tty, "abcde");
    KEXPECT_EQ(read_line(tty, 2), 2);
    KEXPECT_EQ(read_line(tty), 3);
    KEXPECT(strcmp(line, "cde") == 0);
    // O_NONBLOCK with nothing there: EAGAIN.
    KEXPECT_EQ(read_line(tty, 10, true), -long(Errno::EAGAIN));
    // VMIN 2, VTIME 1: after a first byte, 0.1 s for the next; then what there is.
    t.c_cc[VMIN] = 2;
    t.c_cc[VTIME] = 1;
    tty.set_termios(t);
    feed(tty, "z");
    KEXPECT_EQ(timed_read(tty, 10, ms), 1);
    KEXPECT(ms >= 90 && ms < 2000);
    // VMIN 1: a reader asleep wakes for the byte another thread delivers; no echo without ECHO,
    // no signal for ^C without ISIG.
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    t.c_lflag &= ~ISIG;
    tty.set_termios(t);
    output_length = 0;
    feed(tty, "\x03");
    KEXPECT_EQ(read_line(tty), 1);
    KEXPECT_EQ(line[0], '\x03');
    KASSERT(!kthread_run("tty-typist", type_later, nullptr).is_error());
    KEXPECT_EQ(timed_read(tty, 10, ms), 1);
    KEXPECT_EQ(line[0], 'q');
    KEXPECT(output_is(""));
}

namespace {

// A shell in a session of its own with the console as its controlling terminal (busybox's
// setsid -c does TIOCSCTTY), which says when its SIGINT trap is in place and then waits.
const char* const isig_shell[] = { "setsid", "-c", "/bin/sh", "-c",
    "trap 'exit 42' INT; : > /tmp/tty-isig-ready; while :; do sleep 1; done", nullptr };

} // namespace

KTEST(tty_isig_signals_foreground_group)
{
    Tty& tty = console_tty();
    // No echo: the console is also the kernel log, whose lines the test runner reads.
    termios quiet = tty_std_termios();
    quiet.c_lflag &= ~ECHO;
    tty.set_termios(quiet);
    static SpawnRequest request;
    static const char* const no_env[] = { nullptr };
    request.argv = isig_shell;
    request.envp = no_env;
    request.path = "/usr/sbin:/usr/bin:/sbin:/bin";
    auto spawned = spawn_user_process(request);
    KASSERT(!spawned.is_error());
    NonnullRefPtr<Process> shell = spawned.release_value();
    auto ctx = ktest::vfs_test_context();
    bool ready = false;
    for (int i = 0; i < 3000 && !ready; ++i) {
        ready = !vfs_lookup(ctx, AT_FDCWD, "/tmp/tty-isig-ready", 0).is_error();
        if (!ready)
            msleep(10);
    }
    KASSERT(ready);
    {
        SpinlockGuard guard(tasklist_lock);
        KEXPECT_EQ(tty.session_locked(), shell->pid());
        KEXPECT_EQ(tty.pgrp_locked(), shell->pid());
        KEXPECT(shell->tty == &tty);
    }
    // A typed line nobody reads is flushed by ^C (no NOFLSH); the shell's trap exits 42.
    feed(tty, "unread\n");
    KEXPECT_EQ(tty.input_available(), 7u);
    tty.receive('\x03');
    KEXPECT_EQ(tty.input_available(), 0u);
    KEXPECT_EQ(wait_for_exit(*shell), 42 << 8);
    tty.set_termios(tty_std_termios());
    // The session leader is gone: the console belongs to no session.
    SpinlockGuard guard(tasklist_lock);
    KEXPECT_EQ(tty.session_locked(), 0);
    KEXPECT_EQ(tty.pgrp_locked(), 0);
}
