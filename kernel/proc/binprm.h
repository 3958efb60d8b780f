#pragma once
// What exec carries from step to step (Linux's struct linux_binprm): the strings for the new
// stack, the file being loaded, and what the loader found out about it.

#include <fs/file_name.h>
#include <fs/file_table.h>
#include <fs/inode.h>
#include <lib/refptr.h>
#include <lib/result.h>
#include <mm/address_space.h>

inline constexpr usize EXEC_PATH_MAX = 4096;
inline constexpr usize MAX_ARG_STRLEN = 32 * 4096; // one string, with its NUL (Linux)
inline constexpr usize BINPRM_BUF_SIZE = 256; // what binfmts may look at (Linux)

// argv strings then envp strings, each NUL-terminated, back to back: the way they will lie on
// the new stack.
class ArgStrings {
public:
    ArgStrings() = default;
    ~ArgStrings();
    ArgStrings(const ArgStrings&) = delete;
    ArgStrings& operator=(const ArgStrings&) = delete;

    Result<void> append(const char* string, usize length_with_nul);
    const char* data() const { return m_buffer; }
    usize size() const { return m_size; }
    // Offset of the end of string number `index` (0-based), i.e. where the next one starts.
    usize end_of(u32 index) const;
    void swap(ArgStrings& other);

    u32 argc { 0 };
    u32 envc { 0 };

private:
    char* m_buffer { nullptr };
    usize m_size { 0 };
    usize m_capacity { 0 };
};

class SigHand;

struct LinuxBinprm {
    char filename[EXEC_PATH_MAX]; // the path given to execve: AT_EXECFN, and argv for a script
    char interp[EXEC_PATH_MAX]; // the file being loaded now (a script's interpreter)
    ArgStrings args;
    usize string_limit { 0 }; // the most bytes argv + envp strings may take (E2BIG beyond)
    RefPtr<Inode> file;
    RefPtr<FileName> file_name; // the name `file` was found under, for /proc/PID/maps
    u8 header[BINPRM_BUF_SIZE] {};
    usize header_size { 0 };

    // The new program's own file table when the old one is shared (CLONE_FILES): exec must not
    // close the other users' close-on-exec descriptors (Linux's unshare_files()).
    RefPtr<FileTable> files;
    // The same for the handler table (CLONE_SIGHAND with another process): a copy made while exec
    // may still fail, used after de_thread() if the table is still shared (unshare_sighand()).
    RefPtr<SigHand> sighand;

    // Filled by the ELF loader.
    RefPtr<AddressSpace> mm;
    uptr entry { 0 };
    uptr phdr { 0 };
    u32 phnum { 0 };
    uptr brk { 0 };
};

// Each returns ENOEXEC when the file is not its format, so the next one can try.
Result<void> load_script(LinuxBinprm& bprm); // #!: rewrites bprm for the interpreter
Result<void> load_elf(LinuxBinprm& bprm); // builds bprm.mm
