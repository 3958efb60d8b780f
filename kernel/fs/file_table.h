#pragma once
// A process's descriptor table (Linux's files_struct): descriptor number -> open file
// description, plus FD_CLOEXEC per descriptor. Reference-counted so that CLONE_FILES can share
// it; fork() takes a copy with clone().
//
// A descriptor can also be reserved (Linux's get_unused_fd_flags()): its number is taken, so
// nothing else is given it, but it names no file yet and every lookup says EBADF, until
// install_reserved() puts the file there (fd_install()) or unreserve() frees the number
// (put_unused_fd()). clone(CLONE_PIDFD) reserves before its commit point and installs after it.
//
// NOTE: m_lock guards m_files, m_fd_flags and m_capacity. An OpenFile is never released while the
// lock is held (its last reference may free an inode and its pages): removed entries are moved
// out first and dropped after the guard.

#include <fs/file.h>
#include <lib/refptr.h>
#include <lib/spinlock.h>

class FileTable : public RefCounted<FileTable> {
public:
    static Result<NonnullRefPtr<FileTable>> create();
    // fork() without CLONE_FILES: the same descriptions under the same numbers and flags.
    Result<NonnullRefPtr<FileTable>> clone() const;
    ~FileTable();

    // The lowest free descriptor >= `min_fd`, below `limit` (RLIMIT_NOFILE): EMFILE if none.
    Result<int> allocate(NonnullRefPtr<OpenFile> file, bool cloexec, u64 limit, int min_fd = 0);
    // Reserve the lowest free descriptor (EMFILE if none below `limit`).
    Result<int> reserve(bool cloexec, u64 limit);
    void install_reserved(int fd, NonnullRefPtr<OpenFile> file);
    void unreserve(int fd);
    // dup2/dup3: installs at exactly `fd` (closing what was there); EBADF if fd >= limit, EBUSY
    // if `fd` is reserved (Linux's do_dup2()).
    Result<int> install_at(int fd, NonnullRefPtr<OpenFile> file, bool cloexec, u64 limit);
    // The description behind `fd`; EBADF if none.
    Result<NonnullRefPtr<OpenFile>> get(int fd) const;
    Result<void> close(int fd);
    Result<bool> cloexec(int fd) const;
    Result<void> set_cloexec(int fd, bool cloexec);
    // exec(): close every FD_CLOEXEC descriptor.
    void close_on_exec();
    void close_all();
    usize open_count() const;
    // The lowest open descriptor >= `from` (for /proc/PID/fd), or -1 if there is none.
    int next_open(int from) const;
    // How many descriptors the table has room for now (Linux's fdt->max_fds, select()'s bound).
    usize capacity() const;

    FileTable() = default;

private:
    Result<void> grow_locked(usize capacity);

    // The kernel's cap whatever the rlimit says (Linux's fs.nr_open default).
    static constexpr usize nr_open = 1024 * 1024;

    static constexpr u8 FD_FLAG_CLOEXEC = 1;
    static constexpr u8 FD_FLAG_RESERVED = 2;
    bool is_free_locked(usize fd) const { return !m_files[fd] && !(m_fd_flags[fd] & FD_FLAG_RESERVED); }
    Result<int> lowest_free_locked(u64 limit, int min_fd);

    mutable Spinlock m_lock;
    RefPtr<OpenFile>* m_files { nullptr };
    u8* m_fd_flags { nullptr }; // FD_FLAG_* per descriptor
    usize m_capacity { 0 };
};

// A reserved descriptor number that goes back to the table unless a file is installed in it:
// the RAII form of get_unused_fd_flags() / put_unused_fd() / fd_install().
class ReservedFd {
public:
    static Result<ReservedFd> reserve(NonnullRefPtr<FileTable> table, bool cloexec, u64 limit)
    {
        int fd = TRY(table->reserve(cloexec, limit));
        return ReservedFd(static_cast<NonnullRefPtr<FileTable>&&>(table), fd);
    }
    ReservedFd(ReservedFd&& other)
        : m_table(static_cast<RefPtr<FileTable>&&>(other.m_table))
        , m_fd(other.m_fd)
    {
    }
    ReservedFd() = default; // none
    ReservedFd(const ReservedFd&) = delete;
    ReservedFd& operator=(const ReservedFd&) = delete;
    ReservedFd& operator=(ReservedFd&& other)
    {
        release();
        m_table = static_cast<RefPtr<FileTable>&&>(other.m_table);
        m_fd = other.m_fd;
        return *this;
    }
    ~ReservedFd() { release(); }

    int fd() const { return m_fd; }
    void install(NonnullRefPtr<OpenFile> file)
    {
        m_table->install_reserved(m_fd, static_cast<NonnullRefPtr<OpenFile>&&>(file));
        m_table = nullptr;
    }

private:
    void release()
    {
        if (m_table)
            m_table->unreserve(m_fd);
        m_table = nullptr;
    }
    ReservedFd(NonnullRefPtr<FileTable>&& table, int fd)
        : m_table(static_cast<NonnullRefPtr<FileTable>&&>(table))
        , m_fd(fd)
    {
    }
    RefPtr<FileTable> m_table;
    int m_fd { -1 };
};
