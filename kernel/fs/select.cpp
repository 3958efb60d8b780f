// select(): the descriptors of three bitmaps turned into a pollfd list and handed to do_poll
// (Linux's do_select() asks each file's poll the same way), the answers turned back into bits.

#include <fs/poll.h>
#include <mm/slab.h>

namespace {

// Linux's POLLIN_SET, POLLOUT_SET and POLLEX_SET (fs/select.c): a hangup or an error makes a
// descriptor readable (a read will not block), an error writable.
constexpr i16 POLLIN = 0x001, POLLPRI = 0x002, POLLOUT = 0x004, POLLERR = 0x008, POLLHUP = 0x010,
              POLLRDNORM = 0x040, POLLRDBAND = 0x080, POLLWRNORM = 0x100, POLLWRBAND = 0x200;
constexpr i16 POLLIN_SET = POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR;
constexpr i16 POLLOUT_SET = POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR;
constexpr i16 POLLEX_SET = POLLPRI;

bool test(const FdSetWord* set, int fd) { return set && (set[fd / FD_SET_BITS] >> (fd % FD_SET_BITS)) & 1; }
void mark(FdSetWord* set, int fd) { set[fd / FD_SET_BITS] |= FdSetWord(1) << (fd % FD_SET_BITS); }

} // namespace

Result<i64> do_select(FileTable& files, int n, FdSetWord* in, FdSetWord* out, FdSetWord* ex, u64 deadline)
{
    // Linux's max_select_fd(): every descriptor named in a set must be open, before any wait.
    usize count = 0;
    for (int fd = 0; fd < n; ++fd) {
        if (!test(in, fd) && !test(out, fd) && !test(ex, fd))
            continue;
        if (files.get(fd).is_error())
            return Errno::EBADF;
        ++count;
    }
    auto buffer = TRY(KmallocBuffer<PollFd>::create(count ? count : 1));
    PollFd* fds = buffer.data();
    usize i = 0;
    for (int fd = 0; fd < n && i < count; ++fd) {
        i16 events = (test(in, fd) ? POLLIN_SET : 0) | (test(out, fd) ? POLLOUT_SET : 0) | (test(ex, fd) ? POLLEX_SET : 0);
        if (events)
            fds[i++] = PollFd { fd, events, 0 };
    }
    TRY(do_poll_until(files, fds, count, deadline, 0));

    usize words = (usize(n) + FD_SET_BITS - 1) / FD_SET_BITS;
    for (FdSetWord* set : { in, out, ex }) {
        if (set)
            for (usize w = 0; w < words; ++w)
                set[w] = 0;
    }
    i64 ready = 0;
    for (usize k = 0; k < count; ++k) {
        const PollFd& p = fds[k];
        if (in && (p.events & POLLIN) && (p.revents & POLLIN_SET)) {
            mark(in, p.fd);
            ++ready;
        }
        if (out && (p.events & POLLOUT) && (p.revents & POLLOUT_SET)) {
            mark(out, p.fd);
            ++ready;
        }
        if (ex && (p.events & POLLPRI) && (p.revents & POLLEX_SET)) {
            mark(ex, p.fd);
            ++ready;
        }
    }
    return ready;
}
