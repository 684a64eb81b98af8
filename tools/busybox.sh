#!/bin/sh
# Makes BUILD/busybox.cpio, the second initrd of `make run USERLAND=busybox`:
# Debian's busybox-static:i386, fetched with `apt-get download` and unpacked
# with `dpkg-deb -x` into BUILD/busybox/ (never installed), as /bin/busybox
# plus one symlink /bin/<applet> -> busybox per applet. Unpacked after
# initrd.cpio, the links replace Pipit's programs of the same name; Pipit's
# programs that busybox lacks (ipcs, ipcrm, strace, ...) stay.
# Usage: tools/busybox.sh BUILD. Exits 1 when the package cannot be fetched
# (no network, no i386 architecture in dpkg): callers may skip busybox then.
set -eu
B=$1
DEB_DIR=$B/busybox-deb
TREE=$B/busybox
ROOT=$B/busybox-root

mkdir -p "$DEB_DIR"
# A fetched package is reused: the mirrors are asked only once per build/.
deb=$(ls "$DEB_DIR"/busybox-static_*_i386.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
    echo "busybox: apt-get download busybox-static:i386"
    # apt-get writes into the current directory; as root it warns that its
    # _apt user cannot write there, which is harmless.
    (cd "$DEB_DIR" && apt-get download -q busybox-static:i386) 2>&1 |
        grep -v '^W: Download is performed unsandboxed' || true
    deb=$(ls "$DEB_DIR"/busybox-static_*_i386.deb 2>/dev/null | head -n 1 || true)
    if [ -z "$deb" ]; then
        echo "busybox: cannot fetch busybox-static:i386 (network? dpkg --add-architecture i386?)" >&2
        exit 1
    fi
fi

rm -rf "$TREE" "$ROOT"
dpkg-deb -x "$deb" "$TREE"
BB=$TREE/bin/busybox
[ -x "$BB" ] || { echo "busybox: $deb has no bin/busybox" >&2; exit 1; }

# The applet list comes from the binary itself: it is a static i386 Linux
# executable, so the x86_64 host runs it.
mkdir -p "$ROOT/bin"
cp "$BB" "$ROOT/bin/busybox"
chmod 755 "$ROOT/bin/busybox"
"$BB" --list | while read -r applet; do
    case $applet in
        busybox) ;;
        *) ln -s busybox "$ROOT/bin/$applet" ;;
    esac
done

# Everything root-owned. /bin itself is not in the archive, so the
# directory keeps the owner and mode initrd.cpio gave it.
( cd "$ROOT" && find ./bin -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet ) > "$B/busybox.cpio.tmp"
mv "$B/busybox.cpio.tmp" "$B/busybox.cpio"
echo "busybox: $(basename "$deb"): $B/busybox.cpio with $(ls "$ROOT/bin" | wc -l) entries"
