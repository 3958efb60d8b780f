#include <arch/cpu.h>
#include <lib/format.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <lib/spinlock.h>
#include <sched/clock.h>
#include <stdarg.h>

namespace {

Spinlock console_lock;
bool at_line_start = true;

// Streams formatted text to the console, stamping "[seconds.micros] " at each line start.
struct ConsoleSink final : FormatSink {
    void put(const char* s, usize n) override
    {
        while (n) {
            if (at_line_start) {
                u64 us = ktime_get_ns() / 1000;
                char stamp[32];
                usize len = format_to(stamp, sizeof(stamp), "[%5lu.%06lu] ", us / 1000000, us % 1000000);
                arch::early_console_write(stamp, len);
                at_line_start = false;
            }
            usize line = 0;
            while (line < n && s[line] != '\n')
                ++line;
            if (line < n) {
                ++line; // include the newline
                at_line_start = true;
            }
            arch::early_console_write(s, line);
            s += line;
            n -= line;
        }
    }
};

} // namespace

static void vprintk_unlocked(const char* fmt, va_list ap)
{
    ConsoleSink sink;
    vformat_sink(sink, fmt, ap);
}

void printk(const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (panic_in_progress()) {
        // The panicking CPU may have died holding the console lock: print without it.
        vprintk_unlocked(fmt, ap);
    } else {
        SpinlockGuard guard(console_lock);
        vprintk_unlocked(fmt, ap);
    }
    va_end(ap);
}
