// execve() (Linux's fs/exec.c): copy the strings, find a loader for the file (a #! script leads
// to its interpreter, up to 5 levels deep), build the new stack, and only then, at the point of
// no return, replace the process's program.

#include <abi/linux/elf.h>
#include <abi/linux/signal.h>
#include <arch/cpu.h>
#include <arch/user.h>
#include <fs/file_table.h>
#include <fs/vfs.h>
#include <lib/ownptr.h>
#include <lib/random.h>
#include <lib/string.h>
#include <mm/slab.h>
#include <proc/binprm.h>
#include <proc/exec.h>
#include <proc/futex.h>
#include <proc/exit.h>
#include <proc/itimer.h>
#include <proc/process.h>
#include <proc/rusage.h>
#include <proc/signal.h>
#include <proc/task.h>
#include <sched/sched.h>

using namespace elf;
using namespace mman;

namespace {

constexpr uptr STACK_TOP = 0x00007ffffffff000ull; // Linux's STACK_TOP without randomization
constexpr usize ARG_MAX = 32 * PAGE_SIZE; // the least room argv+envp always get
constexpr usize STK_LIM = 8 * 1024 * 1024;
constexpr int MAX_BINFMT_DEPTH = 5; // script -> script -> ...: ELOOP beyond

// Linux's bprm_stack_limits(): strings may take a quarter of the stack limit, at most 3/4 of
// 8 MiB, at least ARG_MAX, minus the pointers that will point at them.
Result<usize> string_limit(u64 stack_rlimit, u32 argc, u32 envc)
{
    usize limit = lib::min(usize(STK_LIM / 4 * 3), usize(stack_rlimit / 4));
    limit = lib::max(limit, ARG_MAX);
    usize pointers = (lib::max(argc, 1u) + usize(envc)) * sizeof(void*);
    if (limit <= pointers)
        return Errno::E2BIG;
    return limit - pointers;
}

// The number of strings in a vector (argv or envp), checking every pointer.
Result<u32> count_strings(ExecVector v)
{
    if (!v.pointers)
        return 0u;
    u32 n = 0;
    for (;; ++n) {
        const char* s;
        if (v.in_user_memory)
            s = TRY(get_user(v.pointers + n));
        else
            s = v.pointers[n];
        if (!s)
            return n;
        if (n >= 0x7fffffff) // MAX_ARG_STRINGS
            return Errno::E2BIG;
    }
}

Result<void> copy_strings(ArgStrings& args, ExecVector v, u32 count, usize limit)
{
    auto scratch_buffer = TRY(KmallocBuffer<char>::create(MAX_ARG_STRLEN));
    char* scratch = scratch_buffer.data();
    for (u32 i = 0; i < count; ++i) {
        usize length;
        if (v.in_user_memory) {
            const char* user_string = TRY(get_user(v.pointers + i));
            auto copied = strncpy_from_user(scratch, user_string, MAX_ARG_STRLEN);
            if (copied.is_error())
                return copied.error() == Errno::ENAMETOOLONG ? Errno::E2BIG : copied.error();
            length = copied.value();
        } else {
            length = strnlen(v.pointers[i], MAX_ARG_STRLEN);
            if (length == MAX_ARG_STRLEN)
                return Errno::E2BIG;
            memcpy(scratch, v.pointers[i], length + 1);
        }
        if (args.size() + length + 1 > limit)
            return Errno::E2BIG;
        TRY(args.append(scratch, length + 1));
    }
    return {};
}

Result<void> read_header(LinuxBinprm& bprm)
{
    memset(bprm.header, 0, sizeof(bprm.header));
    bprm.header_size = TRY(bprm.file->read(0, UserOrKernelBuffer::for_kernel(bprm.header), sizeof(bprm.header)));
    return {};
}

// The new stack, top down: a null word, the path (AT_EXECFN), the envp and argv strings, the
// platform name, 16 random bytes (AT_RANDOM); below, 16-byte aligned: argc, argv[], NULL,
// envp[], NULL, auxv pairs, AT_NULL.
Result<uptr> create_stack(LinuxBinprm& bprm, AddressSpace& mm, const Process& process)
{
    u64 rlimit = process.rlimits[RLIMIT_STACK].soft;
    usize stack_size = lib::align_up(usize(lib::min(rlimit, u64(STK_LIM))), PAGE_SIZE);
    TRY(mm.mmap(STACK_TOP - stack_size, stack_size, PROT_READ | PROT_WRITE,
        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, nullptr, 0));

    uptr p = STACK_TOP - sizeof(void*);
    usize filename_size = strlen(bprm.filename) + 1;
    p -= filename_size;
    uptr execfn = p;
    TRY(mm.write_bytes(execfn, bprm.filename, filename_size));
    p -= bprm.args.size();
    uptr strings = p;
    TRY(mm.write_bytes(strings, bprm.args.data(), bprm.args.size()));
    // The argv strings come first, the envp strings after them.
    mm.arg_start = strings;
    mm.arg_end = strings;
    for (u32 i = 0; i < bprm.args.argc; ++i)
        mm.arg_end += strlen(bprm.args.data() + (mm.arg_end - strings)) + 1;
    const char platform_name[] = "x86_64";
    p -= sizeof(platform_name);
    uptr platform = p;
    TRY(mm.write_bytes(platform, platform_name, sizeof(platform_name)));
    u8 random[16];
    random_bytes(random, sizeof(random));
    p -= sizeof(random);
    uptr random_at = p;
    TRY(mm.write_bytes(random_at, random, sizeof(random)));

    const u64 auxv[][2] = {
        { AT_HWCAP, arch::user_hwcap() },
        { AT_MINSIGSTKSZ, 2048 },
        { AT_PAGESZ, PAGE_SIZE },
        { AT_CLKTCK, 100 }, // USER_HZ
        { AT_PHDR, bprm.phdr },
        { AT_PHENT, sizeof(Elf64_Phdr) },
        { AT_PHNUM, bprm.phnum },
        { AT_BASE, 0 },
        { AT_FLAGS, 0 },
        { AT_ENTRY, bprm.entry },
        { AT_UID, current_cred().uid },
        { AT_EUID, current_cred().euid },
        { AT_GID, current_cred().gid },
        { AT_EGID, current_cred().egid },
        { AT_SECURE, 0 },
        { AT_RANDOM, random_at },
        { AT_HWCAP2, 0 },
        { AT_EXECFN, execfn },
        { AT_PLATFORM, platform },
        { AT_NULL, 0 },
    };
    constexpr usize auxv_words = sizeof(auxv) / sizeof(u64);
    u32 argc = bprm.args.argc, envc = bprm.args.envc;
    usize words = 1 + (argc + 1) + (envc + 1) + auxv_words;
    uptr sp = (p - words * sizeof(u64)) & ~uptr(15);

    auto table_buffer = TRY(KmallocBuffer<u64>::create(words));
    u64* table = table_buffer.data();
    usize w = 0;
    table[w++] = argc;
    uptr s = strings;
    for (u32 i = 0; i < argc + envc; ++i) {
        table[w++] = s;
        s += strlen(bprm.args.data() + (s - strings)) + 1;
        if (i + 1 == argc)
            table[w++] = 0; // the end of argv
    }
    if (argc == 0)
        table[w++] = 0;
    table[w++] = 0; // the end of envp
    memcpy(table + w, auxv, sizeof(auxv));
    TRY(mm.write_bytes(sp, table, words * sizeof(u64)));
    return sp;
}

// exec in a threaded process (Linux's de_thread()): the other threads are killed, and the caller
// waits until it is the only one left. If it was not the leader, it takes over the process's pid,
// which is what the parent and everyone else know the process by.
void de_thread(Task& task)
{
    Process& process = *task.process;
    bool killed = false;
    {
        SpinlockGuard guard(tasklist_lock);
        if (process.live_threads == 1 && task.tid() == process.pid())
            return;
        // Another thread got there first (exit_group, a fatal signal, its own exec): this thread
        // is being killed, and its exec ends with it.
        killed = process.group_exiting || process.group_exec_task;
        if (!killed) {
            process.group_exec_task = &task;
            zap_other_threads_locked(process, task);
        }
    }
    if (killed)
        do_exit(SIGKILL);
    // FIXME: killable, as Linux's de_thread() (which gives up when a fatal signal comes); the
    // other threads already have SIGKILL, so the wait is short.
    process.group_exec_wait.wait_event([&] {
        SpinlockGuard guard(tasklist_lock);
        return process.live_threads == 1;
    });
    SpinlockGuard guard(tasklist_lock);
    process.group_exec_task = nullptr;
    if (task.tid() != process.pid()) {
        task.take_leader_id(process);
        process.zombie_nproc.reset(); // the old leader is released (Linux's release_task() here)
    }
}

// The point of no return (Linux's begin_new_exec() and start_thread()): from here nothing fails.
void begin_new_exec(LinuxBinprm& bprm, uptr stack_pointer)
{
    Task& task = *current();
    Process& process = *task.process;
    de_thread(task);
    // Handlers back to SIG_DFL (ignored ones stay ignored), no alternate stack; the blocked mask
    // and pending signals carry over (Linux's unshare_sighand() and flush_signal_handlers()).
    exec_flush_signals(task, bprm.sighand);
    // POSIX timers go; interval timers stay (Linux's begin_new_exec(): exit_itimers()).
    exit_posix_timers(process);
    if (bprm.files)
        task.files = bprm.files;
    if (task.files)
        task.files->close_on_exec();
    RefPtr<AddressSpace> old = task.mm;
    // The old program's robust locks die with it (exec_mm_release()); its memory is still the
    // current address space.
    exit_robust_list(task);
    if (old) {
        mm_release(task, *old);
        account_mm_maxrss(process, *old); // its peak stays in ru_maxrss (Linux's exec_mmap())
    }
    task.mm = bprm.mm;
    task.mm->activate();
    old = nullptr; // the old program's memory goes now (or, after vfork, goes back to the parent)
    task.mm->set_brk_start(bprm.brk);

    const char* name = bprm.filename;
    for (const char* c = bprm.filename; *c; ++c) {
        if (*c == '/')
            name = c + 1;
    }
    memset(process.comm, 0, sizeof(process.comm));
    memcpy(process.comm, name, lib::min(strlen(name), sizeof(process.comm) - 1));
    {
        // Its parent may no longer move it to another process group (setpgid()'s EACCES).
        SpinlockGuard guard(tasklist_lock);
        process.fork_no_exec = false;
        // The saved and fs ids become the effective ones (Linux's cap_bprm_creds_from_file()).
        // FIXME: set-user-ID and set-group-ID files do not change the effective ids yet.
        Credentials& cred = task.creds;
        cred.suid = cred.fsuid = cred.euid;
        cred.sgid = cred.fsgid = cred.egid;
    }

    arch::set_tls_base(task.context, 0);
    arch::init_fpu_state(task.context);
    arch::start_user_thread(arch::user_registers(task.kernel_stack_top()), bprm.entry, stack_pointer);
}

} // namespace

