// /proc/<pid>/fd/, fdinfo/, cwd and root (procfs_fd.h).

#include <abi/linux/dirent.h>
#include <abi/linux/fcntl.h>
#include <abi/linux/stat.h>
#include <fs/procfs_dir.h>
#include <fs/procfs_fd.h>
#include <fs/procfs_task.h>
#include <fs/procfs_text.h>
#include <fs/vfs.h>
#include <lib/format.h>
#include <mm/slab.h>
#include <proc/process.h>

using namespace linux_abi;

namespace {

// The parts of process `pid` after the access check: ENOENT when it is gone (or a zombie, whose
// parts are gone), EACCES for someone else's process.
Result<ProcessParts> parts_of(i32 pid)
{
    RefPtr<Process> process = find_process(pid);
    if (!process)
        return Errno::ENOENT;
    ProcessParts parts = process_parts(*process);
    TRY(proc_may_access(*process, parts.cred));
    return parts;
}

Result<usize> copy_text(const char* text, usize length, char* buffer, usize size)
{
    length = lib::min(length, size);
    memcpy(buffer, text, length);
    return length;
}

Result<NonnullRefPtr<OpenFile>> open_file_of(i32 pid, int fd)
{
    ProcessParts parts = TRY(parts_of(pid));
    if (!parts.files)
        return Errno::ENOENT;
    auto file = parts.files->get(fd);
    if (file.is_error())
        return Errno::ENOENT;
    return file.release_value();
}

// /proc/<pid>/fd/N.
class ProcFdLink final : public Inode {
public:
    ProcFdLink(SuperBlock& sb, i32 pid, int fd, InodeOwner owner, u32 mode)
        : Inode(sb, S_IFLNK | mode, owner)
        , m_pid(pid)
        , m_fd(fd)
    {
    }
    Result<usize> readlink(char* buffer, usize size) override
    {
        auto file = TRY(open_file_of(m_pid, m_fd));
        auto path = TRY(KmallocBuffer<char>::create(PATH_MAX));
        usize length = TRY(vfs_file_path(*file, *current_process_root(), path.data(), PATH_MAX));
        return copy_text(path.data(), length, buffer, size);
    }
    Result<RefPtr<Inode>> follow_magic_link(RefPtr<FileName>& name) override
    {
        auto file = TRY(open_file_of(m_pid, m_fd));
        name = file->name();
        return RefPtr<Inode>(file->inode_ref());
    }

private:
    i32 m_pid;
    int m_fd;
};

// /proc/<pid>/fdinfo/N (Linux's seq_show() in fs/proc/fd.c).
class ProcFdInfo final : public Inode {
public:
    ProcFdInfo(SuperBlock& sb, i32 pid, int fd, InodeOwner owner)
        : Inode(sb, S_IFREG | 0444, owner)
        , m_pid(pid)
        , m_fd(fd)
    {
    }
    Result<usize> read(u64 offset, UserOrKernelBuffer buffer, usize size) override
    {
        ProcessParts parts = TRY(parts_of(m_pid));
        if (!parts.files)
            return Errno::ENOENT;
        auto file = parts.files->get(m_fd);
        if (file.is_error())
            return Errno::ENOENT;
        auto cloexec_flag = parts.files->cloexec(m_fd);
        bool cloexec = !cloexec_flag.is_error() && cloexec_flag.value();
        u32 flags = file.value()->flags() | (cloexec ? O_CLOEXEC : 0);
        Inode& inode = file.value()->inode();
        char text[128];
        // NOTE: mnt_id: Sprout has no mount ids; each mounted file system's anonymous device
        // minor (st_dev) stands in, which tells mounts apart as Linux's ids do.
        usize length = format_to(text, sizeof(text), "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%u\nino:\t%llu\n",
            (long long)file.value()->position(), flags, dev_minor(inode.sb().dev()), (unsigned long long)inode.ino());
        length = lib::min(length, sizeof(text) - 1);
        if (offset >= length)
            return 0;
        usize n = lib::min(size, usize(length - offset));
        TRY(buffer.write(text + offset, 0, n));
        return n;
    }

private:
    i32 m_pid;
    int m_fd;
};

// /proc/<pid>/fd/ and fdinfo/: one entry per open descriptor, named by its number.
class ProcFdDir final : public ProcDir {
public:
    ProcFdDir(SuperBlock& sb, i32 pid, bool info, InodeOwner owner)
        : ProcDir(sb, S_IFDIR | 0500, owner)
        , m_pid(pid)
        , m_info(info)
    {
        set_nlink(2);
    }
    usize own_name(char* buffer, usize size) const override
    {
        const char* name = m_info ? "fdinfo" : "fd";
        usize length = lib::min(strlen(name), size);
        memcpy(buffer, name, length);
        return length;
    }

