#pragma once

#include <stddef.h>

// The C memory and string functions the compiler may call on its own (struct copies, zeroing)
// and kernel code uses directly. The kernel defines them in lib/string.cpp.
//
// Hosted builds (the unit tests) use the C library's: its C++ declarations of strchr are
// const-overloaded, which an extern "C" declaration here could not match.

#if __STDC_HOSTED__
#include <string.h>
#else
extern "C" {
void* memcpy(void* __restrict destination, void const* __restrict source, size_t count) noexcept;
void* memmove(void* destination, void const* source, size_t count) noexcept;
void* memset(void* destination, int value, size_t count) noexcept;
int memcmp(void const* a, void const* b, size_t count) noexcept;
size_t strlen(char const* string) noexcept;
size_t strnlen(char const* string, size_t max_length) noexcept;
int strcmp(char const* a, char const* b) noexcept;
int strncmp(char const* a, char const* b, size_t count) noexcept;
char* strchr(char const* string, int character) noexcept;
}
#endif
