// mount, umount2 (Linux's fs/namespace.c SYSCALL_DEFINE5(mount), SYSCALL_DEFINE2(umount)): copy
// the strings in, then fs/namespace.cpp.

#include <abi/linux/mount.h>
#include <fs/namespace.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace fs_syscall;

namespace {

// copy_mount_string() and copy_mount_options(): an optional string (null stays null) of at most
// `limit` bytes with its NUL, in a kmalloc'd buffer.
class MountString {
public:
    static Result<MountString> from_user(const char* user, usize limit)
    {
        MountString string;
        if (!user)
            return string;
        string.m_buffer = static_cast<char*>(kmalloc(limit));
        if (!string.m_buffer)
            return Errno::ENOMEM;
        TRY(strncpy_from_user(string.m_buffer, user, limit));
        return string;
    }
    MountString() = default;
    MountString(MountString&& other)
        : m_buffer(other.m_buffer)
    {
        other.m_buffer = nullptr;
    }
    MountString(const MountString&) = delete;
    MountString& operator=(const MountString&) = delete;
    MountString& operator=(MountString&&) = delete;
    ~MountString() { kfree(m_buffer); }
    const char* c_str() const { return m_buffer; }

private:
    char* m_buffer { nullptr };
};

} // namespace

static Result<i64> sys_mount(const char* user_source, const char* user_target, const char* user_type, u64 flags,
    const void* user_data)
{
    auto type = TRY(MountString::from_user(user_type, PAGE_SIZE));
    auto source = TRY(MountString::from_user(user_source, PAGE_SIZE));
    // NOTE: Linux copies a whole page of options whatever their form; every file system here
    // takes a string.
    auto data = TRY(MountString::from_user(static_cast<const char*>(user_data), PAGE_SIZE));
    auto target = TRY(KernelPath::from_user(user_target));
    TRY(vfs_mount(VfsContext::current(), source.c_str(), target.c_str(), type.c_str(), flags, data.c_str()));
    return 0;
}
SYSCALL_DEFINE(mount)

static Result<i64> sys_umount2(const char* user_target, int flags)
{
    // ksys_umount(): the flags are checked before the path is copied.
    if (u32(flags) & ~(linux_abi::MNT_FORCE | linux_abi::MNT_DETACH | linux_abi::MNT_EXPIRE | linux_abi::UMOUNT_NOFOLLOW))
        return Errno::EINVAL;
    auto target = TRY(KernelPath::from_user(user_target));
    TRY(vfs_umount(VfsContext::current(), target.c_str(), u32(flags)));
    return 0;
}
SYSCALL_DEFINE(umount2)
