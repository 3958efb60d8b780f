#include <lib/list.h>
#include <lib/spinlock.h>
#include <mm/slab.h>
#include <proc/ucount.h>

namespace {

// One user with at least one counted task. Made at its first task, freed with its last.
struct UserCount {
    u32 uid;
    usize tasks;
    ListNode node;
};

// NOTE: guards `users` and every UserCount in it. A leaf lock (taken under tasklist_lock).
Spinlock ucounts_lock;
IntrusiveList<UserCount, &UserCount::node> users;

UserCount* find_locked(u32 uid)
{
    for (UserCount& user : users) {
        if (user.uid == uid)
            return &user;
    }
    return nullptr;
}

} // namespace

Result<NprocCharge> NprocCharge::take(u32 uid)
{
    // Usually the user is counted already (the parent's own task is); a counter is allocated,
    // outside the lock, only for a user's first task.
    UserCount* fresh = nullptr;
    for (;;) {
        {
            SpinlockGuard guard(ucounts_lock);
            UserCount* user = find_locked(uid);
            if (!user && fresh) {
                user = new (fresh) UserCount { uid, 0, {} };
                users.push_back(*user);
                fresh = nullptr;
            }
            if (user) {
                ++user->tasks;
                break;
            }
        }
        fresh = static_cast<UserCount*>(kmalloc(sizeof(UserCount)));
        if (!fresh)
            return Errno::ENOMEM;
    }
    kfree(fresh); // another task made the counter meanwhile (null if not)
    NprocCharge charge;
    charge.m_uid = uid;
    charge.m_held = true;
    return charge;
}

NprocCharge& NprocCharge::operator=(NprocCharge&& other)
{
    if (this != &other) {
        reset();
        m_uid = other.m_uid;
        m_held = other.m_held;
        other.m_held = false;
    }
    return *this;
}

void NprocCharge::reset()
{
    if (!m_held)
        return;
    m_held = false;
    UserCount* gone = nullptr;
    {
        SpinlockGuard guard(ucounts_lock);
        UserCount* user = find_locked(m_uid);
        VERIFY(user && user->tasks > 0);
        if (--user->tasks == 0) {
            users.remove(*user);
            gone = user;
        }
    }
    if (gone) {
        gone->~UserCount();
        kfree(gone);
    }
}

usize nproc_count(u32 uid)
{
    SpinlockGuard guard(ucounts_lock);
    UserCount* user = find_locked(uid);
    return user ? user->tasks : 0;
}
