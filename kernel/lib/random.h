#pragma once
// Kernel random bytes, for AT_RANDOM and getrandom(). A xoshiro256** generator seeded at boot
// from the CPU (RDRAND when present, and the cycle counter). Not a cryptographic RNG.
// FIXME: a real entropy pool before anyone relies on getrandom() for secrets.

#include <lib/types.h>

void random_seed(u64 seed);
void random_bytes(void* buffer, usize size);
u64 random_u64();