    Result<NonnullRefPtr<Inode>> lookup(StringView name) override
    {
        int fd = TRY(parse_fd(name));
        ProcessParts parts = TRY(parts_of(m_pid));
        if (!parts.files || parts.files->get(fd).is_error())
            return Errno::ENOENT;
        InodeOwner owner { parts.cred.euid, parts.cred.egid };
        if (m_info)
            return TRY(try_make_ref_counted<ProcFdInfo>(sb(), m_pid, fd, owner));
        // Linux's tid_fd_mode(): the link's permission bits say how the file is open.
        auto file = parts.files->get(fd).release_value();
        u32 mode = (file->is_readable() ? 0500 : 0) | (file->is_writable() ? 0300 : 0);
        return TRY(try_make_ref_counted<ProcFdLink>(sb(), m_pid, fd, owner, mode));
    }
    Result<NonnullRefPtr<Inode>> parent() override { return procfs_pid_dir(sb(), m_pid); }
    Result<void> readdir(u64& position, DirEmitter& emitter) override
    {
        ProcessParts parts = TRY(parts_of(m_pid));
        if (position == 0 && emitter.emit(".", ino(), DT_DIR, 1))
            position = 1;
        if (position == 1 && emitter.emit("..", ino(), DT_DIR, 2))
            position = 2;
        // A descriptor's position is 2 + its number, so a listing read in pieces goes on from
        // the next descriptor still open (Linux's proc_readfd_common()).
        while (position >= 2 && parts.files) {
            int fd = parts.files->next_open(int(position - 2));
            if (fd < 0)
                return {};
            char text[16];
            format_to(text, sizeof(text), "%d", fd);
            if (!emitter.emit(text, ino() + 1 + u64(fd), m_info ? DT_REG : DT_LNK, 2 + u64(fd) + 1))
                return {};
            position = 2 + u64(fd) + 1;
        }
        return {};
    }
    bool is_empty_directory() const override { return false; }

private:
    static Result<int> parse_fd(StringView name)
    {
        if (name.is_empty() || name.length > 9 || (name.chars[0] == '0' && name.length > 1))
            return Errno::ENOENT;
        int fd = 0;
        for (usize i = 0; i < name.length; ++i) {
            if (name.chars[i] < '0' || name.chars[i] > '9')
                return Errno::ENOENT;
            fd = fd * 10 + (name.chars[i] - '0');
        }
        return fd;
    }

    i32 m_pid;
    bool m_info;
};

// /proc/<pid>/cwd and root (Linux's proc_cwd_link(), proc_root_link()).
class ProcFsLink final : public Inode {
public:
    ProcFsLink(SuperBlock& sb, i32 pid, bool root, InodeOwner owner)
        : Inode(sb, S_IFLNK | 0777, owner)
        , m_pid(pid)
        , m_root(root)
    {
    }
    Result<usize> readlink(char* buffer, usize size) override
    {
        auto target = TRY(target_dir());
        auto path = TRY(KmallocBuffer<char>::create(PATH_MAX));
        usize length = TRY(directory_path(*current_process_root(), target, path.data(), PATH_MAX));
        ProcText text(path.data() + length, PATH_MAX - length);
        if (target->nlink() == 0)
            text.add(" (deleted)");
        length += text.length();
        return copy_text(path.data(), length, buffer, size);
    }
    Result<RefPtr<Inode>> follow_magic_link(RefPtr<FileName>&) override
    {
        return RefPtr<Inode>(TRY(target_dir()));
    }

private:
    Result<NonnullRefPtr<Inode>> target_dir()
    {
        ProcessParts parts = TRY(parts_of(m_pid));
        if (!parts.fs)
            return Errno::ENOENT;
        return m_root ? parts.fs->root() : parts.fs->cwd();
    }

    i32 m_pid;
    bool m_root;
};

InodeOwner owner_of(i32 pid)
{
    RefPtr<Process> process = find_process(pid);
    if (!process)
        return {};
    Credentials cred = process_parts(*process).cred;
    return { cred.euid, cred.egid };
}

} // namespace

Result<NonnullRefPtr<Inode>> proc_pid_fd_make(SuperBlock& sb, i32 pid)
{
    return TRY(try_make_ref_counted<ProcFdDir>(sb, pid, false, owner_of(pid)));
}

Result<NonnullRefPtr<Inode>> proc_pid_fdinfo_make(SuperBlock& sb, i32 pid)
{
    return TRY(try_make_ref_counted<ProcFdDir>(sb, pid, true, owner_of(pid)));
}

Result<NonnullRefPtr<Inode>> proc_pid_cwd_make(SuperBlock& sb, i32 pid)
{
    return TRY(try_make_ref_counted<ProcFsLink>(sb, pid, false, owner_of(pid)));
}

Result<NonnullRefPtr<Inode>> proc_pid_root_make(SuperBlock& sb, i32 pid)
{
    return TRY(try_make_ref_counted<ProcFsLink>(sb, pid, true, owner_of(pid)));
}
