// Futexes (Linux's kernel/futex/core.c, waitwake.c, requeue.c): keys, hash buckets, wait, wake
// and requeue. docs/futex.md has the picture; the comments here say where the ordering matters.

#include <abi/linux/futex.h>
#include <arch/cpu.h>
#include <atomic>
#include <fs/inode.h>
#include <lib/assert.h>
#include <mm/address_space.h>
#include <mm/uaccess.h>
#include <proc/futex.h>
#include <proc/process.h>
#include <proc/signal.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <sched/sched.h>
#include <sched/timer.h>
#include <utility>

using namespace linux_abi;

namespace {

// What names one futex (Linux's union futex_key). Two keys are the same futex when kind, object
// and word are equal. The references keep a shared key's object alive (and so its address
// unique) while a waiter or a waker holds the key.
struct FutexKey {
    enum class Kind : u8 {
        Private, // FUTEX_PRIVATE_FLAG: object = address space, word = virtual address
        // A shared futex on private memory: keyed by address space and address too, but never
        // the same futex as a private one there (Linux's FUT_OFF_MMSHARED).
        PrivateMemory,
        // A shared futex on a file's page or a shared anonymous object's page: object = the file
        // or the object, word = the byte offset in it.
        Backing,
    };
    Kind kind { Kind::Private };
    const void* object { nullptr };
    u64 word { 0 };
    RefPtr<Inode> file;
    RefPtr<SharedAnonymousMemory> shared;

    bool matches(const FutexKey& other) const
    {
        return kind == other.kind && object == other.object && word == other.word;
    }
};

struct FutexBucket;

// One sleeping task (Linux's struct futex_q), on the sleeper's own stack.
struct FutexQ {
    Task* task { nullptr };
    FutexKey key;
    u32 bitset { 0 };
    // The bucket whose chain holds this waiter, or null when it is on none: a waker that takes
    // it off stores null last of all (Linux's lock_ptr), after which the waiter may return and
    // this object is gone. A requeue changes it, under both buckets' locks.
    std::atomic<FutexBucket*> bucket { nullptr };
    ListNode node; // in bucket->chain

