#!/usr/bin/env bash
# Installs what Pipit needs to build, run and test, on Debian 12.
# linux-libc-dev-i386-cross gives the Linux UAPI headers for i386
# (<asm/unistd_32.h>, ...), which the kernel takes its ABI from.
# Idempotent: when every tool is present it only checks and exits.
# apt-get update may fail on one index while installs still work, so the
# verdict comes from checking the tools afterwards, not from apt's status.
set -u

# --gui (make run-vga): also QEMU's window front ends (qemu-system-gui).
# Optional: without it the run falls back to what QEMU has.
if [ "${1:-}" = --gui ]; then
    ls /usr/lib/*/qemu/ui-gtk.so >/dev/null 2>&1 && exit 0
    if [ "$(id -u)" != 0 ]; then
        echo "install-deps: for a window, as root: apt-get install -y qemu-system-gui" >&2
        exit 0
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends qemu-system-gui ||
        echo "install-deps: qemu-system-gui could not be installed; QEMU will use what it has" >&2
    exit 0
fi

# The glibc twins of the guest tests (build/tests/*_glibc) are built by the
# host's gcc -m32 -static against Debian's i386 glibc: libc6-dev-i386 and
# lib32gcc-12-dev. Not gcc-multilib: on Debian 12 it conflicts with the
# i686 cross gcc (installing it removes gcc-i686-linux-gnu and musl-dev).
PKGS="gcc-i686-linux-gnu binutils-i686-linux-gnu nasm qemu-system-x86 \
grub-pc-bin grub-common xorriso mtools cpio python3 musl-dev:i386 \
linux-libc-dev-i386-cross chromium"
OPT_PKGS="gcc libc6-dev-i386 lib32gcc-12-dev"

# chromium: the "trace" suite renders the timeline page in it (headless).
# tool-or-file : package that provides it
CHECKS="i686-linux-gnu-gcc:gcc-i686-linux-gnu
i686-linux-gnu-ld:binutils-i686-linux-gnu
nasm:nasm
qemu-system-i386:qemu-system-x86
grub-mkrescue:grub-common
/usr/lib/grub/i386-pc/moddep.lst:grub-pc-bin
xorriso:xorriso
mformat:mtools
cpio:cpio
python3:python3
/usr/lib/i386-linux-musl/libc.a:musl-dev:i386
/usr/i686-linux-gnu/include/asm/unistd_32.h:linux-libc-dev-i386-cross
chromium:chromium"

# The same for what the build can do without (the Makefile then skips
# the *_glibc tests with a message): a warning, not a failure.
OPTIONAL="gcc:gcc
/usr/lib32/libc.a:libc6-dev-i386
/usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a:lib32gcc-12-dev"

# missing LIST: the packages of LIST's absent tools and files.
missing() {
    local out="" line what pkg
    while IFS= read -r line; do
        what=${line%%:*}; pkg=${line#*:}
        if [ "${what#/}" != "$what" ]; then
            [ -e "$what" ] || out="$out $pkg"
        else
            command -v "$what" >/dev/null 2>&1 || out="$out $pkg"
        fi
    done <<< "$1"
    echo "$out"
}

need=$(missing "$CHECKS")
want=$(missing "$OPTIONAL")
[ -z "$need$want" ] && exit 0

echo "install-deps: missing:$need$want"
if [ "$(id -u)" != 0 ]; then
    echo "install-deps: run as root:" >&2
    echo "  dpkg --add-architecture i386 && apt-get update && apt-get install -y $PKGS $OPT_PKGS" >&2
    [ -z "$need" ] && exit 0
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
apt-get update -q || echo "install-deps: apt-get update reported errors; trying anyway"
[ -z "$need" ] || apt-get install -y -q --no-install-recommends $PKGS || true
# apart, so that a missing optional package cannot stop the others
[ -z "$want" ] || apt-get install -y -q --no-install-recommends $OPT_PKGS || true

want=$(missing "$OPTIONAL")
[ -z "$want" ] || echo "install-deps: still missing:$want (the *_glibc tests will be skipped)" >&2
need=$(missing "$CHECKS")
if [ -n "$need" ]; then
    echo "install-deps: still missing:$need" >&2
    exit 1
fi
echo "install-deps: all tools present"
