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

// The log buffer (Linux's log_buf, CONFIG_LOG_BUF_SHIFT 17): the newest LOG_BUFFER_SIZE bytes
// of the log, each line as syslog(2) gives it, "<6>[seconds.micros] text\n" (every message is
// KERN_INFO: Sprout's printk has no levels). Guarded by console_lock.
constexpr usize LOG_BUFFER_SIZE = PRINTK_LOG_BUFFER_SIZE;
char log_buffer[LOG_BUFFER_SIZE];
u64 log_end = 0; // bytes ever logged; the buffer holds [max(0, log_end - size), log_end)
u64 log_clear = 0; // SYSLOG_ACTION_CLEAR's mark
bool console_quiet = false; // syslog's CONSOLE_OFF: the lines go to the buffer only

void console_out(const char* s, usize n)
{
    if (!console_quiet || panic_in_progress())
        arch::early_console_write(s, n);
}

void log_store(const char* s, usize n)
{
    for (usize i = 0; i < n; ++i)
        log_buffer[log_end++ % LOG_BUFFER_SIZE] = s[i];
}

u64 log_start() { return log_end > LOG_BUFFER_SIZE ? log_end - LOG_BUFFER_SIZE : 0; }

// Streams formatted text to the console, stamping "[seconds.micros] " at each line start.
struct ConsoleSink final : FormatSink {
    void put(const char* s, usize n) override
    {
        while (n) {
            if (at_line_start) {
                u64 us = ktime_get_ns() / 1000;
                char stamp[32];
                usize len = format_to(stamp, sizeof(stamp), "[%5lu.%06lu] ", us / 1000000, us % 1000000);
                console_out(stamp, len);
                log_store("<6>", 3);
                log_store(stamp, len);
                at_line_start = false;
            }
            usize line = 0;
            while (line < n && s[line] != '\n')
                ++line;
            if (line < n) {
                ++line; // include the newline
                at_line_start = true;
            }
            console_out(s, line);
            log_store(s, line);
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

u64 printk_log_tail(usize size, bool since_clear)
{
    SpinlockGuard guard(console_lock);
    u64 start = log_start();
    if (since_clear && log_clear > start)
        start = log_clear;
    if (log_end - start <= size)
        return start;
    // The newest whole lines that fit: skip forward to a line start.
    u64 from = log_end - size;
    while (from < log_end && log_buffer[(from - 1) % LOG_BUFFER_SIZE] != '\n')
        ++from;
    return from;
}

usize printk_log_copy(char* buffer, usize size, u64& from)
{
    SpinlockGuard guard(console_lock);
    if (from < log_start())
        from = log_start(); // what the reader had not read yet was overwritten
    usize n = 0;
    while (n < size && from < log_end)
        buffer[n++] = log_buffer[from++ % LOG_BUFFER_SIZE];
    return n;
}

void printk_log_clear()
{
    SpinlockGuard guard(console_lock);
    log_clear = log_end;
}

usize printk_log_unread(u64 from)
{
    SpinlockGuard guard(console_lock);
    u64 start = log_start();
    return usize(log_end - (from < start ? start : from));
}

void printk_console_quiet(bool quiet)
{
    SpinlockGuard guard(console_lock);
    console_quiet = quiet;
}
