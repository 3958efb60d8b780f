#pragma once
// A mounted file system instance (Linux's struct super_block): its device number, inode numbers,
// root directory, the lock that serialises changes to its directory tree, and what mount, umount
// and statfs need to know about it (read-only, who still uses it, its statfs numbers).
//
// NOTE: superblocks live for the rest of the kernel's life once made (umount only takes them out
// of the mount table), so an inode keeps a plain pointer to its superblock.

#include <abi/linux/mount.h>
#include <atomic>
#include <lib/refptr.h>
#include <sched/mutex.h>

class Inode;

class SuperBlock {
public:
    // `magic` is statfs's f_type (TMPFS_MAGIC, PROC_SUPER_MAGIC, ...).
    SuperBlock(const char* type_name, u64 magic);
    virtual ~SuperBlock() = default;
    SuperBlock(const SuperBlock&) = delete;
    SuperBlock& operator=(const SuperBlock&) = delete;

    const char* type_name() const { return m_type_name; }
    u64 magic() const { return m_magic; }
    // st_dev of every inode here: an anonymous device 0:N as Linux's get_anon_bdev() gives
    // memory file systems.
    u64 dev() const { return m_dev; }
    u64 allocate_ino() { return m_next_ino.fetch_add(1, std::memory_order_relaxed); }

    Inode& root() const { return *m_root; }
    void set_root(NonnullRefPtr<Inode> root) { m_root = std::move(root); }

    // SB_RDONLY: writes, creates, removals, attribute changes fail with EROFS (sb_permission(),
    // mnt_want_write()). Set by mount(MS_RDONLY) and by a remount.
    bool is_readonly() const { return m_readonly.load(std::memory_order_acquire); }
    void set_readonly(bool readonly) { m_readonly.store(readonly, std::memory_order_release); }

    // Pins: open files and fs contexts (cwd, root) whose inode is here. umount refuses (EBUSY) a
    // pinned file system, which is Linux's rule "busy while anything holds a reference to the
    // mount" with the references Sprout can count (see mount.cpp).
    void pin() { m_pins.fetch_add(1, std::memory_order_relaxed); }
    void unpin() { m_pins.fetch_sub(1, std::memory_order_relaxed); }
    u32 pins() const { return m_pins.load(std::memory_order_relaxed); }
    // Open files with write access to a regular file, directory or link here (Linux's
    // mnt_writers): a remount read-only is EBUSY while there is one.
    void add_writer() { m_writers.fetch_add(1, std::memory_order_relaxed); }
    void drop_writer() { m_writers.fetch_sub(1, std::memory_order_relaxed); }
    u32 writers() const { return m_writers.load(std::memory_order_relaxed); }

    // statfs(): f_type, f_bsize (4096), f_namelen (255), as Linux's simple_statfs(); file systems
    // with space to report add f_blocks & co. The caller zeroes `out` and adds f_flags/f_frsize.
    virtual void statfs(linux_abi::statfs& out) const;
    // The file-system-specific part of a /proc/mounts option list (",size=...,mode=..."), as
    // the super_operations' show_options(); returns its length.
    virtual usize show_options(char*, usize) const { return 0; }

    // NOTE: held across every change to this file system's directory tree (entries, directory
    // link counts, the parent of a directory) and across lookups, which read it. Linux splits this
    // into per-directory i_rwsem plus s_vfs_rename_mutex; one lock per file system keeps rename's
    // "is the target inside the source?" walk trivially safe.
    Mutex& namespace_lock() { return m_namespace_lock; }

private:
    const char* m_type_name;
    u64 m_magic;
    u64 m_dev;
    std::atomic<u64> m_next_ino { 1 };
    std::atomic<bool> m_readonly { false };
    std::atomic<u32> m_pins { 0 };
    std::atomic<u32> m_writers { 0 };
    RefPtr<Inode> m_root;
    Mutex m_namespace_lock;
};

// mnt_want_write(): EROFS if `sb` is read-only; what every change of an inode checks first.
Result<void> sb_want_write(const SuperBlock& sb);