    FutexQ() = default;
    FutexQ(const FutexQ&) = delete;
    FutexQ& operator=(const FutexQ&) = delete;
    // NOTE: a task leaves futex_wait() only off every bucket; an exiting or killed task cannot be
    // queued (it is not asleep in futex_wait()), so nothing is ever left behind.
    ~FutexQ() { VERIFY(!bucket.load(std::memory_order_relaxed)); }
};

// NOTE: lock guards chain. Lock order: two buckets by address (the lower first); a bucket before
// the run queue (wakers call wake_up_process() under it).
struct FutexBucket {
    Spinlock lock;
    IntrusiveList<FutexQ, &FutexQ::node> chain;
};

constexpr usize FUTEX_HASH_SIZE = 256; // Linux: 256 per CPU
FutexBucket buckets[FUTEX_HASH_SIZE];
std::atomic<usize> queued_waiters;

FutexBucket& futex_hash(const FutexKey& key)
{
    u64 h = u64(uptr(key.object)) ^ (key.word * 0x9e3779b97f4a7c15ull) ^ u64(key.kind);
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return buckets[h % FUTEX_HASH_SIZE];
}

// Linux's get_futex_key(): EINVAL for a misaligned word (checked first), EFAULT outside user
// space or, for a shared futex, where nothing is mapped (or nothing writable, for an operation
// that writes the word).
enum class FutexAccess { Read, Write };
Result<FutexKey> get_futex_key(AddressSpace& mm, uptr uaddr, bool shared, FutexAccess access = FutexAccess::Read)
{
    if (uaddr % sizeof(u32))
        return Errno::EINVAL;
    if (!is_user_range(uaddr, sizeof(u32)))
        return Errno::EFAULT;
    FutexKey key;
    key.object = &mm;
    key.word = uaddr;
    if (!shared)
        return key;
    auto backing = TRY(mm.futex_backing(uaddr, access == FutexAccess::Write));
    if (backing.file) {
        key.object = backing.file.ptr();
        key.file = std::move(backing.file);
    } else if (backing.shared) {
        key.object = backing.shared.ptr();
        key.shared = std::move(backing.shared);
    } else {
        key.kind = FutexKey::Kind::PrivateMemory;
        return key;
    }
    key.kind = FutexKey::Kind::Backing;
    key.word = (backing.page_index << 12) | (uaddr & 0xfff);
    return key;
}

AddressSpace* current_mm() { return current()->mm.ptr(); }

// The word, read under a bucket lock: a fault is not served here (no page comes in under a
// spinlock) but returns EFAULT; the caller drops the lock, faults the page in, and retries
// (Linux's futex_get_value_locked()).
Result<u32> futex_get_value_locked(uptr uaddr)
{
    PagefaultsDisabled no_faults;
    return get_user(reinterpret_cast<const u32*>(uaddr));
}

// Fault the word's page in, without locks: EFAULT if it cannot be.
Result<void> fault_in_futex(uptr uaddr)
{
    TRY(get_user(reinterpret_cast<const u32*>(uaddr)));
    return {};
}

void queue_locked(FutexBucket& hb, FutexQ& q)
{
    hb.chain.push_back(q); // FIFO, as Linux's plist for tasks of one priority
    q.bucket.store(&hb, std::memory_order_relaxed);
    queued_waiters.fetch_add(1, std::memory_order_relaxed);
}

// A waker takes `q` off and wakes its task (Linux's futex_wake_mark()). The task is still there:
// it cannot leave futex_unqueue() while we hold the bucket lock and q->bucket is set.
void wake_futex_locked(FutexBucket& hb, FutexQ& q)
{
    hb.chain.remove(q);
    queued_waiters.fetch_sub(1, std::memory_order_relaxed);
    wake_up_process(*q.task);
    q.bucket.store(nullptr, std::memory_order_release); // the last touch of q
}

// Move a waiter to another futex (Linux's requeue_futex()). NOTE: the old key's references are
// dropped under the locks, but the requeuer holds its own reference to both keys' objects, so
// nothing is freed here.
void requeue_futex_locked(FutexQ& q, FutexBucket& hb1, FutexBucket& hb2, const FutexKey& key2)
{
    if (&hb1 != &hb2) {
        hb1.chain.remove(q);
        hb2.chain.push_back(q);
        q.bucket.store(&hb2, std::memory_order_release);
    }
    q.key = key2;
}

// Make the word's page present and writable, without locks (Linux's fault_in_user_writeable()):
// a compare-and-exchange that cannot change anything (0 for 0) faults as a store would.
Result<void> fault_in_futex_writeable(uptr uaddr)
{
    TRY(cmpxchg_user_u32(reinterpret_cast<u32*>(uaddr), 0, 0));
    return {};
}

// FUTEX_WAKE_OP's operation on the word at `uaddr` (Linux's futex_atomic_op_inuser()), under
// the bucket locks: apply `op` atomically, then compare the old value. Returns the comparison;
// ENOSYS for an unknown operation (nothing written) or comparison (after the write, as Linux);
// EFAULT on a fault, which is not served here.
Result<bool> futex_atomic_op_inuser(u32 encoded_op, uptr uaddr)
{
    u32 op = (encoded_op >> 28) & 7;
    u32 cmp = (encoded_op >> 24) & 15;
    auto sign_extend12 = [](u32 v) { return i32(v << 20) >> 20; };
    i32 oparg = sign_extend12((encoded_op >> 12) & 0xfff);
    i32 cmparg = sign_extend12(encoded_op & 0xfff);
    if (encoded_op & (FUTEX_OP_OPARG_SHIFT << 28)) {
        // Linux masks an out-of-range shift (and logs it) rather than refusing it.
        oparg = i32(1u << (u32(oparg) & 31));
    }
    if (op > FUTEX_OP_XOR)
        return Errno::ENOSYS;
    auto* word = reinterpret_cast<u32*>(uaddr);
    PagefaultsDisabled no_faults;
    u32 old = TRY(get_user(word));
    for (;;) {
        u32 desired = 0;
        switch (op) {
        case FUTEX_OP_SET:
            desired = u32(oparg);
            break;
        case FUTEX_OP_ADD:
            desired = old + u32(oparg);
            break;
        case FUTEX_OP_OR:
            desired = old | u32(oparg);
            break;
        case FUTEX_OP_ANDN:
            desired = old & ~u32(oparg);
            break;
        case FUTEX_OP_XOR:
            desired = old ^ u32(oparg);
            break;
        }
        u32 found = TRY(cmpxchg_user_u32(word, old, desired));
        if (found == old)
            break;
        old = found; // changed under us (another CPU, or a process sharing the page): again
    }
    i32 oldval = i32(old);
    switch (cmp) {
    case FUTEX_OP_CMP_EQ:
        return oldval == cmparg;
    case FUTEX_OP_CMP_NE:
        return oldval != cmparg;
    case FUTEX_OP_CMP_LT:
        return oldval < cmparg;
    case FUTEX_OP_CMP_LE:
        return oldval <= cmparg;
    case FUTEX_OP_CMP_GT:
        return oldval > cmparg;
    case FUTEX_OP_CMP_GE:
        return oldval >= cmparg;
    default:
        return Errno::ENOSYS;
    }
}

// Wake up to `nr_wake` waiters of `key` on `hb` (at least one, as Linux), whose bitset meets
// `bitset`. Returns how many.
int wake_matching_locked(FutexBucket& hb, const FutexKey& key, int nr_wake, u32 bitset)
{
    int woken = 0;
    for (FutexQ* q = hb.chain.first(); q;) {
        FutexQ* next = hb.chain.next(*q);
        if (q->key.matches(key) && (q->bitset & bitset)) {
            wake_futex_locked(hb, *q);
            // NOTE: checked after the first wake, so 0 (or less) still wakes one, as Linux.
            if (++woken >= nr_wake)
                break;
        }
        q = next;
    }
    return woken;
}

// The waiter takes itself off after waking (Linux's futex_unqueue()): true if it was still
// queued (a timeout, a signal or a spurious wake-up), false if a waker took it off (woken).
bool futex_unqueue(FutexQ& q)
{
    for (;;) {
        FutexBucket* hb = q.bucket.load(std::memory_order_acquire);
        if (!hb)
            return false;
        SpinlockGuard guard(hb->lock);
        // A requeue may have moved us to another bucket between the load and the lock.
        if (q.bucket.load(std::memory_order_acquire) != hb)
            continue;
        hb->chain.remove(q);
        queued_waiters.fetch_sub(1, std::memory_order_relaxed);
        q.bucket.store(nullptr, std::memory_order_relaxed);
        return true;
    }
}

// Both buckets locked, in address order, interrupts off (Linux's double_lock_hb()).
class [[nodiscard]] DoubleBucketLock {
public:
    DoubleBucketLock(FutexBucket& a, FutexBucket& b)
        : m_flags(arch::irq_save())
        , m_first(&a < &b ? a : b)
        , m_second(&a < &b ? b : a)
    {
        m_first.lock.lock();
        if (&m_second != &m_first)
            m_second.lock.lock();
    }
    ~DoubleBucketLock()
    {
        if (&m_second != &m_first)
            m_second.lock.unlock();
        m_first.lock.unlock();
        arch::irq_restore(m_flags);
    }
    DoubleBucketLock(const DoubleBucketLock&) = delete;
    DoubleBucketLock& operator=(const DoubleBucketLock&) = delete;

private:
    arch::IrqFlags m_flags;
    FutexBucket& m_first;
    FutexBucket& m_second;
};

// The wait's timeout (Linux's hrtimer_sleeper): a timer on the monotonic clock that marks itself
// fired and wakes the sleeper. Disarmed when the wait ends, however it ends.
class FutexTimeout {
public:
    explicit FutexTimeout(Task& task)
        : m_task(&task)
    {
        m_timer.data = this;
    }
    ~FutexTimeout()
    {
        if (m_armed)
            del_timer(m_timer);
    }
    FutexTimeout(const FutexTimeout&) = delete;
    FutexTimeout& operator=(const FutexTimeout&) = delete;

