#pragma once
// A process's place in the file tree (Linux's fs_struct): its root, its working directory and its
// umask. Reference-counted so that CLONE_FS can share it; fork() takes a copy with clone().
//
// NOTE: m_lock guards all three fields; readers take references under it and use them after.

#include <fs/inode.h>
#include <fs/super.h>
#include <lib/refptr.h>
#include <lib/spinlock.h>

class FsContext : public RefCounted<FsContext> {
public:
    // root = cwd = the root file system's root, umask 022: what PID 1 starts with.
    static Result<NonnullRefPtr<FsContext>> create();
    Result<NonnullRefPtr<FsContext>> clone() const;

    NonnullRefPtr<Inode> root() const;
    NonnullRefPtr<Inode> cwd() const;
    void set_cwd(NonnullRefPtr<Inode> cwd);
    void set_root(NonnullRefPtr<Inode> root);
    u32 umask() const;
    u32 exchange_umask(u32 mask); // returns the old one

    FsContext(NonnullRefPtr<Inode> root, NonnullRefPtr<Inode> cwd, u32 umask);
    ~FsContext();

private:
    mutable Spinlock m_lock;
    NonnullRefPtr<Inode> m_root;
    NonnullRefPtr<Inode> m_cwd;
    u32 m_umask;
};
