// Setting a file's access and modification times: utimensat, futimesat's modern form (Linux's
// fs/utimes.c). busybox touch creates files through it.

#include <abi/linux/time.h>
#include <fs/super.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace fs_syscall;

namespace {

constexpr i64 UTIME_NOW = (1l << 30) - 1;
constexpr i64 UTIME_OMIT = (1l << 30) - 2;

struct TimesRequest {
    linux_abi::timespec times[2]; // atime, mtime; tv_nsec may be UTIME_NOW or UTIME_OMIT
    bool explicit_times; // some time is given as a value, not "now"
};

Result<void> validate(const linux_abi::timespec& ts)
{
    if (ts.tv_nsec == UTIME_NOW || ts.tv_nsec == UTIME_OMIT)
        return {};
    if (ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
        return Errno::EINVAL;
    return {};
}

// Linux's vfs_utimes(): setting "now" needs ownership or write permission; setting any other
// time needs ownership (or root, CAP_FOWNER).
Result<void> utimes_common(Inode& inode, const TimesRequest& request, const Credentials& cred)
{
    TRY(sb_want_write(inode.sb())); // mnt_want_write(): EROFS first
    bool owner = cred.fsuid == 0 || cred.fsuid == inode.uid();
    if (request.explicit_times && !owner)
        return Errno::EPERM;
    if (!request.explicit_times && !owner)
        TRY(inode_permission(inode, MAY_WRITE, cred));
    Timespec now = current_time();
    auto pick = [&](const linux_abi::timespec& ts, Timespec old) {
        if (ts.tv_nsec == UTIME_NOW)
            return now;
        if (ts.tv_nsec == UTIME_OMIT)
            return old;
        return Timespec { ts.tv_sec, ts.tv_nsec };
    };
    inode.set_times(pick(request.times[0], inode.atime()), pick(request.times[1], inode.mtime()), now);
    return {};
}

} // namespace

static Result<i64> sys_utimensat(int dirfd, const char* user_path, const linux_abi::timespec* user_times, u32 flags)
{
    if (flags & ~(linux_abi::AT_SYMLINK_NOFOLLOW | linux_abi::AT_EMPTY_PATH))
        return Errno::EINVAL;
    TimesRequest request { { { 0, UTIME_NOW }, { 0, UTIME_NOW } }, false };
    if (user_times) {
        TRY(copy_from_user(request.times, user_times, sizeof(request.times)));
        TRY(validate(request.times[0]));
        TRY(validate(request.times[1]));
        // Nothing to change: done before the file is even looked up, as Linux.
        if (request.times[0].tv_nsec == UTIME_OMIT && request.times[1].tv_nsec == UTIME_OMIT)
            return 0;
        for (auto& ts : request.times)
            request.explicit_times |= ts.tv_nsec != UTIME_NOW;
    }
    VfsContext ctx = VfsContext::current();
    // A null path with a descriptor is futimens(): the open file's inode.
    if (!user_path && dirfd != linux_abi::AT_FDCWD) {
        if (flags)
            return Errno::EINVAL;
        auto file = TRY(fget_raw(dirfd));
        TRY(utimes_common(file->inode(), request, ctx.cred));
        return 0;
    }
    auto path = TRY(KernelPath::from_user(user_path));
    unsigned lookup = (flags & linux_abi::AT_SYMLINK_NOFOLLOW) ? 0u : unsigned(LOOKUP_FOLLOW);
    if (flags & linux_abi::AT_EMPTY_PATH)
        lookup |= LOOKUP_EMPTY;
    auto inode = TRY(vfs_lookup(ctx, dirfd, path.c_str(), lookup));
    TRY(utimes_common(*inode, request, ctx.cred));
    return 0;
}
SYSCALL_DEFINE(utimensat)