ArgStrings::~ArgStrings() { kfree(m_buffer); }

Result<void> ArgStrings::append(const char* string, usize length)
{
    if (m_size + length > m_capacity) {
        usize capacity = lib::max(m_capacity * 2, usize(4096));
        while (capacity < m_size + length)
            capacity *= 2;
        char* bigger = static_cast<char*>(kmalloc(capacity));
        if (!bigger)
            return Errno::ENOMEM;
        if (m_buffer)
            memcpy(bigger, m_buffer, m_size);
        kfree(m_buffer);
        m_buffer = bigger;
        m_capacity = capacity;
    }
    memcpy(m_buffer + m_size, string, length);
    m_size += length;
    return {};
}

usize ArgStrings::end_of(u32 index) const
{
    usize offset = 0;
    for (u32 i = 0; i <= index; ++i)
        offset += strlen(m_buffer + offset) + 1;
    return offset;
}

void ArgStrings::swap(ArgStrings& other)
{
    auto exchange = [](auto& a, auto& b) {
        auto t = a;
        a = b;
        b = t;
    };
    exchange(m_buffer, other.m_buffer);
    exchange(m_size, other.m_size);
    exchange(m_capacity, other.m_capacity);
    exchange(argc, other.argc);
    exchange(envc, other.envc);
}

