// The line discipline (Linux's drivers/tty/n_tty.c): what a terminal does with the bytes typed
// (canonical line editing, echo, signal characters) and with the bytes written (OPOST), and how
// read() waits for input (a line, or VMIN bytes within VTIME).

#include <abi/linux/signal.h>
#include <fs/dev.h>
#include <fs/tty.h>
#include <lib/string.h>
#include <proc/process.h>
#include <proc/signal.h>
#include <sched/clock.h>
#include <sched/timer.h>

using namespace linux_abi;

namespace {

constexpr usize N = Tty::N_TTY_BUF_SIZE;

bool is_control(char c) { return u8(c) < 0x20 || u8(c) == 0x7f; }
bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// A UTF-8 continuation byte takes no column when IUTF8 is set (Linux's is_continuation()).
bool is_continuation(char c, const termios& t) { return (t.c_iflag & 0040000 /* IUTF8 */) && (u8(c) & 0xc0) == 0x80; }

// c is the special character c_cc[index]; a c_cc entry of 0 (_POSIX_VDISABLE) matches nothing.
bool is_cc(const termios& t, usize index, char c) { return t.c_cc[index] != 0 && u8(c) == t.c_cc[index]; }

// Output collected and handed to the driver in one call.
class OutputBatch {
public:
    explicit OutputBatch(Tty::OutputFn output)
        : m_output(output)
    {
    }
    ~OutputBatch() { flush(); }
    void put(char c)
    {
        if (m_length == sizeof(m_bytes))
            flush();
        m_bytes[m_length++] = c;
    }
    void flush()
    {
        if (m_length)
            m_output(m_bytes, m_length);
        m_length = 0;
    }

private:
    Tty::OutputFn m_output;
    char m_bytes[128];
    usize m_length { 0 };
};

// A read() that waits at most VTIME: the timer wakes the readers and says it did.
struct ReadTimeout {
    Timer timer;
    WaitQueue* queue { nullptr };
    volatile bool expired { false };
};

void read_timeout_fired(Timer& timer)
{
    auto* timeout = static_cast<ReadTimeout*>(timer.data);
    timeout->expired = true;
    timeout->queue->wake_all();
}

} // namespace

Tty::Tty(OutputFn output)
    : m_output(output)
    , m_termios(tty_std_termios())
{
}

// --- Output ---------------------------------------------------------------------------------

// Linux's do_output_char() for each byte, when OPOST is set: ONLCR, OCRNL, ONOCR, ONLRET, XTABS,
// with the column kept for tabs and erase.
void Tty::output_locked(const char* s, usize n)
{
    const termios& t = m_termios;
    OutputBatch out(m_output);
    for (usize i = 0; i < n; ++i) {
        char c = s[i];
        if (!(t.c_oflag & OPOST)) {
            out.put(c);
            continue;
        }
        switch (c) {
        case '\n':
            if (t.c_oflag & ONLRET)
                m_column = 0;
            if (t.c_oflag & ONLCR) {
                m_column = m_canon_column = 0;
                out.put('\r');
            }
            out.put('\n');
            break;
        case '\r':
            if ((t.c_oflag & ONOCR) && m_column == 0)
                break;
            if (t.c_oflag & OCRNL) {
                c = '\n';
                if (t.c_oflag & ONLRET)
                    m_column = m_canon_column = 0;
            } else {
                m_column = m_canon_column = 0;
            }
            out.put(c);
            break;
        case '\t': {
            usize spaces = 8 - (m_column & 7);
            m_column += spaces;
            if ((t.c_oflag & TABDLY) == XTABS) {
                while (spaces--)
                    out.put(' ');
            } else {
                out.put('\t');
            }
            break;
        }
        case '\b':
            if (m_column)
                --m_column;
            out.put(c);
            break;
        default:
            if (!is_control(c) && !is_continuation(c, t))
                ++m_column;
            out.put(c);
        }
    }
}

// Echo bytes that move the cursor by themselves ("\b \b"): straight to the driver.
void Tty::echo_raw_locked(const char* s, usize n)
{
    for (usize i = 0; i < n; ++i) {
        if (s[i] == '\b') {
            if (m_column)
                --m_column;
        } else if (!is_control(s[i])) {
            ++m_column;
        }
    }
    m_output(s, n);
}

// Linux's echo_char(): with ECHOCTL a control character shows as ^X (tab and newline as
// themselves); everything goes through OPOST.
void Tty::echo_locked(char c)
{
    if ((m_termios.c_lflag & ECHOCTL) && is_control(c) && c != '\t' && c != '\n') {
        char shown[2] = { '^', char(c ^ 0100) };
        echo_raw_locked(shown, 2);
        return;
    }
    output_locked(&c, 1);
}

