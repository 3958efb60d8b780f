// tmpfs directories: entries, links, and rename with Linux's replace rules.

#include <abi/linux/dirent.h>
#include <abi/linux/fcntl.h>
#include <fs/tmpfs.h>
#include <lib/string.h>
#include <mm/slab.h>

using namespace linux_abi;

namespace {
// Linux's tmpfs reports a directory's size as 20 bytes per entry plus 40 (BOGO_DIRENT_SIZE).
constexpr u64 BOGO_DIRENT_SIZE = 20;
} // namespace

TmpfsDirectory::TmpfsDirectory(SuperBlock& sb, u32 mode, InodeOwner owner, TmpfsDirectory* parent)
    : Inode(sb, mode, owner)
    , m_parent(parent ? parent : this)
{
    set_nlink(2); // its entry in the parent, and its own "."
    set_size(2 * BOGO_DIRENT_SIZE);
}

TmpfsDirectory::~TmpfsDirectory()
{
    tmpfs_sb(*this).inodes().uncharge(1);
    // Only a file system torn down whole gets here with entries.
    while (TmpfsDirEntry* entry = m_entries.pop_front()) {
        kfree(entry->name);
        delete entry;
    }
}

void TmpfsDirectory::assert_locked() const { VERIFY(sb().namespace_lock().is_locked()); }

TmpfsDirEntry* TmpfsDirectory::find(StringView name)
{
    for (auto& entry : m_entries) {
        if (entry.name_view() == name)
            return &entry;
    }
    return nullptr;
}

Result<void> TmpfsDirectory::insert(StringView name, NonnullRefPtr<Inode> inode)
{
    VERIFY(name.length <= NAME_MAX && !name.is_empty());
    char* copy = static_cast<char*>(kmalloc(name.length + 1));
    if (!copy)
        return Errno::ENOMEM;
    memcpy(copy, name.chars, name.length);
    copy[name.length] = '\0';
    auto* entry
        = new (std::nothrow_t {}) TmpfsDirEntry { std::move(inode), copy, u16(name.length), m_next_index++, {} };
    if (!entry) {
        kfree(copy);
        return Errno::ENOMEM;
    }
    m_entries.push_back(*entry);
    set_size(size() + BOGO_DIRENT_SIZE);
    touch_mtime_ctime();
    return {};
}

void TmpfsDirectory::remove(TmpfsDirEntry& entry)
{
    m_entries.remove(entry);
    set_size(size() - BOGO_DIRENT_SIZE);
    touch_mtime_ctime();
    kfree(entry.name);
    delete &entry;
}

// inode_init_owner(): a setgid directory hands its group (and, to subdirectories, its setgid
// bit) to what is created in it.
InodeOwner TmpfsDirectory::owner_for_new(InodeOwner owner, u32& mode) const
{
    if (this->mode() & S_ISGID) {
        owner.gid = gid();
        if (S_ISDIR(mode))
            mode |= S_ISGID;
    }
    return owner;
}

Result<NonnullRefPtr<Inode>> TmpfsDirectory::lookup(StringView name)
{
    assert_locked();
    TmpfsDirEntry* entry = find(name);
    if (!entry)
        return Errno::ENOENT;
    return entry->inode;
}

Result<NonnullRefPtr<Inode>> TmpfsDirectory::create(StringView name, u32 mode, InodeOwner owner)
{
    assert_locked();
    if (find(name))
        return Errno::EEXIST;
    owner = owner_for_new(owner, mode);
    TRY(reserve_inode());
    auto inode = try_make_ref_counted<TmpfsFile>(sb(), S_IFREG | (mode & S_IALLUGO), owner);
    if (inode.is_error()) {
        tmpfs_sb(*this).inodes().uncharge(1);
        return inode.error();
    }
    TRY(insert(name, inode.value()));
    return inode.release_value();
}

Result<NonnullRefPtr<Inode>> TmpfsDirectory::mkdir(StringView name, u32 mode, InodeOwner owner)
{
    assert_locked();
    if (find(name))
        return Errno::EEXIST;
    mode = S_IFDIR | (mode & S_IALLUGO);
    owner = owner_for_new(owner, mode);
    TRY(reserve_inode());
    auto made = try_make_ref_counted<TmpfsDirectory>(sb(), mode, owner, this);
    if (made.is_error()) {
        tmpfs_sb(*this).inodes().uncharge(1);
        return made.error();
    }
    auto inode = made.release_value();
    TRY(insert(name, inode));
    inc_nlink(); // the new directory's ".."
    return inode;
}

