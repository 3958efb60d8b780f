#include <abi/linux/fcntl.h>
#include <abi/linux/poll.h>
#include <abi/linux/sched.h>
#include <abi/linux/stat.h>
#include <fs/super.h>
#include <lib/format.h>
#include <new>
#include <proc/pidfd.h>
#include <proc/task.h>
#include <sched/sched.h>

using namespace linux_abi;

namespace {

// Every pidfd's inode lives here: a pidfd is recognised by its superblock (Linux compares the
// file's f_op with pidfd_fops). There is nothing to look up, so it has no root.
SuperBlock* pidfs;

class PidfdInode final : public Inode {
public:
    PidfdInode(SuperBlock& sb, NonnullRefPtr<Process> process)
        : Inode(sb, S_IFREG | 0700u, {})
        , m_process(static_cast<NonnullRefPtr<Process>&&>(process))
    {
    }

    Process& process() const { return *m_process; }
    NonnullRefPtr<Process> process_ref() const { return m_process; }

    SeekKind seek_kind() const override { return SeekKind::NotSeekable; }
    // An anonymous inode's name, as Linux's anon_inode_getfile("[pidfd]") shows it.
    usize anonymous_name(char* buffer, usize size) const override
    {
        return lib::min(format_to(buffer, size, "anon_inode:[pidfd]"), size);
    }
    // Linux's pidfd_poll(): readable once the process is a zombie (for a thread group: once all
    // of it has exited, so a leader that exits before its other threads is not enough), readable
    // and hung up once it has been reaped; never writable.
    u16 poll(const OpenFile&) const override
    {
        SpinlockGuard guard(tasklist_lock);
        u16 mask = 0;
        if (m_process->exited)
            mask |= linux_abi::POLLIN | linux_abi::POLLRDNORM;
        if (m_process->reaped)
            mask |= linux_abi::POLLHUP;
        return mask;
    }

private:
    NonnullRefPtr<Process> m_process;
};

Result<SuperBlock*> pidfs_superblock()
{
    // NOTE: made on first use, as pipefs is; one CPU today (SMP will want a lock or boot-time init).
    if (!pidfs) {
        pidfs = new (std::nothrow) SuperBlock("pidfs", linux_abi::PIDFS_MAGIC);
        if (!pidfs)
            return Errno::ENOMEM;
    }
    return pidfs;
}

} // namespace

Result<NonnullRefPtr<OpenFile>> pidfd_create_file(NonnullRefPtr<Process> process, u32 flags)
{
    SuperBlock* sb = TRY(pidfs_superblock());
    auto inode = TRY(try_make_ref_counted<PidfdInode>(*sb, static_cast<NonnullRefPtr<Process>&&>(process)));
    return OpenFile::create(inode, O_RDWR | (flags & PIDFD_NONBLOCK));
}

Result<PidfdTarget> pidfd_get_process(FileTable& files, int fd)
{
    auto file = TRY(files.get(fd));
    if (&file->inode().sb() != pidfs)
        return Errno::EBADF;
    auto& inode = static_cast<PidfdInode&>(file->inode());
    return PidfdTarget { inode.process_ref(), file->flags() };
}

Result<int> do_pidfd_open(i32 pid, u32 flags)
{
    if (flags & ~(PIDFD_NONBLOCK | PIDFD_THREAD))
        return Errno::EINVAL;
    if (pid <= 0)
        return Errno::EINVAL;
    RefPtr<Process> process = find_process(pid);
    if (!process) {
        // A thread that is not its group's leader: Linux's pidfd_prepare() wants a thread-group
        // leader (EINVAL), unless PIDFD_THREAD (Linux 6.9) asks for a pidfd of that one thread.
        // FIXME: thread pidfds (PIDFD_THREAD for a non-leader, CLONE_PIDFD | CLONE_THREAD), which
        // poll for the thread's own exit; refused until then, never handed out as the group's.
        if (find_task(pid))
            return Errno::EINVAL;
        return Errno::ESRCH;
    }
    // PIDFD_THREAD for a leader: the pidfd of that thread, which is the group's while the group
    // has one thread. FIXME: in a group of several threads Linux's polls for the leader thread's
    // own exit; this one for the group's.
    auto file = TRY(pidfd_create_file(*process, flags));
    constexpr usize RLIMIT_NOFILE = 7;
    // A pidfd is always close-on-exec (Linux opens it O_CLOEXEC).
    return current()->files->allocate(file, true, current_process().rlimits[RLIMIT_NOFILE].soft);
}

