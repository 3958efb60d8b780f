// Who is this system, and per-process settings: uname, sethostname, setdomainname (proc/utsname.cpp), resource limits (proc/rlimit.cpp), arch_prctl,
// getrandom.

#include <arch/cpu.h>
#include <arch/user.h>
#include <lib/random.h>
#include <lib/string.h>
#include <mm/uaccess.h>
#include <proc/process.h>
#include <proc/rlimit.h>
#include <proc/task.h>
#include <proc/utsname.h>
#include <sched/sched.h>
#include <syscall/syscall.h>

static Result<i64> sys_uname(Utsname* user_buf)
{
    Utsname u = utsname();
    TRY(copy_to_user(user_buf, &u, sizeof(u)));
    return 0;
}
SYSCALL_DEFINE(uname)

// Linux's kernel/sys.c: EPERM without CAP_SYS_ADMIN, then EINVAL for a length outside
// [0, 64], then EFAULT.
template<void (*set)(const char*, usize)>
Result<i64> set_uts_name(const char* user_name, int length)
{
    if (!current_cred().capable())
        return Errno::EPERM;
    if (length < 0 || usize(length) > NEW_UTS_LEN)
        return Errno::EINVAL;
    char name[NEW_UTS_LEN];
    TRY(copy_from_user(name, user_name, usize(length)));
    set(name, usize(length));
    return 0;
}

static Result<i64> sys_sethostname(const char* user_name, int length)
{
    return set_uts_name<set_hostname>(user_name, length);
}
SYSCALL_DEFINE(sethostname)

static Result<i64> sys_setdomainname(const char* user_name, int length)
{
    return set_uts_name<set_domainname>(user_name, length);
}
SYSCALL_DEFINE(setdomainname)

// struct rlimit and struct rlimit64 are the same on x86_64: two u64s.
static_assert(sizeof(ResourceLimit) == 16);

// Linux's order of checks: the new limit is copied in first (EFAULT), then the target is found
// (ESRCH) and checked (EPERM), then the limit (EINVAL, EPERM); the old one is copied out last,
// after the new one is in force.
static Result<i64> sys_prlimit64(i32 pid, unsigned resource, const ResourceLimit* user_new, ResourceLimit* user_old)
{
    ResourceLimit fresh {}, old {};
    if (user_new)
        fresh = TRY(get_user(user_new));
    RefPtr<Process> target = pid ? find_process(pid) : RefPtr<Process>(&current_process());
    if (!target)
        return Errno::ESRCH;
    TRY(check_prlimit_permission(*target));
    TRY(do_prlimit(*target, resource, user_new ? &fresh : nullptr, user_old ? &old : nullptr));
    if (user_old)
        TRY(put_user(user_old, old));
    return 0;
}
SYSCALL_DEFINE(prlimit64)

static Result<i64> sys_getrlimit(unsigned resource, ResourceLimit* user_old)
{
    ResourceLimit old;
    TRY(do_prlimit(current_process(), resource, nullptr, &old));
    TRY(put_user(user_old, old));
    return 0;
}
SYSCALL_DEFINE(getrlimit)

static Result<i64> sys_setrlimit(unsigned resource, const ResourceLimit* user_new)
{
    ResourceLimit fresh = TRY(get_user(user_new));
    TRY(do_prlimit(current_process(), resource, &fresh, nullptr));
    return 0;
}
SYSCALL_DEFINE(setrlimit)

static Result<i64> sys_arch_prctl(int code, u64 address)
{
    constexpr int ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004;
    Task& task = *current();
    switch (code) {
    case ARCH_SET_FS:
        if (address >= 0x00007ffffffff000ull) // TASK_SIZE_MAX: a base in the kernel half is refused
            return Errno::EPERM;
        arch::set_tls_base(task.context, address);
        return 0;
    case ARCH_GET_FS:
        TRY(put_user(reinterpret_cast<u64*>(address), task.context.tls_base));
        return 0;
    case ARCH_SET_GS:
    case ARCH_GET_GS:
        return Errno::EINVAL; // FIXME: a user GS base; no libc we run uses it
    default:
        return Errno::EINVAL;
    }
}
SYSCALL_DEFINE(arch_prctl)

static Result<i64> sys_getrandom(u8* user_buf, usize count, unsigned flags)
{
    constexpr unsigned GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;
    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return Errno::EINVAL;
    if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
        return Errno::EINVAL;
    count = lib::min(count, usize(0x1ffffff)); // Linux's MAX_RW_COUNT-like cap per call
    u8 chunk[256];
    usize done = 0;
    while (done < count) {
        usize n = lib::min(count - done, sizeof(chunk));
        random_bytes(chunk, n);
        TRY(copy_to_user(user_buf + done, chunk, n));
        done += n;
    }
    return i64(done);
}
SYSCALL_DEFINE(getrandom)