Result<usize> Tty::write(UserOrKernelBuffer buffer, usize size)
{
    if (get_termios().c_lflag & TOSTOP)
        TRY(check_change(SIGTTOU));
    return write_through(
        buffer, size,
        [](const char* bytes, usize n, void* tty) {
            auto& self = *static_cast<Tty*>(tty);
            SpinlockGuard guard(self.m_lock);
            self.output_locked(bytes, n);
        },
        this);
}

// --- Input ----------------------------------------------------------------------------------

void Tty::put_locked(char c, u8 flags)
{
    m_buffer[m_read_head % N] = c;
    m_flags[m_read_head % N] = flags;
    ++m_read_head;
}

bool Tty::readable_locked() const
{
    if (m_termios.c_lflag & ICANON)
        return m_canon_head != m_read_tail;
    return m_read_head != m_read_tail;
}

void Tty::flush_input_locked()
{
    m_read_tail = m_canon_head = m_read_head;
    m_lnext = false;
}

void Tty::flush_input()
{
    SpinlockGuard guard(m_lock);
    flush_input_locked();
}

usize Tty::input_available()
{
    SpinlockGuard guard(m_lock);
    if (!(m_termios.c_lflag & ICANON))
        return m_read_head - m_read_tail;
    // Complete lines, without their EOF marks (Linux's inq_canon()).
    usize count = 0;
    for (usize i = m_read_tail; i != m_canon_head; ++i) {
        if (!(m_flags[i % N] & EOF_MARK))
            ++count;
    }
    return count;
}

bool Tty::poll_readable()
{
    SpinlockGuard guard(m_lock);
    if (m_termios.c_lflag & ICANON)
        return m_canon_head != m_read_tail;
    // Linux's input_available_p(tty, 1): with VMIN and no VTIME, ready once VMIN bytes are in.
    usize want = (m_termios.c_cc[VTIME] == 0 && m_termios.c_cc[VMIN]) ? m_termios.c_cc[VMIN] : 1;
    return m_read_head - m_read_tail >= want;
}

// Linux's eraser(): VERASE takes back one character, VWERASE a word (and the blanks after it),
// VKILL the whole line, showing it on the screen as ECHOE/ECHOK/ECHOKE ask.
void Tty::erase_locked(char c)
{
    const termios& t = m_termios;
    enum { Erase, WordErase, Kill } kind = is_cc(t, VERASE, c) ? Erase : is_cc(t, VWERASE, c) ? WordErase : Kill;
    if (m_read_head == m_canon_head)
        return; // nothing on this line to erase
    bool echo = t.c_lflag & ECHO;
    if (kind == Kill) {
        if (!echo) {
            m_read_head = m_canon_head;
            return;
        }
        if (!(t.c_lflag & ECHOK) || !(t.c_lflag & ECHOKE) || !(t.c_lflag & ECHOE)) {
            // Forget the line, show the kill character, and (ECHOK) start a new line.
            m_read_head = m_canon_head;
            echo_locked(c);
            if (t.c_lflag & ECHOK)
                output_locked("\n", 1);
            return;
        }
    }
    usize seen_alnums = 0;
    while (m_read_head != m_canon_head) {
        char erased = m_buffer[(m_read_head - 1) % N];
        if (kind == WordErase) {
            if (is_alnum(erased) || erased == '_')
                ++seen_alnums;
            else if (seen_alnums)
                break; // the word is gone; keep the blank before it
        }
        --m_read_head;
        // A UTF-8 character goes whole.
        while (is_continuation(erased, t) && m_read_head != m_canon_head) {
            erased = m_buffer[(m_read_head - 1) % N];
            if (!is_continuation(erased, t))
                break;
            --m_read_head;
        }
        if (echo) {
            if (kind == Erase && !(t.c_lflag & ECHOE)) {
                echo_locked(c); // FIXME: ECHOPRT's \erased/ display is not done
            } else if (erased == '\t') {
                // Back to where the tab started: the column after what remains of the line.
                usize column = m_canon_column;
                for (usize i = m_canon_head; i != m_read_head; ++i) {
                    char k = m_buffer[i % N];
                    if (k == '\t')
                        column = (column | 7) + 1;
                    else if (is_control(k) && (t.c_lflag & ECHOCTL))
                        column += 2;
                    else if (!is_control(k) && !is_continuation(k, t))
                        ++column;
                }
                while (m_column > column)
                    echo_raw_locked("\b", 1);
            } else {
                if (is_control(erased) && (t.c_lflag & ECHOCTL))
                    echo_raw_locked("\b \b", 3); // ^X took two columns
                if (!is_control(erased) || (t.c_lflag & ECHOCTL))
                    echo_raw_locked("\b \b", 3);
            }
        }
        if (kind == Erase)
            break;
    }
}

