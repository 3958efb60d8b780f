// Path lookup, directory operations and their errnos, as Linux gives them.

#include <fs/mount.h>
#include <fs/stat.h>
#include <ktest/ktest.h>
#include <ktest/vfs_helpers.h>
#include <lib/format.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

using namespace linux_abi;
using namespace ktest;

KTEST(vfs_lookup_dots_slashes_and_mount_crossing)
{
    auto ctx = vfs_test_context();
    KEXPECT_OK(vfs_mkdir(ctx, AT_FDCWD, "/tmp/d1", 0755));
    KEXPECT_OK(vfs_mkdir(ctx, AT_FDCWD, "/tmp/d1/d2", 0755));
    auto d2 = MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/d1/d2", 0));
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "//tmp///d1/./d2/../d2//", 0)).ptr() == d2.ptr());
    auto root = vfs_root();
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/..", 0)).ptr() == root.ptr());
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/../../..", 0)).ptr() == root.ptr());
    // /tmp is a mount: its root's ".." is "/", not itself.
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/..", 0)).ptr() == root.ptr());
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/dev/../tmp/d1/d2", 0)).ptr() == d2.ptr());
    auto tmp = MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp", 0));
    KEXPECT(&tmp->sb() != &root->sb());
    KEXPECT_EQ(tmp->mode() & 07777, 01777u);
    // Relative to the cwd, and getcwd across the mount.
    KEXPECT_OK(vfs_chdir(ctx, AT_FDCWD, "/tmp/d1"));
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "d2", 0)).ptr() == d2.ptr());
    char cwd[64];
    KEXPECT_EQ(MUST(vfs_getcwd(ctx, cwd, sizeof(cwd))), 8u);
    KEXPECT(strcmp(cwd, "/tmp/d1") == 0);
    KEXPECT_ERRNO(vfs_getcwd(ctx, cwd, 7), ERANGE);
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "", 0), ENOENT);
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "", LOOKUP_EMPTY)).ptr() != d2.ptr());
    KEXPECT_OK(vfs_chdir(ctx, AT_FDCWD, "/"));
    MUST(vfs_getcwd(ctx, cwd, sizeof(cwd)));
    KEXPECT(strcmp(cwd, "/") == 0);
    KEXPECT_OK(vfs_rmdir(ctx, AT_FDCWD, "/tmp/d1/d2"));
    KEXPECT_OK(vfs_rmdir(ctx, AT_FDCWD, "/tmp/d1"));
}

KTEST(vfs_lookup_errors_enotdir_enoent_enametoolong)
{
    auto ctx = vfs_test_context();
    MUST(write_file(ctx, "/tmp/f", "x"));
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "/tmp/f/", 0), ENOTDIR);
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "/tmp/f/x", 0), ENOTDIR);
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "/tmp/f", LOOKUP_DIRECTORY), ENOTDIR);
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "/tmp/nothing/x", 0), ENOENT);
    char* long_path = static_cast<char*>(kmalloc(PATH_MAX + 1));
    KASSERT(long_path);
    memset(long_path, 'a', 256);
    long_path[256] = '\0';
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, long_path, 0), ENAMETOOLONG);
    long_path[255] = '\0';
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, long_path, 0), ENOENT);
    // 4096 bytes without the NUL: too long, even made of short components.
    for (usize i = 0; i < PATH_MAX; ++i)
        long_path[i] = (i % 2) ? '/' : 'a';
    long_path[PATH_MAX] = '\0';
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, long_path, 0), ENAMETOOLONG);
    kfree(long_path);
    KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/f"));
}

