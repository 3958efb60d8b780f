#include <abi/linux/fcntl.h>
#include <abi/linux/stat.h>
#include <abi/linux/termios.h>
#include <fs/pipe.h>
#include <fs/tmpfs.h>
#include <lib/string.h>
#include <lib/format.h>
#include <mm/uaccess.h>
#include <mm/slab.h>
#include <proc/signal.h>
#include <proc/task.h>
#include <sched/sched.h>
#include <sched/wait.h>

using namespace linux_abi;

namespace {

// The ring buffer both ends share.
class PipeBuffer : public RefCounted<PipeBuffer> {
public:
    static Result<NonnullRefPtr<PipeBuffer>> create()
    {
        auto* data = static_cast<u8*>(kmalloc(PIPE_CAPACITY));
        if (!data)
            return Errno::ENOMEM;
        auto pipe = try_make_ref_counted<PipeBuffer>(data);
        if (pipe.is_error())
            kfree(data);
        return pipe;
    }
    explicit PipeBuffer(u8* data)
        : m_data(data)
    {
    }
    ~PipeBuffer() { kfree(m_data); }

    // NOTE: m_lock guards m_head, m_count, m_readers, m_writers. Data moves through a kernel
    // chunk so that no user memory is touched (and no fault taken) with the lock held.
    Spinlock m_lock;
    u8* m_data;
    usize m_head { 0 }; // the oldest byte
    usize m_count { 0 }; // bytes in the buffer
    u32 m_readers { 1 };
    u32 m_writers { 1 };
    WaitQueue m_readable; // readers wait for data or for the last writer to go
    WaitQueue m_writable; // writers wait for room or for the last reader to go

    usize take_locked(u8* out, usize n)
    {
        n = lib::min(n, m_count);
        for (usize i = 0; i < n; ++i)
            out[i] = m_data[(m_head + i) % PIPE_CAPACITY];
        m_head = (m_head + n) % PIPE_CAPACITY;
        m_count -= n;
        return n;
    }
    void put_locked(const u8* in, usize n)
    {
        for (usize i = 0; i < n; ++i)
            m_data[(m_head + m_count + i) % PIPE_CAPACITY] = in[i];
        m_count += n;
    }
};

class PipeEnd final : public Inode {
public:
    PipeEnd(SuperBlock& sb, NonnullRefPtr<PipeBuffer> pipe, bool reader, bool nonblock, u64 pipe_ino = 0)
        : Inode(sb, S_IFIFO | 0600u, {})
        , m_pipe(pipe)
        , m_reader(reader)
        , m_nonblock(nonblock)
        , m_pipe_ino(pipe_ino ? pipe_ino : ino())
    {
    }

    // Linux's pipefs_dname(): both ends are one inode there, so both show its number; here each
    // end is an inode and both show the read end's.
    usize anonymous_name(char* buffer, usize size) const override
    {
        return lib::min(format_to(buffer, size, "pipe:[%llu]", (unsigned long long)m_pipe_ino), size);
    }
    u64 pipe_ino() const { return m_pipe_ino; }

    // The last open description of this end is gone.
    ~PipeEnd() override
    {
        SpinlockGuard guard(m_pipe->m_lock);
        if (m_reader) {
            --m_pipe->m_readers;
            m_pipe->m_writable.wake_all();
        } else {
            --m_pipe->m_writers;
            m_pipe->m_readable.wake_all();
        }
    }

    Result<usize> read(u64, UserOrKernelBuffer buffer, usize size) override
    {
        if (!m_reader || size == 0)
            return m_reader ? usize(0) : Result<usize>(Errno::EBADF);
        PipeBuffer& p = *m_pipe;
        for (;;) {
            {
                SpinlockGuard guard(p.m_lock);
                if (p.m_count)
                    break;
                if (!p.m_writers)
                    return usize(0); // end of file: nobody can write any more
            }
            if (m_nonblock) // FIXME: O_NONBLOCK set later with fcntl(F_SETFL) is not seen here
                return Errno::EAGAIN;
            // A signal ends the wait: EINTR, or a restart after an SA_RESTART handler.
            TRY(p.m_readable.wait_event_interruptible([&] {
                SpinlockGuard guard(p.m_lock);
                return p.m_count || !p.m_writers;
            }));
        }
        // Whatever is there now, up to `size`: a read does not wait for more.
        u8 chunk[512];
        usize done = 0;
        while (done < size) {
            usize n;
            {
                SpinlockGuard guard(p.m_lock);
                n = p.take_locked(chunk, lib::min(size - done, sizeof(chunk)));
            }
            if (!n)
                break;
            // FIXME: a fault here loses the bytes already taken (Linux copies in place).
            TRY(buffer.write(chunk, done, n));
            done += n;
        }
        p.m_writable.wake_all();
        return done;
    }

