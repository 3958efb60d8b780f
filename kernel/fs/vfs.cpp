// The VFS operations: resolve paths, check permissions and Linux's special cases, then call the
// inode operations under the file system's namespace lock.

#include <abi/linux/fcntl.h>
#include <fs/file_name.h>
#include <fs/mount.h>
#include <fs/super.h>
#include <fs/vfs.h>
#include <lib/string.h>
#include <mm/slab.h>
#include <proc/process.h>
#include <sched/sched.h>

using namespace linux_abi;

VfsContext VfsContext::current()
{
    Task& task = *::current();
    VERIFY(task.fs);
    return VfsContext { *task.fs, task.files, task.creds };
}

namespace {

NameiContext namei_context(const VfsContext& ctx) { return NameiContext { ctx.fs->root(), ctx.cred }; }

// Where a relative path starts: the cwd, or the directory behind `dirfd`.
Result<NonnullRefPtr<Inode>> start_of(const VfsContext& ctx, int dirfd, const char* path)
{
    if (path[0] == '/' || dirfd == AT_FDCWD)
        return ctx.fs->cwd();
    if (!ctx.files)
        return Errno::EBADF;
    auto file = TRY(ctx.files->get(dirfd));
    return file->inode_ref();
}

InodeOwner owner_of(const VfsContext& ctx) { return { ctx.cred.fsuid, ctx.cred.fsgid }; }

// may_create(): write and search permission on the directory, which must still exist.
Result<void> may_create(const VfsContext& ctx, Inode& dir)
{
    if (dir.nlink() == 0)
        return Errno::ENOENT;
    return inode_permission(dir, MAY_WRITE | MAY_EXEC, ctx.cred);
}

// may_delete(): write and search permission on the directory, the sticky bit (only the owner of
// the file or of the directory may remove from a sticky directory), the type, and mount points.
Result<void> may_delete(const VfsContext& ctx, Inode& dir, Inode& victim, bool want_dir)
{
    TRY(inode_permission(dir, MAY_WRITE | MAY_EXEC, ctx.cred));
    if ((dir.mode() & S_ISVTX) && ctx.cred.fsuid != 0 && ctx.cred.fsuid != victim.uid() && ctx.cred.fsuid != dir.uid())
        return Errno::EPERM;
    if (want_dir) {
        if (!victim.is_directory())
            return Errno::ENOTDIR;
        if (&victim.sb().root() == &victim)
            return Errno::EBUSY;
    } else if (victim.is_directory()) {
        return Errno::EISDIR;
    }
    if (is_mount_point(victim))
        return Errno::EBUSY;
    return {};
}

// The common start of create-type calls (mkdir, symlink, link, open O_CREAT): the parent and a
// normal last component.
Result<void> parent_for_create(const VfsContext& ctx, int dirfd, const char* path, ParentLookup& parent)
{
    auto start = TRY(start_of(ctx, dirfd, path));
    TRY(path_parentat(namei_context(ctx), *start, path, parent));
    if (parent.type != LastType::Normal)
        return Errno::EEXIST;
    return {};
}

// mkdir, mknod, symlink: a new name in the parent directory, under its namespace lock, after
// Linux's checks in order (the name exists: EEXIST; a trailing slash on a non-directory: ENOENT;
// then the parent's permissions). `make(dir, name)` creates the entry.
template<typename Make>
Result<void> create_entry(const VfsContext& ctx, int dirfd, const char* path, bool directory, Make make)
{
    ParentLookup parent;
    TRY(parent_for_create(ctx, dirfd, path, parent));
    Inode& dir = *parent.dir;
    MutexGuard guard(dir.sb().namespace_lock());
    if (!dir.lookup(parent.last()).is_error())
        return Errno::EEXIST;
    if (parent.trailing_slash && !directory)
        return Errno::ENOENT;
    TRY(may_create(ctx, dir));
    auto made = make(dir, parent.last());
    if (made.is_error())
        return made.error();
    return {};
}

} // namespace

