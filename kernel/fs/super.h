#pragma once
// A mounted file system instance (Linux's struct super_block): its device number, inode numbers,
// root directory, and the lock that serialises changes to its directory tree.
//
// NOTE: superblocks live for the rest of the kernel's life once mounted (there is no umount yet),
// so an inode keeps a plain pointer to its superblock.

#include <atomic>
#include <lib/refptr.h>
#include <sched/mutex.h>

class Inode;

class SuperBlock {
public:
    explicit SuperBlock(const char* type_name);
    virtual ~SuperBlock() = default;
    SuperBlock(const SuperBlock&) = delete;
    SuperBlock& operator=(const SuperBlock&) = delete;

    const char* type_name() const { return m_type_name; }
    // st_dev of every inode here: an anonymous device 0:N as Linux's get_anon_bdev() gives
    // memory file systems.
    u64 dev() const { return m_dev; }
    u64 allocate_ino() { return m_next_ino.fetch_add(1, std::memory_order_relaxed); }

    Inode& root() const { return *m_root; }
    void set_root(NonnullRefPtr<Inode> root) { m_root = std::move(root); }

    // NOTE: held across every change to this file system's directory tree (entries, directory
    // link counts, the parent of a directory) and across lookups, which read it. Linux splits this
    // into per-directory i_rwsem plus s_vfs_rename_mutex; one lock per file system keeps rename's
    // "is the target inside the source?" walk trivially safe.
    Mutex& namespace_lock() { return m_namespace_lock; }

private:
    const char* m_type_name;
    u64 m_dev;
    std::atomic<u64> m_next_ino { 1 };
    RefPtr<Inode> m_root;
    Mutex m_namespace_lock;
};
