// /proc/mounts: the mount table as text, in Linux's format (show_vfsmnt(), show_mnt_opts(),
// mangle()).

#include <fs/mount.h>
#include <fs/file_name.h>
#include <fs/proc_mounts.h>
#include <fs/vfs.h>
#include <lib/format.h>
#include <lib/string.h>
#include <mm/slab.h>
#include <new>

namespace {

// Appends to a text buffer, dropping what does not fit (the reader sees a cut text, never an
// overrun).
class TextBuilder {
public:
    TextBuilder(char* buffer, usize size)
        : m_buffer(buffer)
        , m_size(size)
    {
    }
    void add(const char* text) { add(text, strlen(text)); }
    void add(const char* text, usize length)
    {
        for (usize i = 0; i < length; ++i)
            put(text[i]);
    }
    // mangle(): space, tab, newline and backslash as \ooo, so the fields stay separable.
    void add_escaped(const char* text)
    {
        for (; *text; ++text) {
            char c = *text;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
                put('\\');
                put(char('0' + ((u8(c) >> 6) & 7)));
                put(char('0' + ((u8(c) >> 3) & 7)));
                put(char('0' + (u8(c) & 7)));
            } else {
                put(c);
            }
        }
    }
    usize length() const { return m_length; }

private:
    void put(char c)
    {
        if (m_length + 1 < m_size)
            m_buffer[m_length++] = c;
    }
    char* m_buffer;
    usize m_size;
    usize m_length { 0 };
};

// The mounts as seen from `root`. NOTE: one mount namespace, so every process sees the same
// rows; only the mount point paths depend on the process's root.
Result<usize> show_mounts(NonnullRefPtr<Inode> root, char* buffer, usize size)
{
    auto rows = TRY(KmallocBuffer<MountSnapshot>::create(MAX_MOUNTS));
    // KmallocBuffer gives raw memory: construct the rows (their RefPtrs) in place.
    for (usize i = 0; i < MAX_MOUNTS; ++i)
        new (&rows.data()[i]) MountSnapshot {};
    auto path_buffer = TRY(KmallocBuffer<char>::create(linux_abi::PATH_MAX));
    usize count = mount_snapshot(rows.data());
    TextBuilder text(buffer, size);
    for (usize i = 0; i < count; ++i) {
        MountSnapshot& row = rows.data()[i];
        const char* path = "/";
        if (row.mountpoint) {
            auto length = directory_path(*root, *row.mountpoint, path_buffer.data(), linux_abi::PATH_MAX - 1);
            if (length.is_error())
                continue;
            path_buffer.data()[length.value()] = '\0';
            path = path_buffer.data();
        }
        text.add_escaped(row.source);
        text.add(" ");
        text.add_escaped(path);
        text.add(" ");
        text.add_escaped(row.fstype);
        text.add((row.mnt_flags & MNT_READONLY) || row.sb->is_readonly() ? " ro" : " rw");
        constexpr struct {
            u32 flag;
            const char* text;
        } mnt_info[] = {
            { MNT_NOSUID, ",nosuid" },
            { MNT_NODEV, ",nodev" },
            { MNT_NOEXEC, ",noexec" },
            { MNT_NOATIME, ",noatime" },
            { MNT_NODIRATIME, ",nodiratime" },
            { MNT_RELATIME, ",relatime" },
            { MNT_NOSYMFOLLOW, ",nosymfollow" },
        };
        for (auto& info : mnt_info) {
            if (row.mnt_flags & info.flag)
                text.add(info.text);
        }
        char options[128];
        usize length = row.sb->show_options(options, sizeof(options));
        text.add(options, lib::min(length, sizeof(options) - 1));
        text.add(" 0 0\n");
    }
    for (usize i = 0; i < MAX_MOUNTS; ++i)
        rows.data()[i].~MountSnapshot();
    return text.length();
}

} // namespace

Result<usize> proc_mounts(char* buffer, usize size) { return show_mounts(VfsContext::current().fs->root(), buffer, size); }

Result<usize> proc_pid_mounts(Process&, char* buffer, usize size)
{
    // FIXME: the paths are shown from the reader's root, not the process's (Sprout has no
    // chroot yet, so every root is "/").
    return show_mounts(VfsContext::current().fs->root(), buffer, size);
}