Result<NonnullRefPtr<Inode>> vfs_lookup(
    const VfsContext& ctx, int dirfd, const char* path, unsigned lookup_flags, FoundName* found)
{
    if (path[0] == '\0' && (lookup_flags & LOOKUP_EMPTY)) {
        if (dirfd == AT_FDCWD)
            return ctx.fs->cwd();
        if (!ctx.files)
            return Errno::EBADF;
        return TRY(ctx.files->get(dirfd))->inode_ref();
    }
    auto start = TRY(start_of(ctx, dirfd, path));
    return path_lookupat(namei_context(ctx), *start, path, lookup_flags, found);
}

Result<NonnullRefPtr<OpenFile>> vfs_open(const VfsContext& ctx, int dirfd, const char* path, u32 flags, u32 mode)
{
    flags &= VALID_OPEN_FLAGS;
    if (flags & O_PATH)
        flags &= O_PATH_FLAGS;
    // O_TMPFILE (unnamed files) is not supported yet; modern Linux rejects O_CREAT|O_DIRECTORY.
    if ((flags & __O_TMPFILE) == __O_TMPFILE)
        return Errno::EOPNOTSUPP;
    if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
        return Errno::EINVAL;
    u32 access = flags & O_ACCMODE;
    int acc_mask = 0;
    if (access == O_RDONLY || access == O_RDWR || access == O_ACCMODE)
        acc_mask |= MAY_READ;
    if (access == O_WRONLY || access == O_RDWR || access == O_ACCMODE)
        acc_mask |= MAY_WRITE;
    if (flags & O_TRUNC)
        acc_mask |= MAY_WRITE;

    RefPtr<Inode> inode;
    bool created = false;
    FoundName found;
    if (flags & O_CREAT) {
        ParentLookup parent;
        auto start = TRY(start_of(ctx, dirfd, path));
        TRY(path_parentat(namei_context(ctx), *start, path, parent));
        // open("/", O_CREAT), open("dir/", O_CREAT), open("..", O_CREAT): EISDIR.
        if (parent.type != LastType::Normal || parent.trailing_slash)
            return Errno::EISDIR;
        Inode& dir = *parent.dir;
        {
            MutexGuard guard(dir.sb().namespace_lock());
            auto existing = dir.lookup(parent.last());
            if (existing.is_error()) {
                if (existing.error() != Errno::ENOENT)
                    return existing.error();
                TRY(may_create(ctx, dir));
                u32 create_mode = mode & S_IALLUGO & ~ctx.fs->umask();
                inode = TRY(dir.create(parent.last(), create_mode, owner_of(ctx)));
                created = true;
            } else {
                if (flags & O_EXCL)
                    return Errno::EEXIST;
                inode = existing.release_value();
            }
        }
        found.dir = parent.dir;
        memcpy(found.name, parent.name, parent.name_length);
        found.name_length = parent.name_length;
        if (!created) {
            inode = follow_mounts(inode.release_nonnull());
            if (inode->is_symlink()) {
                if (flags & O_NOFOLLOW)
                    return Errno::ELOOP;
                // FIXME: O_CREAT through a dangling symlink creates its target on Linux; here
                // the target must exist.
                inode = TRY(path_lookupat(namei_context(ctx), *start, path, LOOKUP_FOLLOW, &found));
            }
            if (inode->is_directory())
                return Errno::EISDIR;
        }
    } else {
        unsigned lookup_flags = (flags & O_NOFOLLOW) ? 0u : unsigned(LOOKUP_FOLLOW);
        if (flags & O_DIRECTORY)
            lookup_flags |= LOOKUP_DIRECTORY;
        inode = TRY(vfs_lookup(ctx, dirfd, path, lookup_flags, &found));
        // O_NOFOLLOW on a final symlink fails, except that O_PATH may hold the link itself.
        if (inode->is_symlink() && !(flags & O_PATH))
            return Errno::ELOOP;
    }

    if (!(flags & O_PATH) && !created) {
        if (inode->is_directory() && (acc_mask & MAY_WRITE))
            return Errno::EISDIR;
        TRY(inode_permission(*inode, acc_mask, ctx.cred));
    }
    if ((flags & O_TRUNC) && !(flags & O_PATH) && inode->is_regular() && !created)
        TRY(inode->truncate(0));
    if (!(flags & O_PATH))
        TRY(inode->open(flags));
    // Every open() on a 64-bit kernel is a large-file open (Linux's force_o_largefile()).
    auto file = TRY(OpenFile::create(inode.release_nonnull(), flags | O_LARGEFILE));
    if (found.carried)
        file->set_name(found.carried);
    else if (found.dir)
        file->set_name(TRY(FileName::create(found.dir.release_nonnull(), StringView(found.name, found.name_length))));
    return file;
}

