#pragma once
// tmpfs (Linux's shmem/ramfs): a file system that lives entirely in memory. Regular files keep
// their data in page-cache pages (page_cache.h); directories are lists of named references to
// inodes, so hard links are simply two entries naming one inode and an unlinked file stays alive
// as long as someone (an open file, a mapping) holds a reference.

#include <fs/inode.h>
#include <fs/page_cache.h>
#include <fs/pipe.h>
#include <fs/super.h>
#include <lib/list.h>

// A limit given as "the default" (not shown by /proc/mounts).
inline constexpr u64 TMPFS_DEFAULT_LIMIT = ~u64(0);

// One of a tmpfs's limits (pages, inodes) and what is charged against it. A limit of 0 means
// none (size=0, nr_inodes=0).
class TmpfsLimit {
public:
    // `limit` TMPFS_DEFAULT_LIMIT: `default_limit`, and not "given".
    TmpfsLimit(u64 limit, u64 default_limit);
    // One more unit: false (ENOSPC) when the limit is reached.
    bool try_charge();
    void uncharge(u64 count) { m_used.fetch_sub(count, std::memory_order_relaxed); }
    u64 used() const { return m_used.load(std::memory_order_relaxed); }
    u64 limit() const { return m_limit.load(std::memory_order_relaxed); }
    bool given() const { return m_given.load(std::memory_order_relaxed); }
    // shmem_reconfigure(): EINVAL to limit what had no limit, or below what is in use.
    Result<void> check_change(u64 limit) const;
    void change(u64 limit);

private:
    std::atomic<u64> m_limit;
    std::atomic<bool> m_given;
    std::atomic<u64> m_used { 0 };
};

// A tmpfs instance (Linux's shmem_sb_info): its size limit and the pages its files hold, its inode
// limit and the inodes (and extra hard links) it holds, which statfs reports, and the options it
// was mounted with.
class TmpfsSuperBlock final : public SuperBlock {
public:
    // Limits as TmpfsLimit takes them; the defaults are half of RAM, in pages and in inodes
    // (shmem_default_max_blocks(), shmem_default_max_inodes()). root_mode as given at mount
    // (mode= is shown unless it is 1777).
    TmpfsSuperBlock(u64 max_pages, u64 max_inodes, u32 root_mode, InodeOwner owner);

    // inode32 (shown instead of inode64). NOTE: inode numbers are handed out from 1 up, so they
    // fit in 32 bits long before this would need to do anything (Linux: wrap at 2^32).
    void set_inode32(bool inode32) { m_inode32 = inode32; }

    TmpfsLimit& pages() { return m_pages; }
    TmpfsLimit& inodes() { return m_inodes; }

    void statfs(linux_abi::statfs& out) const override;
    usize show_options(char* buffer, usize size) const override;

private:
    TmpfsLimit m_pages;
    TmpfsLimit m_inodes;
    u32 m_root_mode;
    InodeOwner m_owner;
    bool m_inode32 { false }; // set once, before the file system is mounted
};

// The tmpfs superblock of an inode of a tmpfs.
inline TmpfsSuperBlock& tmpfs_sb(const Inode& inode) { return static_cast<TmpfsSuperBlock&>(inode.sb()); }

struct TmpfsDirEntry {
    NonnullRefPtr<Inode> inode;
    char* name; // kmalloc'd, NUL-terminated
    u16 name_length;
    u64 index; // readdir position - 2; increases in list order
    ListNode node;

    StringView name_view() const { return StringView(name, name_length); }
};

class TmpfsDirectory final : public Inode {
public:
    // `parent` null makes a root directory (its own parent).
    TmpfsDirectory(SuperBlock& sb, u32 mode, InodeOwner owner, TmpfsDirectory* parent);
    ~TmpfsDirectory() override;

