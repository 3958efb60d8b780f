// The console's line discipline, kept small: Linux's n_tty does far more (signals, job control,
// IXON, VWERASE...).

#include <arch/cpu.h>
#include <fs/console.h>
#include <lib/spinlock.h>
#include <sched/clock.h>
#include <sched/timer.h>
#include <sched/wait.h>

using namespace linux_abi;

namespace {

constexpr usize ring_size = 4096;
constexpr usize line_max = 1024;

// NOTE: lock guards everything in ConsoleState; it is taken from the timer interrupt too.
struct ConsoleState {
    Spinlock lock;
    char ring[ring_size]; // bytes ready for read()
    usize ring_head { 0 }; // next to read
    usize ring_count { 0 };
    usize eof_pending { 0 }; // Ctrl-D on an empty line: one read returns 0 per press
    char line[line_max]; // the canonical line being edited
    usize line_length { 0 };
    termios settings = tty_std_termios();
    winsize window { 24, 80, 0, 0 };
};

ConsoleState console;
WaitQueue readers;
Timer poll_timer;

void ring_push_locked(char c)
{
    if (console.ring_count == ring_size)
        return; // full: drop, as a tty drops on overflow
    console.ring[(console.ring_head + console.ring_count++) % ring_size] = c;
}

void echo(const char* s, usize n) { arch::early_console_write(s, n); }

void poll(Timer& timer)
{
    char c;
    while (arch::early_console_read(c))
        console_receive(c);
    timer.expires_ns = ktime_get_ns() + 10 * NSEC_PER_MSEC;
    add_timer(timer);
}

} // namespace

void console_write(const char* s, usize n) { arch::early_console_write(s, n); }

void console_receive(char c)
{
    bool wake = false;
    {
        SpinlockGuard guard(console.lock);
        termios& t = console.settings;
        if (c == '\r' && (t.c_iflag & ICRNL))
            c = '\n';
        if (!(t.c_lflag & ICANON)) {
            ring_push_locked(c);
            if (t.c_lflag & ECHO)
                echo(&c, 1);
            wake = true;
        } else if (u8(c) == t.c_cc[VERASE] || c == '\b') {
            if (console.line_length) {
                --console.line_length;
                if (t.c_lflag & ECHO)
                    echo("\b \b", 3);
            }
        } else if (u8(c) == t.c_cc[VEOF]) {
            // Ctrl-D: hand over the line so far without a newline; on an empty line, EOF.
            if (console.line_length == 0)
                ++console.eof_pending;
            for (usize i = 0; i < console.line_length; ++i)
                ring_push_locked(console.line[i]);
            console.line_length = 0;
            wake = true;
        } else if (c == '\n') {
            for (usize i = 0; i < console.line_length; ++i)
                ring_push_locked(console.line[i]);
            ring_push_locked('\n');
            console.line_length = 0;
            if (t.c_lflag & ECHO)
                echo("\n", 1);
            wake = true;
        } else if (console.line_length < line_max - 1) {
            console.line[console.line_length++] = c;
            if (t.c_lflag & ECHO)
                echo(&c, 1);
        }
    }
    if (wake)
        readers.wake_all();
}

usize console_input_available()
{
    SpinlockGuard guard(console.lock);
    return console.ring_count;
}

Result<usize> console_read(UserOrKernelBuffer buffer, usize size, bool nonblock)
{
    if (size == 0)
        return 0;
    for (;;) {
        char chunk[256];
        usize taken = 0;
        {
            SpinlockGuard guard(console.lock);
            if (console.ring_count == 0 && console.eof_pending) {
                --console.eof_pending;
                return 0;
            }
            bool canonical = console.settings.c_lflag & ICANON;
            while (taken < sizeof(chunk) && taken < size && console.ring_count) {
                char c = console.ring[console.ring_head];
                console.ring_head = (console.ring_head + 1) % ring_size;
                --console.ring_count;
                chunk[taken++] = c;
                if (canonical && c == '\n')
                    break; // one line per read, as n_tty
            }
        }
        if (taken) {
            // FIXME: bytes taken are lost if the copy faults.
            TRY(buffer.write(chunk, 0, taken));
            return taken;
        }
        if (nonblock)
            return Errno::EAGAIN;
        // A signal ends the wait (n_tty_read(): -ERESTARTSYS).
        TRY(readers.wait_event_interruptible([] {
            SpinlockGuard guard(console.lock);
            return console.ring_count != 0 || console.eof_pending != 0;
        }));
    }
}

termios console_get_termios()
{
    SpinlockGuard guard(console.lock);
    return console.settings;
}

void console_set_termios(const termios& settings)
{
    SpinlockGuard guard(console.lock);
    console.settings = settings;
}

winsize console_get_winsize()
{
    SpinlockGuard guard(console.lock);
    return console.window;
}

void console_set_winsize(const winsize& window)
{
    SpinlockGuard guard(console.lock);
    console.window = window;
}

void console_input_init()
{
    poll_timer.function = poll;
    poll_timer.expires_ns = ktime_get_ns() + 10 * NSEC_PER_MSEC;
    add_timer(poll_timer);
}