// One received byte (Linux's n_tty_receive_char_special() and n_tty_receive_char()). An ISIG
// character's signal is returned in `signal`, to be sent once m_lock is dropped.
void Tty::receive_locked(char c, int& signal)
{
    const termios& t = m_termios;
    bool canonical = t.c_lflag & ICANON;
    if (t.c_iflag & ISTRIP)
        c &= 0x7f;
    if (m_lnext) {
        // The byte after VLNEXT is taken literally, whatever it is.
        m_lnext = false;
        if (t.c_lflag & ECHO)
            echo_locked(c); // over the "^" shown for VLNEXT
    } else {
        if (c == '\r') {
            if (t.c_iflag & IGNCR)
                return;
            if (t.c_iflag & ICRNL)
                c = '\n';
        } else if (c == '\n' && (t.c_iflag & INLCR)) {
            c = '\r';
        }
        if (t.c_lflag & ISIG) {
            int sig = is_cc(t, VINTR, c) ? SIGINT : is_cc(t, VQUIT, c) ? SIGQUIT : is_cc(t, VSUSP, c) ? SIGTSTP : 0;
            if (sig) {
                signal = sig;
                if (t.c_lflag & ECHO)
                    echo_locked(c);
                return;
            }
        }
        if ((t.c_iflag & IXON) && (is_cc(t, VSTOP, c) || is_cc(t, VSTART, c)))
            return; // FIXME: output flow control: the serial driver's output never waits
        if (canonical) {
            if (is_cc(t, VERASE, c) || is_cc(t, VKILL, c) || (is_cc(t, VWERASE, c) && (t.c_lflag & IEXTEN))) {
                erase_locked(c);
                return;
            }
            if (is_cc(t, VLNEXT, c) && (t.c_lflag & IEXTEN)) {
                m_lnext = true;
                if ((t.c_lflag & ECHO) && (t.c_lflag & ECHOCTL))
                    echo_raw_locked("^\b", 2);
                return;
            }
            bool newline = c == '\n';
            bool eof = is_cc(t, VEOF, c);
            bool eol = is_cc(t, VEOL, c) || (is_cc(t, VEOL2, c) && (t.c_lflag & IEXTEN));
            if (newline || eof || eol) {
                if (m_read_head - m_read_tail >= N)
                    return; // no room even for the terminator
                if (newline && (t.c_lflag & (ECHO | ECHONL)))
                    output_locked("\n", 1);
                else if (eol && (t.c_lflag & ECHO))
                    echo_locked(c);
                // VEOF ends the line without being part of it: a mark read() drops.
                put_locked(eof ? '\0' : c, eof ? (LINE_END | EOF_MARK) : LINE_END);
                m_canon_head = m_read_head;
                return;
            }
        }
        if (t.c_lflag & ECHO) {
            if (canonical && m_read_head == m_canon_head)
                m_canon_column = m_column; // where this line starts on the screen
            echo_locked(c);
        }
    }
    // NOTE: N - 1 bytes at most: a canonical line holds 4095 bytes and its terminator still fits.
    if (m_read_head - m_read_tail >= N - 1)
        return;
    put_locked(c, 0);
}

void Tty::isig(int sig)
{
    {
        SpinlockGuard guard(tasklist_lock);
        if (m_pgrp)
            kill_pgrp_priv_locked(m_pgrp, sig);
    }
    if (!(get_termios().c_lflag & NOFLSH))
        flush_input();
}

void Tty::receive(char c)
{
    int signal = 0;
    bool wake;
    {
        SpinlockGuard guard(m_lock);
        receive_locked(c, signal);
        wake = readable_locked();
    }
    if (signal)
        isig(signal);
    if (wake)
        m_read_wait.wake_all();
}

