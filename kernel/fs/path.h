#pragma once
// Pure helpers for path strings: a non-owning name, and splitting a path into its components
// (repeated slashes collapse, as on every Unix). No allocation, no kernel state: host-tested in
// tests/host/path_test.cpp.

#include <lib/string.h>
#include <lib/types.h>

struct StringView {
    const char* chars { nullptr };
    usize length { 0 };

    constexpr StringView() = default;
    constexpr StringView(const char* characters, usize size)
        : chars(characters)
        , length(size)
    {
    }
    StringView(const char* cstring)
        : chars(cstring)
        , length(strlen(cstring))
    {
    }

    bool is_empty() const { return length == 0; }
    bool operator==(StringView other) const
    {
        return length == other.length && (length == 0 || memcmp(chars, other.chars, length) == 0);
    }
    bool is_dot() const { return length == 1 && chars[0] == '.'; }
    bool is_dotdot() const { return length == 2 && chars[0] == '.' && chars[1] == '.'; }
};

// The next component of the path at `cursor`: skips leading slashes, stores the component and
// moves the cursor just past it (onto the slash that ends it, or the NUL). False when nothing but
// slashes is left.
inline bool next_path_component(const char*& cursor, StringView& component)
{
    while (*cursor == '/')
        ++cursor;
    if (*cursor == '\0')
        return false;
    const char* start = cursor;
    while (*cursor != '\0' && *cursor != '/')
        ++cursor;
    component = StringView(start, usize(cursor - start));
    return true;
}

// Whether only slashes (or nothing) remain at `cursor`.
inline bool only_slashes_remain(const char* cursor)
{
    while (*cursor == '/')
        ++cursor;
    return *cursor == '\0';
}
