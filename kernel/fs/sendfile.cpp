// sendfile through a kernel bounce buffer: read a chunk from the input at its offset, write it to
// the output, until count, the end of the input, or a short write.

#include <abi/linux/fcntl.h>
#include <fs/sendfile.h>
#include <mm/page.h>
#include <mm/slab.h>

using namespace linux_abi;

Result<usize> do_sendfile(OpenFile& out, OpenFile& in, i64* ppos, usize count)
{
    if (!in.is_readable())
        return Errno::EBADF;
    if (ppos && in.inode().seek_kind() == SeekKind::NotSeekable)
        return Errno::ESPIPE;
    i64 pos = ppos ? *ppos : i64(in.position());
    // rw_verify_area(): a negative position, or one whose end overflows.
    if (pos < 0 || i64(count) < 0 || i64(u64(pos) + count) < pos)
        return Errno::EINVAL;
    count = lib::min(count, MAX_RW_COUNT);
    if (!out.is_writable())
        return Errno::EBADF;
    // FIXME: Linux's splice_read also exists for /dev/zero, procfs files and ttys; Sprout reads
    // only regular files this way.
    if (!in.inode().is_regular())
        return Errno::EINVAL;
    if (out.flags() & O_APPEND)
        return Errno::EINVAL;

    auto bounce = TRY(KmallocBuffer<u8>::create(PAGE_SIZE));
    usize done = 0;
    Result<void> failure {};
    while (done < count) {
        usize chunk = lib::min(count - done, PAGE_SIZE);
        auto got = in.inode().read(u64(pos), UserOrKernelBuffer::for_kernel(bounce.data()), chunk);
        if (got.is_error()) {
            failure = got.error();
            break;
        }
        if (got.value() == 0)
            break;
        auto put = out.write(UserOrKernelBuffer::for_kernel(bounce.data()), got.value());
        if (put.is_error()) {
            failure = put.error();
            break;
        }
        done += put.value();
        pos += i64(put.value());
        if (put.value() < got.value())
            break;
    }
    if (ppos)
        *ppos = pos;
    else if (done)
        TRY(in.lseek(pos, SEEK_SET));
    if (done == 0 && failure.is_error())
        return failure.error();
    if (done)
        in.inode().touch_atime();
    return done;
}
