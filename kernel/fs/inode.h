#pragma once
// PLACEHOLDER until the VFS lands (branch fs): only the part of Inode that mm/ and exec use.
#include <lib/refptr.h>
#include <lib/result.h>
#include <mm/page.h>
#include <mm/uaccess.h>

class Inode : public RefCounted<Inode> {
public:
    virtual ~Inode() = default;
    virtual u64 size() const = 0;
    // Read at `offset`; the number of bytes read (0 at the end of the file).
    virtual Result<usize> read(u64 offset, UserOrKernelBuffer buffer, usize size) = 0;
    // The page-cache page for bytes [index * 4096, ...), with a reference for the caller.
    virtual Result<PageFrame*> get_page(u64 index) = 0;
};
