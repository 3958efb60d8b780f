#!/usr/bin/env bash
# mkinitramfs.sh [--base BASE.cpio] [--busybox PATH] [--init PATH] [--reproducible] OUT.cpio [HOST_PATH:GUEST_PATH ...]
#
# Sprout's initramfs, a cpio "newc" archive as QEMU passes it with -initrd, owned by root.
#   --base BASE.cpio  start from the contents of an existing archive (./sprout run --add builds a
#                     per-run archive from build/initramfs.cpio this way)
#   --busybox PATH    a static busybox, installed as /bin/busybox with a symbolic link to it
#                     (-> /bin/busybox) for every applet of `busybox --list-full`, as Debian's
#                     initramfs-tools does; links never replace a file (e.g. /sbin/init)
#   --init PATH       the program installed as /sbin/init
#   --reproducible    the same bytes for the same contents: every mtime 0, inode numbers
#                     renumbered, no device numbers (./sprout bench: Linux's initramfs unpacker
#                     hashes inode numbers, so they change the guest's instruction count)
#   HOST:GUEST        a host file (or directory, copied recursively) put at GUEST, with its mode;
#                     GUEST is split off at the first ':'
# Without --base the archive also gets the skeleton: /etc/sprout-release, /etc/passwd,
# /etc/group, empty /dev, /proc, /tmp (mode 1777), /root.
set -euo pipefail

die() {
    echo "mkinitramfs.sh: $*" >&2
    exit 1
}

base="" busybox="" init="" reproducible=0
while (($#)); do
    case $1 in
    --reproducible)
        reproducible=1
        shift
        ;;
    --base | --busybox | --init)
        (($# >= 2)) || die "$1 needs a value"
        declare "${1#--}=$2"
        shift 2
        ;;
    --*) die "unknown option $1" ;;
    *) break ;;
    esac
done
(($# >= 1)) || die "usage: mkinitramfs.sh [--base CPIO] [--busybox PATH] [--init PATH] [--reproducible] OUT.cpio [HOST:GUEST ...]"
out=$1
shift

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

if [[ -n $base ]]; then
    [[ -f $base ]] || die "no base archive $base"
    (cd "$root" && cpio --quiet -idm --no-absolute-filenames) <"$(realpath "$base")" ||
        die "cannot unpack $base"
else
    mkdir -p "$root/etc" "$root/dev" "$root/proc" "$root/root" "$root/bin" "$root/sbin" \
        "$root/usr/bin" "$root/usr/sbin"
    install -d -m 1777 "$root/tmp"
    echo "Sprout" >"$root/etc/sprout-release"
    printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
    printf 'root:x:0:\n' >"$root/etc/group"
fi

if [[ -n $init ]]; then
    [[ -f $init ]] || die "no init program $init"
    mkdir -p "$root/sbin"
    rm -f "$root/sbin/init"
    install -m 0755 "$init" "$root/sbin/init"
fi

if [[ -n $busybox ]]; then
    [[ -f $busybox ]] || die "no busybox at $busybox"
    # Sprout runs static programs only: refuse the dynamic busybox of Debian's "busybox" package.
    if LC_ALL=C readelf -l "$busybox" 2>/dev/null | grep -q 'Requesting program interpreter'; then
        die "$busybox is dynamically linked: install Debian's busybox-static"
    fi
    mkdir -p "$root/bin"
    install -m 0755 "$busybox" "$root/bin/busybox"
    applets=$("$busybox" --list-full) || die "$busybox --list-full failed"
    while read -r applet; do
        [[ -n $applet && $applet != bin/busybox ]] || continue
        [[ -e $root/$applet || -L $root/$applet ]] && continue # never replace a real file
        mkdir -p "$root/$(dirname "$applet")"
        ln -s /bin/busybox "$root/$applet"
    done <<<"$applets"
fi

for spec in "$@"; do
    [[ $spec == *:* ]] || die "'$spec' is not HOST_PATH:GUEST_PATH"
    host=${spec%%:*}
    guest=${spec#*:}
    guest=/${guest#/}
    [[ -n $host && $guest != / ]] || die "'$spec' is not HOST_PATH:GUEST_PATH"
    [[ -e $host ]] || die "no such file: $host"
    [[ $guest != */../* && $guest != */.. ]] || die "'$guest': no '..' in guest paths"
    mkdir -p "$root$(dirname "$guest")"
    rm -rf "${root:?}$guest"
    cp -R --preserve=mode,timestamps "$host" "$root$guest"
done

cpio_flags=(--quiet -o -H newc --owner=0:0)
if ((reproducible)); then
    find "$root" -mindepth 1 -exec touch -h -d @0 {} +
    cpio_flags+=(--reproducible)
fi
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio "${cpio_flags[@]}") >"$out.tmp"
mv "$out.tmp" "$out"
