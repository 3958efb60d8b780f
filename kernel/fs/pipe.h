#pragma once
// Pipes (Linux's fs/pipe.c): a 64 KiB ring buffer between a read end and a write end.
//
// Each end is its own inode, referenced only by the open file descriptions of that end (dup and
// fork share those), so when the last description of an end goes, its inode's destructor tells
// the buffer: readers then see end of file, writers get EPIPE.

#include <fs/file.h>
#include <lib/result.h>

struct PipeEnds {
    NonnullRefPtr<OpenFile> read_end;
    NonnullRefPtr<OpenFile> write_end;
};

// `flags`: O_NONBLOCK applies to both ends (pipe2()).
Result<PipeEnds> create_pipe(u32 flags);

// Writes up to PIPE_BUF (4096) bytes are atomic; Linux's default capacity is 64 KiB. (The C library's
// <limits.h> defines PIPE_BUF as a macro, hence the other name.)
inline constexpr usize PIPE_ATOMIC_MAX = 4096;
inline constexpr usize PIPE_CAPACITY = 65536;
