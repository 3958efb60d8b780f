#pragma once
// Path lookup (Linux's fs/namei.c): from a starting directory, one component at a time, crossing
// mount points, following symbolic links, checking search permission.
//
//  - absolute paths start at the caller's root, relative ones at `start` (cwd or a dirfd);
//  - "." stays, ".." goes up but never above the caller's root, and from a mount's root continues
//    from the directory it covers;
//  - repeated slashes collapse; a trailing slash demands a directory (ENOTDIR) and follows a
//    final symlink;
//  - symlinks are followed in the middle always, at the end with LOOKUP_FOLLOW; more than 40
//    follows in one lookup give ELOOP;
//  - ENAMETOOLONG for a component over 255 bytes or a path of 4096 or more; ENOENT, ENOTDIR;
//    EACCES without search (x) permission on a directory passed through.

#include <abi/linux/fcntl.h>
#include <fs/file_name.h>
#include <fs/inode.h>

// Whose lookup this is: where "/" is, and whose permissions count.
struct NameiContext {
    NonnullRefPtr<Inode> root;
    const Credentials& cred;
};

enum LookupFlags : unsigned {
    LOOKUP_FOLLOW = 1u << 0, // follow a symlink in the last component
    LOOKUP_DIRECTORY = 1u << 1, // the result must be a directory
    LOOKUP_EMPTY = 1u << 2, // an empty path means the starting point itself (AT_EMPTY_PATH)
};

// What the last component of a path is, when a caller wants its parent (create, unlink, rename).
enum class LastType { Normal, Dot, DotDot, Root };

struct ParentLookup {
    RefPtr<Inode> dir; // the directory the last component is (or is to be) in
    LastType type { LastType::Normal };
    bool trailing_slash { false };
    char name[linux_abi::NAME_MAX + 1] {};
    usize name_length { 0 };
    StringView last() const { return StringView(name, name_length); }
};

// Where the inode a lookup ended at was found, for the name /proc shows for an open file: the
// directory and the last name looked up in it, or the name a magic link (/proc/PID/fd/N) carried.
// Neither for a directory reached by "." or ".." or for "/" (directories are named by walking up).
struct FoundName {
    RefPtr<Inode> dir;
    char name[linux_abi::NAME_MAX + 1] {};
    usize name_length { 0 };
    RefPtr<FileName> carried;
};

// `path` is a kernel string. Resolve it completely; with `found`, say where the result was found.
Result<NonnullRefPtr<Inode>> path_lookupat(
    const NameiContext& ctx, Inode& start, const char* path, unsigned flags, FoundName* found = nullptr);
// Resolve all but the last component (which is never followed) into `out`.
Result<void> path_parentat(const NameiContext& ctx, Inode& start, const char* path, ParentLookup& out);
// `name` in `dir` (one component, not "." or ".."), crossing mounts; takes the namespace lock.
Result<NonnullRefPtr<Inode>> lookup_one(Inode& dir, StringView name);