Result<void> do_execve(const char* path, ExecVector argv, ExecVector envp)
{
    Process& process = current_process();
    // A set*id() call moved this task to a user over RLIMIT_NPROC (Linux defers that failure to
    // here, because too many programs do not check setuid()'s result): refused while the user is
    // still over the limit; once under it, no longer asked.
    Task& task = *current();
    if (task.nproc_exceeded && nproc_over_limit(task.creds.uid, process.rlimits[RLIMIT_NPROC].soft))
        return Errno::EAGAIN;
    task.nproc_exceeded = false;
    auto* bprm = new (std::nothrow) LinuxBinprm; // 8 KiB of paths: not for the kernel stack
    if (!bprm)
        return Errno::ENOMEM;
    OwnPtr<LinuxBinprm> own_bprm = adopt_own_if_nonnull(bprm);

    usize path_length = strnlen(path, EXEC_PATH_MAX);
    if (path_length == EXEC_PATH_MAX)
        return Errno::ENAMETOOLONG;
    memcpy(bprm->filename, path, path_length + 1);
    memcpy(bprm->interp, path, path_length + 1);
    bprm->file = TRY(open_exec(path, &bprm->file_name));

    u32 argc = TRY(count_strings(argv));
    u32 envc = TRY(count_strings(envp));
    bprm->string_limit = TRY(string_limit(process.rlimits[RLIMIT_STACK].soft, argc, envc));
    // The path (AT_EXECFN) lies in the same area as the strings and counts against it.
    if (path_length + 1 > bprm->string_limit)
        return Errno::E2BIG;
    TRY(copy_strings(bprm->args, argv, argc, bprm->string_limit - path_length - 1));
    TRY(copy_strings(bprm->args, envp, envc, bprm->string_limit - path_length - 1));
    bprm->args.argc = argc;
    bprm->args.envc = envc;

    // Find a loader; a script hands over to its interpreter and we go round again.
    for (int depth = 0;; ++depth) {
        if (depth > MAX_BINFMT_DEPTH)
            return Errno::ELOOP;
        if (!bprm->file)
            bprm->file = TRY(open_exec(bprm->interp, &bprm->file_name));
        TRY(read_header(*bprm));
        auto script = load_script(*bprm);
        if (!script.is_error())
            continue;
        if (script.error() != Errno::ENOEXEC)
            return script.error();
        TRY(load_elf(*bprm));
        break;
    }

    uptr sp = TRY(create_stack(*bprm, *bprm->mm, process));
    // Allocated before the point of no return, where Linux's begin_new_exec() may still fail.
    if (Task& task = *current(); task.files && task.files->ref_count() > 1)
        bprm->files = TRY(task.files->clone());
    // /proc/self/exe: the loaded file's path, made absolute against the cwd.
    // FIXME: Linux gives the canonical path (d_path): no "..", no symlinks.
    char exe[sizeof(process.exe_path)];
    usize length = 0;
    if (bprm->interp[0] != '/') {
        auto cwd = vfs_getcwd(VfsContext::current(), exe, sizeof(exe));
        length = cwd.is_error() ? 0 : cwd.value() - 1;
        if (length > 1 && length + 1 < sizeof(exe))
            exe[length++] = '/';
    }
    usize n = lib::min(strlen(bprm->interp), sizeof(exe) - 1 - length);
    memcpy(exe + length, bprm->interp, n);
    exe[length + n] = 0;
    if (Task& task = *current(); task.sighand && task.sighand->ref_count() > 1)
        bprm->sighand = TRY(task.sighand->clone());
    begin_new_exec(*bprm, sp);
    memcpy(process.exe_path, exe, length + n + 1);
    return {};
}
