#include <abi/linux/fcntl.h>
#include <fs/file_name.h>
#include <fs/mount.h>
#include <fs/super.h>
#include <lib/string.h>
#include <mm/slab.h>

using namespace linux_abi;

FileName::FileName(NonnullRefPtr<Inode> dir, char* name, usize length)
    : m_dir(std::move(dir))
    , m_name(name)
    , m_length(length)
{
}

FileName::~FileName() { kfree(m_name); }

Result<NonnullRefPtr<FileName>> FileName::create(NonnullRefPtr<Inode> dir, StringView name)
{
    auto* copy = static_cast<char*>(kmalloc(name.length ? name.length : 1));
    if (!copy)
        return Errno::ENOMEM;
    memcpy(copy, name.chars, name.length);
    auto made = try_make_ref_counted<FileName>(std::move(dir), copy, name.length);
    if (made.is_error())
        kfree(copy);
    return made;
}

Result<usize> FileName::format(const Inode& inode, Inode& root, char* buffer, usize size) const
{
    usize length = TRY(directory_path(root, m_dir, buffer, size));
    if (length == 1)
        length = 0; // "/" + name, not "//" + name
    const char* deleted = inode.nlink() == 0 ? " (deleted)" : "";
    usize extra = strlen(deleted);
    if (length + 1 + m_length + extra > size)
        return Errno::ENAMETOOLONG;
    buffer[length++] = '/';
    memcpy(buffer + length, m_name, m_length);
    length += m_length;
    memcpy(buffer + length, deleted, extra);
    return length + extra;
}

Result<usize> directory_path(Inode& root, NonnullRefPtr<Inode> dir, char* buffer, usize size)
{
    // Built backwards from the end of a PATH_MAX scratch buffer, one "/name" at a time.
    auto scratch_buffer = TRY(KmallocBuffer<char>::create(PATH_MAX));
    char* scratch = scratch_buffer.data();
    NonnullRefPtr<Inode> at = std::move(dir);
    usize start = PATH_MAX;
    while (at.ptr() != &root) {
        if (&at->sb().root() == at.ptr()) {
            RefPtr<Inode> covered = mount_point_of(*at);
            if (!covered)
                break; // outside the caller's root: Linux prefixes "(unreachable)"; we stop
            at = covered.release_nonnull();
            continue;
        }
        char name[NAME_MAX + 1];
        RefPtr<Inode> up;
        usize length;
        {
            MutexGuard guard(at->sb().namespace_lock());
            up = TRY(at->parent());
            length = TRY(up->name_of(*at, name, sizeof(name)));
        }
        if (length + 1 > start)
            return Errno::ENAMETOOLONG;
        start -= length;
        memcpy(scratch + start, name, length);
        scratch[--start] = '/';
        at = up.release_nonnull();
    }
    if (start == PATH_MAX)
        scratch[--start] = '/';
    usize total = PATH_MAX - start;
    if (total > size)
        return Errno::ENAMETOOLONG;
    memcpy(buffer, scratch + start, total);
    return total;
}
