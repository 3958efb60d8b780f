#pragma once
// The name under which a file was opened (Linux's f_path, which /proc shows): the directory it
// was found in and its name there. Directories need none: they know their parent (parent(),
// name_of()), so their path is found by walking up. Kept by an open file (OpenFile) and by each
// region that maps it, for /proc/PID/fd/N and /proc/PID/maps.
//
// NOTE: the name is the one used at open; a later rename of the file itself is not seen (a
// rename of a directory above it is, since directories are walked up each time).

#include <fs/inode.h>
#include <lib/refptr.h>
#include <lib/result.h>

class FileName : public RefCounted<FileName> {
public:
    static Result<NonnullRefPtr<FileName>> create(NonnullRefPtr<Inode> dir, StringView name);
    ~FileName();

    // The absolute path (as seen from `root`) of `inode`, which was opened under this name:
    // not NUL-terminated, " (deleted)" appended once it has no links left, as Linux's d_path().
    // ENAMETOOLONG if it does not fit in `size`.
    Result<usize> format(const Inode& inode, Inode& root, char* buffer, usize size) const;

    FileName(NonnullRefPtr<Inode> dir, char* name, usize length);

private:
    NonnullRefPtr<Inode> m_dir;
    char* m_name; // kmalloc'd, m_length bytes
    usize m_length;
};

// The absolute path of the directory `dir` as seen from `root`, not NUL-terminated (getcwd's walk
// up through parent() and name_of(), crossing mount points). ENAMETOOLONG if over `size`.
Result<usize> directory_path(Inode& root, NonnullRefPtr<Inode> dir, char* buffer, usize size);
