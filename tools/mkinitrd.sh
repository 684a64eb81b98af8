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
chmod 1777 "$ROOT/tmp"
# Owners in the archive: everything root, except kunitz's home.
( cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet ) > "$B/initrd.cpio.tmp"
mv "$B/initrd.cpio.tmp" "$B/initrd.cpio"