Result<void> vfs_mkdir(const VfsContext& ctx, int dirfd, const char* path, u32 mode)
{
    return create_entry(ctx, dirfd, path, true, [&](Inode& dir, StringView name) {
        return dir.mkdir(name, mode & (S_IRWXUGO | S_ISVTX) & ~ctx.fs->umask(), owner_of(ctx));
    });
}

Result<void> vfs_mknod(const VfsContext& ctx, int dirfd, const char* path, u32 mode, u32 rdev)
{
    // may_mknod(): the types mknod makes; a directory is EPERM, an unknown type EINVAL.
    switch (mode & S_IFMT) {
    case 0:
    case S_IFREG:
    case S_IFCHR:
    case S_IFBLK:
    case S_IFIFO:
    case S_IFSOCK:
        break;
    case S_IFDIR:
        return Errno::EPERM;
    default:
        return Errno::EINVAL;
    }
    u32 type = mode & S_IFMT;
    u32 permissions = mode & ~ctx.fs->umask() & S_IALLUGO;
    return create_entry(ctx, dirfd, path, false, [&](Inode& dir, StringView name) -> Result<NonnullRefPtr<Inode>> {
        if (type == 0 || type == S_IFREG)
            return dir.create(name, permissions, owner_of(ctx));
        // vfs_mknod(): device nodes need CAP_MKNOD.
        if ((type == S_IFCHR || type == S_IFBLK) && ctx.cred.fsuid != 0)
            return Errno::EPERM;
        // FIFOs (and, where a file system has them, sockets and device nodes); EPERM from a
        // file system without them, as Linux says without the inode operation.
        return dir.mknod(name, type | permissions, rdev, owner_of(ctx));
    });
}

Result<void> vfs_unlink(const VfsContext& ctx, int dirfd, const char* path)
{
    ParentLookup parent;
    auto start = TRY(start_of(ctx, dirfd, path));
    TRY(path_parentat(namei_context(ctx), *start, path, parent));
    if (parent.type != LastType::Normal)
        return Errno::EISDIR;
    Inode& dir = *parent.dir;
    TRY(sb_want_write(dir.sb())); // do_unlinkat(): EROFS before the name is looked up
    MutexGuard guard(dir.sb().namespace_lock());
    auto victim = TRY(dir.lookup(parent.last()));
    // "name/" names a directory: EISDIR if it is one, ENOTDIR if not.
    if (parent.trailing_slash)
        return victim->is_directory() ? Errno::EISDIR : Errno::ENOTDIR;
    TRY(may_delete(ctx, dir, *victim, false));
    return dir.unlink(parent.last());
}

Result<void> vfs_rmdir(const VfsContext& ctx, int dirfd, const char* path)
{
    ParentLookup parent;
    auto start = TRY(start_of(ctx, dirfd, path));
    TRY(path_parentat(namei_context(ctx), *start, path, parent));
    switch (parent.type) {
    case LastType::Dot:
        return Errno::EINVAL;
    case LastType::DotDot:
        return Errno::ENOTEMPTY;
    case LastType::Root:
        return Errno::EBUSY;
    case LastType::Normal:
        break;
    }
    Inode& dir = *parent.dir;
    TRY(sb_want_write(dir.sb())); // do_rmdir(): EROFS before the name is looked up
    MutexGuard guard(dir.sb().namespace_lock());
    auto victim = TRY(dir.lookup(parent.last()));
    TRY(may_delete(ctx, dir, *victim, true));
    return dir.rmdir(parent.last());
}