    Result<usize> write(u64, UserOrKernelBuffer buffer, usize size) override
    {
        if (m_reader)
            return Errno::EBADF;
        PipeBuffer& p = *m_pipe;
        // Up to PIPE_BUF bytes go in at once or not at all, never interleaved with another writer.
        bool atomic = size <= PIPE_ATOMIC_MAX;
        u8 chunk[512];
        usize done = 0;
        while (done < size) {
            usize want = atomic ? size : lib::min(size - done, sizeof(chunk));
            usize room;
            {
                SpinlockGuard guard(p.m_lock);
                if (!p.m_readers) {
                    // Nobody will ever read: SIGPIPE to the writer (thread-directed, as Linux's
                    // send_sig(SIGPIPE, current, 0)), then EPIPE if it survives.
                    (void)send_signal_to_task(*current(), SIGPIPE, SigInfo::from_current(SIGPIPE));
                    return done ? Result<usize>(done) : Errno::EPIPE;
                }
                room = PIPE_CAPACITY - p.m_count;
            }
            if (room < (atomic ? size : 1)) {
                if (m_nonblock)
                    return done ? Result<usize>(done) : Errno::EAGAIN;
                // Interrupted: what was written so far, else EINTR or a restart.
                auto waited = p.m_writable.wait_event_interruptible([&] {
                    SpinlockGuard guard(p.m_lock);
                    return !p.m_readers || PIPE_CAPACITY - p.m_count >= (atomic ? size : 1);
                });
                if (waited.is_error())
                    return done ? Result<usize>(done) : waited.error();
                continue;
            }
            // Copy in chunks through the kernel buffer; an atomic write holds its room because
            // only one writer at a time passes the check above per description (FIXME: two
            // descriptions writing at once could interleave atomic writes).
            usize n = lib::min(lib::min(want, room), size - done);
            usize moved = 0;
            while (moved < n) {
                usize c = lib::min(n - moved, sizeof(chunk));
                TRY(buffer.read(chunk, done + moved, c));
                SpinlockGuard guard(p.m_lock);
                p.put_locked(chunk, c);
                moved += c;
            }
            done += n;
            p.m_readable.wake_all();
        }
        return done;
    }

    SeekKind seek_kind() const override { return SeekKind::NotSeekable; }
    // As Linux's pipe_poll(): the read end is readable with data and hung up without writers
    // (a reader then sees end of file); the write end is writable with room for an atomic write
    // and in error without readers (a writer then gets EPIPE).
    bool poll_readable() const override
    {
        SpinlockGuard guard(m_pipe->m_lock);
        return m_reader && m_pipe->m_count;
    }
    bool poll_hangup() const override
    {
        SpinlockGuard guard(m_pipe->m_lock);
        return m_reader && !m_pipe->m_writers;
    }
    bool poll_writable() const override
    {
        SpinlockGuard guard(m_pipe->m_lock);
        return !m_reader && PIPE_CAPACITY - m_pipe->m_count >= PIPE_ATOMIC_MAX;
    }
    bool poll_error() const override
    {
        SpinlockGuard guard(m_pipe->m_lock);
        return !m_reader && !m_pipe->m_readers;
    }
    // FIONREAD: the bytes in the pipe, on either end (pipe_ioctl()).
    Result<i64> ioctl(OpenFile& file, u32 request, u64 argument) override
    {
        if (request != FIONREAD)
            return Inode::ioctl(file, request, argument);
        int count;
        {
            SpinlockGuard guard(m_pipe->m_lock);
            count = int(m_pipe->m_count);
        }
        TRY(put_user(reinterpret_cast<int*>(argument), count));
        return 0;
    }

private:
    NonnullRefPtr<PipeBuffer> m_pipe;
    bool m_reader;
    bool m_nonblock;
    u64 m_pipe_ino; // the number both ends show in /proc/PID/fd
};

SuperBlock* pipefs;

} // namespace

Result<PipeEnds> create_pipe(u32 flags)
{
    if (!pipefs)
        pipefs = TRY(tmpfs_create(0700));
    auto buffer = TRY(PipeBuffer::create());
    bool nonblock = flags & O_NONBLOCK;
    auto reader = TRY(try_make_ref_counted<PipeEnd>(*pipefs, buffer, true, nonblock));
    auto writer = TRY(try_make_ref_counted<PipeEnd>(*pipefs, buffer, false, nonblock, reader->pipe_ino()));
    u32 status = flags & O_NONBLOCK;
    auto read_end = TRY(OpenFile::create(reader, O_RDONLY | status));
    auto write_end = TRY(OpenFile::create(writer, O_WRONLY | status));
    return PipeEnds { read_end, write_end };
}
