#include <abi/linux/fcntl.h>
#include <abi/linux/poll.h>
#include <abi/linux/stat.h>
#include <abi/linux/termios.h>
#include <fs/pipe.h>
#include <fs/poll.h>
#include <fs/tmpfs.h>
#include <lib/format.h>
#include <lib/string.h>
#include <mm/slab.h>
#include <mm/uaccess.h>
#include <proc/signal.h>
#include <proc/task.h>
#include <sched/sched.h>
#include <sched/wait.h>

using namespace linux_abi;

// The ring buffer and who has it open (Linux's pipe_inode_info).
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

    Result<usize> read(UserOrKernelBuffer buffer, usize size, bool nonblock);
    Result<usize> write(UserOrKernelBuffer buffer, usize size, bool nonblock);

    // NOTE: m_lock guards everything below. Data moves through a kernel chunk so that no user
    // memory is touched (and no fault taken) with the lock held.
    Spinlock m_lock;
    u8* m_data;
    usize m_head { 0 }; // the oldest byte
    usize m_count { 0 }; // bytes in the buffer
    u32 m_readers { 0 };
    u32 m_writers { 0 };
    u64 m_read_opens { 0 }; // opens for reading ever: a FIFO writer waits for this to move
    u64 m_write_opens { 0 };
    WaitQueue m_readable; // readers wait for data or for the last writer to go
    WaitQueue m_writable; // writers wait for room or for the last reader to go
    WaitQueue m_opened; // FIFO openers wait for the other side

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

Result<usize> PipeBuffer::read(UserOrKernelBuffer buffer, usize size, bool nonblock)
{
    if (size == 0)
        return usize(0);
    for (;;) {
        {
            SpinlockGuard guard(m_lock);
            if (m_count)
                break;
            if (!m_writers)
                return usize(0); // end of file: nobody can write any more
        }
        if (nonblock)
            return Errno::EAGAIN;
        // A signal ends the wait: EINTR, or a restart after an SA_RESTART handler.
        TRY(m_readable.wait_event_interruptible([&] {
            SpinlockGuard guard(m_lock);
            return m_count || !m_writers;
        }));
    }
    // Whatever is there now, up to `size`: a read does not wait for more.
    u8 chunk[512];
    usize done = 0;
    while (done < size) {
        usize n;
        {
            SpinlockGuard guard(m_lock);
            n = take_locked(chunk, lib::min(size - done, sizeof(chunk)));
        }
        if (!n)
            break;
        // FIXME: a fault here loses the bytes already taken (Linux copies in place).
        TRY(buffer.write(chunk, done, n));
        done += n;
    }
    m_writable.wake_all();
    return done;
}

Result<usize> PipeBuffer::write(UserOrKernelBuffer buffer, usize size, bool nonblock)
{
    // Up to PIPE_BUF bytes go in at once or not at all, never interleaved with another writer:
    // each piece is copied in from user memory first (no fault under the lock), then put in
    // under the same hold of the lock that found room for it.
    bool atomic = size <= PIPE_ATOMIC_MAX;
    usize piece_max = lib::min(size, PIPE_ATOMIC_MAX);
    u8 small[512];
    u8* chunk = small;
    KmallocBuffer<u8> large;
    if (piece_max > sizeof(small)) {
        large = TRY(KmallocBuffer<u8>::create(piece_max));
        chunk = large.data();
    }
    usize done = 0;
    while (done < size) {
        usize n = lib::min(size - done, piece_max);
        if (auto copied = buffer.read(chunk, done, n); copied.is_error())
            return done ? Result<usize>(done) : copied.error();
        usize need = atomic ? n : 1; // larger writes may go in a byte at a time
        usize put = 0;
        while (put < n) {
            {
                SpinlockGuard guard(m_lock);
                if (!m_readers) {
                    // Nobody will ever read: SIGPIPE to the writer (thread-directed, as Linux's
                    // send_sig(SIGPIPE, current, 0)), then EPIPE if it survives.
                    (void)send_signal_to_task(*current(), SIGPIPE, SigInfo::from_current(SIGPIPE));
                    return done + put ? Result<usize>(done + put) : Errno::EPIPE;
                }
                usize room = PIPE_CAPACITY - m_count;
                if (room >= need) {
                    usize k = lib::min(room, n - put);
                    put_locked(chunk + put, k);
                    put += k;
                }
            }
            if (put == n)
                break;
            m_readable.wake_all(); // what went in so far, for the reader that makes room
            if (nonblock)
                return done + put ? Result<usize>(done + put) : Errno::EAGAIN;
            // Interrupted: what was written so far, else EINTR or a restart.
            auto waited = m_writable.wait_event_interruptible([&] {
                SpinlockGuard guard(m_lock);
                return !m_readers || PIPE_CAPACITY - m_count >= need;
            });
            if (waited.is_error())
                return done + put ? Result<usize>(done + put) : waited.error();
        }
        done += n;
        m_readable.wake_all();
    }
    return done;
}

