// procfs: inodes made on demand by lookup, never stored; what they show is computed from the
// process each time.

#include <abi/linux/dirent.h>
#include <abi/linux/stat.h>
#include <fs/inode.h>
#include <fs/procfs.h>
#include <fs/procfs_dir.h>
#include <fs/procfs_fd.h>
#include <fs/procfs_mm.h>
#include <fs/procfs_pid.h>
#include <fs/procfs_task.h>
#include <fs/procfs_root.h>
#include <fs/proc_mounts.h>
#include <fs/procfs_sys.h>
#include <lib/format.h>
#include <lib/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <proc/process.h>

using namespace linux_abi;


namespace {

// One file of /proc/<pid>/: a symlink whose target `show` computes, or a read-only file whose
// whole text `show` produces at each read; or, with `make`, an inode of its own kind (the fd/
// directory, the cwd and root magic links: procfs_fd.cpp).
struct PidEntry {
    const char* name;
    u32 mode;
    ProcessShow show;
    ProcPidMake make = nullptr;
};

// The whole text of `show`, made in a buffer of a page or, if it does not fit (EOVERFLOW), four
// times larger, up to 1 MiB (a large process's smaps), then the part at `offset` copied out.
template<typename Show>
Result<usize> read_generated(Show show, u64 offset, UserOrKernelBuffer buffer, usize size);

// The part of a generated text at `offset`, copied out.
Result<usize> read_text(const char* text, usize length, u64 offset, UserOrKernelBuffer buffer, usize size)
{
    if (offset >= length)
        return 0;
    usize n = lib::min(size, usize(length - offset));
    TRY(buffer.write(text + offset, 0, n));
    return n;
}

Result<usize> exe_link(Process& process, char* buffer, usize size)
{
    usize length = strnlen(process.exe_path, sizeof(process.exe_path));
    if (length == 0)
        return Errno::ENOENT;
    length = lib::min(length, size);
    memcpy(buffer, process.exe_path, length);
    return length;
}

template<typename Show>
Result<usize> read_generated(Show show, u64 offset, UserOrKernelBuffer buffer, usize size)
{
    for (usize capacity = PAGE_SIZE;; capacity *= 4) {
        auto text = TRY(KmallocBuffer<char>::create(capacity));
        auto length = show(text.data(), capacity);
        if (length.is_error() && length.error() == Errno::EOVERFLOW && capacity < 1024 * 1024)
            continue;
        if (length.is_error())
            return length.error() == Errno::EOVERFLOW ? Errno::ENOMEM : length.error();
        return read_text(text.data(), length.value(), offset, buffer, size);
    }
}

Result<usize> exe_link_checked(Process& process, char* buffer, usize size)
{
    // Linux's proc_exe_link() goes through proc_fd_access_allowed(): ptrace_may_access().
    TRY(proc_may_access(process, process_parts(process).cred));
    return exe_link(process, buffer, size);
}

constexpr PidEntry pid_entries[] = {
    { "cmdline", S_IFREG | 0444, proc_pid_cmdline },
    { "comm", S_IFREG | 0644, proc_pid_comm },
    { "cwd", S_IFLNK | 0777, nullptr, proc_pid_cwd_make },
    { "exe", S_IFLNK | 0777, exe_link_checked },
    { "fd", S_IFDIR | 0500, nullptr, proc_pid_fd_make },
    { "fdinfo", S_IFDIR | 0500, nullptr, proc_pid_fdinfo_make },
    { "maps", S_IFREG | 0444, proc_pid_maps },
    { "mounts", S_IFREG | 0444, proc_pid_mounts },
    { "root", S_IFLNK | 0777, nullptr, proc_pid_root_make },
    { "smaps", S_IFREG | 0444, proc_pid_smaps },
    { "smaps_rollup", S_IFREG | 0444, proc_pid_smaps_rollup },
    { "stat", S_IFREG | 0444, proc_pid_stat },
    { "statm", S_IFREG | 0444, proc_pid_statm },
    { "status", S_IFREG | 0444, proc_pid_status },
};

Result<i32> parse_pid(StringView name)
{
    if (name.is_empty() || name.length > 9 || name.chars[0] == '0')
        return Errno::ENOENT;
    i32 pid = 0;
    for (usize i = 0; i < name.length; ++i) {
        if (name.chars[i] < '0' || name.chars[i] > '9')
            return Errno::ENOENT;
        pid = pid * 10 + (name.chars[i] - '0');
    }
    return pid;
}

class ProcPidLink final : public Inode {
public:
    ProcPidLink(SuperBlock& sb, i32 pid, const PidEntry& entry)
        : Inode(sb, entry.mode, {})
        , m_pid(pid)
        , m_entry(entry)
    {
    }
    Result<usize> readlink(char* buffer, usize size) override
    {
        return procfs_with_process(m_pid, m_entry.show, buffer, size);
    }

private:
    i32 m_pid;
    const PidEntry& m_entry;
};

class ProcPidFile final : public Inode {
public:
    ProcPidFile(SuperBlock& sb, i32 pid, const PidEntry& entry)
        : Inode(sb, entry.mode, {})
        , m_pid(pid)
        , m_entry(entry)
    {
    }
    Result<usize> read(u64 offset, UserOrKernelBuffer buffer, usize size) override
    {
        // NOTE: the whole text, made again at each read (as Linux's seq_file does per read from
        // offset 0): a reader that reads in pieces may see two moments' values.
        return read_generated(
            [&](char* text, usize capacity) { return procfs_with_process(m_pid, m_entry.show, text, capacity); },
            offset, buffer, size);
    }

private:
    i32 m_pid;
    const PidEntry& m_entry;
};

class ProcSelfLink final : public Inode {
public:
    explicit ProcSelfLink(SuperBlock& sb)
        : Inode(sb, S_IFLNK | 0777, {})
    {
    }
    Result<usize> readlink(char* buffer, usize size) override
    {
        char text[16];
        usize length = lib::min(format_to(text, sizeof(text), "%d", current_process().pid()), size);
        memcpy(buffer, text, length);
        return length;
    }
};

class ProcPidDir final : public ProcDir {
public:
    ProcPidDir(SuperBlock& sb, i32 pid)
        : ProcDir(sb, S_IFDIR | 0555, {})
        , m_pid(pid)
    {
        set_nlink(2);
    }
    i32 pid() const { return m_pid; }
    usize own_name(char* buffer, usize size) const override
    {
        return lib::min(format_to(buffer, size, "%d", m_pid), size);
    }

