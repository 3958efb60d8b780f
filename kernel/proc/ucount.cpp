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
    // Allocated outside the lock, used only if the user has no counter yet.
    auto* fresh = static_cast<UserCount*>(kmalloc(sizeof(UserCount)));
    bool counted = false;
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
            counted = true;
        }
    }
    kfree(fresh); // not needed after all (null if it was)
    if (!counted)
        return Errno::ENOMEM;
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
