// The tty's ioctls (Linux's tty_ioctl() in tty_io.c, tty_mode_ioctl() in tty_ioctl.c, the
// job-control ones in tty_jobctrl.c, n_tty_ioctl()). Requests that change the terminal's state
// are job-control checked (tty_check_change(): SIGTTOU to a background caller); unknown ones are
// ENOTTY.

#include <abi/linux/signal.h>
#include <fs/file.h>
#include <fs/tty.h>
#include <mm/uaccess.h>

using namespace linux_abi;

Result<i64> Tty::ioctl(OpenFile& file, u32 request, u64 argument)
{
    void* user = reinterpret_cast<void*>(argument);
    switch (request) {
    case TCGETS: {
        termios t = get_termios();
        TRY(copy_to_user(user, &t, sizeof(t)));
        return 0;
    }
    case TCSETS:
    case TCSETSW:
    case TCSETSF: {
        // Linux's set_termios(): the check first, then the copy.
        TRY(check_change(SIGTTOU));
        termios t;
        TRY(copy_from_user(&t, user, sizeof(t)));
        // TCSETSW and TCSETSF wait for the output to drain: the serial driver writes
        // synchronously, so it always has. TCSETSF also discards pending input.
        if (request == TCSETSF)
            flush_input();
        set_termios(t);
        return 0;
    }
    case TIOCGWINSZ: {
        winsize w = get_winsize();
        TRY(copy_to_user(user, &w, sizeof(w)));
        return 0;
    }
    case TIOCSWINSZ: {
        winsize w;
        TRY(copy_from_user(&w, user, sizeof(w)));
        set_winsize(w);
        return 0;
    }
    case FIONREAD: {
        int available = int(input_available());
        TRY(copy_to_user(user, &available, sizeof(available)));
        return 0;
    }
    case TIOCOUTQ: {
        int queued = 0; // output is written synchronously: nothing is ever queued
        TRY(copy_to_user(user, &queued, sizeof(queued)));
        return 0;
    }
    case TCFLSH:
        // Linux's tty_perform_flush(): the check, then the selector.
        TRY(check_change(SIGTTOU));
        if (argument != TCIFLUSH && argument != TCOFLUSH && argument != TCIOFLUSH)
            return Errno::EINVAL;
        if (argument != TCOFLUSH)
            flush_input();
        return 0;
    case TCXONC:
        TRY(check_change(SIGTTOU));
        if (argument > TCION)
            return Errno::EINVAL;
        // FIXME: flow control is accepted and not done: output never stops.
        return 0;
    case TCSBRK:
    case TCSBRKP:
        // tcdrain() is TCSBRK 1; a break (argument 0) means nothing on QEMU's serial port.
        TRY(check_change(SIGTTOU));
        return 0;
    case TIOCGETD: {
        int ldisc = N_TTY;
        TRY(copy_to_user(user, &ldisc, sizeof(ldisc)));
        return 0;
    }
    case TIOCSCTTY:
        TRY(tiocsctty(file, argument));
        return 0;
    case TIOCNOTTY:
        TRY(tiocnotty());
        return 0;
    case TIOCGPGRP: {
        i32 pgrp = TRY(tiocgpgrp());
        TRY(copy_to_user(user, &pgrp, sizeof(pgrp)));
        return 0;
    }
    case TIOCSPGRP: {
        // A background caller is stopped first; if it cannot be (orphaned, SIGTTOU ignored is
        // fine), Linux's EIO becomes ENOTTY here.
        auto checked = check_change(SIGTTOU);
        if (checked.is_error())
            return checked.error() == Errno::EIO ? Errno::ENOTTY : checked.error();
        i32 pgrp = TRY(get_user(reinterpret_cast<const i32*>(user)));
        if (pgrp < 0)
            return Errno::EINVAL;
        TRY(tiocspgrp(pgrp));
        return 0;
    }
    case TIOCGSID: {
        i32 sid = TRY(tiocgsid());
        TRY(copy_to_user(user, &sid, sizeof(sid)));
        return 0;
    }
    default:
        return Errno::ENOTTY;
    }
}