Result<void> vfs_rename(
    const VfsContext& ctx, int old_dirfd, const char* old_path, int new_dirfd, const char* new_path, u32 flags)
{
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
        return Errno::EINVAL;
    if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
        return Errno::EINVAL;
    // FIXME: RENAME_EXCHANGE and RENAME_WHITEOUT (tmpfs has them on Linux).
    if (flags & (RENAME_EXCHANGE | RENAME_WHITEOUT))
        return Errno::EINVAL;

    ParentLookup old_parent, new_parent;
    auto old_start = TRY(start_of(ctx, old_dirfd, old_path));
    TRY(path_parentat(namei_context(ctx), *old_start, old_path, old_parent));
    auto new_start = TRY(start_of(ctx, new_dirfd, new_path));
    TRY(path_parentat(namei_context(ctx), *new_start, new_path, new_parent));
    if (&old_parent.dir->sb() != &new_parent.dir->sb())
        return Errno::EXDEV;
    if (old_parent.type != LastType::Normal)
        return Errno::EBUSY;
    if (new_parent.type != LastType::Normal)
        return (flags & RENAME_NOREPLACE) ? Errno::EEXIST : Errno::EBUSY;

    Inode& old_dir = *old_parent.dir;
    Inode& new_dir = *new_parent.dir;
    TRY(sb_want_write(old_dir.sb())); // do_renameat2(): EROFS before the names are looked up
    MutexGuard guard(old_dir.sb().namespace_lock());
    auto source = TRY(old_dir.lookup(old_parent.last()));
    if (!source->is_directory() && (old_parent.trailing_slash || new_parent.trailing_slash))
        return Errno::ENOTDIR;
    auto target = new_dir.lookup(new_parent.last());
    if (!target.is_error() && (flags & RENAME_NOREPLACE))
        return Errno::EEXIST;
    if (!target.is_error() && target.value().ptr() == source.ptr())
        return {};
    TRY(may_delete(ctx, old_dir, *source, source->is_directory()));
    if (target.is_error()) {
        if (target.error() != Errno::ENOENT)
            return target.error();
        TRY(may_create(ctx, new_dir));
    } else {
        TRY(may_delete(ctx, new_dir, *target.value(), source->is_directory()));
    }
    // A directory that changes parent rewrites its "..": it needs write permission on itself.
    if (source->is_directory() && &old_dir != &new_dir)
        TRY(inode_permission(*source, MAY_WRITE, ctx.cred));
    return old_dir.rename(old_parent.last(), new_dir, new_parent.last(), flags);
}

Result<void> vfs_symlink(const VfsContext& ctx, const char* target, int dirfd, const char* path)
{
    if (target[0] == '\0')
        return Errno::ENOENT;
    return create_entry(ctx, dirfd, path, false,
        [&](Inode& dir, StringView name) { return dir.symlink(name, StringView(target), owner_of(ctx)); });
}

Result<void> vfs_link(
    const VfsContext& ctx, int old_dirfd, const char* old_path, int new_dirfd, const char* new_path, u32 flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return Errno::EINVAL;
    unsigned lookup_flags = (flags & AT_SYMLINK_FOLLOW) ? unsigned(LOOKUP_FOLLOW) : 0u;
    if (flags & AT_EMPTY_PATH)
        lookup_flags |= LOOKUP_EMPTY;
    auto source = TRY(vfs_lookup(ctx, old_dirfd, old_path, lookup_flags));
    ParentLookup parent;
    TRY(parent_for_create(ctx, new_dirfd, new_path, parent));
    Inode& dir = *parent.dir;
    if (&dir.sb() != &source->sb())
        return Errno::EXDEV;
    MutexGuard guard(dir.sb().namespace_lock());
    if (!dir.lookup(parent.last()).is_error())
        return Errno::EEXIST;
    if (parent.trailing_slash)
        return Errno::ENOENT;
    TRY(may_create(ctx, dir));
    return dir.link(parent.last(), *source);
}

Result<usize> vfs_readlink(const VfsContext& ctx, int dirfd, const char* path, char* buffer, usize size)
{
    auto inode = TRY(vfs_lookup(ctx, dirfd, path, LOOKUP_EMPTY));
    if (!inode->is_symlink())
        return Errno::EINVAL;
    inode->touch_atime();
    return inode->readlink(buffer, size);
}