KTEST(vfs_symlinks_followed_relative_absolute_and_eloop)
{
    auto ctx = vfs_test_context();
    KEXPECT_OK(vfs_mkdir(ctx, AT_FDCWD, "/tmp/s", 0755));
    MUST(write_file(ctx, "/tmp/s/target", "T"));
    KEXPECT_OK(vfs_symlink(ctx, "target", AT_FDCWD, "/tmp/s/rel"));
    KEXPECT_OK(vfs_symlink(ctx, "/tmp/s", AT_FDCWD, "/tmp/s/abs"));
    KEXPECT_OK(vfs_symlink(ctx, "loop", AT_FDCWD, "/tmp/s/loop"));
    auto target = MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/s/target", 0));
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/s/rel", LOOKUP_FOLLOW)).ptr() == target.ptr());
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/s/rel", 0))->is_symlink());
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/s/abs/abs/abs/rel", LOOKUP_FOLLOW)).ptr() == target.ptr());
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "/tmp/s/loop", LOOKUP_FOLLOW), ELOOP);
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "/tmp/s/loop/x", 0), ELOOP);
    KEXPECT_ERRNO(vfs_open(ctx, AT_FDCWD, "/tmp/s/rel", O_RDONLY | O_NOFOLLOW, 0), ELOOP);
    KEXPECT_OK(vfs_open(ctx, AT_FDCWD, "/tmp/s/rel", O_PATH | O_NOFOLLOW, 0));
    // A chain of 40 links resolves; 41 is ELOOP (MAXSYMLINKS).
    char name[32], next[32];
    for (int i = 1; i <= 41; ++i) {
        format_to(name, sizeof(name), "/tmp/s/c%d", i);
        format_to(next, sizeof(next), "c%d", i - 1);
        KEXPECT_OK(vfs_symlink(ctx, i == 1 ? "target" : next, AT_FDCWD, name));
    }
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/s/c40", LOOKUP_FOLLOW)).ptr() == target.ptr());
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "/tmp/s/c41", LOOKUP_FOLLOW), ELOOP);
    char link[16];
    KEXPECT_EQ(MUST(vfs_readlink(ctx, AT_FDCWD, "/tmp/s/rel", link, sizeof(link))), 6u);
    KEXPECT(memcmp(link, "target", 6) == 0);
    KEXPECT_EQ(MUST(vfs_readlink(ctx, AT_FDCWD, "/tmp/s/rel", link, 3)), 3u);
    KEXPECT_ERRNO(vfs_readlink(ctx, AT_FDCWD, "/tmp/s/target", link, sizeof(link)), EINVAL);
    KEXPECT_ERRNO(vfs_symlink(ctx, "", AT_FDCWD, "/tmp/s/empty"), ENOENT);
    // Trailing slash follows a final link to a directory.
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/s/abs/", 0))->is_directory());
    for (int i = 1; i <= 41; ++i) {
        format_to(name, sizeof(name), "/tmp/s/c%d", i);
        KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, name));
    }
    for (const char* n : { "/tmp/s/rel", "/tmp/s/abs", "/tmp/s/loop", "/tmp/s/target" })
        KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, n));
    KEXPECT_OK(vfs_rmdir(ctx, AT_FDCWD, "/tmp/s"));
}

KTEST(vfs_permissions_for_non_root)
{
    auto root = vfs_test_context();
    auto user = vfs_test_context(1000);
    KEXPECT_OK(vfs_mkdir(root, AT_FDCWD, "/tmp/private", 0700));
    MUST(write_file(root, "/tmp/private/f", "x"));
    KEXPECT_ERRNO(vfs_lookup(user, AT_FDCWD, "/tmp/private/f", 0), EACCES);
    KEXPECT_ERRNO(vfs_mkdir(user, AT_FDCWD, "/tmp/private/d", 0755), EACCES);
    KEXPECT_ERRNO(vfs_access(user, AT_FDCWD, "/tmp/private", R_OK, 0), EACCES);
    KEXPECT_OK(vfs_access(user, AT_FDCWD, "/tmp/private", F_OK, 0));
    KEXPECT_ERRNO(vfs_access(user, AT_FDCWD, "/tmp/private", 8, 0), EINVAL);
    // Root passes read/write checks, but execute needs some x bit.
    KEXPECT_OK(vfs_access(root, AT_FDCWD, "/tmp/private/f", R_OK | W_OK, 0));
    KEXPECT_ERRNO(vfs_access(root, AT_FDCWD, "/tmp/private/f", X_OK, 0), EACCES);
    auto f = MUST(vfs_lookup(root, AT_FDCWD, "/tmp/private/f", 0));
    KEXPECT_ERRNO(inode_permission(*f, MAY_EXEC, root.cred), EACCES);
    // The umask applies to created files.
    KEXPECT_EQ(f->mode(), S_IFREG | 0644u);
    // Sticky /tmp: a user may not remove root's file.
    MUST(write_file(root, "/tmp/rootfile", "x"));
    KEXPECT_ERRNO(vfs_unlink(user, AT_FDCWD, "/tmp/rootfile"), EPERM);
    KEXPECT_OK(vfs_unlink(root, AT_FDCWD, "/tmp/rootfile"));
    // A user's own file in /tmp.
    MUST(write_file(user, "/tmp/userfile", "x"));
    KEXPECT_EQ(MUST(vfs_lookup(user, AT_FDCWD, "/tmp/userfile", 0))->uid(), 1000u);
    KEXPECT_ERRNO(vfs_open(user, AT_FDCWD, "/tmp/private", O_RDONLY, 0), EACCES);
    KEXPECT_OK(vfs_unlink(user, AT_FDCWD, "/tmp/userfile"));
    KEXPECT_OK(vfs_unlink(root, AT_FDCWD, "/tmp/private/f"));
    KEXPECT_OK(vfs_rmdir(root, AT_FDCWD, "/tmp/private"));
}

