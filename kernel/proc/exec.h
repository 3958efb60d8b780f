#pragma once
// execve(): replace the calling process's program (Linux's fs/exec.c and binfmt_elf.c, reduced to
// static executables and #! scripts).
//
// The new image is built completely in a new address space before anything of the old one is
// touched; only then comes the point of no return (begin_new_exec()). Every failure before it
// leaves the caller exactly as it was, and returns Linux's errno.

#include <fs/inode.h>
#include <lib/result.h>

// Where the argument and environment vectors come from: the caller's user memory (execve), or
// the kernel (starting PID 1).
struct ExecVector {
    const char* const* pointers; // null-terminated array; a null array means empty
    bool in_user_memory;
};

// The whole execve: resolve `path`, follow #! scripts, load the ELF, switch. On success the
// current task's saved user registers start the new program.
Result<void> do_execve(const char* path, ExecVector argv, ExecVector envp);

// Resolves a path for exec (defined with the VFS): the file, with Linux's errors (ENOENT, EACCES
// for no execute permission or a directory, ...).
// With `name`, also the name it was found under (for /proc/PID/maps).
Result<NonnullRefPtr<Inode>> open_exec(const char* path, RefPtr<FileName>* name = nullptr);
