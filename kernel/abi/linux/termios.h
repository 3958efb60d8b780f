#pragma once
// Terminal ioctls and structures for x86_64 (include/uapi/asm-generic/termbits.h, ioctls.h).

#include <lib/types.h>

namespace linux_abi {

inline constexpr u32 TCGETS = 0x5401;
inline constexpr u32 TCSETS = 0x5402;
inline constexpr u32 TCSETSW = 0x5403;
inline constexpr u32 TCSETSF = 0x5404;
inline constexpr u32 TCSBRK = 0x5409;
inline constexpr u32 TCXONC = 0x540a;
inline constexpr u32 TCFLSH = 0x540b;
inline constexpr u32 TIOCSCTTY = 0x540e;
inline constexpr u32 TIOCGPGRP = 0x540f;
inline constexpr u32 TIOCSPGRP = 0x5410;
inline constexpr u32 TIOCOUTQ = 0x5411;
inline constexpr u32 TIOCGWINSZ = 0x5413;
inline constexpr u32 TIOCSWINSZ = 0x5414;
inline constexpr u32 FIONREAD = 0x541b; // TIOCINQ
inline constexpr u32 FIONBIO = 0x5421;
inline constexpr u32 TIOCNOTTY = 0x5422;
inline constexpr u32 TIOCGETD = 0x5424;
inline constexpr u32 TCSBRKP = 0x5425;
inline constexpr u32 TIOCGSID = 0x5429;
inline constexpr u32 FIONCLEX = 0x5450;
inline constexpr u32 FIOCLEX = 0x5451;

inline constexpr usize NCCS = 19;

// The kernel's struct termios (what TCGETS copies out; glibc converts to its larger one).
struct termios {
    u32 c_iflag;
    u32 c_oflag;
    u32 c_cflag;
    u32 c_lflag;
    u8 c_line;
    u8 c_cc[NCCS];
};
static_assert(sizeof(termios) == 36);

struct winsize {
    u16 ws_row;
    u16 ws_col;
    u16 ws_xpixel;
    u16 ws_ypixel;
};
static_assert(sizeof(winsize) == 8);

// TCFLSH's queue selectors and TCXONC's actions.
inline constexpr u64 TCIFLUSH = 0, TCOFLUSH = 1, TCIOFLUSH = 2;
inline constexpr u64 TCOOFF = 0, TCOON = 1, TCIOFF = 2, TCION = 3;

// c_iflag
inline constexpr u32 IGNBRK = 0000001;
inline constexpr u32 ISTRIP = 0000040;
inline constexpr u32 INLCR = 0000100;
inline constexpr u32 IGNCR = 0000200;
inline constexpr u32 ICRNL = 0000400;
inline constexpr u32 IUCLC = 0001000;
inline constexpr u32 IXON = 0002000;
// c_oflag
inline constexpr u32 OPOST = 0000001;
inline constexpr u32 OLCUC = 0000002;
inline constexpr u32 ONLCR = 0000004;
inline constexpr u32 OCRNL = 0000010;
inline constexpr u32 ONOCR = 0000020;
inline constexpr u32 ONLRET = 0000040;
inline constexpr u32 TABDLY = 0014000;
inline constexpr u32 XTABS = 0014000; // TAB3: tabs become spaces
inline constexpr u32 B38400 = 0000017;
inline constexpr u32 CS8 = 0000060;
inline constexpr u32 CREAD = 0000200;
inline constexpr u32 HUPCL = 0002000;
inline constexpr u32 ISIG = 0000001;
inline constexpr u32 ICANON = 0000002;
inline constexpr u32 ECHO = 0000010;
inline constexpr u32 ECHOE = 0000020;
inline constexpr u32 ECHOK = 0000040;
inline constexpr u32 ECHONL = 0000100;
inline constexpr u32 NOFLSH = 0000200;
inline constexpr u32 TOSTOP = 0000400;
inline constexpr u32 ECHOCTL = 0001000;
inline constexpr u32 ECHOPRT = 0002000;
inline constexpr u32 ECHOKE = 0004000;
inline constexpr u32 IEXTEN = 0100000;

inline constexpr usize VINTR = 0, VQUIT = 1, VERASE = 2, VKILL = 3, VEOF = 4, VTIME = 5, VMIN = 6, VSWTC = 7,
                       VSTART = 8, VSTOP = 9, VSUSP = 10, VEOL = 11, VREPRINT = 12, VDISCARD = 13, VWERASE = 14,
                       VLNEXT = 15, VEOL2 = 16;

// The line discipline number of n_tty (TIOCGETD).
inline constexpr int N_TTY = 0;

// Linux's tty_std_termios (drivers/tty/tty_io.c) with INIT_C_CC: what a fresh tty reports.
constexpr termios tty_std_termios()
{
    termios t {};
    t.c_iflag = ICRNL | IXON;
    t.c_oflag = OPOST | ONLCR;
    t.c_cflag = B38400 | CS8 | CREAD | HUPCL;
    t.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    const u8 cc[] = { 003, 034, 0177, 025, 004, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0 };
    for (usize i = 0; i < sizeof(cc); ++i)
        t.c_cc[i] = cc[i];
    return t;
}

} // namespace linux_abi