KTEST(vfs_rename_follows_linux_rules)
{
    auto ctx = vfs_test_context();
    KEXPECT_OK(vfs_mkdir(ctx, AT_FDCWD, "/tmp/r", 0755));
    KEXPECT_OK(vfs_mkdir(ctx, AT_FDCWD, "/tmp/r/a", 0755));
    KEXPECT_OK(vfs_mkdir(ctx, AT_FDCWD, "/tmp/r/a/sub", 0755));
    KEXPECT_OK(vfs_mkdir(ctx, AT_FDCWD, "/tmp/r/empty", 0755));
    MUST(write_file(ctx, "/tmp/r/f1", "1"));
    MUST(write_file(ctx, "/tmp/r/f2", "2"));
    auto f1 = MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/r/f1", 0));
    KEXPECT_ERRNO(vfs_rename(ctx, AT_FDCWD, "/tmp/r/none", AT_FDCWD, "/tmp/r/x", 0), ENOENT);
    KEXPECT_ERRNO(vfs_rename(ctx, AT_FDCWD, "/tmp/r/a", AT_FDCWD, "/tmp/r/a/sub/x", 0), EINVAL);
    KEXPECT_ERRNO(vfs_rename(ctx, AT_FDCWD, "/tmp/r/a", AT_FDCWD, "/tmp/r/f1", 0), ENOTDIR);
    KEXPECT_ERRNO(vfs_rename(ctx, AT_FDCWD, "/tmp/r/f1", AT_FDCWD, "/tmp/r/a", 0), EISDIR);
    KEXPECT_ERRNO(vfs_rename(ctx, AT_FDCWD, "/tmp/r/empty", AT_FDCWD, "/tmp/r/a", 0), ENOTEMPTY);
    KEXPECT_ERRNO(vfs_rename(ctx, AT_FDCWD, "/tmp/r/f1", AT_FDCWD, "/tmp/r/f2", RENAME_NOREPLACE), EEXIST);
    KEXPECT_ERRNO(vfs_rename(ctx, AT_FDCWD, "/tmp/r/f1", AT_FDCWD, "/tmp/r/f2", 8), EINVAL);
    KEXPECT_ERRNO(vfs_rename(ctx, AT_FDCWD, "/tmp/r/f1/", AT_FDCWD, "/tmp/r/f3", 0), ENOTDIR);
    KEXPECT_ERRNO(vfs_rename(ctx, AT_FDCWD, "/tmp/r/f1", AT_FDCWD, "/etc/f1", 0), EXDEV);
    KEXPECT_ERRNO(vfs_rename(ctx, AT_FDCWD, "/tmp/r/.", AT_FDCWD, "/tmp/r/x", 0), EBUSY);
    // Replace a file: the old target's last link goes.
    KEXPECT_OK(vfs_rename(ctx, AT_FDCWD, "/tmp/r/f1", AT_FDCWD, "/tmp/r/f2", 0));
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/r/f2", 0)).ptr() == f1.ptr());
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "/tmp/r/f1", 0), ENOENT);
    // Replace an empty directory; move a directory and its link counts.
    auto r = MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/r", 0));
    KEXPECT_EQ(r->nlink(), 4u);
    KEXPECT_OK(vfs_rename(ctx, AT_FDCWD, "/tmp/r/a", AT_FDCWD, "/tmp/r/empty", 0));
    KEXPECT_EQ(r->nlink(), 3u);
    KEXPECT_OK(vfs_rename(ctx, AT_FDCWD, "/tmp/r/empty/sub", AT_FDCWD, "/tmp/r/sub", 0));
    KEXPECT_EQ(r->nlink(), 4u);
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/r/sub/..", 0)).ptr() == r.ptr());
    // Same inode under both names: nothing happens.
    KEXPECT_OK(vfs_link(ctx, AT_FDCWD, "/tmp/r/f2", AT_FDCWD, "/tmp/r/f2b", 0));
    KEXPECT_OK(vfs_rename(ctx, AT_FDCWD, "/tmp/r/f2", AT_FDCWD, "/tmp/r/f2b", 0));
    KEXPECT_EQ(f1->nlink(), 2u);
    for (const char* n : { "/tmp/r/f2", "/tmp/r/f2b" })
        KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, n));
    for (const char* n : { "/tmp/r/sub", "/tmp/r/empty", "/tmp/r" })
        KEXPECT_OK(vfs_rmdir(ctx, AT_FDCWD, n));
}

