#include <fs/file_table.h>
#include <lib/string.h>
#include <mm/slab.h>

Result<NonnullRefPtr<FileTable>> FileTable::create() { return try_make_ref_counted<FileTable>(); }

FileTable::~FileTable()
{
    close_all();
    kfree(m_files);
    kfree(m_cloexec);
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
            copy->m_cloexec[fd] = m_cloexec[fd];
        }
    }
    return copy;
}

Result<void> FileTable::grow_locked(usize capacity)
{
    if (capacity <= m_capacity)
        return {};
    auto* files = static_cast<RefPtr<OpenFile>*>(kzalloc(capacity * sizeof(RefPtr<OpenFile>)));
    auto* cloexec = static_cast<u8*>(kzalloc(capacity));
    if (!files || !cloexec) {
        kfree(files);
        kfree(cloexec);
        return Errno::ENOMEM;
    }
    // A null RefPtr is all zero bytes; moving the pointers over needs no reference changes.
    if (m_capacity) {
        memcpy(static_cast<void*>(files), m_files, m_capacity * sizeof(RefPtr<OpenFile>));
        memcpy(cloexec, m_cloexec, m_capacity);
    }
    kfree(m_files);
    kfree(m_cloexec);
    m_files = files;
    m_cloexec = cloexec;
    m_capacity = capacity;
    return {};
}

Result<int> FileTable::allocate(NonnullRefPtr<OpenFile> file, bool cloexec, u64 limit, int min_fd)
{
    usize max = usize(lib::min(limit, u64(nr_open)));
    SpinlockGuard guard(m_lock);
    usize fd = usize(min_fd);
    while (fd < m_capacity && m_files[fd])
        ++fd;
    if (fd >= max)
        return Errno::EMFILE;
    if (fd >= m_capacity)
        TRY(grow_locked(lib::min(lib::max(fd + 1, lib::max(m_capacity * 2, usize(64))), max)));
    m_files[fd] = std::move(file);
    m_cloexec[fd] = cloexec;
    return int(fd);
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
        old = std::move(m_files[fd]);
        m_files[fd] = std::move(file);
        m_cloexec[fd] = cloexec;
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
        m_cloexec[fd] = 0;
    }
    return {};
}

Result<bool> FileTable::cloexec(int fd) const
{
    SpinlockGuard guard(m_lock);
    if (fd < 0 || usize(fd) >= m_capacity || !m_files[fd])
        return Errno::EBADF;
    return m_cloexec[fd] != 0;
}

Result<void> FileTable::set_cloexec(int fd, bool cloexec)
{
    SpinlockGuard guard(m_lock);
    if (fd < 0 || usize(fd) >= m_capacity || !m_files[fd])
        return Errno::EBADF;
    m_cloexec[fd] = cloexec;
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
            if (!m_cloexec[fd])
                continue;
            old = std::move(m_files[fd]);
            m_cloexec[fd] = 0;
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
            m_cloexec[fd] = 0;
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
