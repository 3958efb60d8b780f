#pragma once
// The console: output to the serial port, input from it through a small line discipline
// (canonical mode with echo and erase, or raw mode when TCSETS clears ICANON), as /dev/console
// and /dev/tty present it.

#include <abi/linux/termios.h>
#include <lib/result.h>
#include <mm/uaccess.h>

// Bytes as given (the serial port turns "\n" into "\r\n", which is what ONLCR asks anyway).
void console_write(const char* s, usize n);
// Blocks until input is available (a line in canonical mode), then returns up to `size` bytes;
// 0 at end of file (Ctrl-D at the start of a line). EAGAIN instead of blocking if `nonblock`.
Result<usize> console_read(UserOrKernelBuffer buffer, usize size, bool nonblock);
// Bytes a read would return now (FIONREAD).
usize console_input_available();
// Feed one received byte through the line discipline (the poller calls it; tests may too).
void console_receive(char c);

linux_abi::termios console_get_termios();
void console_set_termios(const linux_abi::termios& termios);
linux_abi::winsize console_get_winsize();
void console_set_winsize(const linux_abi::winsize& winsize);

// Starts polling the serial port for input from the timer interrupt (every 10 ms).
void console_input_init();