KTEST(vfs_unlink_rmdir_mkdir_errors)
{
    auto ctx = vfs_test_context();
    KEXPECT_OK(vfs_mkdir(ctx, AT_FDCWD, "/tmp/u", 0755));
    MUST(write_file(ctx, "/tmp/u/f", "x"));
    KEXPECT_ERRNO(vfs_mkdir(ctx, AT_FDCWD, "/tmp/u", 0755), EEXIST);
    KEXPECT_ERRNO(vfs_mkdir(ctx, AT_FDCWD, "/tmp/u/.", 0755), EEXIST);
    KEXPECT_ERRNO(vfs_mkdir(ctx, AT_FDCWD, "/tmp/u/f/x", 0755), ENOTDIR);
    KEXPECT_OK(vfs_mkdir(ctx, AT_FDCWD, "/tmp/u/trailing/", 0755));
    KEXPECT_ERRNO(vfs_rmdir(ctx, AT_FDCWD, "/tmp/u"), ENOTEMPTY);
    KEXPECT_ERRNO(vfs_rmdir(ctx, AT_FDCWD, "/tmp/u/."), EINVAL);
    KEXPECT_ERRNO(vfs_rmdir(ctx, AT_FDCWD, "/tmp/u/.."), ENOTEMPTY);
    KEXPECT_ERRNO(vfs_rmdir(ctx, AT_FDCWD, "/"), EBUSY);
    KEXPECT_ERRNO(vfs_rmdir(ctx, AT_FDCWD, "/tmp"), EBUSY);
    KEXPECT_ERRNO(vfs_rmdir(ctx, AT_FDCWD, "/tmp/u/f"), ENOTDIR);
    KEXPECT_ERRNO(vfs_unlink(ctx, AT_FDCWD, "/tmp/u/trailing"), EISDIR);
    KEXPECT_ERRNO(vfs_unlink(ctx, AT_FDCWD, "/tmp/u/f/"), ENOTDIR);
    KEXPECT_ERRNO(vfs_unlink(ctx, AT_FDCWD, "/tmp/u/none"), ENOENT);
    KEXPECT_ERRNO(vfs_unlink(ctx, AT_FDCWD, "/tmp/u/.."), EISDIR);
    // Hard links count in nlink; data stays while any name does.
    KEXPECT_OK(vfs_link(ctx, AT_FDCWD, "/tmp/u/f", AT_FDCWD, "/tmp/u/g", 0));
    KEXPECT_ERRNO(vfs_link(ctx, AT_FDCWD, "/tmp/u/trailing", AT_FDCWD, "/tmp/u/h", 0), EPERM);
    KEXPECT_ERRNO(vfs_link(ctx, AT_FDCWD, "/tmp/u/f", AT_FDCWD, "/tmp/u/g", 0), EEXIST);
    KEXPECT_ERRNO(vfs_link(ctx, AT_FDCWD, "/tmp/u/f", AT_FDCWD, "/etc/f", 0), EXDEV);
    KEXPECT_EQ(MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp/u/g", 0))->nlink(), 2u);
    KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/u/f"));
    char buffer[8];
    KEXPECT_EQ(MUST(read_file(ctx, "/tmp/u/g", buffer, sizeof(buffer))), 1u);
    KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/u/g"));
    KEXPECT_OK(vfs_rmdir(ctx, AT_FDCWD, "/tmp/u/trailing"));
    KEXPECT_OK(vfs_rmdir(ctx, AT_FDCWD, "/tmp/u"));
    // A removed cwd: lookups and creation inside it fail, getcwd says ENOENT.
    KEXPECT_OK(vfs_mkdir(ctx, AT_FDCWD, "/tmp/gone", 0755));
    KEXPECT_OK(vfs_chdir(ctx, AT_FDCWD, "/tmp/gone"));
    KEXPECT_OK(vfs_rmdir(ctx, AT_FDCWD, "/tmp/gone"));
    KEXPECT_ERRNO(vfs_getcwd(ctx, buffer, sizeof(buffer)), ENOENT);
    KEXPECT_ERRNO(vfs_mkdir(ctx, AT_FDCWD, "x", 0755), ENOENT);
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "..", 0)).ptr() == MUST(vfs_lookup(ctx, AT_FDCWD, "/tmp", 0)).ptr());
}

