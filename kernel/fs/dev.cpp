// /dev/null, /dev/zero, /dev/tty and /dev/console (drivers/char/mem.c and drivers/tty in Linux).

#include <abi/linux/fcntl.h>
#include <abi/linux/poll.h>
#include <abi/linux/stat.h>
#include <abi/linux/termios.h>
#include <arch/cpu.h>
#include <fs/console.h>
#include <fs/dev.h>
#include <fs/file.h>
#include <fs/tmpfs.h>
#include <proc/process.h>
#include <sched/sched.h>

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

// /dev/console (5,1) and /dev/tty (5,0): the console's tty (fs/tty.h). /dev/tty stands for the
// caller's controlling terminal, which can only be that tty: ENXIO without one (Linux's
// tty_open_current_tty()). Neither becomes a controlling terminal by being opened: Linux makes
// that exception for both (tty_open()); a session takes the console with TIOCSCTTY.
class TtyDevice final : public Inode {
public:
    TtyDevice(SuperBlock& sb, u32 mode, u32 minor)
        : Inode(sb, S_IFCHR | mode, {}, encode_dev(5, minor))
        , m_current_tty(minor == 0)
    {
    }

    Result<void> open(u32 flags) override
    {
        if (m_current_tty) {
            SpinlockGuard guard(tasklist_lock);
            Task* task = current();
            if (!task || !task->process || !task->process->tty)
                return Errno::ENXIO;
        }
        console_tty().open_set_ctty(flags, false);
        return {};
    }

    Result<usize> read_file(OpenFile& file, u64, UserOrKernelBuffer buffer, usize size) override
    {
        return console_tty().read(buffer, size, file.flags() & O_NONBLOCK);
    }
    Result<usize> write_file(OpenFile&, u64, UserOrKernelBuffer buffer, usize size) override
    {
        return console_tty().write(buffer, size);
    }

    SeekKind seek_kind() const override { return SeekKind::NotSeekable; }
    bool is_tty() const override { return true; }
    // Always writable (output never waits); readable when a read would not wait.
    u16 poll(const OpenFile&) const override
    {
        u16 mask = linux_abi::POLLOUT | linux_abi::POLLWRNORM;
        if (console_tty().poll_readable())
            mask |= linux_abi::POLLIN | linux_abi::POLLRDNORM;
        return mask;
    }

    Result<i64> ioctl(OpenFile& file, u32 request, u64 argument) override
    {
        return console_tty().ioctl(file, request, argument);
    }

private:
    bool m_current_tty;
};

// /dev/sprout/stdout and /dev/sprout/stderr: write-only byte pipes to the runner on the host
// (COM2 and COM3, ttyS1 and ttyS2 in Linux's numbering), present only when QEMU has those ports.
class RunnerChannel final : public Inode {
public:
    RunnerChannel(SuperBlock& sb, unsigned port)
        : Inode(sb, S_IFCHR | 0620u, {}, encode_dev(4, 64 + port))
        , m_port(port)
    {
    }

    Result<usize> read(u64, UserOrKernelBuffer, usize) override { return Errno::EINVAL; }

    Result<usize> write(u64, UserOrKernelBuffer buffer, usize size) override
    {
        return write_through(
            buffer, size,
            [](const char* bytes, usize n, void* port) {
                arch::serial_port_write(*static_cast<unsigned*>(port), bytes, n);
            },
            &m_port);
    }

    SeekKind seek_kind() const override { return SeekKind::NotSeekable; }

private:
    unsigned m_port;
};

} // namespace

Result<usize> write_through(UserOrKernelBuffer buffer, usize size, void (*sink)(const char*, usize, void*), void* ctx)
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
        sink(chunk, n, ctx);
        done += n;
    }
    return done;
}

Result<SuperBlock*> devtmpfs_create()
{
    SuperBlock* sb = TRY(tmpfs_create(0755));
    auto& root = static_cast<TmpfsDirectory&>(sb->root());
    MutexGuard guard(sb->namespace_lock());
    TRY(root.insert_new("null", TRY(try_make_ref_counted<NullDevice>(*sb))));
    TRY(root.insert_new("zero", TRY(try_make_ref_counted<ZeroDevice>(*sb))));
    TRY(root.insert_new("tty", TRY(try_make_ref_counted<TtyDevice>(*sb, 0666u, 0u))));
    TRY(root.insert_new("console", TRY(try_make_ref_counted<TtyDevice>(*sb, 0600u, 1u))));
    if (arch::serial_port_present(1) && arch::serial_port_present(2)) {
        auto sprout = TRY(root.mkdir(StringView("sprout"), S_IFDIR | 0755u, {}));
        auto& dir = static_cast<TmpfsDirectory&>(*sprout);
        TRY(dir.insert_new("stdout", TRY(try_make_ref_counted<RunnerChannel>(*sb, 1u))));
        TRY(dir.insert_new("stderr", TRY(try_make_ref_counted<RunnerChannel>(*sb, 2u))));
    }
    return sb;
}
