// /proc/sys: the tables and the two kinds of inode (directory, file) that show them.

#include <abi/linux/dirent.h>
#include <abi/linux/stat.h>
#include <fs/procfs_dir.h>
#include <fs/procfs_sys.h>
#include <fs/procfs_text.h>
#include <proc/pid.h>
#include <proc/utsname.h>

using namespace linux_abi;

namespace {

using SysctlShow = Result<usize> (*)(char* buffer, usize size);
// The bytes written (at offset 0), already copied in; they replace the value.
using SysctlStore = Result<void> (*)(const char* text, usize length);

struct SysctlEntry {
    const char* name;
    u32 mode;
    const SysctlEntry* children; // a directory's rows, or null for a file
    usize child_count;
    SysctlShow show;
    SysctlStore store; // null: read-only
};

template<usize N>
constexpr usize count_of(const SysctlEntry (&)[N])
{
    return N;
}

// A string value with a newline, as Linux's proc_dostring() shows it.
template<typename Get>
Result<usize> show_string(char* buffer, usize size, Get get)
{
    ProcText text(buffer, size);
    text.add("%s\n", get());
    return text.finish();
}

// Linux's proc_dostring() on write: the value ends at the first newline or NUL, and is cut to the
// field's size (64 bytes for the uts names).
usize string_length(const char* text, usize length)
{
    usize n = 0;
    while (n < length && text[n] != '\n' && text[n] != '\0')
        ++n;
    return lib::min(n, NEW_UTS_LEN);
}

Result<usize> show_hostname(char* b, usize s)
{
    Utsname u = utsname();
    return show_string(b, s, [&] { return u.nodename; });
}
Result<usize> show_domainname(char* b, usize s)
{
    Utsname u = utsname();
    return show_string(b, s, [&] { return u.domainname; });
}
Result<usize> show_osrelease(char* b, usize s)
{
    Utsname u = utsname();
    return show_string(b, s, [&] { return u.release; });
}
Result<usize> show_ostype(char* b, usize s)
{
    Utsname u = utsname();
    return show_string(b, s, [&] { return u.sysname; });
}
Result<usize> show_version(char* b, usize s)
{
    Utsname u = utsname();
    return show_string(b, s, [&] { return u.version; });
}
Result<void> store_hostname(const char* text, usize length)
{
    set_hostname(text, string_length(text, length));
    return {};
}
Result<void> store_domainname(const char* text, usize length)
{
    set_domainname(text, string_length(text, length));
    return {};
}

// The limit the pid allocator really uses (proc/pid.cpp).
// FIXME: read-only; Linux lets root change it (between 301 and 4194304).
Result<usize> show_pid_max(char* buffer, usize size)
{
    ProcText text(buffer, size);
    text.add("%d\n", pid_max());
    return text.finish();
}

constexpr SysctlEntry kernel_table[] = {
    { "domainname", S_IFREG | 0644, nullptr, 0, show_domainname, store_domainname },
    { "hostname", S_IFREG | 0644, nullptr, 0, show_hostname, store_hostname },
    { "osrelease", S_IFREG | 0444, nullptr, 0, show_osrelease, nullptr },
    { "ostype", S_IFREG | 0444, nullptr, 0, show_ostype, nullptr },
    { "pid_max", S_IFREG | 0444, nullptr, 0, show_pid_max, nullptr },
    { "version", S_IFREG | 0444, nullptr, 0, show_version, nullptr },
};

constexpr SysctlEntry sys_table[] = {
    { "kernel", S_IFDIR | 0555, kernel_table, count_of(kernel_table), nullptr, nullptr },
};

constexpr SysctlEntry sys_root = { "sys", S_IFDIR | 0555, sys_table, count_of(sys_table), nullptr, nullptr };

// The directory row holding `entry`, or null for /proc/sys itself.
const SysctlEntry* parent_of(const SysctlEntry& entry, const SysctlEntry& from = sys_root)
{
    for (usize i = 0; i < from.child_count; ++i) {
        const SysctlEntry& child = from.children[i];
        if (&child == &entry)
            return &from;
        if (child.children)
            if (const SysctlEntry* found = parent_of(entry, child))
                return found;
    }
    return nullptr;
}

class ProcSysFile final : public Inode {
public:
    ProcSysFile(SuperBlock& sb, const SysctlEntry& entry)
        : Inode(sb, entry.mode, {})
        , m_entry(entry)
    {
    }
    Result<usize> read(u64 offset, UserOrKernelBuffer buffer, usize size) override
    {
        char text[256];
        usize length = TRY(m_entry.show(text, sizeof(text)));
        if (offset >= length)
            return 0;
        usize n = lib::min(size, usize(length - offset));
        TRY(buffer.write(text + offset, 0, n));
        return n;
    }
    Result<usize> write(u64 offset, UserOrKernelBuffer buffer, usize size) override
    {
        if (!m_entry.store)
            return Errno::EINVAL;
        // NOTE: Linux's default sysctl_writes_strict: a write past the start of a string value
        // is ignored (consumed, changing nothing).
        if (offset != 0 || size == 0)
            return size;
        char text[NEW_UTS_LEN + 1];
        usize n = lib::min(size, sizeof(text));
        TRY(buffer.read(text, 0, n));
        TRY(m_entry.store(text, n));
        return size;
    }
    // O_TRUNC (echo name > hostname) changes nothing (Linux's proc_sys_setattr() accepts it).
    Result<void> truncate(u64) override { return {}; }

private:
    const SysctlEntry& m_entry;
};

class ProcSysDir final : public ProcDir {
public:
    ProcSysDir(SuperBlock& sb, const SysctlEntry& entry)
        : ProcDir(sb, entry.mode, {})
        , m_entry(entry)
    {
        set_nlink(2);
    }
    usize own_name(char* buffer, usize size) const override
    {
        usize length = lib::min(strlen(m_entry.name), size);
        memcpy(buffer, m_entry.name, length);
        return length;
    }
    Result<NonnullRefPtr<Inode>> lookup(StringView name) override
    {
        for (usize i = 0; i < m_entry.child_count; ++i) {
            const SysctlEntry& child = m_entry.children[i];
            if (StringView(child.name) != name)
                continue;
            if (child.children)
                return TRY(try_make_ref_counted<ProcSysDir>(sb(), child));
            return TRY(try_make_ref_counted<ProcSysFile>(sb(), child));
        }
        return Errno::ENOENT;
    }
    Result<NonnullRefPtr<Inode>> parent() override
    {
        const SysctlEntry* up = parent_of(m_entry);
        if (!up)
            return NonnullRefPtr<Inode>(sb().root());
        return TRY(try_make_ref_counted<ProcSysDir>(sb(), *up));
    }
    Result<void> readdir(u64& position, DirEmitter& emitter) override
    {
        if (position == 0 && emitter.emit(".", ino(), DT_DIR, 1))
            position = 1;
        if (position == 1 && emitter.emit("..", ino(), DT_DIR, 2))
            position = 2;
        while (position >= 2 && position - 2 < m_entry.child_count) {
            const SysctlEntry& child = m_entry.children[position - 2];
            // NOTE: the inode number is made up from the position; lookup makes a fresh inode.
            if (!emitter.emit(child.name, ino() + position, mode_to_dtype(child.mode), position + 1))
                return {};
            ++position;
        }
        return {};
    }
    bool is_empty_directory() const override { return m_entry.child_count == 0; }

private:
    const SysctlEntry& m_entry;
};

} // namespace

Result<NonnullRefPtr<Inode>> proc_sys_make(SuperBlock& sb) { return TRY(try_make_ref_counted<ProcSysDir>(sb, sys_root)); }
