// The console's serial driver (Linux's drivers/tty/serial/8250 for a polled UART): output goes
// straight to the UART; input is polled from the timer interrupt into a receive ring, and a
// kernel thread, "tty-rx", feeds it to the line discipline.

#include <arch/cpu.h>
#include <fs/console.h>
#include <lib/cmdline.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <sched/clock.h>
#include <sched/sched.h>
#include <sched/timer.h>
#include <sched/wait.h>

namespace {

unsigned tty_port = 0; // the UART index (0 = COM1) the tty uses; set once at boot

void serial_output(const char* bytes, usize n) { arch::serial_port_write(tty_port, bytes, n); }

Tty console(serial_output);

// The receive ring between the poller (interrupt context) and the thread. NOTE: rx_lock guards it.
constexpr usize RX_SIZE = 1024;
Spinlock rx_lock;
char rx_ring[RX_SIZE];
usize rx_head { 0 }, rx_count { 0 };
WaitQueue rx_wait;
Timer poll_timer;

void poll(Timer& timer)
{
    bool got = false;
    {
        SpinlockGuard guard(rx_lock);
        char c;
        while (arch::serial_port_read(tty_port, c)) {
            if (rx_count == RX_SIZE)
                continue; // overrun: the byte is lost, as a UART's would be
            rx_ring[(rx_head + rx_count++) % RX_SIZE] = c;
            got = true;
        }
    }
    if (got)
        rx_wait.wake_all();
    timer.expires_ns = ktime_get_ns() + 10 * NSEC_PER_MSEC;
    add_timer(timer);
}

[[noreturn]] void rx_thread(void*)
{
    for (;;) {
        rx_wait.wait_event([] {
            SpinlockGuard guard(rx_lock);
            return rx_count != 0;
        });
        for (;;) {
            char c;
            {
                SpinlockGuard guard(rx_lock);
                if (!rx_count)
                    break;
                c = rx_ring[rx_head];
                rx_head = (rx_head + 1) % RX_SIZE;
                --rx_count;
            }
            console.receive(c);
        }
    }
}

// "COLSxROWS", both 1..9999.
bool parse_winsize(const char* s, linux_abi::winsize& w)
{
    u32 values[2] = { 0, 0 };
    for (int i = 0; i < 2; ++i) {
        if (*s < '0' || *s > '9')
            return false;
        while (*s >= '0' && *s <= '9' && values[i] < 10000)
            values[i] = values[i] * 10 + u32(*s++ - '0');
        if (values[i] == 0 || values[i] >= 10000 || *s != (i == 0 ? 'x' : '\0'))
            return false;
        ++s;
    }
    w.ws_col = u16(values[0]);
    w.ws_row = u16(values[1]);
    return true;
}

} // namespace

Tty& console_tty() { return console; }

void console_init(const char* cmdline)
{
    char value[16];
    if (cmdline_get(cmdline, "sprout.tty", value, sizeof(value))) {
        if (strcmp(value, "ttyS1") == 0 && arch::serial_port_present(1))
            tty_port = 1;
        else if (strcmp(value, "ttyS0") != 0)
            printk("console: sprout.tty=%s: no such port; the tty stays on ttyS0\n", value);
    }
    linux_abi::winsize w = console.get_winsize();
    if (cmdline_get(cmdline, "sprout.winsize", value, sizeof(value)) && !parse_winsize(value, w))
        printk("console: sprout.winsize=%s is not COLSxROWS\n", value);
    console.set_winsize(w);
    poll_timer.function = poll;
    poll_timer.expires_ns = ktime_get_ns() + 10 * NSEC_PER_MSEC;
    add_timer(poll_timer);
}

void console_start_receiving()
{
    if (kthread_run("tty-rx", rx_thread, nullptr).is_error())
        panic("console: cannot start the tty-rx thread");
}
