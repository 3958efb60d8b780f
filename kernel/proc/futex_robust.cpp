// Robust futexes: the locks a dying thread still holds (futex.h, exit_robust_list()). The thread
// keeps the list in its own memory and tells the kernel only where its head is
// (set_robust_list); the kernel reads it once, at the end, and never trusts it: every access may
// fault, the list may be cyclic or garbage, and a bad entry ends the walk.

#include <abi/linux/futex.h>
#include <mm/uaccess.h>
#include <proc/futex.h>
#include <proc/task.h>

using namespace linux_abi;

namespace {

// The lock word at `uaddr` dies with its owner `tid` (Linux's handle_futex_death()). `pending`:
// the entry was being locked or unlocked when the thread died. Returns false to stop the walk.
bool handle_futex_death(AddressSpace& mm, uptr uaddr, i32 tid, bool pi, bool pending)
{
    if (uaddr % sizeof(u32))
        return false;
    auto* word = reinterpret_cast<u32*>(uaddr);
    for (;;) {
        auto value = get_user(word);
        if (value.is_error())
            return false;
        u32 uval = value.value();
        u32 owner = uval & FUTEX_TID_MASK;
        // Died between taking a free lock's slot and writing its tid: a waiter may have been
        // woken for it and gone back to sleep; wake one so that the lock is not lost.
        if (pending && !pi && owner == 0) {
            (void)futex_wake(mm, uaddr, true, 1, FUTEX_BITSET_MATCH_ANY);
            return true;
        }
        if (owner != u32(tid))
            return true;
        u32 died = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
        auto old = cmpxchg_user_u32(word, uval, died);
        if (old.is_error())
            return false;
        if (old.value() != uval)
            continue; // a waiter set FUTEX_WAITERS meanwhile: look again
        // A PI futex's waiters are the PI code's business (Sprout has no PI futexes).
        if (!pi && (uval & FUTEX_WAITERS))
            (void)futex_wake(mm, uaddr, true, 1, FUTEX_BITSET_MATCH_ANY);
        return true;
    }
}

// An entry pointer of the list: the address and the PI bit.
bool fetch_entry(const u64* user, uptr& entry, bool& pi)
{
    auto value = get_user(user);
    if (value.is_error())
        return false;
    entry = uptr(value.value() & ~u64(1));
    pi = value.value() & 1;
    return true;
}

} // namespace

void exit_robust_list(Task& task)
{
    auto* head = static_cast<robust_list_head*>(task.robust_list);
    task.robust_list = nullptr;
    if (!head || !task.mm)
        return;
    AddressSpace& mm = *task.mm;
    uptr entry, pending;
    bool pi, pending_pi;
    if (!fetch_entry(&head->next, entry, pi))
        return;
    auto offset = get_user(&head->futex_offset);
    if (offset.is_error() || !fetch_entry(&head->list_op_pending, pending, pending_pi))
        return;
    for (int limit = ROBUST_LIST_LIMIT; entry != uptr(&head->next) && limit > 0; --limit) {
        // The next entry first: releasing this lock lets another thread unlink it.
        uptr next;
        bool next_pi;
        bool have_next = fetch_entry(reinterpret_cast<const u64*>(entry), next, next_pi);
        // The pending entry is handled last, as such.
        if (entry != pending && !handle_futex_death(mm, entry + uptr(offset.value()), task.tid(), pi, false))
            return;
        if (!have_next)
            return;
        entry = next;
        pi = next_pi;
    }
    if (pending)
        (void)handle_futex_death(mm, pending + uptr(offset.value()), task.tid(), pending_pi, true);
}