    void arm(const FutexDeadline& deadline)
    {
        m_timer.expires_ns = monotonic_expiry(deadline);
        m_timer.function = fired_callback;
        m_armed = true;
        add_timer(m_timer);
    }
    bool armed() const { return m_armed; }
    bool fired() const { return m_fired.load(std::memory_order_acquire); }

private:
    // A realtime deadline becomes a monotonic one now. FIXME: a later clock_settime() does not
    // move it (Linux's realtime hrtimers follow the clock); Sprout's wall clock is never set.
    static u64 monotonic_expiry(const FutexDeadline& deadline)
    {
        if (!deadline.realtime)
            return deadline.ns;
        u64 now = ktime_get_ns();
        u64 now_real = ktime_get_real_ns();
        if (deadline.ns <= now_real)
            return now;
        u64 left = deadline.ns - now_real;
        return left > ~0ull - now ? ~0ull : now + left;
    }
    // From the timer interrupt.
    static void fired_callback(Timer& timer)
    {
        auto* self = static_cast<FutexTimeout*>(timer.data);
        self->m_fired.store(true, std::memory_order_release);
        wake_up_process(*self->m_task);
    }

    Timer m_timer;
    Task* m_task { nullptr };
    bool m_armed { false };
    std::atomic<bool> m_fired { false };
};

// Queue `q` on its futex if the word still holds `val` (Linux's futex_wait_setup()). On success
// the task is queued and marked asleep, and every wake from now on finds it.
//
// NOTE: the ordering that loses no wake-up. The waker changes the word and then takes the bucket
// lock; we take the bucket lock and then read the word, and stay on the chain from that read
// until a waker takes us off. So either our read sees the new value (EAGAIN), or the waker,
// coming after our unlock, finds us queued. Marking the task asleep under the same lock means
// a wake between our unlock and schedule() just leaves it runnable.
Result<void> futex_wait_setup(AddressSpace& mm, uptr uaddr, bool shared, u32 val, FutexQ& q)
{
    for (;;) {
        q.key = TRY(get_futex_key(mm, uaddr, shared));
        FutexBucket& hb = futex_hash(q.key);
        {
            SpinlockGuard guard(hb.lock);
            auto value = futex_get_value_locked(uaddr);
            if (!value.is_error()) {
                if (value.value() != val)
                    return Errno::EAGAIN;
                queue_locked(hb, q);
                set_current_state(TaskState::Interruptible);
                return {};
            }
        }
        TRY(fault_in_futex(uaddr));
    }
}

// A signal ends the wait (Linux's futex_wait()): without a timeout ERESTARTSYS, so that it is
// restarted after an SA_RESTART handler or a signal with no handler, and is EINTR otherwise.
// FIXME: Linux restarts a wait with a timeout through a restart block that waits again to the same
// deadline (ERESTART_RESTARTBLOCK); Sprout has no restart blocks, so such a wait restarts (with no
// handler run) with its whole timeout again (ERESTARTNOHAND), and is EINTR after a handler.
Errno futex_interrupted(bool has_timeout) { return has_timeout ? Errno::ERESTARTNOHAND : Errno::ERESTARTSYS; }

} // namespace

