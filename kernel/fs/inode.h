#pragma once
// An inode: one file, directory, symbolic link or device, whatever names it has (Linux's struct
// inode, with its inode_operations and file_operations folded into one set of virtual functions).
// File systems derive from it; the defaults below give the errno Linux gives when an inode type
// does not support an operation.
//
// Locking:
//  - m_lock (a Mutex, Linux's i_rwsem) serialises data changes: write, truncate, page-cache
//    population. Readers take it too (simple, and it makes truncate vs read atomic).
//  - Directory structure is guarded by the superblock's namespace_lock() (see super.h).
//  - m_meta_lock (a spinlock) guards the attributes below it; size and nlink are atomics so that
//    mmap's fault path and stat read them without any lock.

#include <abi/linux/stat.h>
#include <atomic>
#include <fs/path.h>
#include <lib/refptr.h>
#include <lib/result.h>
#include <lib/spinlock.h>
#include <mm/page.h>
#include <mm/uaccess.h>
#include <proc/process.h>
#include <sched/mutex.h>

class SuperBlock;
class OpenFile;
class FileName;

struct Timespec {
    i64 sec { 0 };
    i64 nsec { 0 };
};
// The file-system clock: wall-clock time (CLOCK_REALTIME, from the RTC at boot), as Linux's
// current_time() gives.
Timespec current_time();

inline constexpr int MAY_EXEC = 1;
inline constexpr int MAY_WRITE = 2;
inline constexpr int MAY_READ = 4;

// Who creates an inode: its owner and group (Linux's fsuid/fsgid).
struct InodeOwner {
    u32 uid { 0 };
    u32 gid { 0 };
};

// readdir() hands each entry to one of these; emit() returns false when the caller's buffer is
// full (the entry was not consumed).
class DirEmitter {
public:
    virtual bool emit(StringView name, u64 ino, u8 dtype, u64 next_position) = 0;

protected:
    ~DirEmitter() = default;
};

// How lseek() behaves on an inode (Linux picks a different llseek per file type).
enum class SeekKind {
    Generic, // regular files and directories: SEEK_SET/CUR/END on the file position
    AlwaysZero, // /dev/null: every seek succeeds and leaves position 0 (null_lseek)
    NoOp, // /dev/zero: every seek succeeds and changes nothing (noop_llseek)
    NotSeekable, // ttys, pipes: ESPIPE
};

class Inode : public RefCounted<Inode> {
public:
    virtual ~Inode() = default;

    u64 ino() const { return m_ino; }
    SuperBlock& sb() const { return m_sb; }
    u32 mode() const { return m_mode.load(std::memory_order_relaxed); }
    u32 uid() const { return m_uid.load(std::memory_order_relaxed); }
    u32 gid() const { return m_gid.load(std::memory_order_relaxed); }
    u32 nlink() const { return m_nlink.load(std::memory_order_relaxed); }
    u64 size() const { return m_size.load(std::memory_order_acquire); }
    u64 rdev() const { return m_rdev; }
    bool is_directory() const { return linux_abi::S_ISDIR(mode()); }
    bool is_regular() const { return linux_abi::S_ISREG(mode()); }
    bool is_symlink() const { return linux_abi::S_ISLNK(mode()); }
    Timespec atime() const;
    Timespec mtime() const;
    Timespec ctime() const;
    void touch_atime();
    void touch_mtime_ctime(); // contents changed
    void touch_ctime(); // attributes or links changed
    void set_times(Timespec atime, Timespec mtime, Timespec ctime);
    void set_mode_bits(u32 permission_bits); // keeps the type
    void set_owner(u32 uid, u32 gid);
    // Pages of memory charged to this inode, for st_blocks.
    virtual u64 allocated_pages() const { return 0; }

    // Directory operations. `name` is one component, never "." or "..", at most NAME_MAX bytes;
    // the caller holds sb().namespace_lock() and has checked permissions.
    virtual Result<NonnullRefPtr<Inode>> lookup(StringView name);
    virtual Result<NonnullRefPtr<Inode>> create(StringView name, u32 mode, InodeOwner owner);
    virtual Result<NonnullRefPtr<Inode>> mkdir(StringView name, u32 mode, InodeOwner owner);
    virtual Result<NonnullRefPtr<Inode>> symlink(StringView name, StringView target, InodeOwner owner);
    // A FIFO (`mode`'s type S_IFIFO), socket or device node; EPERM where the file system has no
    // such inodes (Linux: no i_op->mknod).
    virtual Result<NonnullRefPtr<Inode>> mknod(StringView name, u32 mode, u64 rdev, InodeOwner owner);
    virtual Result<void> link(StringView name, Inode& target);
    virtual Result<void> unlink(StringView name);
    virtual Result<void> rmdir(StringView name);
    // Rename the entry `old_name` of this directory to `new_name` in `new_dir` (same superblock),
    // with Linux's replace rules; `flags` is 0 or RENAME_NOREPLACE.
    virtual Result<void> rename(StringView old_name, Inode& new_dir, StringView new_name, u32 flags);
    // The directory's parent (itself for a file system's root); ENOENT once removed.
    virtual Result<NonnullRefPtr<Inode>> parent();
    // The name under which `child` is an entry here (for getcwd); ENOENT if it is not one.
    virtual Result<usize> name_of(const Inode& child, char* buffer, usize size);
    // Emit entries from `position` (0 and 1 are "." and ".."); `position` is advanced past every
    // entry emitted. The caller holds no lock.
    virtual Result<void> readdir(u64& position, DirEmitter& emitter);
    // Entries other than "." and "..", for rmdir and rename; the namespace lock is held.
    virtual bool is_empty_directory() const { return true; }

