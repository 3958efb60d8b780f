#pragma once
// Pipes and FIFOs (Linux's fs/pipe.c): a 64 KiB ring buffer between readers and writers.
//
// As in Linux, a pipe is one inode: pipe2() opens it twice, once for reading and once for
// writing, and a FIFO (a named pipe, made by mknod) is the same inode found by a path and opened
// by open(). The open files say which end they are; the inode counts the readers and writers
// open on it, so that when the last writer goes readers see end of file, and when the last reader
// goes writers get EPIPE. An anonymous pipe's buffer lives as long as the inode; a FIFO's from its
// first open to its last close (the bytes in it do not outlive the openers).

#include <fs/file.h>
#include <fs/inode.h>
#include <lib/result.h>
#include <lib/spinlock.h>

// Writes up to PIPE_BUF (4096) bytes are atomic; Linux's default capacity is 64 KiB. (The C library's
// <limits.h> defines PIPE_BUF as a macro, hence the other name.)
inline constexpr usize PIPE_ATOMIC_MAX = 4096;
inline constexpr usize PIPE_CAPACITY = 65536;

class PipeBuffer;

class PipeInode : public Inode {
public:
    // `anonymous`: pipe2()'s, on the hidden pipefs, named "pipe:[ino]" in /proc/PID/fd.
    PipeInode(SuperBlock& sb, u32 mode, InodeOwner owner, bool anonymous);
    ~PipeInode() override;

    // fifo_open(): a reader waits for a writer and a writer for a reader, unless O_NONBLOCK (then
    // a writer with no reader is ENXIO); O_RDWR never waits.
    Result<void> open(u32 flags) override;
    void release(const OpenFile& file) override;
    Result<usize> read_file(OpenFile& file, u64 offset, UserOrKernelBuffer buffer, usize size) override;
    Result<usize> write_file(OpenFile& file, u64 offset, UserOrKernelBuffer buffer, usize size) override;
    u16 poll(const OpenFile& file) const override;
    Result<i64> ioctl(OpenFile& file, u32 request, u64 argument) override;
    SeekKind seek_kind() const override { return SeekKind::NotSeekable; }
    usize anonymous_name(char* buffer, usize size) const override;

    // pipe2(): the inode opened once each way, before anyone else can see it.
    Result<void> attach_both_ends();

private:
    // The buffer of an open pipe: made by the first open of a FIFO.
    Result<NonnullRefPtr<PipeBuffer>> get_buffer(bool create);
    RefPtr<PipeBuffer> buffer() const;

    const bool m_anonymous;
    mutable Spinlock m_lock; // guards m_pipe
    RefPtr<PipeBuffer> m_pipe; // while anyone has the pipe open (always, for an anonymous one)
};

struct PipeEnds {
    NonnullRefPtr<OpenFile> read_end;
    NonnullRefPtr<OpenFile> write_end;
};

// `flags`: O_NONBLOCK applies to both ends (pipe2()).
Result<PipeEnds> create_pipe(u32 flags);
