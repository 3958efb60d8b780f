#pragma once
// What the per-process files of /proc need from a process: references to its thread-group
// leader's parts (address space, descriptors, fs context) taken at one moment, and Linux's
// ptrace_may_access() rule for the files that reveal more than ps shows (maps, smaps, fd/, cwd,
// root, exe).

#include <fs/file_table.h>
#include <fs/fs_context.h>
#include <lib/refptr.h>
#include <lib/result.h>
#include <mm/address_space.h>
#include <proc/cred.h>

class Process;

struct ProcessParts {
    RefPtr<AddressSpace> mm; // null for a zombie (or a process whose leader is gone)
    RefPtr<FileTable> files;
    RefPtr<FsContext> fs;
    Credentials cred;
};
ProcessParts process_parts(Process& process);

// Linux's __ptrace_may_access() with PTRACE_MODE_READ_FSCREDS: the caller's own process; or the
// caller's fsuid equal to the target's real, effective and saved uids and its fsgid to their
// gids; or the caller is privileged (CAP_SYS_PTRACE). EACCES otherwise, as the /proc files say.
// FIXME: Linux also refuses non-dumpable targets (after a set-uid exec) to the unprivileged.
Result<void> proc_may_access(Process& process, const Credentials& target);

// The caller's root directory: where the paths /proc shows start.
NonnullRefPtr<Inode> current_process_root();