KTEST(vfs_open_flags_follow_linux)
{
    auto ctx = vfs_test_context();
    MUST(write_file(ctx, "/tmp/o", "data"));
    KEXPECT_ERRNO(vfs_open(ctx, AT_FDCWD, "/tmp/o", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    KEXPECT_ERRNO(vfs_open(ctx, AT_FDCWD, "/tmp/o", O_RDONLY | O_DIRECTORY, 0), ENOTDIR);
    KEXPECT_ERRNO(vfs_open(ctx, AT_FDCWD, "/tmp", O_WRONLY, 0), EISDIR);
    KEXPECT_ERRNO(vfs_open(ctx, AT_FDCWD, "/tmp", O_CREAT | O_RDONLY, 0644), EISDIR);
    KEXPECT_ERRNO(vfs_open(ctx, AT_FDCWD, "/tmp/x/", O_CREAT | O_RDONLY, 0644), EISDIR);
    KEXPECT_ERRNO(vfs_open(ctx, AT_FDCWD, "/tmp/none", O_RDONLY, 0), ENOENT);
    KEXPECT_OK(vfs_open(ctx, AT_FDCWD, "/tmp", O_RDONLY | O_DIRECTORY, 0));
    {
        auto file = MUST(vfs_open(ctx, AT_FDCWD, "/tmp/o", O_RDWR | O_TRUNC | O_CLOEXEC, 0));
        KEXPECT_EQ(file->inode().size(), 0u);
        KEXPECT_EQ(file->flags(), O_RDWR | O_CLOEXEC | O_LARGEFILE);
        file->set_status_flags(O_NONBLOCK | O_RDONLY);
        KEXPECT_EQ(file->flags(), O_RDWR | O_CLOEXEC | O_LARGEFILE | O_NONBLOCK);
    }
    {
        auto path = MUST(vfs_open(ctx, AT_FDCWD, "/tmp/o", O_PATH | O_RDWR, 0));
        char c;
        KEXPECT_ERRNO(path->read(UserOrKernelBuffer::for_kernel(&c), 1), EBADF);
        KEXPECT(path->is_path());
    }
    // O_CREAT uses mode & ~umask.
    ctx.fs->exchange_umask(027);
    auto created = MUST(vfs_open(ctx, AT_FDCWD, "/tmp/o2", O_CREAT | O_WRONLY, 0777));
    KEXPECT_EQ(created->inode().mode(), S_IFREG | 0750u);
    KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/o"));
    KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/o2"));
}
