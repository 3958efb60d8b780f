#pragma once
// Every directory of /proc is a ProcDir: it can say its own name, so that its parent's name_of()
// (getcwd's walk up, /proc/PID/fd/N of a directory, /proc/PID/cwd) can say it without knowing
// which kind of directory the child is (Sprout builds without RTTI).

#include <fs/inode.h>
#include <lib/string.h>

class ProcDir : public Inode {
public:
    // The name of this directory in its parent (not NUL-terminated); at most `size` bytes.
    virtual usize own_name(char* buffer, usize size) const = 0;

    Result<usize> name_of(const Inode& child, char* buffer, usize size) override
    {
        // NOTE: every directory of this file system is a ProcDir.
        if (!child.is_directory() || &child.sb() != &sb() || &child == this)
            return Errno::ENOENT;
        char name[32];
        usize length = static_cast<const ProcDir&>(child).own_name(name, sizeof(name));
        if (length > size)
            return Errno::ERANGE;
        memcpy(buffer, name, length);
        return length;
    }

protected:
    ProcDir(SuperBlock& sb, u32 mode, InodeOwner owner)
        : Inode(sb, mode, owner)
    {
    }
};