// Linux's n_tty_read(). Canonical mode: one line (or as much of it as fits), 0 for an EOF mark.
// Non-canonical mode, with VMIN and VTIME (in tenths of a second):
//   VMIN 0, VTIME 0: what is there, 0 if nothing;
//   VMIN 0, VTIME t: wait up to t for a first byte, 0 if none comes;
//   VMIN m, VTIME 0: wait until m bytes (or the buffer size) have come;
//   VMIN m, VTIME t: wait for a first byte, then until m bytes or a gap of t between two.
Result<usize> Tty::read(UserOrKernelBuffer buffer, usize size, bool nonblock)
{
    TRY(check_change(SIGTTIN));
    if (size == 0)
        return 0;
    termios t = get_termios();
    bool canonical = t.c_lflag & ICANON;
    usize minimum = 0;
    u64 interbyte_ns = 0;
    u64 timeout_ns = ~0ull; // forever
    if (!canonical) {
        minimum = t.c_cc[VMIN];
        if (minimum) {
            interbyte_ns = u64(t.c_cc[VTIME]) * 100 * NSEC_PER_MSEC;
        } else {
            timeout_ns = u64(t.c_cc[VTIME]) * 100 * NSEC_PER_MSEC;
            minimum = 1;
        }
    }
    usize done = 0;
    for (;;) {
        char chunk[256];
        usize got = 0;
        bool line_done = false;
        bool available;
        {
            SpinlockGuard guard(m_lock);
            available = readable_locked();
            if (available && (m_termios.c_lflag & ICANON)) {
                while (got < sizeof(chunk) && done + got < size && m_read_tail != m_canon_head) {
                    usize i = m_read_tail++ % N;
                    if (!(m_flags[i] & EOF_MARK))
                        chunk[got++] = m_buffer[i];
                    if (m_flags[i] & LINE_END) {
                        line_done = true;
                        break;
                    }
                }
            } else if (available) {
                while (got < sizeof(chunk) && done + got < size && m_read_tail != m_read_head)
                    chunk[got++] = m_buffer[m_read_tail++ % N];
            }
        }
        if (got) {
            // FIXME: bytes taken are lost if the copy faults.
            if (buffer.write(chunk, done, got).is_error())
                return done ? Result<usize>(done) : Result<usize>(Errno::EFAULT);
            done += got;
        }
        if (available) {
            if (canonical) {
                if (line_done || done == size)
                    return done;
                continue; // the rest of this line
            }
            if (done >= minimum || done == size)
                return done;
            if (interbyte_ns)
                timeout_ns = interbyte_ns;
            continue;
        }
        // Nothing to read now.
        if (timeout_ns == 0)
            return done;
        if (nonblock)
            return done ? Result<usize>(done) : Result<usize>(Errno::EAGAIN);
        ReadTimeout timeout;
        timeout.queue = &m_read_wait;
        if (timeout_ns != ~0ull) {
            timeout.timer.function = read_timeout_fired;
            timeout.timer.data = &timeout;
            timeout.timer.expires_ns = ktime_get_ns() + timeout_ns;
            add_timer(timeout.timer);
        }
        auto waited = m_read_wait.wait_event_interruptible([&] {
            SpinlockGuard guard(m_lock);
            return readable_locked() || timeout.expired;
        });
        if (timeout_ns != ~0ull)
            del_timer(timeout.timer);
        if (waited.is_error())
            return done ? Result<usize>(done) : Result<usize>(waited.error()); // ERESTARTSYS
        if (timeout.expired)
            timeout_ns = 0;
    }
}

// --- Settings -------------------------------------------------------------------------------

termios Tty::get_termios()
{
    SpinlockGuard guard(m_lock);
    return m_termios;
}

void Tty::set_termios(const termios& settings)
{
    {
        SpinlockGuard guard(m_lock);
        bool was_canonical = m_termios.c_lflag & ICANON;
        m_termios = settings;
        bool canonical = m_termios.c_lflag & ICANON;
        if (was_canonical != canonical) {
            // Linux's n_tty_set_termios(): line boundaries are forgotten; into canonical mode,
            // what is pending becomes one line ready to read (pushed, without a terminator).
            for (usize i = m_read_tail; i != m_read_head; ++i)
                m_flags[i % N] = 0;
            if (!canonical || m_read_head == m_read_tail) {
                m_canon_head = m_read_tail;
            } else {
                m_flags[(m_read_head - 1) % N] = LINE_END;
                m_canon_head = m_read_head;
            }
            m_lnext = false;
        }
    }
    m_read_wait.wake_all(); // VMIN/VTIME or the mode may let a reader go now
}

winsize Tty::get_winsize()
{
    SpinlockGuard guard(m_lock);
    return m_winsize;
}

void Tty::set_winsize(const winsize& window)
{
    {
        SpinlockGuard guard(m_lock);
        if (memcmp(&m_winsize, &window, sizeof(window)) == 0)
            return; // Linux's tty_do_resize(): no change, no signal
        m_winsize = window;
    }
    SpinlockGuard guard(tasklist_lock);
    if (m_pgrp)
        kill_pgrp_priv_locked(m_pgrp, SIGWINCH);
}
