// /dev/null, /dev/zero, /dev/tty and /dev/console (drivers/char/mem.c and drivers/tty in Linux).

#include <abi/linux/fcntl.h>
#include <abi/linux/stat.h>
#include <abi/linux/termios.h>
#include <fs/console.h>
#include <fs/dev.h>
#include <fs/file.h>
#include <fs/tmpfs.h>

using namespace linux_abi;

namespace {

class NullDevice final : public Inode {
public:
    NullDevice(SuperBlock& sb)
        : Inode(sb, S_IFCHR | 0666, {}, encode_dev(1, 3))
    {
    }
    Result<usize> read(u64, UserOrKernelBuffer, usize) override { return 0; }
    Result<usize> write(u64, UserOrKernelBuffer, usize size) override { return size; }
    SeekKind seek_kind() const override { return SeekKind::AlwaysZero; }
};

class ZeroDevice final : public Inode {
public:
    ZeroDevice(SuperBlock& sb)
        : Inode(sb, S_IFCHR | 0666, {}, encode_dev(1, 5))
    {
    }
    Result<usize> read(u64, UserOrKernelBuffer buffer, usize size) override
    {
        TRY(buffer.zero(0, size));
        return size;
    }
    Result<usize> write(u64, UserOrKernelBuffer, usize size) override { return size; }
    SeekKind seek_kind() const override { return SeekKind::NoOp; }
    // NOTE: get_page() stays ENODEV: mmap of /dev/zero is anonymous memory (MAP_PRIVATE) or
    // shared anonymous memory (MAP_SHARED) on Linux, which mm/ provides without a file.
};

class TtyDevice final : public Inode {
public:
    TtyDevice(SuperBlock& sb, u32 mode, u32 minor)
        : Inode(sb, S_IFCHR | mode, {}, encode_dev(5, minor))
    {
    }

    Result<usize> read(u64, UserOrKernelBuffer buffer, usize size) override
    {
        // FIXME: O_NONBLOCK on the open file is not seen here; reads always block.
        return console_read(buffer, size, false);
    }

    Result<usize> write(u64, UserOrKernelBuffer buffer, usize size) override
    {
        char chunk[256];
        usize done = 0;
        while (done < size) {
            usize n = lib::min(size - done, sizeof(chunk));
            if (buffer.read(chunk, done, n).is_error()) {
                if (done)
                    break;
                return Errno::EFAULT;
            }
            console_write(chunk, n);
            done += n;
        }
        return done;
    }

    SeekKind seek_kind() const override { return SeekKind::NotSeekable; }
    bool is_tty() const override { return true; }

    Result<i64> ioctl(OpenFile&, u32 request, u64 argument) override
    {
        void* user = reinterpret_cast<void*>(argument);
        switch (request) {
        case TCGETS: {
            termios t = console_get_termios();
            TRY(copy_to_user(user, &t, sizeof(t)));
            return 0;
        }
        case TCSETS:
        case TCSETSW:
        case TCSETSF: {
            termios t;
            TRY(copy_from_user(&t, user, sizeof(t)));
            console_set_termios(t);
            return 0;
        }
        case TIOCGWINSZ: {
            winsize w = console_get_winsize();
            TRY(copy_to_user(user, &w, sizeof(w)));
            return 0;
        }
        case TIOCSWINSZ: {
            winsize w;
            TRY(copy_from_user(&w, user, sizeof(w)));
            console_set_winsize(w);
            return 0;
        }
        case FIONREAD: {
            int available = int(console_input_available());
            TRY(copy_to_user(user, &available, sizeof(available)));
            return 0;
        }
        default:
            // FIXME: TIOCGPGRP/TIOCSPGRP and sessions come with job control.
            return Errno::ENOTTY;
        }
    }
};

} // namespace

Result<SuperBlock*> devtmpfs_create()
{
    SuperBlock* sb = TRY(tmpfs_create(0755));
    auto& root = static_cast<TmpfsDirectory&>(sb->root());
    MutexGuard guard(sb->namespace_lock());
    TRY(root.insert_new("null", TRY(try_make_ref_counted<NullDevice>(*sb))));
    TRY(root.insert_new("zero", TRY(try_make_ref_counted<ZeroDevice>(*sb))));
    TRY(root.insert_new("tty", TRY(try_make_ref_counted<TtyDevice>(*sb, 0666u, 0u))));
    TRY(root.insert_new("console", TRY(try_make_ref_counted<TtyDevice>(*sb, 0600u, 1u))));
    return sb;
}
