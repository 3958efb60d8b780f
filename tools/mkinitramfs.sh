#!/usr/bin/env bash
# mkinitramfs.sh OUT.cpio [HOST_PATH:GUEST_PATH ...]: Sprout's initramfs, a cpio "newc" archive
# as QEMU passes it with -initrd. Today it holds only /etc/sprout-release; user space fills it
# (busybox, init) in the exec issue.
set -euo pipefail
out=$1
shift
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc" "$root/tmp" "$root/dev" "$root/proc"
echo "Sprout" >"$root/etc/sprout-release"
for spec in "$@"; do
    host=${spec%%:*}
    guest=${spec#*:}
    mkdir -p "$root/$(dirname "$guest")"
    cp "$host" "$root/$guest"
done
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc --owner=0:0) >"$out.tmp"
mv "$out.tmp" "$out"
