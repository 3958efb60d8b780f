#pragma once
// Per-user task counts for RLIMIT_NPROC (Linux's ucounts, kernel/ucount.c, UCOUNT_RLIMIT_NPROC).
// Every user task holds one NprocCharge for its real uid from fork (copy_creds()) until it is
// released: a thread at its exit, a process's leader when its zombie is reaped (release_task()).
// A setuid that changes the real uid moves the charge to the new user (commit_creds()).

#include <lib/result.h>
#include <lib/types.h>

// One counted task of user `uid`: counts while it lives, stops counting when destroyed or reset.
class NprocCharge {
public:
    NprocCharge() = default;
    // ENOMEM if the user's counter cannot be made.
    static Result<NprocCharge> take(u32 uid);
    NprocCharge(NprocCharge&& other)
        : m_uid(other.m_uid)
        , m_held(other.m_held)
    {
        other.m_held = false;
    }
    NprocCharge& operator=(NprocCharge&& other);
    NprocCharge(const NprocCharge&) = delete;
    NprocCharge& operator=(const NprocCharge&) = delete;
    ~NprocCharge() { reset(); }

    void reset(); // stop counting (release_task())
    bool held() const { return m_held; }

private:
    u32 m_uid { 0 };
    bool m_held { false };
};

// How many tasks of user `uid` count now (zombies included, until reaped).
usize nproc_count(u32 uid);
// Linux's is_rlimit_overlimit() for RLIMIT_NPROC: more than `limit` tasks.
inline bool nproc_over_limit(u32 uid, u64 limit) { return nproc_count(uid) > limit; }