PipeInode::PipeInode(SuperBlock& sb, u32 mode, InodeOwner owner, bool anonymous)
    : Inode(sb, S_IFIFO | (mode & S_IALLUGO), owner)
    , m_anonymous(anonymous)
{
}

PipeInode::~PipeInode() = default;

RefPtr<PipeBuffer> PipeInode::buffer() const
{
    SpinlockGuard guard(m_lock);
    return m_pipe;
}

Result<NonnullRefPtr<PipeBuffer>> PipeInode::get_buffer(bool create)
{
    // Allocated outside the lock; a racing opener's buffer wins and this one is dropped.
    if (auto pipe = buffer())
        return NonnullRefPtr<PipeBuffer>(*pipe);
    if (!create)
        return Errno::ENXIO;
    auto fresh = TRY(PipeBuffer::create());
    SpinlockGuard guard(m_lock);
    if (!m_pipe)
        m_pipe = fresh;
    return NonnullRefPtr<PipeBuffer>(*m_pipe);
}

Result<void> PipeInode::attach_both_ends()
{
    auto pipe = TRY(get_buffer(true));
    SpinlockGuard guard(pipe->m_lock);
    pipe->m_readers = pipe->m_writers = 1;
    pipe->m_read_opens = pipe->m_write_opens = 1;
    return {};
}

namespace {

// fifo_open()'s wait for the other side: until its count of opens moves past `seen` (a partner
// that opens and closes at once still counts). Interrupted, the opener's own count is undone.
Result<void> wait_for_partner(PipeBuffer& pipe, const u64& partner_opens, u64 seen, u32& own_count)
{
    auto waited = pipe.m_opened.wait_event_interruptible([&] {
        SpinlockGuard guard(pipe.m_lock);
        return partner_opens != seen;
    });
    if (waited.is_error()) {
        {
            SpinlockGuard guard(pipe.m_lock);
            --own_count;
        }
        pipe.m_readable.wake_all();
        pipe.m_writable.wake_all();
    }
    return waited;
}

} // namespace

Result<void> PipeInode::open(u32 flags)
{
    // fifo_open(): O_ACCMODE (3) is neither a reader nor a writer.
    if ((flags & O_ACCMODE) == O_ACCMODE)
        return Errno::EINVAL;
    bool nonblock = flags & O_NONBLOCK;
    bool reader = (flags & O_ACCMODE) != O_WRONLY;
    bool writer = (flags & O_ACCMODE) != O_RDONLY;
    RefPtr<PipeBuffer> fresh; // for the first opener, made outside the locks
    RefPtr<PipeBuffer> pipe;
    u64 partner_seen;
    bool wait;
    for (;;) {
        if (!fresh && !buffer())
            fresh = TRY(PipeBuffer::create());
        // The inode's lock, then the buffer's: the same order as release(), so an open never
        // counts itself into a buffer that a last close is dropping.
        SpinlockGuard guard(m_lock);
        if (!m_pipe && !fresh)
            continue; // the buffer went with a last close since we looked: make one
        if (!m_pipe)
            m_pipe = fresh;
        pipe = m_pipe;
        SpinlockGuard pipe_guard(pipe->m_lock);
        if (writer && !reader && nonblock && !pipe->m_readers) {
            // Nobody to read what would be written. A buffer nobody has open is not kept.
            if (!pipe->m_writers && !m_anonymous)
                m_pipe = nullptr;
            return Errno::ENXIO;
        }
        if (reader) {
            ++pipe->m_readers;
            ++pipe->m_read_opens;
        }
        if (writer) {
            ++pipe->m_writers;
            ++pipe->m_write_opens;
        }
        // O_RDWR is both ends at once and never waits (Linux allows it; POSIX leaves it open).
        // A reader waits for a writer unless O_NONBLOCK; a writer (not O_NONBLOCK, see above)
        // for a reader.
        partner_seen = reader ? pipe->m_write_opens : pipe->m_read_opens;
        wait = reader != writer && !nonblock && !(reader ? pipe->m_writers : pipe->m_readers);
        break;
    }
    pipe->m_readable.wake_all();
    pipe->m_writable.wake_all();
    pipe->m_opened.wake_all();
    if (!wait)
        return {};
    if (reader)
        return wait_for_partner(*pipe, pipe->m_write_opens, partner_seen, pipe->m_readers);
    return wait_for_partner(*pipe, pipe->m_read_opens, partner_seen, pipe->m_writers);
}

