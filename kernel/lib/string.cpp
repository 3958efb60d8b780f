// Kernel definitions of the C memory/string functions declared in lib/string.h. Not built into the
// host tests, which use the C library's.
//
// NOTE: these must never be compiled into calls to themselves. The kernel build passes
// -ffreestanding -fno-builtin, which stops Clang from recognising the loops below as memcpy/memset;
// GCC still does so at -O2 (-ftree-loop-distribute-patterns), hence the attribute.

#include <lib/string.h>
#include <lib/types.h>

#if defined(__GNUC__) && !defined(__clang__)
#define SPROUT_NO_LOOP_IDIOMS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define SPROUT_NO_LOOP_IDIOMS
#endif

namespace {

// Word accesses to memory of any type: may_alias opts out of strict-aliasing assumptions.
using Word = u64 __attribute__((may_alias));
constexpr usize word_size = sizeof(Word);

bool is_word_aligned(void const* pointer) { return (reinterpret_cast<uptr>(pointer) & (word_size - 1)) == 0; }

// Byte-wise until both pointers are word aligned (possible only if they agree modulo the word
// size), then word-wise, then the tail byte-wise.
SPROUT_NO_LOOP_IDIOMS void copy_forward(u8* destination, u8 const* source, usize count)
{
    if (((reinterpret_cast<uptr>(destination) ^ reinterpret_cast<uptr>(source)) & (word_size - 1)) == 0) {
        while (count > 0 && !is_word_aligned(destination)) {
            *destination++ = *source++;
            --count;
        }
        while (count >= word_size) {
            *reinterpret_cast<Word*>(destination) = *reinterpret_cast<Word const*>(source);
            destination += word_size;
            source += word_size;
            count -= word_size;
        }
    }
    while (count > 0) {
        *destination++ = *source++;
        --count;
    }
}

// The mirror image of copy_forward, from the end down, for overlapping moves to higher addresses.
SPROUT_NO_LOOP_IDIOMS void copy_backward(u8* destination, u8 const* source, usize count)
{
    destination += count;
    source += count;
    if (((reinterpret_cast<uptr>(destination) ^ reinterpret_cast<uptr>(source)) & (word_size - 1)) == 0) {
        while (count > 0 && !is_word_aligned(destination)) {
            *--destination = *--source;
            --count;
        }
        while (count >= word_size) {
            destination -= word_size;
            source -= word_size;
            *reinterpret_cast<Word*>(destination) = *reinterpret_cast<Word const*>(source);
            count -= word_size;
        }
    }
    while (count > 0) {
        *--destination = *--source;
        --count;
    }
}

} // namespace

extern "C" {

SPROUT_NO_LOOP_IDIOMS void* memcpy(void* __restrict destination, void const* __restrict source, size_t count) noexcept
{
    copy_forward(static_cast<u8*>(destination), static_cast<u8 const*>(source), count);
    return destination;
}

SPROUT_NO_LOOP_IDIOMS void* memmove(void* destination, void const* source, size_t count) noexcept
{
    auto* d = static_cast<u8*>(destination);
    auto const* s = static_cast<u8 const*>(source);
    // Copying forward is safe unless the destination starts inside the source.
    if (reinterpret_cast<uptr>(d) - reinterpret_cast<uptr>(s) >= count)
        copy_forward(d, s, count);
    else
        copy_backward(d, s, count);
    return destination;
}

SPROUT_NO_LOOP_IDIOMS void* memset(void* destination, int value, size_t count) noexcept
{
    auto* d = static_cast<u8*>(destination);
    u8 byte = static_cast<u8>(value);
    while (count > 0 && !is_word_aligned(d)) {
        *d++ = byte;
        --count;
    }
    u64 pattern = 0x0101010101010101ull * byte;
    while (count >= word_size) {
        *reinterpret_cast<Word*>(d) = pattern;
        d += word_size;
        count -= word_size;
    }
    while (count > 0) {
        *d++ = byte;
        --count;
    }
    return destination;
}

int memcmp(void const* a, void const* b, size_t count) noexcept
{
    auto const* x = static_cast<u8 const*>(a);
    auto const* y = static_cast<u8 const*>(b);
    for (usize i = 0; i < count; ++i) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

size_t strlen(char const* string) noexcept
{
    usize length = 0;
    while (string[length])
        ++length;
    return length;
}

size_t strnlen(char const* string, size_t max_length) noexcept
{
    usize length = 0;
    while (length < max_length && string[length])
        ++length;
    return length;
}

// C compares the characters as unsigned char.
int strcmp(char const* a, char const* b) noexcept
{
    auto const* x = reinterpret_cast<u8 const*>(a);
    auto const* y = reinterpret_cast<u8 const*>(b);
    while (*x && *x == *y) {
        ++x;
        ++y;
    }
    return *x < *y ? -1 : (*x > *y ? 1 : 0);
}

int strncmp(char const* a, char const* b, size_t count) noexcept
{
    auto const* x = reinterpret_cast<u8 const*>(a);
    auto const* y = reinterpret_cast<u8 const*>(b);
    for (usize i = 0; i < count; ++i) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
        if (x[i] == 0)
            return 0;
    }
    return 0;
}

// C: the terminating NUL counts as part of the string, so strchr(s, 0) finds it.
char* strchr(char const* string, int character) noexcept
{
    char wanted = static_cast<char>(character);
    for (;; ++string) {
        if (*string == wanted)
            return const_cast<char*>(string);
        if (*string == '\0')
            return nullptr;
    }
}
}
