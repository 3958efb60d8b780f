#pragma once
// Helpers for the VFS in-kernel tests: a root context with its own descriptor table, and small
// wrappers that read and write files through kernel buffers.

#include <abi/linux/fcntl.h>
#include <fs/vfs.h>
#include <lib/string.h>

namespace ktest {

inline VfsContext vfs_test_context(u32 uid = 0)
{
    Credentials cred;
    cred.uid = cred.euid = cred.suid = cred.fsuid = uid;
    cred.gid = cred.egid = cred.sgid = cred.fsgid = uid;
    return VfsContext { MUST(FsContext::create()), MUST(FileTable::create()), cred };
}

inline Result<usize> write_file(const VfsContext& ctx, const char* path, const char* text, u32 flags = 0)
{
    auto file = TRY(vfs_open(ctx, linux_abi::AT_FDCWD, path, linux_abi::O_WRONLY | linux_abi::O_CREAT | flags, 0644));
    return file->write(UserOrKernelBuffer::for_kernel(const_cast<char*>(text)), strlen(text));
}

// Reads up to size - 1 bytes and NUL-terminates.
inline Result<usize> read_file(const VfsContext& ctx, const char* path, char* buffer, usize size)
{
    auto file = TRY(vfs_open(ctx, linux_abi::AT_FDCWD, path, linux_abi::O_RDONLY, 0));
    usize n = TRY(file->read(UserOrKernelBuffer::for_kernel(buffer), size - 1));
    buffer[n] = '\0';
    return n;
}

template<typename T>
Errno error_of(const Result<T>& result)
{
    return result.is_error() ? result.error() : Errno(0);
}

} // namespace ktest

#define KEXPECT_ERRNO(expr, errno_value) KEXPECT_EQ(int(ktest::error_of(expr)), int(Errno::errno_value))
#define KEXPECT_OK(expr) KEXPECT_EQ(int(ktest::error_of(expr)), 0)