Result<NonnullRefPtr<Inode>> TmpfsDirectory::symlink(StringView name, StringView target, InodeOwner owner)
{
    assert_locked();
    if (target.length >= PATH_MAX)
        return Errno::ENAMETOOLONG;
    if (find(name))
        return Errno::EEXIST;
    char* copy = static_cast<char*>(kmalloc(target.length + 1));
    if (!copy)
        return Errno::ENOMEM;
    memcpy(copy, target.chars, target.length);
    copy[target.length] = '\0';
    if (auto reserved = reserve_inode(); reserved.is_error()) {
        kfree(copy);
        return reserved.error();
    }
    auto inode = try_make_ref_counted<TmpfsSymlink>(sb(), owner, copy, target.length);
    if (inode.is_error()) {
        kfree(copy);
        tmpfs_sb(*this).inodes().uncharge(1);
        return inode.error();
    }
    TRY(insert(name, inode.value()));
    return inode.release_value();
}

// A FIFO: a pipe inode that lives in this directory (shmem_mknod() with init_special_inode()).
// FIXME: sockets and device nodes stay EPERM: Sprout has no sockets, and a device node would
// need opening by device number.
Result<NonnullRefPtr<Inode>> TmpfsDirectory::mknod(StringView name, u32 mode, u64, InodeOwner owner)
{
    assert_locked();
    if ((mode & S_IFMT) != S_IFIFO)
        return Errno::EPERM;
    if (find(name))
        return Errno::EEXIST;
    owner = owner_for_new(owner, mode);
    TRY(reserve_inode());
    auto inode = try_make_ref_counted<TmpfsFifo>(sb(), mode, owner);
    if (inode.is_error()) {
        tmpfs_sb(*this).inodes().uncharge(1);
        return inode.error();
    }
    TRY(insert(name, inode.value()));
    return inode.release_value();
}

Result<void> TmpfsDirectory::link(StringView name, Inode& target)
{
    assert_locked();
    if (&target.sb() != &sb())
        return Errno::EXDEV;
    if (target.is_directory())
        return Errno::EPERM;
    if (find(name))
        return Errno::EEXIST;
    // An inode whose last name is gone cannot be given a new one (Linux: ENOENT, O_TMPFILE aside).
    if (target.nlink() == 0)
        return Errno::ENOENT;
    // shmem_link(): every extra name of a file costs an inode of the limit too.
    TRY(reserve_inode());
    if (auto inserted = insert(name, target); inserted.is_error()) {
        tmpfs_sb(*this).inodes().uncharge(1);
        return inserted.error();
    }
    target.inc_nlink();
    target.touch_ctime();
    return {};
}

Result<NonnullRefPtr<Inode>> TmpfsDirectory::parent()
{
    assert_locked();
    if (!m_parent) {
        if (m_removed_from)
            return NonnullRefPtr<Inode>(*m_removed_from);
        return Errno::ENOENT;
    }
    return NonnullRefPtr<Inode>(*m_parent);
}

Result<usize> TmpfsDirectory::name_of(const Inode& child, char* buffer, usize size)
{
    assert_locked();
    for (auto& entry : m_entries) {
        if (entry.inode.ptr() == &child) {
            if (entry.name_length > size)
                return Errno::ERANGE;
            memcpy(buffer, entry.name, entry.name_length);
            return usize(entry.name_length);
        }
    }
    return Errno::ENOENT;
}

Result<void> TmpfsDirectory::unlink(StringView name)
{
    assert_locked();
    TmpfsDirEntry* entry = find(name);
    if (!entry)
        return Errno::ENOENT;
    Inode& inode = *entry->inode;
    if (inode.is_directory())
        return Errno::EISDIR;
    // shmem_unlink(): an extra name gives its inode of the limit back (the last one goes with
    // the inode).
    if (inode.nlink() > 1)
        tmpfs_sb(*this).inodes().uncharge(1);
    inode.drop_nlink();
    inode.touch_ctime();
    remove(*entry); // may drop the last reference: the inode and its pages go now
    return {};
}

Result<void> TmpfsDirectory::rmdir(StringView name)
{
    assert_locked();
    TmpfsDirEntry* entry = find(name);
    if (!entry)
        return Errno::ENOENT;
    if (!entry->inode->is_directory())
        return Errno::ENOTDIR;
    auto& child = static_cast<TmpfsDirectory&>(*entry->inode);
    if (!child.is_empty_directory())
        return Errno::ENOTEMPTY;
    child.set_nlink(0);
    child.m_removed_from = *this;
    child.m_parent = nullptr;
    child.touch_ctime();
    drop_nlink();
    remove(*entry);
    return {};
}

