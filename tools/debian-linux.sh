# shellcheck shell=bash
# Sourced by tools/bench.sh and tools/shell-test.sh: Debian's own Linux kernel, the oracle that
# Sprout is run side by side with. The package that linux-image-amd64 depends on
# (linux-image-6.1.0-N-amd64 on bookworm) is fetched with `apt-get download` and only its
# /boot/vmlinuz-* unpacked, into CACHE_DIR/PACKAGE_VERSION/.

# fetch_linux CACHE_DIR: sets LINUX_VMLINUZ and LINUX_PACKAGE ("NAME VERSION"), downloading the
# package into CACHE_DIR if it is not there yet.
fetch_linux() {
    local cache=$1 pkg version dir tmp deb
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
        sed -nE 's/^ *Depends: (linux-image-[0-9][^ ]*-amd64)$/\1/p' | head -n 1) || true
    if [[ -z $pkg ]] && ((EUID == 0)); then
        echo "sprout: apt-cache knows no linux-image-amd64: running apt-get update" >&2
        apt-get update -q >&2 || true
        pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
            sed -nE 's/^ *Depends: (linux-image-[0-9][^ ]*-amd64)$/\1/p' | head -n 1) || true
    fi
    if [[ -z $pkg ]]; then
        echo "sprout: cannot find Debian's kernel package (apt-cache depends linux-image-amd64)." >&2
        echo "sprout: run 'sudo apt-get update' and try again." >&2
        return 1
    fi
    version=$(apt-cache policy "$pkg" 2>/dev/null | sed -nE 's/^ *Candidate: (.*)$/\1/p')
    [[ -n $version && $version != "(none)" ]] || {
        echo "sprout: apt-cache has no candidate version of $pkg" >&2
        return 1
    }
    dir=$cache/${pkg}_$version
    LINUX_PACKAGE="$pkg $version"
    LINUX_VMLINUZ=$(compgen -G "$dir/boot/vmlinuz-*" | head -n 1) || true
    [[ -z $LINUX_VMLINUZ ]] || return 0

    echo "sprout: fetching Debian's Linux kernel: $pkg $version (apt-get download, ~70 MB)" >&2
    mkdir -p "$cache"
    tmp=$(mktemp -d "$cache/download.XXXXXX")
    # apt-get download writes into the current directory; as root its sandbox user _apt may
    # not write there (a harmless warning), hence the world-writable temporary directory.
    chmod 0777 "$tmp"
    if ! (cd "$tmp" && apt-get download -q "$pkg=$version" >&2); then
        rm -rf "$tmp"
        echo "sprout: apt-get download $pkg=$version failed; by hand:" >&2
        echo "    cd $cache && apt-get download $pkg=$version &&" >&2
        echo "    dpkg-deb --fsys-tarfile ${pkg}_*.deb | tar -x -C ${pkg}_$version --wildcards './boot/vmlinuz-*'" >&2
        return 1
    fi
    deb=$(compgen -G "$tmp/*.deb" | head -n 1)
    mkdir -p "$tmp/root"
    # Only the kernel image: the modules (hundreds of MB) are not needed, the serial port and
    # the initramfs are built in.
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/root" --wildcards './boot/vmlinuz-*' || {
        rm -rf "$tmp"
        echo "sprout: cannot unpack /boot/vmlinuz-* from $deb" >&2
        return 1
    }
    rm -rf "$dir"
    mv "$tmp/root" "$dir"
    rm -rf "$tmp"
    LINUX_VMLINUZ=$(compgen -G "$dir/boot/vmlinuz-*" | head -n 1)
}

