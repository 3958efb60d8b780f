#pragma once
// struct timespec and struct timeval as the x86_64 system calls take them.

#include <lib/types.h>

namespace linux_abi {

struct timespec {
    i64 tv_sec;
    i64 tv_nsec;
};
static_assert(sizeof(timespec) == 16);

struct timeval {
    i64 tv_sec;
    i64 tv_usec;
};
static_assert(sizeof(timeval) == 16);

} // namespace linux_abi
