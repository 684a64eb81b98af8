#!/usr/bin/env python3
"""make profile CMD='...': boots Pipit with `profile=1` and runs CMD with
/bin/sh as init; at power-off the kernel (kernel/profile.c) prints how many
timer ticks (HZ = 100) fell into each kernel function, and one bucket for
ticks that interrupted user mode. This script shows CMD's output and the
top list with a bar per function.

CMD is written into a script, /profile.sh, in an extra cpio module, so it
may hold any characters (the kernel command line splits on spaces and
treats words with '=' as options). The benchmark is there too as /bench,
e.g. make profile CMD='/bench pipe_lat'.

Samples are few (100 a second) but honest: a function that shows up in
n samples ran for about n * 10 ms. Ticks are taken only when interrupts
are enabled, so time spent under cli() lands on the instruction after the
sti() that ends it."""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--initrd", default="build/initrd.cpio")
    ap.add_argument("--bench", default="build/bench/bench")
    ap.add_argument("--out", default="build")
    ap.add_argument("--cmd", default="ls -lR /")
    ap.add_argument("--timeout", type=int, default=600)
    a = ap.parse_args()

    os.makedirs(os.path.join(a.out, "bench"), exist_ok=True)
    extra = os.path.join(a.out, "bench", "profile.cpio")
    entries = [("profile.sh", 0o100755, ("#!/bin/sh\n" + a.cmd + "\n").encode())]
    if os.path.exists(a.bench):
        entries.append(("bench", 0o100755, open(a.bench, "rb").read()))
    bench.cpio(extra, entries)
    cmd = [bench.QEMU] + bench.QEMU_OPTS + ["-kernel", a.kernel, "-initrd", f"{a.initrd},{extra}",
                                            "-append", "profile=1 init=/bin/sh /profile.sh"]
    print(" ".join(cmd), file=sys.stderr, flush=True)
    lines, status = bench.boot(cmd, None, a.timeout)
    prof, head = [], None
    for _, line in lines:
        if line.startswith("--- profile:"):
            head = line
        elif line.startswith("profile: ") or line.startswith("--- end of profile"):
            prof.append(line)
        elif head is None:
            print(line)
    if status == "timeout":
        print(f"profile: QEMU did not power off in {a.timeout} s", file=sys.stderr)
    if head is None:
        print("profile: no profile printed (was the kernel built with kernel/profile.c?)", file=sys.stderr)
        sys.exit(1)
    m = re.search(r"(\d+) samples .* user (\d+), kernel (\d+)", head)
    total, user, kern = (int(x) for x in m.groups()) if m else (0, 0, 0)
    print()
    print(head.strip("- "))
    print(f"{'samples':>8} {'% all':>6} {'% kernel':>8}  function")
    rows = []
    for line in prof:
        m = re.match(r"profile:\s+(\d+)\s+[\d.]+%\s+(\S+)", line)
        if m:
            rows.append((int(m.group(1)), m.group(2)))
    if user:
        rows.append((user, "[user mode]"))
    rows.sort(key=lambda r: -r[0])
    for n, name in rows[:21]:
        pk = "" if name == "[user mode]" or not kern else f"{100 * n / kern:7.1f}%"
        bar = "#" * max(1, round(40 * n / max(total, 1)))
        print(f"{n:8d} {100 * n / max(total, 1):5.1f}% {pk:>8}  {name:<28} {bar}")
    for line in prof:
        if "counters" in line or "slots" in line:
            print(line.replace("profile: ", ""))
    if total < 200:
        print(f"(only {total} samples at 100 Hz: run a longer CMD for steadier figures)")


if __name__ == "__main__":
    main()
