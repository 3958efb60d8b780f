#include <abi/linux/dirent.h>
#include <abi/linux/fcntl.h>
#include <abi/linux/stat.h>
#include <fs/file.h>
#include <fs/super.h>
#include <lib/string.h>

using namespace linux_abi;

Result<NonnullRefPtr<OpenFile>> OpenFile::create(NonnullRefPtr<Inode> inode, u32 flags)
{
    return try_make_ref_counted<OpenFile>(std::move(inode), flags);
}

OpenFile::OpenFile(NonnullRefPtr<Inode> inode, u32 flags)
    : m_inode(std::move(inode))
    , m_flags(flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC))
    , m_readable(!(flags & O_PATH) && ((flags & O_ACCMODE) == O_RDONLY || (flags & O_ACCMODE) == O_RDWR))
    , m_writable(!(flags & O_PATH) && ((flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR))
    , m_path(flags & O_PATH)
{
    // What umount and a remount read-only ask about (super.h): every open file pins its file
    // system; one open for writing a stored file (not a device or FIFO) counts as a writer.
    m_inode->sb().pin();
    if (counts_as_writer())
        m_inode->sb().add_writer();
}

OpenFile::~OpenFile()
{
    if (!m_path)
        m_inode->release(*this);
    if (counts_as_writer())
        m_inode->sb().drop_writer();
    m_inode->sb().unpin();
}

bool OpenFile::counts_as_writer() const
{
    u32 type = m_inode->mode() & S_IFMT;
    return m_writable && (type == S_IFREG || type == S_IFDIR || type == S_IFLNK);
}

u32 OpenFile::flags() const
{
    SpinlockGuard guard(m_flags_lock);
    return m_flags;
}

void OpenFile::set_status_flags(u32 flags)
{
    SpinlockGuard guard(m_flags_lock);
    m_flags = (m_flags & ~SETFL_MASK) | (flags & SETFL_MASK);
}

u64 OpenFile::position()
{
    MutexGuard guard(m_position_lock);
    return m_position;
}

Result<usize> OpenFile::read(UserOrKernelBuffer buffer, usize size)
{
    if (!m_readable)
        return Errno::EBADF;
    size = lib::min(size, MAX_RW_COUNT);
    // NOTE: Linux holds f_pos_lock only for files with a position (FMODE_ATOMIC_POS): a tty or
    // pipe read may sleep for as long as nobody types, and must not keep the other processes
    // sharing the description (a shell and its jobs) from reading or writing.
    if (m_inode->seek_kind() == SeekKind::NotSeekable)
        return m_inode->read_file(*this, 0, buffer, size);
    MutexGuard guard(m_position_lock);
    usize done = TRY(m_inode->read_file(*this, m_position, buffer, size));
    m_position += done;
    return done;
}

Result<usize> OpenFile::write(UserOrKernelBuffer buffer, usize size)
{
    if (!m_writable)
        return Errno::EBADF;
    size = lib::min(size, MAX_RW_COUNT);
    if (m_inode->seek_kind() == SeekKind::NotSeekable)
        return m_inode->write_file(*this, 0, buffer, size); // no position: see read()
    MutexGuard guard(m_position_lock);
    if (flags() & O_APPEND) {
        u64 end = 0;
        usize done = TRY(m_inode->append(buffer, size, end));
        if (m_inode->seek_kind() == SeekKind::Generic)
            m_position = end;
        return done;
    }
    usize done = TRY(m_inode->write_file(*this, m_position, buffer, size));
    m_position += done;
    return done;
}

Result<usize> OpenFile::pread(UserOrKernelBuffer buffer, usize size, i64 offset)
{
    if (!m_readable)
        return Errno::EBADF;
    if (offset < 0)
        return Errno::EINVAL;
    if (m_inode->seek_kind() == SeekKind::NotSeekable)
        return Errno::ESPIPE;
    return m_inode->read(u64(offset), buffer, lib::min(size, MAX_RW_COUNT));
}

Result<usize> OpenFile::pwrite(UserOrKernelBuffer buffer, usize size, i64 offset)
{
    if (!m_writable)
        return Errno::EBADF;
    if (offset < 0)
        return Errno::EINVAL;
    if (m_inode->seek_kind() == SeekKind::NotSeekable)
        return Errno::ESPIPE;
    // NOTE: Linux's pwrite on an O_APPEND file appends anyway (a documented bug it keeps).
    size = lib::min(size, MAX_RW_COUNT);
    if (flags() & O_APPEND) {
        u64 end = 0;
        return m_inode->append(buffer, size, end);
    }
    return m_inode->write(u64(offset), buffer, size);
}

Result<i64> OpenFile::lseek(i64 offset, int whence)
{
    switch (m_inode->seek_kind()) {
    case SeekKind::NotSeekable:
        return Errno::ESPIPE;
    case SeekKind::AlwaysZero: {
        MutexGuard guard(m_position_lock);
        m_position = 0;
        return 0;
    }
    case SeekKind::NoOp: {
        MutexGuard guard(m_position_lock);
        return i64(m_position);
    }
    case SeekKind::Generic:
        break;
    }
    MutexGuard guard(m_position_lock);
    i64 base;
    switch (whence) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = i64(m_position);
        break;
    case SEEK_END:
        // Directories (dcache_dir_lseek) only know SET and CUR.
        if (m_inode->is_directory())
            return Errno::EINVAL;
        base = i64(m_inode->size());
        break;
    default:
        // FIXME: SEEK_DATA / SEEK_HOLE (tmpfs supports them on Linux).
        return Errno::EINVAL;
    }
    i64 result;
    if (__builtin_add_overflow(base, offset, &result) || result < 0)
        return Errno::EINVAL;
    m_position = u64(result);
    return result;
}

