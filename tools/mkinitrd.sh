#!/bin/sh
# Builds build/initrd.cpio (cpio newc) from etc/, the user programs and the
# guest test programs. Usage: tools/mkinitrd.sh BUILD "USER_PROGS" "TEST_PROGS"
set -e
B=$1
ROOT=$B/root
rm -rf "$ROOT"
mkdir -p "$ROOT/bin" "$ROOT/sbin" "$ROOT/etc" "$ROOT/dev" "$ROOT/tmp" "$ROOT/tests" \
         "$ROOT/root" "$ROOT/home/kunitz" "$ROOT/proc"
cp -R etc/. "$ROOT/etc/"
for p in $2; do
    case $p in
        init) cp "$B/user/$p" "$ROOT/sbin/$p" ;;
        *)    cp "$B/user/$p" "$ROOT/bin/$p" ;;
    esac
done
for t in $3; do cp "$B/tests/$t" "$ROOT/tests/$t"; done
# Debug info stays in build/ (gdb reads it there); the guest's copies go
# without it: the initrd lives in the RAM filesystem, whose pages the
# memory tests count (t_hostile_oom_guest fills what is left).
STRIP=$(command -v i686-linux-gnu-strip || command -v strip || true)
[ -z "$STRIP" ] || "$STRIP" --strip-debug "$ROOT"/bin/* "$ROOT"/sbin/* "$ROOT"/tests/* 2>/dev/null || true
chmod 1777 "$ROOT/tmp"
chmod 600 "$ROOT/etc/shadow"
chmod 755 "$ROOT/home/kunitz"
# Owners in the archive: everything root, except kunitz's home (cpio takes
# owners from the files, so the list is written in two passes).
( cd "$ROOT" && find . ! -path './home/kunitz*' | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet ) > "$B/root.cpio"
( cd "$ROOT" && find ./home/kunitz | LC_ALL=C sort | cpio -o -H newc -R 1000:100 --quiet ) > "$B/home.cpio"
# One archive: the first one's trailer is dropped so the second's entries follow.
python3 - "$B/root.cpio" "$B/home.cpio" "$B/initrd.cpio.tmp" <<'PY'
import sys
def entries(data):
    out, off = [], 0
    while off + 110 <= len(data):
        hdr = data[off:off + 110]
        namesize, filesize = int(hdr[94:102], 16), int(hdr[54:62], 16)
        name_end = off + 110 + namesize
        data_start = (name_end + 3) & ~3
        end = (data_start + filesize + 3) & ~3
        name = data[off + 110:name_end - 1]
        if name == b"TRAILER!!!":
            return out, data[off:]
        out.append(data[off:end])
        off = end
    return out, b""
a, _ = entries(open(sys.argv[1], "rb").read())
b, trailer = entries(open(sys.argv[2], "rb").read())
open(sys.argv[3], "wb").write(b"".join(a + b) + trailer)
PY
mv "$B/initrd.cpio.tmp" "$B/initrd.cpio"
