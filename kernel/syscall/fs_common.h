#pragma once
// What the file system calls share: copying a path in, finding the caller's descriptors, the
// RLIMIT_NOFILE in force.

#include <abi/linux/fcntl.h>
#include <fs/vfs.h>
#include <mm/slab.h>
#include <mm/uaccess.h>
#include <proc/process.h>
#include <proc/rlimit.h>
#include <sched/sched.h>

namespace fs_syscall {

// A path copied from user space into a kmalloc'd PATH_MAX buffer (getname() in Linux):
// ENAMETOOLONG at 4096 bytes or more, EFAULT on a bad pointer. Empty paths are kept; the VFS
// turns them into ENOENT unless AT_EMPTY_PATH allows them.
class KernelPath {
public:
    static Result<KernelPath> from_user(const char* user_path)
    {
        char* buffer = static_cast<char*>(kmalloc(linux_abi::PATH_MAX));
        if (!buffer)
            return Errno::ENOMEM;
        KernelPath path(buffer);
        TRY(strncpy_from_user(buffer, user_path, linux_abi::PATH_MAX));
        return path;
    }
    KernelPath(KernelPath&& other)
        : m_buffer(other.m_buffer)
    {
        other.m_buffer = nullptr;
    }
    KernelPath(const KernelPath&) = delete;
    KernelPath& operator=(const KernelPath&) = delete;
    KernelPath& operator=(KernelPath&&) = delete;
    ~KernelPath() { kfree(m_buffer); }
    const char* c_str() const { return m_buffer; }

private:
    explicit KernelPath(char* buffer)
        : m_buffer(buffer)
    {
    }
    char* m_buffer;
};

inline FileTable& current_files()
{
    Task& task = *current();
    VERIFY(task.files);
    return *task.files;
}

inline u64 nofile_limit() { return current_process().rlimits[RLIMIT_NOFILE].soft; }

// fdget(): descriptors usable for I/O (not O_PATH ones: EBADF, as Linux).
inline Result<NonnullRefPtr<OpenFile>> fget(int fd)
{
    auto file = TRY(current_files().get(fd));
    if (file->is_path())
        return Errno::EBADF;
    return file;
}

// fdget_raw(): any descriptor, O_PATH included (fstat, fchdir, fcntl's basic commands).
inline Result<NonnullRefPtr<OpenFile>> fget_raw(int fd) { return current_files().get(fd); }

} // namespace fs_syscall
