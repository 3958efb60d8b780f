#pragma once
// PLACEHOLDER until the VFS lands: the per-process descriptor table (see kernel/fs/).
#include <lib/refptr.h>
class FileTable : public RefCounted<FileTable> {
public:
    void close_on_exec() { }
};