    Result<NonnullRefPtr<Inode>> lookup(StringView name) override
    {
        for (auto& entry : pid_entries) {
            if (StringView(entry.name) != name)
                continue;
            if (entry.make)
                return entry.make(sb(), m_pid);
            if ((entry.mode & S_IFMT) == S_IFLNK)
                return TRY(try_make_ref_counted<ProcPidLink>(sb(), m_pid, entry));
            return TRY(try_make_ref_counted<ProcPidFile>(sb(), m_pid, entry));
        }
        return Errno::ENOENT;
    }
    Result<NonnullRefPtr<Inode>> parent() override { return NonnullRefPtr<Inode>(sb().root()); }
    Result<void> readdir(u64& position, DirEmitter& emitter) override
    {
        if (position == 0 && emitter.emit(".", ino(), DT_DIR, 1))
            position = 1;
        if (position == 1 && emitter.emit("..", sb().root().ino(), DT_DIR, 2))
            position = 2;
        while (position >= 2 && position - 2 < sizeof(pid_entries) / sizeof(pid_entries[0])) {
            auto& entry = pid_entries[position - 2];
            if (!emitter.emit(entry.name, ino() + position, mode_to_dtype(entry.mode), position + 1))
                return {};
            ++position;
        }
        return {};
    }
    bool is_empty_directory() const override { return false; }

private:
    i32 m_pid;
};

// A file at the top of /proc whose whole text `show` produces at each read.
class ProcRootFile final : public Inode {
public:
    ProcRootFile(SuperBlock& sb, const ProcRootEntry& entry)
        : Inode(sb, entry.mode, {})
        , m_entry(entry)
    {
    }
    Result<usize> read(u64 offset, UserOrKernelBuffer buffer, usize size) override
    {
        return read_generated(
            [&](char* text, usize capacity) { return m_entry.show(text, capacity); }, offset, buffer, size);
    }

private:
    const ProcRootEntry& m_entry;
};

// The files at the top of /proc, after "self": adding /proc/loadavg is adding a row.
constexpr ProcRootEntry root_entries[] = {
    { "loadavg", S_IFREG | 0444, proc_loadavg },
    { "meminfo", S_IFREG | 0444, proc_meminfo },
    { "mounts", S_IFREG | 0444, proc_mounts },
    { "stat", S_IFREG | 0444, proc_stat },
    { "sys", S_IFDIR | 0555, nullptr, proc_sys_make },
    { "uptime", S_IFREG | 0444, proc_uptime },
};
constexpr usize root_entry_count = sizeof(root_entries) / sizeof(root_entries[0]);

class ProcRoot final : public ProcDir {
    static constexpr u64 FIRST_PID_POSITION = 64;
    static_assert(3 + root_entry_count < FIRST_PID_POSITION);

public:
    explicit ProcRoot(SuperBlock& sb)
        : ProcDir(sb, S_IFDIR | 0555, {})
    {
        set_nlink(2);
    }
    usize own_name(char*, usize) const override { return 0; } // a root: named by its mount point

