#pragma once
// The kernel log: formatted lines to the console (the serial port), each prefixed with the
// monotonic time since boot, as Linux's printk does.

#include <lib/types.h>

void printk(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
