#include <fs/file_table.h>
#include <lib/string.h>
#include <mm/slab.h>

Result<NonnullRefPtr<FileTable>> FileTable::create() { return try_make_ref_counted<FileTable>(); }

FileTable::~FileTable()
{
    close_all();
    kfree(m_files);
    kfree(m_fd_flags);
}

Result<NonnullRefPtr<FileTable>> FileTable::clone() const
{
    auto copy = TRY(create());
    SpinlockGuard guard(m_lock);
    if (m_capacity) {
        // kmalloc under a spinlock is fine (it never sleeps); the copy is private until returned.
        TRY(copy->grow_locked(m_capacity));
        for (usize fd = 0; fd < m_capacity; ++fd) {
            copy->m_files[fd] = m_files[fd];
            // A reservation belongs to the call that made it, in this table only.
            copy->m_fd_flags[fd] = m_files[fd] ? m_fd_flags[fd] : 0;
        }
    }
    return copy;
}

Result<void> FileTable::grow_locked(usize capacity)
{
    if (capacity <= m_capacity)
        return {};
    auto* files = static_cast<RefPtr<OpenFile>*>(kzalloc(capacity * sizeof(RefPtr<OpenFile>)));
    auto* fd_flags = static_cast<u8*>(kzalloc(capacity));
    if (!files || !fd_flags) {
        kfree(files);
        kfree(fd_flags);
        return Errno::ENOMEM;
    }
    // A null RefPtr is all zero bytes; moving the pointers over needs no reference changes.
    if (m_capacity) {
        memcpy(static_cast<void*>(files), m_files, m_capacity * sizeof(RefPtr<OpenFile>));
        memcpy(fd_flags, m_fd_flags, m_capacity);
    }
    kfree(m_files);
    kfree(m_fd_flags);
    m_files = files;
    m_fd_flags = fd_flags;
    m_capacity = capacity;
    return {};
}

Result<int> FileTable::lowest_free_locked(u64 limit, int min_fd)
{
    usize max = usize(lib::min(limit, u64(nr_open)));
    usize fd = usize(min_fd);
    while (fd < m_capacity && !is_free_locked(fd))
        ++fd;
    if (fd >= max)
        return Errno::EMFILE;
    if (fd >= m_capacity)
        TRY(grow_locked(lib::min(lib::max(fd + 1, lib::max(m_capacity * 2, usize(64))), max)));
    return int(fd);
}

Result<int> FileTable::allocate(NonnullRefPtr<OpenFile> file, bool cloexec, u64 limit, int min_fd)
{
    SpinlockGuard guard(m_lock);
    int fd = TRY(lowest_free_locked(limit, min_fd));
    m_files[fd] = std::move(file);
    m_fd_flags[fd] = cloexec ? FD_FLAG_CLOEXEC : 0;
    return fd;
}

Result<int> FileTable::reserve(bool cloexec, u64 limit)
{
    SpinlockGuard guard(m_lock);
    int fd = TRY(lowest_free_locked(limit, 0));
    m_fd_flags[fd] = FD_FLAG_RESERVED | (cloexec ? FD_FLAG_CLOEXEC : 0);
    return fd;
}

void FileTable::install_reserved(int fd, NonnullRefPtr<OpenFile> file)
{
    SpinlockGuard guard(m_lock);
    VERIFY(usize(fd) < m_capacity && (m_fd_flags[fd] & FD_FLAG_RESERVED) && !m_files[fd]);
    m_files[fd] = std::move(file);
    m_fd_flags[fd] &= ~FD_FLAG_RESERVED;
}

void FileTable::unreserve(int fd)
{
    SpinlockGuard guard(m_lock);
    VERIFY(usize(fd) < m_capacity && (m_fd_flags[fd] & FD_FLAG_RESERVED) && !m_files[fd]);
    m_fd_flags[fd] = 0;
}

Result<int> FileTable::install_at(int fd, NonnullRefPtr<OpenFile> file, bool cloexec, u64 limit)
{
    if (fd < 0 || u64(fd) >= lib::min(limit, u64(nr_open)))
        return Errno::EBADF;
    RefPtr<OpenFile> old;
    {
        SpinlockGuard guard(m_lock);
        if (usize(fd) >= m_capacity)
            TRY(grow_locked(lib::max(usize(fd) + 1, lib::max(m_capacity * 2, usize(64)))));
        if (m_fd_flags[fd] & FD_FLAG_RESERVED)
            return Errno::EBUSY; // being opened by another thread (Linux's do_dup2())
        old = std::move(m_files[fd]);
        m_files[fd] = std::move(file);
        m_fd_flags[fd] = cloexec ? FD_FLAG_CLOEXEC : 0;
    }
    return fd; // `old` is closed here, outside the lock
}

Result<NonnullRefPtr<OpenFile>> FileTable::get(int fd) const
{
    SpinlockGuard guard(m_lock);
    if (fd < 0 || usize(fd) >= m_capacity || !m_files[fd])
        return Errno::EBADF;
    return NonnullRefPtr<OpenFile>(*m_files[fd]);
}

Result<void> FileTable::close(int fd)
{
    RefPtr<OpenFile> old;
    {
        SpinlockGuard guard(m_lock);
        if (fd < 0 || usize(fd) >= m_capacity || !m_files[fd])
            return Errno::EBADF;
        old = std::move(m_files[fd]);
        m_fd_flags[fd] = 0;
    }
    return {};
}

Result<bool> FileTable::cloexec(int fd) const
{
    SpinlockGuard guard(m_lock);
    if (fd < 0 || usize(fd) >= m_capacity || !m_files[fd])
        return Errno::EBADF;
    return (m_fd_flags[fd] & FD_FLAG_CLOEXEC) != 0;
}

Result<void> FileTable::set_cloexec(int fd, bool cloexec)
{
    SpinlockGuard guard(m_lock);
    if (fd < 0 || usize(fd) >= m_capacity || !m_files[fd])
        return Errno::EBADF;
    m_fd_flags[fd] = cloexec ? FD_FLAG_CLOEXEC : 0;
    return {};
}

void FileTable::close_on_exec()
{
    for (usize fd = 0;; ++fd) {
        RefPtr<OpenFile> old;
        {
            SpinlockGuard guard(m_lock);
            if (fd >= m_capacity)
                return;
            if (!m_files[fd] || !(m_fd_flags[fd] & FD_FLAG_CLOEXEC))
                continue;
            old = std::move(m_files[fd]);
            m_fd_flags[fd] = 0;
        }
    }
}

void FileTable::close_all()
{
    for (usize fd = 0;; ++fd) {
        RefPtr<OpenFile> old;
        {
            SpinlockGuard guard(m_lock);
            if (fd >= m_capacity)
                return;
            old = std::move(m_files[fd]);
            m_fd_flags[fd] = 0;
        }
    }
}

usize FileTable::open_count() const
{
    SpinlockGuard guard(m_lock);
    usize count = 0;
    for (usize fd = 0; fd < m_capacity; ++fd)
        count += m_files[fd] ? 1 : 0;
    return count;
}

int FileTable::next_open(int from) const
{
    SpinlockGuard guard(m_lock);
    for (usize fd = from < 0 ? 0 : usize(from); fd < m_capacity; ++fd) {
        if (m_files[fd])
            return int(fd);
    }
    return -1;
}

usize FileTable::capacity() const
{
    SpinlockGuard guard(m_lock);
    return m_capacity;
}