    // A symbolic link's target, copied into `buffer` (not NUL-terminated); EINVAL if not a link.
    virtual Result<usize> readlink(char* buffer, usize size);
    // A magic link (/proc/PID/fd/N, cwd, root: Linux's proc_get_link()): the inode it stands for,
    // which path lookup jumps to instead of reading the text, and the name the file was opened
    // under, if known. Null for an ordinary symlink.
    virtual Result<RefPtr<Inode>> follow_magic_link(RefPtr<FileName>& name)
    {
        (void)name;
        return RefPtr<Inode>();
    }
    // A name for an inode that is in no directory (Linux's d_dname(): "pipe:[ino]",
    // "anon_inode:[pidfd]"), for /proc/PID/fd; 0 when it has none.
    virtual usize anonymous_name(char* buffer, usize size) const
    {
        (void)buffer;
        (void)size;
        return 0;
    }

    // Data. read() and write() move bytes between [offset, offset + size) and the buffer and
    // return how many moved (short at end of file; a fault after some bytes gives the count).
    virtual Result<usize> read(u64 offset, UserOrKernelBuffer buffer, usize size);
    virtual Result<usize> write(u64 offset, UserOrKernelBuffer buffer, usize size);
    // read(2)/write(2) through an open file: devices that depend on the description (the tty:
    // O_NONBLOCK, its job-control checks) override these; the default is read()/write().
    virtual Result<usize> read_file(OpenFile&, u64 offset, UserOrKernelBuffer buffer, usize size)
    {
        return read(offset, buffer, size);
    }
    virtual Result<usize> write_file(OpenFile&, u64 offset, UserOrKernelBuffer buffer, usize size)
    {
        return write(offset, buffer, size);
    }
    // open(2) of this inode with `flags` is about to succeed (Linux's f_op->open): a device may
    // refuse (/dev/tty without a controlling terminal) or act on it (a tty becoming one).
    virtual Result<void> open(u32 flags)
    {
        (void)flags;
        return {};
    }
    // The last reference to an open file of this inode is gone (Linux's f_op->release): a FIFO
    // counts its readers and writers this way. Not called for O_PATH files (never opened).
    virtual void release(const OpenFile& file) { (void)file; }
    // O_APPEND: write at the end, atomically with respect to other writers; stores the new end.
    virtual Result<usize> append(UserOrKernelBuffer buffer, usize size, u64& end_offset);
    virtual Result<void> truncate(u64 size);
    // The page-cache page holding bytes [index * 4096, (index + 1) * 4096), with a reference for
    // the caller (put_page() when done); pages past the end of the file are allocated zeroed, as
    // a mapping needs them. ENODEV for inodes that cannot be mapped.
    virtual Result<PageFrame*> get_page(u64 index);

    virtual SeekKind seek_kind() const { return SeekKind::Generic; }
    // Whether fsync()/fdatasync() apply (Linux: the file_operations have .fsync); memory file
    // systems have nothing to write back, so it is only a yes or no.
    virtual bool supports_fsync() const { return false; }
    virtual bool is_tty() const { return false; }
    // poll() through `file` (Linux's f_op->poll): the POLL* events that hold now. Files that
    // never wait are always readable and writable (DEFAULT_POLLMASK); a pipe's are per end.
    virtual u16 poll(const OpenFile& file) const;
    // Device-specific ioctls; generic ones (FIONBIO, FIOCLEX) are handled before this.
    virtual Result<i64> ioctl(OpenFile& file, u32 request, u64 argument);

protected:
    Inode(SuperBlock& sb, u32 mode, InodeOwner owner, u64 rdev = 0);
    void set_size(u64 size) { m_size.store(size, std::memory_order_release); }
    void set_nlink(u32 nlink) { m_nlink.store(nlink, std::memory_order_relaxed); }
    void inc_nlink() { m_nlink.fetch_add(1, std::memory_order_relaxed); }
    void drop_nlink() { m_nlink.fetch_sub(1, std::memory_order_relaxed); }

    Mutex m_lock;

private:
    Errno missing_directory_op() const { return is_directory() ? Errno::EPERM : Errno::ENOTDIR; }

    SuperBlock& m_sb;
    u64 m_ino;
    u64 m_rdev;
    std::atomic<u32> m_mode;
    std::atomic<u32> m_uid;
    std::atomic<u32> m_gid;
    std::atomic<u32> m_nlink { 1 };
    std::atomic<u64> m_size { 0 };
    mutable Spinlock m_meta_lock;
    Timespec m_atime; // guarded by m_meta_lock
    Timespec m_mtime; // guarded by m_meta_lock
    Timespec m_ctime; // guarded by m_meta_lock

    friend class TmpfsDirectory; // link counts of entries it adds and removes
};

// Linux's generic_permission(): owner, then group, then other bits decide; root (uid 0) may read
// and write anything and search any directory, and may execute a file if any x bit is set.
// EACCES when denied. The two-argument form checks the current process's credentials.
Result<void> inode_permission(Inode& inode, int mask, const Credentials& cred);
Result<void> inode_permission(Inode& inode, int mask);
