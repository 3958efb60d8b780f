#!/usr/bin/env bash
# encoding_test.sh DECODER: the sprout.run= encoding (tools/runarg.sh) round-trips tricky argv
# through the decoder of userland/init/runarg.h; malformed values are refused.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../../tools/runarg.sh"
decoder=$1
failed=0

check() { # check NAME COND...
    local name=$1
    shift
    if "$@"; then
        echo "ok $name"
    else
        echo "not ok $name"
        failed=1
    fi
}

# round_trip NAME ARG...: encode, check the value is one safe word, decode, compare bytes.
round_trip() {
    local name=$1
    shift
    sprout_run_encode "$@"
    local value=$SPROUT_RUN_VALUE expected got
    if [[ ! $value =~ ^[A-Za-z0-9._/%,-]*$ ]]; then
        echo "not ok $name: value has unsafe bytes: $value"
        failed=1
        return
    fi
    expected=$(printf '%s\0' "$@" | od -An -v -tx1)
    got=$("$decoder" "$value" | od -An -v -tx1) || {
        echo "not ok $name: decoder refused '$value'"
        failed=1
        return
    }
    if [[ $got == "$expected" ]]; then
        echo "ok $name"
    else
        echo "not ok $name: value '$value'"
        echo "#   expected:$expected"
        echo "#   got:     $got"
        failed=1
    fi
}

round_trip plain /bin/busybox echo hello
round_trip spaces /bin/echo "a b" "  leading" "trailing  "
round_trip quotes /bin/echo "'" '"' "it's \"quoted\"" '\' '`$(x)`'
round_trip empty_strings /bin/echo "" "" x ""
round_trip only_empty ""
round_trip utf8 /bin/echo "héllo" "日本語" "€" $'\xff\xfe'
round_trip newlines_tabs /bin/echo $'a\nb' $'\r\n' $'\t' $'\n'
round_trip separators /bin/echo , ,, "a,b" % %% %41 "a=b" "x;y" "sprout.run=a,b"
round_trip all_bytes /bin/echo "$(for ((i = 1; i < 256; i++)); do printf "\\x$(printf %02x $i)"; done)"
round_trip long_arg /bin/echo "$(printf 'x%.0s' {1..1000})"

# The whole command line: found as one word, the last occurrence wins.
sprout_run_encode /bin/echo "a b"
got=$("$decoder" --cmdline "ktest=x sprout.run=old quiet sprout.run=$SPROUT_RUN_VALUE init=/sbin/init" | od -An -v -tx1)
check cmdline_last_wins [ "$got" == "$(printf '%s\0' /bin/echo "a b" | od -An -v -tx1)" ]
rc=0
"$decoder" --cmdline "ktest=x quiet" >/dev/null || rc=$?
check cmdline_absent [ "$rc" -eq 3 ]

# Malformed values are refused, never guessed at.
for bad in "%" "%4" "a%4" "%00" "%zz" "%g0" "a;b" "a\"b" "é" "a+b"; do
    rc=0
    "$decoder" "$bad" >/dev/null || rc=$?
    check "refuses '$bad'" [ "$rc" -eq 1 ]
done
# Lower-case hex is accepted.
check lower_case_hex [ "$("$decoder" "%c3%a9" | od -An -tx1)" == "$(printf 'é\0' | od -An -tx1)" ]

exit "$failed"
