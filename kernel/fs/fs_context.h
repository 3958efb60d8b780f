#pragma once
// PLACEHOLDER until the VFS lands: a process's cwd, root and umask (see kernel/fs/).
#include <lib/refptr.h>
class FsContext : public RefCounted<FsContext> {};