    Result<NonnullRefPtr<Inode>> lookup(StringView name) override
    {
        if (name == StringView("self"))
            return TRY(try_make_ref_counted<ProcSelfLink>(sb()));
        for (auto& entry : root_entries) {
            if (StringView(entry.name) == name && entry.make)
                return entry.make(sb());
            if (StringView(entry.name) == name)
                return TRY(try_make_ref_counted<ProcRootFile>(sb(), entry));
        }
        i32 pid = TRY(parse_pid(name));
        if (!procfs_process_exists(pid))
            return Errno::ENOENT;
        return TRY(try_make_ref_counted<ProcPidDir>(sb(), pid));
    }
    Result<NonnullRefPtr<Inode>> parent() override { return NonnullRefPtr<Inode>(*this); }
    Result<void> readdir(u64& position, DirEmitter& emitter) override
    {
        // The fixed entries, then every process in the table (zombies too), in pid order: a
        // pid's position is FIRST_PID_POSITION + pid, so a listing read in pieces goes on from
        // the next pid that still exists (as Linux's proc_pid_readdir() does with tgid + offset).
        if (position == 0 && emitter.emit(".", ino(), DT_DIR, 1))
            position = 1;
        if (position == 1 && emitter.emit("..", ino(), DT_DIR, 2))
            position = 2;
        if (position == 2 && emitter.emit("self", ino() + 1, DT_LNK, 3))
            position = 3;
        while (position >= 3 && position - 3 < root_entry_count) {
            auto& entry = root_entries[position - 3];
            if (!emitter.emit(entry.name, ino() + position - 1, mode_to_dtype(entry.mode), position + 1))
                return {};
            ++position;
        }
        if (position == 3 + root_entry_count)
            position = FIRST_PID_POSITION;
        while (position >= FIRST_PID_POSITION) {
            i32 pid = proc_next_pid(i32(position - FIRST_PID_POSITION));
            if (pid == 0)
                return {};
            char text[16];
            format_to(text, sizeof(text), "%d", pid);
            // NOTE: the inode number is made up from the pid; the lookup makes a fresh inode.
            if (!emitter.emit(text, ino() + FIRST_PID_POSITION + u64(pid), DT_DIR, FIRST_PID_POSITION + pid + 1))
                return {};
            position = FIRST_PID_POSITION + pid + 1;
        }
        return {};
    }
    bool is_empty_directory() const override { return false; }
};

} // namespace

Result<NonnullRefPtr<Inode>> procfs_pid_dir(SuperBlock& sb, i32 pid)
{
    return TRY(try_make_ref_counted<ProcPidDir>(sb, pid));
}

Result<SuperBlock*> procfs_create()
{
    auto* sb = new (std::nothrow_t {}) SuperBlock("proc", PROC_SUPER_MAGIC);
    if (!sb)
        return Errno::ENOMEM;
    auto root = try_make_ref_counted<ProcRoot>(*sb);
    if (root.is_error()) {
        delete sb;
        return root.error();
    }
    sb->set_root(root.release_value());
    return sb;
}
