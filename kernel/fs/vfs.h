#pragma once
// The VFS operations behind the file system calls, with Linux's semantics and errnos. Paths are
// kernel strings (the syscall layer copies them in); `dirfd` is a descriptor of ctx.files or
// AT_FDCWD, and is ignored for absolute paths, as on Linux.
//
// Exec, for instance, resolves its program with
//     auto ctx = VfsContext::current();
//     auto inode = TRY(vfs_lookup(ctx, AT_FDCWD, path, LOOKUP_FOLLOW));
// and reads it with inode->read(offset, UserOrKernelBuffer::for_kernel(buf), size).

#include <fs/file.h>
#include <fs/file_table.h>
#include <fs/fs_context.h>
#include <fs/namei.h>

// Who performs an operation: their view of the tree, their descriptors (for dirfd), their
// credentials.
struct VfsContext {
    NonnullRefPtr<FsContext> fs;
    RefPtr<FileTable> files; // null: only AT_FDCWD and absolute paths work
    Credentials cred;

    // The calling process's (current_process()).
    static VfsContext current();
};

// With `found`, also where the result was found (the name an open file keeps for /proc).
Result<NonnullRefPtr<Inode>> vfs_lookup(
    const VfsContext& ctx, int dirfd, const char* path, unsigned lookup_flags, FoundName* found = nullptr);
// open()/openat(): `flags` as given (O_*), `mode` for O_CREAT before the umask.
Result<NonnullRefPtr<OpenFile>> vfs_open(const VfsContext& ctx, int dirfd, const char* path, u32 flags, u32 mode);
Result<void> vfs_mkdir(const VfsContext& ctx, int dirfd, const char* path, u32 mode);
// mknod()/mknodat(): regular files (type 0 or S_IFREG); EPERM for a directory and, for now, for
// FIFOs, sockets and devices (devices: EPERM for non-root in any case); EINVAL for a bad type.
Result<void> vfs_mknod(const VfsContext& ctx, int dirfd, const char* path, u32 mode, u32 dev);
Result<void> vfs_unlink(const VfsContext& ctx, int dirfd, const char* path);
Result<void> vfs_rmdir(const VfsContext& ctx, int dirfd, const char* path);
Result<void> vfs_rename(
    const VfsContext& ctx, int old_dirfd, const char* old_path, int new_dirfd, const char* new_path, u32 flags);
Result<void> vfs_symlink(const VfsContext& ctx, const char* target, int dirfd, const char* path);
// linkat(): `flags` AT_SYMLINK_FOLLOW / AT_EMPTY_PATH.
Result<void> vfs_link(
    const VfsContext& ctx, int old_dirfd, const char* old_path, int new_dirfd, const char* new_path, u32 flags);
// readlinkat(): the target, truncated to `size` bytes, not NUL-terminated.
Result<usize> vfs_readlink(const VfsContext& ctx, int dirfd, const char* path, char* buffer, usize size);
// truncate()/ftruncate() on an inode the caller may write.
Result<void> vfs_truncate(Inode& inode, i64 length);
// faccessat2(): `mode` F_OK or R_OK|W_OK|X_OK; `flags` AT_EACCESS/AT_SYMLINK_NOFOLLOW/AT_EMPTY_PATH.
Result<void> vfs_access(const VfsContext& ctx, int dirfd, const char* path, int mode, u32 flags);
Result<void> vfs_chdir(const VfsContext& ctx, int dirfd, const char* path);
// getcwd(): the path of the cwd with its NUL into `buffer`; returns the length with the NUL.
// ERANGE if it does not fit, ENOENT if the cwd was removed.
Result<usize> vfs_getcwd(const VfsContext& ctx, char* buffer, usize size);
// What /proc/PID/fd/N says of an open file (Linux's d_path()): its path as seen from `root`, or
// its anonymous name ("pipe:[N]"); not NUL-terminated. ENAMETOOLONG if over `size`.
Result<usize> vfs_file_path(const OpenFile& file, Inode& root, char* buffer, usize size);

// PID 1's descriptors 0, 1 and 2, all on one open description of /dev/console (O_RDWR), as
// Linux's console_on_rootfs() does.
Result<void> open_stdio_on_console(FileTable& files);