namespace {

// Fills a getdents64 buffer record by record.
class Dirent64Writer final : public DirEmitter {
public:
    Dirent64Writer(UserOrKernelBuffer buffer, usize size)
        : m_buffer(buffer)
        , m_size(size)
    {
    }

    bool emit(StringView name, u64 ino, u8 dtype, u64 next_position) override
    {
        usize reclen = dirent64_reclen(name.length);
        if (m_used + reclen > m_size)
            return false;
        // A record is small (at most 280 bytes): build it here, copy it out in one go.
        alignas(8) u8 record[dirent64_reclen(NAME_MAX)] {};
        auto* dirent = reinterpret_cast<linux_dirent64*>(record);
        dirent->d_ino = ino;
        dirent->d_off = i64(next_position);
        dirent->d_reclen = u16(reclen);
        dirent->d_type = dtype;
        memcpy(record + offsetof(linux_dirent64, d_name), name.chars, name.length);
        if (m_buffer.write(record, m_used, reclen).is_error()) {
            m_faulted = true;
            return false;
        }
        m_used += reclen;
        return true;
    }

    usize used() const { return m_used; }
    bool faulted() const { return m_faulted; }

private:
    UserOrKernelBuffer m_buffer;
    usize m_size;
    usize m_used { 0 };
    bool m_faulted { false };
};

} // namespace

Result<usize> OpenFile::getdents64(UserOrKernelBuffer buffer, usize size)
{
    if (m_path)
        return Errno::EBADF;
    if (!m_inode->is_directory())
        return Errno::ENOTDIR;
    MutexGuard guard(m_position_lock);
    Dirent64Writer writer(buffer, size);
    u64 position = m_position;
    {
        MutexGuard ns_guard(m_inode->sb().namespace_lock());
        TRY(m_inode->readdir(position, writer));
    }
    if (writer.faulted() && writer.used() == 0)
        return Errno::EFAULT;
    // Not even one record fit, though there was one to give.
    if (writer.used() == 0 && position == m_position && !writer.faulted()) {
        // Either the end (nothing to give) or a buffer too small: ask for one more with a
        // one-record probe to tell them apart.
        struct Probe final : DirEmitter {
            bool any { false };
            bool emit(StringView, u64, u8, u64) override
            {
                any = true;
                return false;
            }
        } probe;
        u64 probe_position = position;
        MutexGuard ns_guard(m_inode->sb().namespace_lock());
        TRY(m_inode->readdir(probe_position, probe));
        if (probe.any)
            return Errno::EINVAL;
    }
    m_position = position;
    m_inode->touch_atime();
    return writer.used();
}
