#pragma once
// The console's serial driver: the tty behind /dev/console and /dev/tty (fs/tty.h) on one of the
// UARTs. By default that is COM1, where the kernel log goes too; `sprout.tty=ttyS1` on the
// command line moves the tty to COM2 (the interactive `./sprout run` does, so that the log stays
// on COM1, out of the user's way). `sprout.winsize=COLSxROWS` sets its initial window size.

#include <fs/tty.h>

// Picks the port and the window size from the command line and starts polling the UART from
// the timer interrupt (every 10 ms) into a small receive buffer.
void console_init(const char* cmdline);
// Starts the kernel thread that hands received bytes to the line discipline (as Linux's
// flip-buffer work runs n_tty's receive), so that ISIG characters can send signals from thread
// context. Called once PID 1 exists: the thread takes a pid, and init's must be 1.
void console_start_receiving();
