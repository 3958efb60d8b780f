#pragma once
// The kernel log: formatted lines to the console (the serial port), each prefixed with the
// monotonic time since boot, as Linux's printk does. The lines are also kept in a log buffer of
// the newest 128 KiB, which syslog(2) reads (`dmesg`): the console may be elsewhere.

#include <lib/types.h>

void printk(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// The log buffer. Positions count bytes ever logged. printk_log_tail() is where the newest whole
// lines that fit in `size` bytes start (after the last printk_log_clear() if `since_clear`);
// printk_log_copy() copies from `from` up to `size` bytes and advances `from` (to the oldest
// byte still kept if `from` was overwritten); printk_log_unread() counts the bytes after `from`.
inline constexpr usize PRINTK_LOG_BUFFER_SIZE = 128 * 1024;
u64 printk_log_tail(usize size, bool since_clear);
usize printk_log_copy(char* buffer, usize size, u64& from);
usize printk_log_unread(u64 from);
void printk_log_clear();
// Whether log lines also go to the console (syslog's CONSOLE_OFF/ON/LEVEL); a panic always does.
void printk_console_quiet(bool quiet);
