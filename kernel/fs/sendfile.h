#pragma once
// sendfile(2) (Linux's fs/read_write.c do_sendfile()): copy up to `count` bytes from `in`, at
// *ppos or at its file position, to `out` at its position.
//  - in must be open for reading (EBADF) and support reads at an offset: a regular file
//    (anything else is EINVAL, as splice_read is missing; ESPIPE with an offset on a pipe);
//  - out must be open for writing (EBADF) and not O_APPEND (EINVAL, do_splice_direct());
//  - a negative offset is EINVAL; count is capped at MAX_RW_COUNT;
//  - *ppos, or in's file position, moves past what was sent; an error after some bytes moved
//    reports the bytes.

#include <fs/file.h>

Result<usize> do_sendfile(OpenFile& out, OpenFile& in, i64* ppos, usize count);
