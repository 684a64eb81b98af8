#!/usr/bin/env python3
"""make torture: boots Pipit with the stress test, then with the system-call
fuzzer as init, in a throw-away root (a small cpio: the two programs and
empty /tmp, /dev, /proc). Fails on a kernel panic, a hang (no output for
--quiet seconds), or a part that reports FAIL.

    tests/torture/run.py --kernel build/kernel.elf --fuzz build/torture/fuzz \
        --stress build/torture/stress [--seed 1] [--calls 20000] [--seconds 20]
        [--parts stress,fuzz] [--batch B] [--skip nr,nr] [--leaks]"""

import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import bench  # noqa: E402  (its cpio writer and QEMU runner)


def run_part(name, kernel, cpio, append, timeout, quiet):
    cmd = [bench.QEMU] + bench.QEMU_OPTS + ["-kernel", kernel, "-initrd", cpio, "-append", append]
    print(f"torture: {name}: {' '.join(cmd)}", flush=True)
    t0 = time.monotonic()
    lines, status = bench.boot(cmd, None, timeout, quiet_limit=quiet)
    panic = None
    for i, (_, line) in enumerate(lines):
        if "KERNEL PANIC" in line and panic is None:
            panic = i
        if panic is None and (re.match(r"(fuzz|stress): ", line) or "UNKILLABLE" in line):
            print("  " + line, flush=True)
    verdict = any(re.match(r"(fuzz|stress): PASS", l) for _, l in lines)
    took = time.monotonic() - t0
    if panic is not None:
        print(f"torture: {name}: KERNEL PANIC after {took:.0f} s:")
        for _, line in lines[max(0, panic - 10):]:
            print("    " + line)
        return False
    if status == "timeout":
        print(f"torture: {name}: HANG (no output for {quiet} s or over {timeout} s); last lines:")
        for _, line in lines[-20:]:
            print("    " + line)
        return False
    if not verdict:
        print(f"torture: {name}: FAIL after {took:.0f} s; last lines:")
        for _, line in lines[-20:]:
            print("    " + line)
        return False
    print(f"torture: {name}: PASS ({took:.0f} s)", flush=True)
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--fuzz", default="build/torture/fuzz")
    ap.add_argument("--stress", default="build/torture/stress")
    ap.add_argument("--out", default="build/torture")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=20, help="stress duration")
    ap.add_argument("--parts", default="stress,fuzz")
    ap.add_argument("--batch", type=int, help="fuzz only this batch, printing every call (-B B -v)")
    ap.add_argument("--leaks", action="store_true",
                    help="one worker; take the kernel memory account after every batch (fuzz -L)")
    ap.add_argument("--skip", help="more system call numbers for the fuzzer to skip: 173,119")
    ap.add_argument("--calls-only", help="system call numbers the fuzzer makes, only: 240,422 (futex)")
    ap.add_argument("--entry", type=int, choices=(0, 1, 2),
                    help="how the fuzzer enters: 0 int $0x80, 1 __kernel_vsyscall, 2 both (default)")
    a = ap.parse_args()

    os.makedirs(a.out, exist_ok=True)
    cpio = os.path.join(a.out, "torture.cpio")
    bench.cpio(cpio, [("dev", 0o40755, None), ("proc", 0o40555, None), ("tmp", 0o41777, None),
                      ("fuzz", 0o100755, open(a.fuzz, "rb").read()),
                      ("stress", 0o100755, open(a.stress, "rb").read())])
    ok = True
    parts = a.parts.split(",")
    if "stress" in parts and a.batch is None:
        ok &= run_part("stress", a.kernel, cpio, f"init=/stress -t {a.seconds}",
                       a.seconds * 4 + 120, 120)
    if "fuzz" in parts:
        args = f"-s {a.seed} -n {a.calls} -p {a.workers}"
        if a.batch is not None:
            args = f"-s {a.seed} -B {a.batch} -v"
        if a.skip:
            args += f" -x {a.skip}"
        if a.calls_only:
            args += f" -o {a.calls_only}"
        if a.entry is not None:
            args += f" -e {a.entry}"
        if a.leaks:
            args = args.replace(f"-p {a.workers}", "-p 1") + " -L"
        ok &= run_part(f"fuzz (seed {a.seed})", a.kernel, cpio, f"init=/fuzz {args}",
                       600 + a.calls // 20, 120)
    print("torture: " + ("PASS" if ok else "FAIL"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
