// mount(2) and umount2(2): flag checks and dispatch in Linux's order (path_mount()), the file
// system types and their options, then the mount table (mount.cpp).

#include <abi/linux/mount.h>
#include <abi/linux/stat.h>
#include <fs/dev.h>
#include <fs/mount.h>
#include <fs/namespace.h>
#include <fs/procfs.h>
#include <fs/tmpfs.h>
#include <lib/spinlock.h>
#include <lib/string.h>
#include <mm/page_alloc.h>

using namespace linux_abi;

namespace {

// MS_NOUSER: never valid from user space.
constexpr u64 MS_NOUSER = 1ull << 31;

// One option of a comma-separated list: "name" or "name=value".
struct MountOption {
    StringView name;
    StringView value;
    bool has_value;
};

bool next_option(const char*& cursor, MountOption& out)
{
    while (*cursor == ',')
        ++cursor;
    if (!*cursor)
        return false;
    const char* start = cursor;
    while (*cursor && *cursor != ',')
        ++cursor;
    const char* equals = start;
    while (equals < cursor && *equals != '=')
        ++equals;
    out.name = StringView(start, usize(equals - start));
    out.has_value = equals < cursor;
    out.value = out.has_value ? StringView(equals + 1, usize(cursor - equals - 1)) : StringView();
    return true;
}

// simple_strtoull() with base 0 (0x: hex, 0: octal, else decimal) over a view; `end` is where
// the digits stop. False when there is no digit at all or it overflows.
bool parse_number(StringView text, unsigned base, u64& value, usize& end)
{
    usize i = 0;
    if (base == 0) {
        base = 10;
        if (text.length >= 2 && text.chars[0] == '0' && (text.chars[1] == 'x' || text.chars[1] == 'X')) {
            base = 16;
            i = 2;
        } else if (text.length >= 1 && text.chars[0] == '0') {
            base = 8;
        }
    }
    value = 0;
    usize first = i;
    for (; i < text.length; ++i) {
        char c = text.chars[i];
        unsigned digit = c >= '0' && c <= '9' ? unsigned(c - '0')
            : c >= 'a' && c <= 'f'            ? unsigned(c - 'a' + 10)
            : c >= 'A' && c <= 'F'            ? unsigned(c - 'A' + 10)
                                              : 99u;
        if (digit >= base)
            break;
        if (__builtin_mul_overflow(value, base, &value) || __builtin_add_overflow(value, digit, &value))
            return false;
    }
    end = i;
    return i > first;
}

bool parse_whole(StringView text, unsigned base, u64& value)
{
    usize end;
    return parse_number(text, base, value, end) && end == text.length;
}

// memparse(): a number with an optional K/M/G/T/P/E suffix; `rest` is what follows.
bool memparse(StringView text, u64& value, usize& rest)
{
    if (!parse_number(text, 0, value, rest))
        return false;
    if (rest < text.length) {
        unsigned shift = 0;
        switch (text.chars[rest]) {
        case 'E': case 'e': shift = 60; break;
        case 'P': case 'p': shift = 50; break;
        case 'T': case 't': shift = 40; break;
        case 'G': case 'g': shift = 30; break;
        case 'M': case 'm': shift = 20; break;
        case 'K': case 'k': shift = 10; break;
        default: break;
        }
        if (shift) {
            if (value > (~u64(0) >> shift))
                return false;
            value <<= shift;
            ++rest;
        }
    }
    return true;
}

struct TmpfsParams {
    u64 max_pages { TMPFS_DEFAULT_LIMIT };
    u64 max_inodes { TMPFS_DEFAULT_LIMIT };
    bool inode32 { false };
    u32 mode { 01777 };
    InodeOwner owner {};
};

// shmem_parse_one(): size (bytes with a suffix, or a percentage of RAM), nr_blocks, nr_inodes,
// mode (octal), uid, gid, inode32, inode64. FIXME: huge, mpol, noswap and quota options are EINVAL
// here.
Result<void> tmpfs_parse(const char* data, TmpfsParams& params)
{
    if (!data)
        return {};
    MountOption option;
    while (next_option(data, option)) {
        // busybox's remount hands back what /proc/mounts shows, inode64 included.
        if (!option.has_value && (option.name == StringView("inode64") || option.name == StringView("inode32"))) {
            params.inode32 = option.name == StringView("inode32");
            continue;
        }
        if (!option.has_value)
            return Errno::EINVAL;
        u64 value;
        if (option.name == StringView("size")) {
            usize rest;
            if (!memparse(option.value, value, rest))
                return Errno::EINVAL;
            if (rest < option.value.length && option.value.chars[rest] == '%') {
                value = value * PAGE_SIZE / 100 * page_stats().total;
                ++rest;
            }
            if (rest != option.value.length)
                return Errno::EINVAL;
            params.max_pages = (value + PAGE_SIZE - 1) / PAGE_SIZE;
        } else if (option.name == StringView("nr_blocks")) {
            usize rest;
            if (!memparse(option.value, value, rest) || rest != option.value.length)
                return Errno::EINVAL;
            params.max_pages = value;
        } else if (option.name == StringView("nr_inodes")) {
            usize rest;
            if (!memparse(option.value, value, rest) || rest != option.value.length)
                return Errno::EINVAL;
            params.max_inodes = value;
        } else if (option.name == StringView("mode")) {
            if (!parse_whole(option.value, 8, value) || value > 0xffffffffu)
                return Errno::EINVAL;
            params.mode = u32(value) & 07777;
        } else if (option.name == StringView("uid") || option.name == StringView("gid")) {
            if (!parse_whole(option.value, 0, value) || value >= 0xffffffffu)
                return Errno::EINVAL;
            (option.name == StringView("uid") ? params.owner.uid : params.owner.gid) = u32(value);
        } else {
            return Errno::EINVAL;
        }
    }
    return {};
}

Result<SuperBlock*> get_tree_tmpfs(const char* data)
{
    TmpfsParams params;
    TRY(tmpfs_parse(data, params));
    SuperBlock* sb = TRY(tmpfs_create(params.mode, params.owner, params.max_pages, params.max_inodes));
    static_cast<TmpfsSuperBlock*>(sb)->set_inode32(params.inode32);
    return sb;
}

// proc and devtmpfs: one superblock for the whole system (Linux: one per pid namespace, and the
// single devtmpfs), made by the first mount, which is the boot's.
// NOTE: singletons_lock guards the two pointers; the superblocks are made outside it and a
// racing second maker's is given up (never happens: the boot makes both before user space).
Spinlock singletons_lock;
SuperBlock* proc_sb;
SuperBlock* devtmpfs_sb;

Result<SuperBlock*> get_tree_single(SuperBlock*& slot, Result<SuperBlock*> (*create)())
{
    {
        SpinlockGuard guard(singletons_lock);
        if (slot)
            return slot;
    }
    SuperBlock* made = TRY(create());
    SpinlockGuard guard(singletons_lock);
    if (!slot)
        slot = made;
    return slot;
}

Result<SuperBlock*> get_tree_proc(const char* data)
{
    // FIXME: hidepid=, gid= and subset= are not supported.
    if (data && *data)
        return Errno::EINVAL;
    return get_tree_single(proc_sb, procfs_create);
}

// public_dev_mount(): the devtmpfs instance, whatever the options.
Result<SuperBlock*> get_tree_devtmpfs(const char*) { return get_tree_single(devtmpfs_sb, devtmpfs_create); }

struct FileSystemType {
    const char* name;
    Result<SuperBlock*> (*get_tree)(const char* data);
    bool shared; // one superblock for every mount
};

constexpr FileSystemType file_system_types[] = {
    { "devtmpfs", get_tree_devtmpfs, true },
    { "proc", get_tree_proc, true },
    { "tmpfs", get_tree_tmpfs, false },
};

const FileSystemType* get_fs_type(const char* name)
{
    for (auto& type : file_system_types) {
        if (strcmp(type.name, name) == 0)
            return &type;
    }
    return nullptr;
}

// The per-mount flags of MS_* (path_mount()): relatime unless told otherwise.
u32 mnt_flags_from(u64 flags)
{
    u32 mnt_flags = 0;
    if (!(flags & MS_NOATIME))
        mnt_flags |= MNT_RELATIME;
    if (flags & MS_NOSUID)
        mnt_flags |= MNT_NOSUID;
    if (flags & MS_NODEV)
        mnt_flags |= MNT_NODEV;
    if (flags & MS_NOEXEC)
        mnt_flags |= MNT_NOEXEC;
    if (flags & MS_NOATIME)
        mnt_flags |= MNT_NOATIME;
    if (flags & MS_NODIRATIME)
        mnt_flags |= MNT_NODIRATIME;
    if (flags & MS_STRICTATIME)
        mnt_flags &= ~(MNT_RELATIME | MNT_NOATIME);
    if (flags & MS_RDONLY)
        mnt_flags |= MNT_READONLY;
    if (flags & MS_NOSYMFOLLOW)
        mnt_flags |= MNT_NOSYMFOLLOW;
    return mnt_flags;
}

Result<void> do_new_mount(NonnullRefPtr<Inode> target, const char* fstype, u64 flags, u32 mnt_flags,
    const char* source, const char* data)
{
    if (!fstype)
        return Errno::EINVAL;
    const FileSystemType* type = get_fs_type(fstype);
    if (!type)
        return Errno::ENODEV;
    // FIXME: a read-only mount of a shared superblock is read-only for that mount only on Linux;
    // Sprout enforces read-only per superblock, so it refuses rather than make /proc or /dev
    // read-only everywhere.
    if (type->shared && (flags & MS_RDONLY))
        return Errno::EINVAL;
    SuperBlock* sb = TRY(type->get_tree(data));
    if (flags & MS_RDONLY)
        sb->set_readonly(true);
    return mount_add(*sb, sb->root(), std::move(target), mnt_flags, source ? source : "none", type->name);
}

// do_loopback(): the directory (or file) `source` names appears at `target` too.
// FIXME: MS_REC (copying the mounts below the source) is not done.
Result<void> do_loopback(const VfsContext& ctx, NonnullRefPtr<Inode> target, const char* source)
{
    if (!source || !*source)
        return Errno::EINVAL;
    auto old = TRY(vfs_lookup(ctx, AT_FDCWD, source, LOOKUP_FOLLOW));
    auto origin = TRY(mount_origin_of(old->sb()));
    return mount_add(old->sb(), old, std::move(target), origin.mnt_flags, origin.source, origin.fstype);
}

} // namespace