Result<i64> futex_wait(uptr uaddr, bool shared, u32 val, const FutexDeadline* deadline, u32 bitset)
{
    if (!bitset)
        return Errno::EINVAL;
    AddressSpace* mm = current_mm();
    if (!mm)
        return Errno::EFAULT;
    Task& task = *current();
    FutexQ q;
    q.task = &task;
    q.bitset = bitset;
    FutexTimeout timeout(task);
    for (;;) {
        TRY(futex_wait_setup(*mm, uaddr, shared, val, q));
        // Armed once queued, as Linux: a word that differs is EAGAIN even past the deadline.
        if (deadline && !timeout.armed())
            timeout.arm(*deadline);
        // A waker or the timer may have come already; then there is nothing to sleep for.
        // A signal already pending is not waited through: the scheduler does not check for it.
        if (q.bucket.load(std::memory_order_acquire) && !timeout.fired() && !signal_pending(task))
            schedule();
        set_current_state(TaskState::Running);
        if (!futex_unqueue(q))
            return 0; // woken
        if (timeout.fired())
            return Errno::ETIMEDOUT;
        if (signal_pending(task))
            return futex_interrupted(deadline != nullptr);
        // Neither woken nor timed out nor signalled: a spurious wake-up (a preemption between
        // setup and schedule() leaves us runnable). Check the word again and wait again.
    }
}

