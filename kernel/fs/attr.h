#pragma once
// Changing who owns a file and its mode (Linux's fs/open.c chmod_common(), chown_common() and
// fs/attr.c setattr_prepare(), notify_change()).

#include <fs/inode.h>

// chmod: the owner or root (CAP_FOWNER) only (EPERM); EROFS on a read-only file system. A
// caller outside the file's group and not root loses S_ISGID from the new mode.
Result<void> vfs_chmod(Inode& inode, u32 mode, const Credentials& cred);

// chown: uid or gid u32(-1) leave that id unchanged.
//  - root (CAP_CHOWN) may set any ids; the owner may "change" the uid to itself and the group
//    to its fsgid or one of its supplementary groups; otherwise EPERM.
//  - on anything but a directory, S_ISUID is cleared, for root too, and S_ISGID when the group
//    may execute (or the caller is neither in the group nor root): ATTR_KILL_SUID and
//    setattr_should_drop_sgid(). Clearing a bit of somebody else's file is EPERM.
//  - ctime is updated, even by chown(f, -1, -1); EROFS on a read-only file system.
Result<void> vfs_chown(Inode& inode, u32 uid, u32 gid, const Credentials& cred);
