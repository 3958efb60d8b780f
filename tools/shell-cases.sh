#!/bin/sh
# shell-cases.sh [NAME...]: runs in the guest (Sprout or Debian's Linux), under busybox sh, for
# tools/shell-test.sh. Every case /opt/shell/NAME.sh (or the NAMEs given) runs in turn with `sh`, in a fresh empty
# working directory /tmp/case, stdin /dev/null, at most 60 seconds; for each the output is
#   === NAME STATUS
#   (its stdout, base64)
#   === end
# and at the very end "=== done". Its stderr is kept apart (not compared: a kernel's messages
# are allowed to differ there), in the same form after the line "=== stderr NAME".
cd /opt/shell || exit 1
[ $# -gt 0 ] || set -- *.sh
for f in "$@"; do
    name=${f%.sh}
    f=$name.sh
    rm -rf /tmp/case && mkdir /tmp/case && cd /tmp/case || exit 1
    timeout 60 sh "/opt/shell/$f" </dev/null >/tmp/case.out 2>/tmp/case.err
    status=$?
    cd / || exit 1
    echo "=== $name $status"
    base64 /tmp/case.out
    echo "=== stderr $name"
    base64 /tmp/case.err
    echo "=== end"
done
rm -rf /tmp/case /tmp/case.out /tmp/case.err
echo "=== done"
