#pragma once
// The end of the line: print why, where (a symbolized backtrace) and stop the machine with a
// failing status, so that a test run reports the failure instead of hanging.

#include <lib/types.h>

[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// For trap handlers that print their own report (registers) before the backtrace:
void panic_start(); // take over the console; stop other work
[[noreturn]] void panic_finish(uptr pc, uptr frame_pointer); // backtrace from there, then stop
void panic_print_symbol(uptr address); // "function+0x12"
bool panic_in_progress();

// The exit status the machine stops with after a panic (the runner maps it back).
inline constexpr int panic_exit_status = 3;