Result<void> vfs_truncate(Inode& inode, i64 length)
{
    if (length < 0)
        return Errno::EINVAL;
    if (inode.is_directory())
        return Errno::EISDIR;
    if (!inode.is_regular())
        return Errno::EINVAL;
    return inode.truncate(u64(length));
}

Result<void> vfs_access(const VfsContext& ctx, int dirfd, const char* path, int mode, u32 flags)
{
    if (mode & ~(R_OK | W_OK | X_OK))
        return Errno::EINVAL;
    if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return Errno::EINVAL;
    // access() asks with the real ids, unless AT_EACCESS says the effective (fs) ones.
    VfsContext checker = ctx;
    if (!(flags & AT_EACCESS)) {
        checker.cred.fsuid = ctx.cred.uid;
        checker.cred.fsgid = ctx.cred.gid;
    }
    unsigned lookup_flags = (flags & AT_SYMLINK_NOFOLLOW) ? 0u : unsigned(LOOKUP_FOLLOW);
    if (flags & AT_EMPTY_PATH)
        lookup_flags |= LOOKUP_EMPTY;
    auto inode = TRY(vfs_lookup(checker, dirfd, path, lookup_flags));
    if (mode == F_OK)
        return {};
    return inode_permission(*inode, mode, checker.cred);
}

Result<void> vfs_chdir(const VfsContext& ctx, int dirfd, const char* path)
{
    auto inode = TRY(vfs_lookup(ctx, dirfd, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY | LOOKUP_EMPTY));
    if (!inode->is_directory())
        return Errno::ENOTDIR;
    TRY(inode_permission(*inode, MAY_EXEC, ctx.cred));
    ctx.fs->set_cwd(inode);
    return {};
}

Result<usize> vfs_getcwd(const VfsContext& ctx, char* buffer, usize size)
{
    NonnullRefPtr<Inode> cwd = ctx.fs->cwd();
    if (cwd->nlink() == 0)
        return Errno::ENOENT;
    char* scratch = static_cast<char*>(kmalloc(PATH_MAX));
    if (!scratch)
        return Errno::ENOMEM;
    auto length = directory_path(*ctx.fs->root(), cwd, scratch, PATH_MAX - 1);
    if (!length.is_error() && length.value() + 1 > size)
        length = Errno::ERANGE;
    if (!length.is_error()) {
        memcpy(buffer, scratch, length.value());
        buffer[length.value()] = '\0';
    }
    kfree(scratch);
    return length.is_error() ? Result<usize>(length.error()) : Result<usize>(length.value() + 1);
}

Result<usize> vfs_file_path(const OpenFile& file, Inode& root, char* buffer, usize size)
{
    Inode& inode = file.inode();
    if (usize length = inode.anonymous_name(buffer, size))
        return length;
    if (inode.is_directory()) {
        // Walked up, so that a renamed parent shows; a directory that cannot name its entries
        // (/proc/PID/fd) falls back on the name it was opened under.
        auto path = directory_path(root, inode, buffer, size);
        if (!path.is_error() || !file.name())
            return path;
    }
    if (auto name = file.name())
        return name->format(inode, root, buffer, size);
    // FIXME: a file the kernel opened without a path (none today but the console's stdio, which
    // has its name): no name to show.
    return Errno::ENOENT;
}

Result<void> open_stdio_on_console(FileTable& files)
{
    FoundName found;
    auto console = TRY(path_lookupat(
        NameiContext { vfs_root(), Credentials {} }, *vfs_root(), "/dev/console", LOOKUP_FOLLOW, &found));
    auto file = TRY(OpenFile::create(console, O_RDWR | O_LARGEFILE));
    if (found.dir)
        file->set_name(TRY(FileName::create(found.dir.release_nonnull(), StringView(found.name, found.name_length))));
    for (int fd = 0; fd < 3; ++fd)
        TRY(files.install_at(fd, file, false, 3));
    return {};
}
