#pragma once
// A terminal (Linux's struct tty_struct with its n_tty line discipline). docs/tty.md tells the
// whole story. Sprout has one tty, the console on a serial port (fs/console.cpp is its driver);
// /dev/console and /dev/tty are its device files.
//
// The parts, one file each, as Linux splits them:
//   fs/tty.cpp        the tty object: the controlling terminal of a session, its foreground
//                     process group, the job-control checks (tty_io.c, tty_jobctrl.c)
//   fs/n_tty.cpp      the line discipline: input processing (canonical editing, echo, ISIG),
//                     read() with VMIN/VTIME, write() with OPOST (n_tty.c)
//   fs/tty_ioctl.cpp  the ioctls (tty_ioctl.c and the ioctl half of tty_io.c / tty_jobctrl.c)
//   fs/console.cpp    the serial driver: bytes out to the UART, bytes in from it (polled), handed
//                     to the line discipline from a kernel thread (Linux's flip-buffer work)
//
// Locking. `m_lock` (a spinlock, interrupts off) guards the termios, the window size and every
// field of the line discipline (input buffer, echo column); output to the driver happens under
// it too, so that echo and write() never interleave within a byte sequence. The controlling-
// terminal fields (m_session, m_pgrp) and every Process::tty are guarded by tasklist_lock, which
// comes first in the lock order (tasklist_lock, then m_lock).

#include <abi/linux/termios.h>
#include <lib/result.h>
#include <lib/spinlock.h>
#include <mm/uaccess.h>
#include <sched/wait.h>

class OpenFile;
class Process;

class Tty {
public:
    // N_TTY_BUF_SIZE: the input buffer. A canonical line holds at most N_TTY_BUF_SIZE - 1 bytes
    // before its terminator, as in Linux.
    static constexpr usize N_TTY_BUF_SIZE = 4096;

    // `output` writes bytes to the hardware, unchanged; called with m_lock held.
    using OutputFn = void (*)(const char* bytes, usize n);
    explicit Tty(OutputFn output);

    // --- The line discipline (n_tty.cpp) ---

    // One byte from the hardware (the driver's receive path; ktests call it directly). Runs in
    // thread context: ISIG characters send signals.
    void receive(char c);
    // read(): Linux's n_tty_read(), with the job-control check, canonical lines, VMIN/VTIME;
    // EAGAIN instead of waiting when `nonblock` (the file's O_NONBLOCK).
    Result<usize> read(UserOrKernelBuffer buffer, usize size, bool nonblock);
    // write(): TOSTOP's job-control check, then OPOST processing to the driver.
    Result<usize> write(UserOrKernelBuffer buffer, usize size);
    // Bytes read() would return now (FIONREAD, poll).
    usize input_available();
    bool poll_readable();

    // --- The ioctls (tty_ioctl.cpp) ---
    Result<i64> ioctl(OpenFile& file, u32 request, u64 argument);

    linux_abi::termios get_termios();
    // TCSETS: new settings (Linux's n_tty_set_termios() adjusts the buffer when ICANON changes).
    void set_termios(const linux_abi::termios& termios);
    linux_abi::winsize get_winsize();
    // TIOCSWINSZ: a change sends SIGWINCH to the foreground process group.
    void set_winsize(const linux_abi::winsize& winsize);
    // TCFLSH's input half (and ISIG's flush): what was typed and not yet read is gone.
    void flush_input();

    // --- The controlling terminal and job control (tty.cpp) ---

    // open() of a tty device: a session leader without a controlling terminal that opens a tty
    // without O_NOCTTY acquires it (tty_open_proc_set_tty()); `may_be_ctty` is false for
    // /dev/console and /dev/tty, which Linux never makes a controlling terminal on open.
    void open_set_ctty(u32 open_flags, bool may_be_ctty);
    // Linux's __tty_check_change(): 0 unless the caller is in a background process group of
    // this, its controlling, terminal; then `sig` (SIGTTIN, SIGTTOU) goes to its group and the
    // call returns ERESTARTSYS, or EIO if the signal is ignored or blocked (only for SIGTTIN:
    // an ignored SIGTTOU lets the call go on) or the group is orphaned.
    Result<void> check_change(int sig);
    // The session that owns this terminal (0: none) and its foreground process group (0: none).
    i32 session_locked() const { return m_session; }
    i32 pgrp_locked() const { return m_pgrp; }

    // The ctty ioctls (tty_jobctrl.c): TIOCSCTTY, TIOCNOTTY, TIOCGPGRP, TIOCSPGRP, TIOCGSID.
    Result<void> tiocsctty(OpenFile& file, u64 argument);
    Result<void> tiocnotty();
    Result<i32> tiocgpgrp();
    Result<void> tiocspgrp(i32 pgrp);
    Result<i32> tiocgsid();

private:
    friend struct TtyJobControl; // disassociate_ctty_locked()

    // n_tty.cpp, all with m_lock held.
    void receive_locked(char c, int& signal);
    void echo_locked(char c);
    void echo_raw_locked(const char* s, usize n);
    void output_locked(const char* s, usize n); // OPOST processing
    void put_locked(char c, u8 flags);
    void erase_locked(char kill_type);
    bool readable_locked() const;
    void flush_input_locked();
    // Signal from an ISIG character (Linux's isig()): to the foreground group; input flushed.
    void isig(int sig);

    OutputFn m_output;
    Spinlock m_lock;
    linux_abi::termios m_termios;
    linux_abi::winsize m_winsize { 24, 80, 0, 0 };

    // The input buffer, a ring indexed by free-running counters as in Linux: bytes in
    // [m_read_tail, m_canon_head) are complete lines (canonical mode); [m_canon_head, m_read_head)
    // is the line being edited. In non-canonical mode everything up to m_read_head is readable.
    // m_flags marks the end of each line (LINE_END) and the EOF mark, which read() drops.
    static constexpr u8 LINE_END = 1, EOF_MARK = 2;
    char m_buffer[N_TTY_BUF_SIZE];
    u8 m_flags[N_TTY_BUF_SIZE];
    usize m_read_tail { 0 };
    usize m_canon_head { 0 };
    usize m_read_head { 0 };
    bool m_lnext { false }; // the previous byte was VLNEXT: take this one literally
    usize m_column { 0 }; // the output column (for tabs and erase), as Linux's ldata->column
    usize m_canon_column { 0 }; // the column where the line being edited starts
    WaitQueue m_read_wait;

    // Guarded by tasklist_lock (see the top of this file).
    i32 m_session { 0 };
    i32 m_pgrp { 0 };
};

// The console's tty (fs/console.cpp).
Tty& console_tty();

// A session leader's exit (do_exit()) and setsid()/TIOCNOTTY by a leader: Linux's
// disassociate_ctty(). The terminal's foreground process group gets SIGHUP and SIGCONT, and the
// terminal forgets the session; every process of the session loses it as controlling terminal.
// Caller holds tasklist_lock.
void disassociate_ctty_locked(Process& leader);
