#pragma once
// A process's descriptor table (Linux's files_struct): descriptor number -> open file
// description, plus FD_CLOEXEC per descriptor. Reference-counted so that CLONE_FILES can share
// it; fork() takes a copy with clone().
//
// NOTE: m_lock guards m_files, m_cloexec and m_capacity. An OpenFile is never released while the
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
    // dup2/dup3: installs at exactly `fd` (closing what was there); EBADF if fd >= limit.
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

    FileTable() = default;

private:
    Result<void> grow_locked(usize capacity);

    // The kernel's cap whatever the rlimit says (Linux's fs.nr_open default).
    static constexpr usize nr_open = 1024 * 1024;

    mutable Spinlock m_lock;
    RefPtr<OpenFile>* m_files { nullptr };
    u8* m_cloexec { nullptr };
    usize m_capacity { 0 };
};
