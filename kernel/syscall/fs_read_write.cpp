// read, write, readv, writev, pread64, pwrite64, lseek.

#include <fs/sendfile.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace linux_abi;
using namespace fs_syscall;

namespace {

enum class Direction { Read, Write };

// readv/writev and their positioned forms: the iovecs in order, stopping at the first short
// transfer; an error after some bytes moved reports the bytes.
Result<i64> do_iov(int fd, const iovec* user_iov, u64 count, Direction direction, i64 offset, bool positioned)
{
    if (count > UIO_MAXIOV)
        return Errno::EINVAL;
    auto file = TRY(fget(fd));
    if (direction == Direction::Read ? !file->is_readable() : !file->is_writable())
        return Errno::EBADF;
    iovec iov[32];
    u64 total = 0;
    usize done = 0;
    for (u64 first = 0; first < count; first += 32) {
        usize batch = usize(lib::min(count - first, u64(32)));
        TRY(copy_from_user(iov, user_iov + first, batch * sizeof(iovec)));
        for (usize i = 0; i < batch; ++i) {
            // Linux rejects a total over SSIZE_MAX before moving anything; this checks as it goes.
            if (iov[i].iov_len > u64(INT64_MAX) - total)
                return done ? i64(done) : Result<i64>(Errno::EINVAL);
            total += iov[i].iov_len;
        }
        for (usize i = 0; i < batch; ++i) {
            if (iov[i].iov_len == 0)
                continue;
            auto buffer = UserOrKernelBuffer::for_user(reinterpret_cast<void*>(iov[i].iov_base));
            usize size = usize(iov[i].iov_len);
            Result<usize> moved = Errno::EINVAL;
            if (positioned)
                moved = direction == Direction::Read ? file->pread(buffer, size, offset + i64(done))
                                                     : file->pwrite(buffer, size, offset + i64(done));
            else
                moved = direction == Direction::Read ? file->read(buffer, size) : file->write(buffer, size);
            if (moved.is_error())
                return done ? i64(done) : Result<i64>(moved.error());
            done += moved.value();
            if (moved.value() < size)
                return i64(done);
        }
    }
    return i64(done);
}

} // namespace

static Result<i64> sys_read(int fd, void* buffer, usize count)
{
    auto file = TRY(fget(fd));
    return i64(TRY(file->read(UserOrKernelBuffer::for_user(buffer), count)));
}
SYSCALL_DEFINE(read)

static Result<i64> sys_write(int fd, const void* buffer, usize count)
{
    auto file = TRY(fget(fd));
    return i64(TRY(file->write(UserOrKernelBuffer::for_user(const_cast<void*>(buffer)), count)));
}
SYSCALL_DEFINE(write)

static Result<i64> sys_pread64(int fd, void* buffer, usize count, i64 offset)
{
    auto file = TRY(fget(fd));
    return i64(TRY(file->pread(UserOrKernelBuffer::for_user(buffer), count, offset)));
}
SYSCALL_DEFINE(pread64)

static Result<i64> sys_pwrite64(int fd, const void* buffer, usize count, i64 offset)
{
    auto file = TRY(fget(fd));
    return i64(TRY(file->pwrite(UserOrKernelBuffer::for_user(const_cast<void*>(buffer)), count, offset)));
}
SYSCALL_DEFINE(pwrite64)

static Result<i64> sys_readv(int fd, const iovec* iov, u64 count)
{
    return do_iov(fd, iov, count, Direction::Read, 0, false);
}
SYSCALL_DEFINE(readv)

static Result<i64> sys_writev(int fd, const iovec* iov, u64 count)
{
    return do_iov(fd, iov, count, Direction::Write, 0, false);
}
SYSCALL_DEFINE(writev)

static Result<i64> sys_lseek(int fd, i64 offset, u32 whence)
{
    auto file = TRY(fget(fd));
    if (whence > 4) // past SEEK_HOLE; SEEK_DATA/SEEK_HOLE reach the file (ESPIPE on a tty)
        return Errno::EINVAL;
    return file->lseek(offset, int(whence));
}
SYSCALL_DEFINE(lseek)

// sendfile64 (x86_64's sendfile): the offset, if given, is read first and written back after.
static Result<i64> sys_sendfile(int out_fd, int in_fd, i64* user_offset, usize count)
{
    auto in = TRY(fget(in_fd));
    auto out = TRY(fget(out_fd));
    if (!user_offset)
        return i64(TRY(do_sendfile(*out, *in, nullptr, count)));
    i64 pos;
    TRY(copy_from_user(&pos, user_offset, sizeof(pos)));
    auto sent = do_sendfile(*out, *in, &pos, count);
    TRY(copy_to_user(user_offset, &pos, sizeof(pos)));
    return i64(TRY(std::move(sent)));
}
SYSCALL_DEFINE(sendfile)
