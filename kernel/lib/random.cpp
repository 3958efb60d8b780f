#include <lib/random.h>
#include <lib/spinlock.h>
#include <lib/string.h>

namespace {

Spinlock random_lock;
u64 state[4] = { 0x9e3779b97f4a7c15ull, 0xbf58476d1ce4e5b9ull, 0x94d049bb133111ebull, 0x2545f4914f6cdd1dull };

u64 rotl(u64 x, int k) { return (x << k) | (x >> (64 - k)); }

u64 next_locked()
{
    u64 result = rotl(state[1] * 5, 7) * 9;
    u64 t = state[1] << 17;
    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = rotl(state[3], 45);
    return result;
}

} // namespace

void random_seed(u64 seed)
{
    SpinlockGuard guard(random_lock);
    // splitmix64 spreads one seed over the whole state.
    for (auto& word : state) {
        seed += 0x9e3779b97f4a7c15ull;
        u64 z = seed;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        word = z ^ (z >> 31);
    }
}

u64 random_u64()
{
    SpinlockGuard guard(random_lock);
    return next_locked();
}

void random_bytes(void* buffer, usize size)
{
    auto* out = static_cast<u8*>(buffer);
    SpinlockGuard guard(random_lock);
    while (size) {
        u64 word = next_locked();
        usize n = lib::min(size, sizeof(word));
        memcpy(out, &word, n);
        out += n;
        size -= n;
    }
}
