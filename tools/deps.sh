# shellcheck shell=bash
# Sourced by ./sprout: make sure the Debian packages a command needs are installed.
#
# ensure_packages PKG...: installs the missing ones with apt-get when run as root; otherwise prints
# the exact command to run and exits 1. A package counts as installed when dpkg says so and, for
# packages whose main command has another name, that command is on PATH (so a half-removed
# package is reinstalled). On a system without dpkg only the commands are checked.
#
# DESIGN.md: only Debian packages, installed by the project's own scripts; nothing from elsewhere.

# The command a package must provide, when there is one worth checking.
sprout_package_command() {
    case $1 in
    qemu-system-x86) echo qemu-system-x86_64 ;;
    clang) echo clang++ ;;
    musl-tools) echo musl-gcc ;;
    busybox-static) echo busybox ;;
    util-linux) echo unshare ;;
    gnuplot-nox) echo gnuplot ;;
    g++ | cmake | make | cpio | gdb | tmux) echo "$1" ;;
    *) echo "" ;;
    esac
}

# Succeeds when PKG is installed (see above).
sprout_package_installed() {
    local pkg=$1 cmd status
    cmd=$(sprout_package_command "$pkg")
    if command -v dpkg-query >/dev/null 2>&1; then
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) || return 1
        [[ $status == *" ok installed" ]] || return 1
    elif [[ -z $cmd ]]; then
        return 0 # no dpkg and nothing to check: trust the system
    fi
    [[ -z $cmd ]] || command -v "$cmd" >/dev/null 2>&1
}

ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        sprout_package_installed "$pkg" || missing+=("$pkg")
    done
    ((${#missing[@]} == 0)) && return 0

    if ((EUID != 0)) || ! command -v apt-get >/dev/null 2>&1; then
        echo "sprout: missing Debian packages: ${missing[*]}" >&2
        echo "sprout: install them with:" >&2
        echo "    sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    echo "sprout: installing ${missing[*]}" >&2
    apt-get update -q >&2 || {
        echo "sprout: apt-get update failed" >&2
        exit 1
    }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || {
        echo "sprout: apt-get install ${missing[*]} failed" >&2
        exit 1
    }
    for pkg in "${missing[@]}"; do
        if ! sprout_package_installed "$pkg"; then
            echo "sprout: $pkg is still missing after apt-get install" \
                "(expected command: $(sprout_package_command "$pkg"))" >&2
            exit 1
        fi
    done
}
