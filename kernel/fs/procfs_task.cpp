#include <fs/procfs_task.h>
#include <fs/vfs.h>
#include <proc/process.h>
#include <proc/task.h>

ProcessParts process_parts(Process& process)
{
    ProcessParts parts;
    SpinlockGuard guard(tasklist_lock);
    if (const Credentials* cred = process_cred_locked(process))
        parts.cred = *cred;
    if (process.state == ProcessState::Zombie)
        return parts;
    for (Task& t : process.threads) {
        if (t.tid() != process.pid())
            continue;
        // NOTE: mm, files and fs are replaced only by the task itself (exec, exit); holding
        // tasklist_lock keeps it from running on this (the only) CPU while we take references.
        parts.mm = t.mm;
        parts.files = t.files;
        parts.fs = t.fs;
    }
    return parts;
}

Result<void> proc_may_access(Process& process, const Credentials& target)
{
    if (&process == &current_process())
        return {};
    if (ptrace_creds_allow(current_cred(), target, PtraceCreds::FsCreds))
        return {};
    return Errno::EACCES;
}

NonnullRefPtr<Inode> current_process_root() { return VfsContext::current().fs->root(); }
