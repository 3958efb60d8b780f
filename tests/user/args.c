/*
 * args: the process image at entry, as Linux's execve builds it: argc/argv/envp on the stack in
 * Linux's layout, the auxiliary vector (AT_PAGESZ, AT_PHDR/AT_PHENT/AT_PHNUM against our own ELF
 * headers, AT_ENTRY, AT_RANDOM, AT_EXECFN, AT_UID..., AT_SECURE, AT_CLKTCK, AT_HWCAP), the
 * parent (PID 1), the working directory and uname's sysname.
 */
// SPROUT_ARGS: one "two words" héllo 100% a,b =x
#include "t.h"

#include <elf.h>
#include <sys/auxv.h>
#include <sys/utsname.h>

extern char** environ;
extern const Elf64_Ehdr __ehdr_start; /* the linker's name for our own ELF header */
extern char _start[];                 /* the entry point, from crt1 */

/* Prints a string with bytes outside printable ASCII as \xHH: the output stays one line. */
static void print_escaped(const char* label, const char* s)
{
    char buf[1024];
    size_t o = 0;
    for (; *s && o + 5 < sizeof(buf); s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c < 0x7f && c != '\\')
            buf[o++] = c;
        else
            o += snprintf(buf + o, sizeof(buf) - o, "\\x%02x", c);
    }
    buf[o] = '\0';
    t_print("%s %s\n", label, buf);
}

