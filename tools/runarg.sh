# shellcheck shell=bash disable=SC2034  # SPROUT_RUN_VALUE is the result
# Sourced by tools/sprout-run.sh and tests/runner/: the sprout.run= encoding of a command line
# (docs/runner.md). The decoder is userland/init/runarg.h.
#
# Each argument is its bytes with every byte outside [A-Za-z0-9._/-] written as %HH (upper-case
# hex); arguments are joined with commas. The value is one word of the kernel command line.

# sprout_run_encode ARG...: sets SPROUT_RUN_VALUE to the encoded value (at least one ARG).
sprout_run_encode() {
    local LC_ALL=C # bytes, not characters: ${#s} and ${s:i:1} count bytes
    local arg i c hex out="" sep=""
    for arg in "$@"; do
        out+=$sep
        sep=,
        for ((i = 0; i < ${#arg}; i++)); do
            c=${arg:i:1}
            case $c in
            [A-Za-z0-9._/-]) out+=$c ;;
            *)
                printf -v hex '%%%02X' "'$c"
                out+=$hex
                ;;
            esac
        done
    done
    SPROUT_RUN_VALUE=$out
}