Result<void> TmpfsDirectory::rename(StringView old_name, Inode& new_dir_inode, StringView new_name, u32 flags)
{
    assert_locked();
    if (&new_dir_inode.sb() != &sb())
        return Errno::EXDEV;
    if (!new_dir_inode.is_directory())
        return Errno::ENOTDIR;
    auto& new_dir = static_cast<TmpfsDirectory&>(new_dir_inode);

    TmpfsDirEntry* old_entry = find(old_name);
    if (!old_entry)
        return Errno::ENOENT;
    Inode& source = *old_entry->inode;
    bool source_is_dir = source.is_directory();

    // A directory cannot move into itself or below itself (Linux: EINVAL).
    if (source_is_dir) {
        for (TmpfsDirectory* dir = &new_dir; dir; dir = dir->m_parent) {
            if (dir == &source)
                return Errno::EINVAL;
            if (dir->m_parent == dir)
                break;
        }
    }

    TmpfsDirEntry* new_entry = new_dir.find(new_name);
    if (new_entry) {
        if (flags & RENAME_NOREPLACE)
            return Errno::EEXIST;
        Inode& target = *new_entry->inode;
        if (&target == &source)
            return {}; // two names of one inode: POSIX says do nothing
        if (source_is_dir && !target.is_directory())
            return Errno::ENOTDIR;
        if (!source_is_dir && target.is_directory())
            return Errno::EISDIR;
        if (target.is_directory() && !target.is_empty_directory())
            return Errno::ENOTEMPTY;
    }

    // Everything that can fail (the new name's copy) before anything changes.
    char* name_copy = static_cast<char*>(kmalloc(new_name.length + 1));
    if (!name_copy)
        return Errno::ENOMEM;
    memcpy(name_copy, new_name.chars, new_name.length);
    name_copy[new_name.length] = '\0';

    // Keep the source alive while it is on no list.
    NonnullRefPtr<Inode> moving = old_entry->inode;

    if (new_entry) {
        Inode& target = *new_entry->inode;
        if (target.is_directory()) {
            auto& target_dir = static_cast<TmpfsDirectory&>(target);
            target_dir.set_nlink(0);
            target_dir.m_removed_from = new_dir;
            target_dir.m_parent = nullptr;
            new_dir.drop_nlink();
        } else {
            if (target.nlink() > 1) // as shmem_unlink()
                tmpfs_sb(*this).inodes().uncharge(1);
            target.drop_nlink();
        }
        target.touch_ctime();
        new_dir.remove(*new_entry);
    }

    m_entries.remove(*old_entry);
    set_size(size() - BOGO_DIRENT_SIZE);
    touch_mtime_ctime();
    kfree(old_entry->name);
    old_entry->name = name_copy;
    old_entry->name_length = u16(new_name.length);
    old_entry->index = new_dir.m_next_index++;
    new_dir.m_entries.push_back(*old_entry);
    new_dir.set_size(new_dir.size() + BOGO_DIRENT_SIZE);
    new_dir.touch_mtime_ctime();

    if (source_is_dir && &new_dir != this) {
        drop_nlink();
        new_dir.inc_nlink();
        static_cast<TmpfsDirectory&>(source).m_parent = &new_dir;
    }
    source.touch_ctime();
    return {};
}

Result<void> TmpfsDirectory::readdir(u64& position, DirEmitter& emitter)
{
    assert_locked();
    if (position == 0) {
        if (!emitter.emit(".", ino(), DT_DIR, 1))
            return {};
        position = 1;
    }
    if (position == 1) {
        u64 parent_ino = m_parent ? m_parent->ino() : ino();
        if (!emitter.emit("..", parent_ino, DT_DIR, 2))
            return {};
        position = 2;
    }
    for (auto& entry : m_entries) {
        if (entry.index + 2 < position)
            continue;
        if (!emitter.emit(entry.name_view(), entry.inode->ino(), mode_to_dtype(entry.inode->mode()), entry.index + 3))
            return {};
        position = entry.index + 3;
    }
    // Past the end: stays past every entry added later too (as Linux's offset directories do).
    position = lib::max(position, m_next_index + 2);
    return {};
}

Result<void> TmpfsDirectory::insert_new(StringView name, NonnullRefPtr<Inode> inode)
{
    assert_locked();
    if (find(name))
        return Errno::EEXIST;
    return insert(name, std::move(inode));
}

Result<void> TmpfsDirectory::reserve_inode()
{
    // shmem_reserve_inode(): ENOSPC past nr_inodes.
    if (!tmpfs_sb(*this).inodes().try_charge())
        return Errno::ENOSPC;
    return {};
}

Result<SuperBlock*> tmpfs_create(u32 root_mode, InodeOwner owner, u64 max_pages, u64 max_inodes)
{
    auto* sb = new (std::nothrow_t {}) TmpfsSuperBlock(max_pages, max_inodes, root_mode & S_IALLUGO, owner);
    if (!sb)
        return Errno::ENOMEM;
    if (!sb->inodes().try_charge()) { // the root's inode (nr_inodes=0 has no limit)
        delete sb;
        return Errno::ENOSPC;
    }
    auto root = try_make_ref_counted<TmpfsDirectory>(*sb, S_IFDIR | (root_mode & S_IALLUGO), owner, nullptr);
    if (root.is_error()) {
        delete sb;
        return root.error();
    }
    sb->set_root(root.release_value());
    return sb;
}
