// #! scripts (Linux's fs/binfmt_script.c): "#!INTERP [ARG]" in the first line makes the
// interpreter the program, with argv = INTERP, [ARG,] SCRIPT-PATH, then the original argv[1..].
// Everything after the interpreter's name, up to the end of the line and with surrounding blanks
// trimmed, is ONE argument, spaces and all: Linux's rule.

#include <lib/string.h>
#include <proc/binprm.h>

namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

} // namespace

Result<void> load_script(LinuxBinprm& bprm)
{
    if (bprm.header_size < 2 || bprm.header[0] != '#' || bprm.header[1] != '!')
        return Errno::ENOEXEC;
    const char* line = reinterpret_cast<const char*>(bprm.header) + 2;
    usize available = bprm.header_size - 2;
    // The line must end within what we read; if not, Linux still accepts it as long as the
    // interpreter name itself ended (the argument is then truncated). We demand the name end.
    usize end = 0;
    while (end < available && line[end] != '\n')
        ++end;
    usize i = 0;
    while (i < end && blank(line[i]))
        ++i;
    usize name_start = i;
    while (i < end && !blank(line[i]) && line[i] != '\0')
        ++i;
    usize name_end = i;
    if (name_end == name_start)
        return Errno::ENOEXEC; // "#!" and nothing
    if (name_end == available)
        return Errno::ENOEXEC; // the interpreter's name does not fit in the buffer
    while (i < end && blank(line[i]))
        ++i;
    usize arg_start = i;
    usize arg_end = end;
    while (arg_end > arg_start && (blank(line[arg_end - 1]) || line[arg_end - 1] == '\0'))
        --arg_end;
    // A NUL ends the argument early, as in Linux (it parses a C string).
    for (usize k = arg_start; k < arg_end; ++k) {
        if (line[k] == '\0') {
            arg_end = k;
            break;
        }
    }

    char interp[BINPRM_BUF_SIZE];
    usize name_length = name_end - name_start;
    memcpy(interp, line + name_start, name_length);
    interp[name_length] = 0;
    char arg[BINPRM_BUF_SIZE];
    usize arg_length = arg_end - arg_start;
    memcpy(arg, line + arg_start, arg_length);
    arg[arg_length] = 0;

    // New strings: interp, [arg], the script's path, then argv[1..] and envp as they were.
    ArgStrings fresh;
    TRY(fresh.append(interp, name_length + 1));
    if (arg_length)
        TRY(fresh.append(arg, arg_length + 1));
    TRY(fresh.append(bprm.interp, strlen(bprm.interp) + 1));
    usize skip = bprm.args.argc ? bprm.args.end_of(0) : 0;
    TRY(fresh.append(bprm.args.data() + skip, bprm.args.size() - skip));
    fresh.argc = (bprm.args.argc ? bprm.args.argc - 1 : 0) + (arg_length ? 3 : 2);
    fresh.envc = bprm.args.envc;
    if (fresh.size() > bprm.string_limit)
        return Errno::E2BIG;
    bprm.args.swap(fresh);

    memcpy(bprm.interp, interp, name_length + 1);
    bprm.file = nullptr;
    return {};
}