void PipeInode::release(const OpenFile& file)
{
    RefPtr<PipeBuffer> pipe;
    {
        SpinlockGuard guard(m_lock);
        pipe = m_pipe;
        if (!pipe)
            return;
        SpinlockGuard pipe_guard(pipe->m_lock);
        if (file.is_readable())
            --pipe->m_readers;
        if (file.is_writable())
            --pipe->m_writers;
        // A FIFO's bytes go with its last opener (free_pipe_info()); the next open starts afresh.
        if (!pipe->m_readers && !pipe->m_writers && !m_anonymous)
            m_pipe = nullptr;
    }
    pipe->m_readable.wake_all();
    pipe->m_writable.wake_all();
}

Result<usize> PipeInode::read_file(OpenFile& file, u64, UserOrKernelBuffer buffer, usize size)
{
    auto pipe = TRY(get_buffer(false));
    return pipe->read(buffer, size, file.flags() & O_NONBLOCK);
}

Result<usize> PipeInode::write_file(OpenFile& file, u64, UserOrKernelBuffer buffer, usize size)
{
    auto pipe = TRY(get_buffer(false));
    return pipe->write(buffer, size, file.flags() & O_NONBLOCK);
}

// As Linux's pipe_poll(): a reader's side is readable with data and hung up without writers (a
// read then sees end of file); a writer's side is writable with room for an atomic write and in
// error without readers (a write then gets EPIPE).
u16 PipeInode::poll(const OpenFile& file) const
{
    auto pipe = buffer();
    if (!pipe)
        return 0;
    SpinlockGuard guard(pipe->m_lock);
    u16 mask = 0;
    if (file.is_readable()) {
        if (pipe->m_count)
            mask |= POLLIN | POLLRDNORM;
        if (!pipe->m_writers && pipe->m_write_opens)
            mask |= POLLHUP; // not for a FIFO that never had a writer
    }
    if (file.is_writable()) {
        if (PIPE_CAPACITY - pipe->m_count >= PIPE_ATOMIC_MAX)
            mask |= POLLOUT | POLLWRNORM;
        if (!pipe->m_readers)
            mask |= POLLERR;
    }
    return mask;
}

// FIONREAD: the bytes in the pipe, on either end (pipe_ioctl()).
Result<i64> PipeInode::ioctl(OpenFile& file, u32 request, u64 argument)
{
    if (request != FIONREAD)
        return Inode::ioctl(file, request, argument);
    int count = 0;
    if (auto pipe = buffer()) {
        SpinlockGuard guard(pipe->m_lock);
        count = int(pipe->m_count);
    }
    TRY(put_user(reinterpret_cast<int*>(argument), count));
    return 0;
}

// Linux's pipefs_dname(): "pipe:[ino]", the same for both ends. A FIFO has a path instead.
usize PipeInode::anonymous_name(char* buffer, usize size) const
{
    if (!m_anonymous)
        return 0;
    return lib::min(format_to(buffer, size, "pipe:[%llu]", (unsigned long long)ino()), size);
}

namespace {
SuperBlock* pipefs;
}

Result<PipeEnds> create_pipe(u32 flags)
{
    if (!pipefs)
        pipefs = TRY(tmpfs_create(0700));
    auto inode = TRY(try_make_ref_counted<PipeInode>(*pipefs, 0600u, InodeOwner {}, true));
    TRY(inode->attach_both_ends());
    u32 status = flags & O_NONBLOCK;
    auto read_end = TRY(OpenFile::create(inode, O_RDONLY | status));
    auto write_end = TRY(OpenFile::create(inode, O_WRONLY | status));
    return PipeEnds { read_end, write_end };
}