Result<void> vfs_mount(
    const VfsContext& ctx, const char* source, const char* target, const char* fstype, u64 flags, const char* data)
{
    auto path = TRY(vfs_lookup(ctx, AT_FDCWD, target, LOOKUP_FOLLOW));
    if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
        flags &= ~MS_MGC_MSK;
    if (flags & MS_NOUSER)
        return Errno::EINVAL;
    // may_mount(): CAP_SYS_ADMIN.
    if (!ctx.cred.capable())
        return Errno::EPERM;
    u32 mnt_flags = mnt_flags_from(flags);

    if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND)) {
        // do_reconfigure_mnt(): the per-mount flags only.
        // FIXME: per-mount read-only is not enforced, so it may not differ from the superblock's.
        if (bool(flags & MS_RDONLY) != path->sb().is_readonly())
            return Errno::EINVAL;
        return mount_reconfigure(*path, mnt_flags, path->sb().is_readonly());
    }
    if (flags & MS_REMOUNT) {
        // The default atime for remount is preservation.
        if (!(flags & (MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME)))
            mnt_flags = (mnt_flags & ~MNT_ATIME_MASK) | (mount_flags_of(path->sb()) & MNT_ATIME_MASK);
        // do_remount(): the file system's options, then read-only (EBUSY with writers), then the
        // file system takes its new options. Only tmpfs has options to change (size=).
        TmpfsSuperBlock* tmpfs = nullptr;
        TmpfsParams params;
        if (!strcmp(path->sb().type_name(), "tmpfs")) {
            tmpfs = static_cast<TmpfsSuperBlock*>(&path->sb());
            TRY(tmpfs_parse(data, params));
            if (params.max_pages != TMPFS_DEFAULT_LIMIT)
                TRY(tmpfs->pages().check_change(params.max_pages));
            if (params.max_inodes != TMPFS_DEFAULT_LIMIT)
                TRY(tmpfs->inodes().check_change(params.max_inodes));
        } else if (data && *data) {
            return Errno::EINVAL;
        }
        TRY(mount_reconfigure(*path, mnt_flags, flags & MS_RDONLY));
        if (tmpfs && params.max_pages != TMPFS_DEFAULT_LIMIT)
            tmpfs->pages().change(params.max_pages);
        if (tmpfs && params.max_inodes != TMPFS_DEFAULT_LIMIT)
            tmpfs->inodes().change(params.max_inodes);
        return {};
    }
    if (flags & MS_BIND)
        return do_loopback(ctx, path, source);
    if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)) {
        // Every mount is private in Sprout (no propagation): MS_PRIVATE changes nothing.
        // FIXME: shared, slave and unbindable mounts.
        if ((flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)) != MS_PRIVATE || !mount_point_of(*path))
            return Errno::EINVAL;
        return {};
    }
    // FIXME: MS_MOVE.
    if (flags & MS_MOVE)
        return Errno::EINVAL;
    return do_new_mount(path, fstype, flags, mnt_flags, source, data);
}

Result<void> vfs_umount(const VfsContext& ctx, const char* target, u32 flags)
{
    if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
        return Errno::EINVAL;
    auto path = TRY(vfs_lookup(ctx, AT_FDCWD, target, (flags & UMOUNT_NOFOLLOW) ? 0u : unsigned(LOOKUP_FOLLOW)));
    // can_umount(): may_mount() after the lookup.
    if (!ctx.cred.capable())
        return Errno::EPERM;
    return mount_remove(*path, flags);
}
