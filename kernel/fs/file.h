#pragma once
// An open file description (Linux's struct file): what open() creates and dup()/fork() share.
// It holds the inode, the file position and the status flags (O_APPEND, O_NONBLOCK, ...); the
// descriptor number and FD_CLOEXEC belong to the file table instead.
//
// Locking: m_position_lock (a Mutex, Linux's f_pos_lock) is held across read/write/lseek/getdents
// so that two threads sharing the description never use the same position; m_flags_lock guards
// m_flags.

#include <fs/file_name.h>
#include <fs/inode.h>
#include <lib/refptr.h>
#include <lib/spinlock.h>
#include <sched/mutex.h>

class OpenFile : public RefCounted<OpenFile> {
public:
    // `flags` as open() received them; O_CREAT/O_EXCL/O_NOCTTY/O_TRUNC are dropped, as Linux
    // stores them (F_GETFL shows the result). open() adds O_LARGEFILE itself; pipes and pidfds
    // have none, as in Linux.
    static Result<NonnullRefPtr<OpenFile>> create(NonnullRefPtr<Inode> inode, u32 flags);

    Inode& inode() const { return *m_inode; }
    NonnullRefPtr<Inode> inode_ref() const { return m_inode; }
    u32 flags() const;
    // F_SETFL: only the bits in SETFL_MASK change.
    void set_status_flags(u32 flags);
    bool is_readable() const { return m_readable; }
    bool is_writable() const { return m_writable; }
    bool is_path() const { return m_path; } // O_PATH: a handle for *at() and fstat only

    // read()/write() at the file position, advancing it; pread()/pwrite() at `offset`.
    Result<usize> read(UserOrKernelBuffer buffer, usize size);
    Result<usize> write(UserOrKernelBuffer buffer, usize size);
    Result<usize> pread(UserOrKernelBuffer buffer, usize size, i64 offset);
    Result<usize> pwrite(UserOrKernelBuffer buffer, usize size, i64 offset);
    Result<i64> lseek(i64 offset, int whence);
    // getdents64: linux_dirent64 records into `buffer`; 0 at the end; EINVAL if not even one fits.
    Result<usize> getdents64(UserOrKernelBuffer buffer, usize size);
    u64 position();

    // The name it was opened under (for /proc/PID/fd and maps); null for pipes, pidfds, and files
    // opened by the kernel without a path. Set once, before the file is installed anywhere.
    RefPtr<FileName> name() const { return m_name; }
    void set_name(RefPtr<FileName> name) { m_name = std::move(name); }

    OpenFile(NonnullRefPtr<Inode> inode, u32 flags);
    ~OpenFile();

private:
    bool counts_as_writer() const; // the inode's type never changes, so this stays true or false

    NonnullRefPtr<Inode> m_inode;
    Mutex m_position_lock;
    u64 m_position { 0 }; // guarded by m_position_lock
    mutable Spinlock m_flags_lock;
    u32 m_flags; // guarded by m_flags_lock
    bool m_readable;
    bool m_writable;
    bool m_path;
    RefPtr<FileName> m_name;
};