int main(int argc, char** argv, char** envp)
{
    /* What we were given: the same on Linux and Sprout (tools/user-test.sh fixes the env). */
    t_print("argc %d\n", argc);
    for (int i = 1; i < argc; i++) {
        char label[32];
        snprintf(label, sizeof(label), "argv[%d]", i);
        print_escaped(label, argv[i]);
    }
    int envc = 0;
    for (char** e = envp; *e; e++, envc++) {
        char label[32];
        snprintf(label, sizeof(label), "envp[%d]", envc);
        print_escaped(label, *e);
    }

    /* The stack at entry: argc, argv[], NULL, envp[], NULL, auxv[] (System V ABI, Linux). */
    long* sp = (long*)argv - 1;
    CHECK_EQ(sp[0], argc, "argc_on_the_stack_below_argv");
    CHECK(((uintptr_t)sp & 15) == 0, "stack_16_byte_aligned_at_entry");
    CHECK(argv[argc] == NULL, "argv_null_terminated");
    CHECK(envp == argv + argc + 1, "envp_follows_argv");
    CHECK(environ == envp, "environ_is_envp");
    Elf64_auxv_t* auxv = (Elf64_auxv_t*)(envp + envc + 1);

    /* The strings: packed one after the other, argv's then envp's, as Linux copies them. */
    int packed = 1;
    for (int i = 0; i + 1 < argc; i++)
        packed &= argv[i] + strlen(argv[i]) + 1 == argv[i + 1];
    if (envc > 0)
        packed &= argv[argc - 1] + strlen(argv[argc - 1]) + 1 == envp[0];
    for (int i = 0; i + 1 < envc; i++)
        packed &= envp[i] + strlen(envp[i]) + 1 == envp[i + 1];
    CHECK(packed, "argv_and_envp_strings_packed_in_order");
    CHECK((uintptr_t)argv[0] > (uintptr_t)auxv, "strings_above_the_vectors");

    /* Each entry the issue names, present exactly once, and the vector ends with AT_NULL. */
    static const struct {
        unsigned long type;
        const char* name;
    } required[] = {
        { AT_PHDR, "AT_PHDR" }, { AT_PHENT, "AT_PHENT" }, { AT_PHNUM, "AT_PHNUM" },
        { AT_PAGESZ, "AT_PAGESZ" }, { AT_ENTRY, "AT_ENTRY" }, { AT_RANDOM, "AT_RANDOM" },
        { AT_UID, "AT_UID" }, { AT_EUID, "AT_EUID" }, { AT_GID, "AT_GID" }, { AT_EGID, "AT_EGID" },
        { AT_SECURE, "AT_SECURE" }, { AT_EXECFN, "AT_EXECFN" }, { AT_HWCAP, "AT_HWCAP" },
        { AT_CLKTCK, "AT_CLKTCK" },
    };
    int n_aux = 0;
    unsigned long hwcap = 0;
    Elf64_auxv_t* a = auxv;
    for (; a->a_type != AT_NULL && n_aux < 100; a++)
        n_aux++;
    CHECK(n_aux < 100, "auxv_ends_with_AT_NULL");
    for (size_t r = 0; r < sizeof(required) / sizeof(required[0]); r++) {
        int seen = 0;
        unsigned long value = 0;
        for (Elf64_auxv_t* x = auxv; x->a_type != AT_NULL && x < auxv + 100; x++) {
            if (x->a_type == required[r].type) {
                seen++;
                value = x->a_un.a_val;
            }
        }
        char name[64];
        snprintf(name, sizeof(name), "auxv_has_%s_once", required[r].name);
        CHECK_EQ(seen, 1, name);
        /* glibc's getauxval(AT_HWCAP) on x86_64 is its own HWCAP_X86_64 bits, not the kernel's. */
        if (required[r].type != AT_HWCAP) {
            snprintf(name, sizeof(name), "getauxval_%s_agrees", required[r].name);
            CHECK(getauxval(required[r].type) == value, name);
        }
        if (required[r].type == AT_HWCAP)
            hwcap = value;
    }
    char* auxv_end = (char*)(a + 1);

    CHECK_EQ(getauxval(AT_PAGESZ), 4096, "AT_PAGESZ_is_4096");
    CHECK_EQ(getauxval(AT_PHENT), sizeof(Elf64_Phdr), "AT_PHENT_is_sizeof_Elf64_Phdr");
    CHECK_EQ(getauxval(AT_PHNUM), __ehdr_start.e_phnum, "AT_PHNUM_is_our_e_phnum");
    CHECK(getauxval(AT_PHDR) == (uintptr_t)&__ehdr_start + __ehdr_start.e_phoff, "AT_PHDR_is_our_program_headers");
    CHECK(getauxval(AT_ENTRY) == (uintptr_t)_start, "AT_ENTRY_is_start");

    /* The program headers describe this very program: a PT_LOAD holds main. */
    const Elf64_Phdr* ph = (const Elf64_Phdr*)getauxval(AT_PHDR);
    uintptr_t bias = 0;
    for (int i = 0; i < __ehdr_start.e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
            bias = (uintptr_t)&__ehdr_start - ph[i].p_vaddr;
    int main_loaded = 0;
    for (int i = 0; i < __ehdr_start.e_phnum; i++) {
        uintptr_t lo = ph[i].p_vaddr + bias;
        if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X) && lo <= (uintptr_t)main
            && (uintptr_t)main < lo + ph[i].p_memsz)
            main_loaded = 1;
    }
    CHECK(main_loaded, "main_in_an_executable_PT_LOAD");

    /* AT_RANDOM: 16 readable bytes on the stack above the vectors, not all zero. */
    const unsigned char* rnd = (const unsigned char*)getauxval(AT_RANDOM);
    int nonzero = 0;
    if (rnd)
        for (int i = 0; i < 16; i++)
            nonzero |= rnd[i];
    CHECK(rnd && nonzero, "AT_RANDOM_16_bytes_not_all_zero");
    CHECK((char*)rnd >= auxv_end, "AT_RANDOM_above_auxv");

    const char* execfn = (const char*)getauxval(AT_EXECFN);
    CHECK(execfn && strcmp(execfn, argv[0]) == 0, "AT_EXECFN_is_argv0");
    CHECK(execfn && execfn > envp[envc > 0 ? envc - 1 : 0], "AT_EXECFN_above_the_strings");
    CHECK(argv[0][0] == '/', "argv0_is_the_absolute_path_run");

    CHECK_EQ(getauxval(AT_UID), getuid(), "AT_UID_is_getuid");
    CHECK_EQ(getauxval(AT_EUID), geteuid(), "AT_EUID_is_geteuid");
    CHECK_EQ(getauxval(AT_GID), getgid(), "AT_GID_is_getgid");
    CHECK_EQ(getauxval(AT_EGID), getegid(), "AT_EGID_is_getegid");
    CHECK_EQ(getauxval(AT_SECURE), 0, "AT_SECURE_is_0");
    CHECK_EQ(getauxval(AT_CLKTCK), 100, "AT_CLKTCK_is_100");
    CHECK(hwcap & 1, "AT_HWCAP_has_FPU"); /* CPUID.1:EDX, as Linux gives it */

    /* The process around us. */
    CHECK_EQ(getppid(), 1, "parent_is_pid_1");
    char cwd[256];
    CHECK(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") == 0, "cwd_is_root");
    struct utsname u;
    CHECK(uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0, "uname_sysname_Linux");
    CHECK(uname(&u) == 0 && strcmp(u.machine, "x86_64") == 0, "uname_machine_x86_64");
    return t_exit_status();
}