Result<i64> futex_wake(AddressSpace& mm, uptr uaddr, bool shared, int nr_wake, u32 bitset)
{
    if (!bitset)
        return Errno::EINVAL;
    FutexKey key = TRY(get_futex_key(mm, uaddr, shared));
    FutexBucket& hb = futex_hash(key);
    SpinlockGuard guard(hb.lock);
    return wake_matching_locked(hb, key, nr_wake, bitset);
}

Result<i64> futex_requeue(uptr uaddr1, bool shared, uptr uaddr2, int nr_wake, int nr_requeue, const u32* cmpval)
{
    if (nr_wake < 0 || nr_requeue < 0)
        return Errno::EINVAL;
    AddressSpace* mm = current_mm();
    if (!mm)
        return Errno::EFAULT;
    for (;;) {
        FutexKey key1 = TRY(get_futex_key(*mm, uaddr1, shared));
        FutexKey key2 = TRY(get_futex_key(*mm, uaddr2, shared));
        FutexBucket& hb1 = futex_hash(key1);
        FutexBucket& hb2 = futex_hash(key2);
        {
            DoubleBucketLock guard(hb1, hb2);
            // CMP_REQUEUE reads the word under both locks: a waiter about to queue on uaddr1
            // either sees the change that made the caller requeue, or is already queued here.
            bool faulted = false;
            if (cmpval) {
                auto value = futex_get_value_locked(uaddr1);
                if (value.is_error())
                    faulted = true;
                else if (value.value() != *cmpval)
                    return Errno::EAGAIN;
            }
            if (!faulted) {
                // Requeueing to the same futex is allowed (only the PI variant refuses it).
                int count = 0;
                for (FutexQ* q = hb1.chain.first(); q;) {
                    FutexQ* next = hb1.chain.next(*q);
                    if (count - nr_wake >= nr_requeue)
                        break;
                    if (q->key.matches(key1)) {
                        if (++count <= nr_wake)
                            wake_futex_locked(hb1, *q);
                        else
                            requeue_futex_locked(*q, hb1, hb2, key2);
                    }
                    q = next;
                }
                return count;
            }
        }
        TRY(fault_in_futex(uaddr1));
    }
}

Result<i64> futex_wake_op(uptr uaddr1, bool shared, uptr uaddr2, int nr_wake, int nr_wake2, u32 encoded_op)
{
    AddressSpace* mm = current_mm();
    if (!mm)
        return Errno::EFAULT;
    for (;;) {
        FutexKey key1 = TRY(get_futex_key(*mm, uaddr1, shared));
        FutexKey key2 = TRY(get_futex_key(*mm, uaddr2, shared, FutexAccess::Write));
        FutexBucket& hb1 = futex_hash(key1);
        FutexBucket& hb2 = futex_hash(key2);
        {
            DoubleBucketLock guard(hb1, hb2);
            auto compared = futex_atomic_op_inuser(encoded_op, uaddr2);
            if (!compared.is_error()) {
                // NOTE: bitsets are not looked at, as Linux.
                int woken = wake_matching_locked(hb1, key1, nr_wake, FUTEX_BITSET_MATCH_ANY);
                if (compared.value())
                    woken += wake_matching_locked(hb2, key2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
                return woken;
            }
            if (compared.error() != Errno::EFAULT)
                return compared.error();
        }
        TRY(fault_in_futex_writeable(uaddr2));
    }
}

usize futex_waiters() { return queued_waiters.load(std::memory_order_relaxed); }