    Result<NonnullRefPtr<Inode>> lookup(StringView name) override;
    Result<NonnullRefPtr<Inode>> create(StringView name, u32 mode, InodeOwner owner) override;
    Result<NonnullRefPtr<Inode>> mkdir(StringView name, u32 mode, InodeOwner owner) override;
    Result<NonnullRefPtr<Inode>> symlink(StringView name, StringView target, InodeOwner owner) override;
    Result<NonnullRefPtr<Inode>> mknod(StringView name, u32 mode, u64 rdev, InodeOwner owner) override;
    Result<void> link(StringView name, Inode& target) override;
    Result<void> unlink(StringView name) override;
    Result<void> rmdir(StringView name) override;
    Result<void> rename(StringView old_name, Inode& new_dir, StringView new_name, u32 flags) override;
    Result<NonnullRefPtr<Inode>> parent() override;
    Result<usize> name_of(const Inode& child, char* buffer, usize size) override;
    Result<void> readdir(u64& position, DirEmitter& emitter) override;
    bool is_empty_directory() const override { return m_entries.is_empty(); }
    bool supports_fsync() const override { return true; } // simple_dir_operations' noop_fsync

    // Adds a freshly made inode (nlink already 1) under `name`: how device nodes enter /dev.
    // FIXME: device nodes are not charged against the inode limit.
    Result<void> insert_new(StringView name, NonnullRefPtr<Inode> inode);

private:
    TmpfsDirEntry* find(StringView name);
    Result<void> insert(StringView name, NonnullRefPtr<Inode> inode);
    void remove(TmpfsDirEntry& entry); // unlinks and frees the entry (drops its reference)
    InodeOwner owner_for_new(InodeOwner owner, u32& mode) const;
    Result<void> reserve_inode(); // one more inode (or name) against the file system's limit
    void assert_locked() const;

    // NOTE: guarded by sb().namespace_lock().
    IntrusiveList<TmpfsDirEntry, &TmpfsDirEntry::node> m_entries;
    // The directory holding our entry: valid while we are linked there (a directory cannot be
    // removed while it has entries, so it cannot die under us). Self for the root, null once we
    // are removed.
    TmpfsDirectory* m_parent;
    // Once removed, ".." still leads where it led (Linux keeps d_parent): held by reference,
    // since nothing else keeps that directory alive for us any more.
    RefPtr<Inode> m_removed_from;
    u64 m_next_index { 0 };
};

class TmpfsFile final : public Inode {
public:
    TmpfsFile(SuperBlock& sb, u32 mode, InodeOwner owner);
    ~TmpfsFile() override;

    Result<usize> read(u64 offset, UserOrKernelBuffer buffer, usize size) override;
    Result<usize> write(u64 offset, UserOrKernelBuffer buffer, usize size) override;
    Result<usize> append(UserOrKernelBuffer buffer, usize size, u64& end_offset) override;
    Result<void> truncate(u64 size) override;
    Result<PageFrame*> get_page(u64 index) override;
    u64 allocated_pages() const override { return m_pages.nr_pages(); }
    bool supports_fsync() const override { return true; } // shmem's noop_fsync

private:
    Result<usize> write_locked(u64 offset, UserOrKernelBuffer buffer, usize size);
    // The page at `index`, charged to the file system if it is new (ENOSPC when full).
    Result<PageFrame*> find_or_create_charged(u64 index);

    PageCache m_pages; // guarded by m_lock
};

// A FIFO in a tmpfs: a pipe inode charged against the inode limit.
class TmpfsFifo final : public PipeInode {
public:
    TmpfsFifo(SuperBlock& sb, u32 mode, InodeOwner owner)
        : PipeInode(sb, mode, owner, false)
    {
    }
    ~TmpfsFifo() override;
};

class TmpfsSymlink final : public Inode {
public:
    TmpfsSymlink(SuperBlock& sb, InodeOwner owner, char* target, usize length);
    ~TmpfsSymlink() override;
    Result<usize> readlink(char* buffer, usize size) override;

private:
    char* m_target; // kmalloc'd, immutable
};

// A new tmpfs instance whose root directory has `root_mode` (permission bits) and `owner`;
// limits as for TmpfsSuperBlock. Superblocks are never freed (see super.h).
Result<SuperBlock*> tmpfs_create(
    u32 root_mode, InodeOwner owner = {}, u64 max_pages = TMPFS_DEFAULT_LIMIT, u64 max_inodes = TMPFS_DEFAULT_LIMIT);
