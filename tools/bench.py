#!/usr/bin/env python3
"""Pipit against Linux: boots Pipit and Debian's Linux 6.1 i386 kernel in
the same QEMU with the same static benchmark (tests/bench/bench.c) as
init, and prints each figure on both, with the ratio Pipit/Linux.

    tools/bench.py --kernel build/kernel.elf --bench build/bench/bench \
                   --sh build/user/sh [--out build] [--readme README.md]

Writes build/bench.csv, build/bench.md (the tables), build/bench.png (the
ratios, with gnuplot) and build/scaling.svg (the scaling figure:
tools/bench_scaling.py). Linux is fetched with `apt-get download` and
unpacked into build/linux/ (never installed). Times come from the guest's
TSC (host TSC under TCG), turned into seconds with the host's TSC rate."""

import argparse
import glob
import os
import platform
import re
import select
import shutil
import statistics
import subprocess
import sys
import time

import bench_scaling

ACCEL = os.environ.get("ACCEL") or "tcg"
QEMU = os.environ.get("QEMU") or "qemu-system-i386"
QEMU_OPTS = ["-accel", ACCEL, "-m", "256M", "-display", "none", "-serial", "stdio", "-no-reboot"]

# name, label, kind (lat: µs per round trip, bw: MiB/s, op: µs per op), target
FIGURES = [
    ("null_syscall", "null system call (getppid)", "op", 0.5),
    ("clock_gettime", "clock_gettime(CLOCK_MONOTONIC), by the vDSO", "op", 0.5),
    ("pipe_lat", "pipe ping-pong latency", "lat", 0.25),
    ("pipe_lat_traced", "pipe ping-pong latency, ipc+sched events traced", "lat", None),
    ("fifo_lat", "FIFO ping-pong latency", "lat", 0.25),
    ("unix_stream_lat", "UNIX stream ping-pong latency", "lat", 0.25),
    ("unix_dgram_lat", "UNIX datagram ping-pong latency", "lat", 0.25),
    ("tcp_lat", "TCP loopback ping-pong latency", "lat", 0.5),
    ("udp_lat", "UDP loopback ping-pong latency", "lat", 0.5),
    ("msg_lat", "message queue ping-pong latency", "lat", 0.25),
    ("mq_lat", "POSIX message queue ping-pong latency", "lat", 0.5),
    ("sem_lat", "semaphore ping-pong latency", "lat", 0.25),
    ("futex_lat", "process-shared futex ping-pong latency", "lat", 0.5),
    ("eventfd_lat", "eventfd ping-pong latency", "lat", 0.5),
    ("epoll_lat", "pipe ping-pong, epoll_wait before each read", "lat", 0.5),
    ("epoll_lat_1000", "the same, 1,000 pipes watched, one ready", "lat", 0.5),
    ("yield_floor", "floor: sched_yield ping-pong, 4 system calls", "lat", None),
    ("pipe_bw_4k", "pipe bandwidth, 4 KiB chunks", "bw", 1.5),
    ("pipe_bw_64k", "pipe bandwidth, 64 KiB chunks", "bw", 1.5),
    ("unix_bw_4k", "UNIX stream bandwidth, 4 KiB chunks", "bw", 1.5),
    ("unix_bw_64k", "UNIX stream bandwidth, 64 KiB chunks", "bw", 1.5),
    ("tcp_bw_4k", "TCP loopback bandwidth, 4 KiB chunks", "bw", 1.0),
    ("tcp_bw_64k", "TCP loopback bandwidth, 64 KiB chunks", "bw", 1.0),
    ("shm_bw_4k", "shm+sem bandwidth, 4 KiB chunks", "bw", 1.0),
    ("shm_bw_64k", "shm+sem bandwidth, 64 KiB chunks", "bw", 1.0),
    ("fork_exit", "fork+exit+wait", "op", 0.25),
    ("fork_1m", "fork+exit+wait, 1 MiB mapped, 100 KiB touched", "op", 0.25),
    ("fork_16m", "fork+exit+wait, 16 MiB mapped, 100 KiB touched", "op", 0.25),
    ("fork_64m", "fork+exit+wait, 64 MiB mapped, 100 KiB touched", "op", 0.25),
    ("thread_create", "thread create+join", "op", 0.5),
    ("fork_exec", "fork+exec+wait", "op", 0.25),
    ("nanosleep_100us", "nanosleep(100 µs): 100 µs + oversleep", "op", None),
    ("boot_user", "boot to first user instruction", "boot", None),
    ("boot_prompt", "boot to shell prompt", "boot", None),
]
UNITS = {"lat": "µs", "op": "µs", "bw": "MiB/s", "boot": "s"}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- Linux: fetch and unpack, never install ----

def fetch_linux(out):
    dest = os.path.join(out, "linux")
    found = sorted(glob.glob(os.path.join(dest, "boot", "vmlinuz-6.1.*-686")))
    if found:
        return found[-1]
    names = subprocess.run(["apt-cache", "search", "--names-only", r"^linux-image-6\.1\.0-[0-9]+-686$"],
                           capture_output=True, text=True).stdout.split()
    names = sorted({n for n in names if re.fullmatch(r"linux-image-6\.1\.0-\d+-686", n)},
                   key=lambda n: int(n.split("-")[3]))
    if not names:
        sys.exit("bench: apt-cache knows no linux-image-6.1.0-*-686 (run apt-get update?)")
    pkg = names[-1]
    debdir = os.path.join(out, "linux-deb")
    os.makedirs(debdir, exist_ok=True)
    log(f"bench: apt-get download {pkg}")
    subprocess.run(["apt-get", "download", pkg], cwd=debdir, check=True)
    deb = sorted(glob.glob(os.path.join(debdir, pkg + "_*.deb")))[-1]
    subprocess.run(["dpkg-deb", "-x", deb, dest], check=True)
    found = sorted(glob.glob(os.path.join(dest, "boot", "vmlinuz-6.1.*-686")))
    if not found:
        sys.exit("bench: no vmlinuz in " + deb)
    return found[-1]


# ---- a cpio (newc) writer: directories and files, owner root ----

def cpio(path, entries):
    """entries: list of (name, mode, data or None for a directory)."""
    out = bytearray()

    def add(name, mode, data, ino):
        nm = name.encode() + b"\0"
        fields = [ino, mode, 0, 0, 1 if data is not None else 2, 0, len(data or b""), 0, 0, 0, 0,
                  len(nm), 0]
        out.extend(b"070701" + b"".join(b"%08X" % f for f in fields) + nm)
        out.extend(b"\0" * (-len(out) % 4))
        out.extend(data or b"")
        out.extend(b"\0" * (-len(out) % 4))

    for i, (name, mode, data) in enumerate(entries):
        add(name, mode, data, i + 1)
    add("TRAILER!!!", 0, b"", 0)
    with open(path, "wb") as f:
        f.write(out)


# ---- one boot ----

def boot(cmd, stop, timeout, quiet_limit=180):
    """Runs QEMU; returns (lines with their times since start, status).
    stop(line) ends the boot early (we kill QEMU) when it returns True."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, partial, status, last = [], b"", "exited", t0
    try:
        while True:
            now = time.monotonic()
            if now - t0 > timeout or now - last > quiet_limit:
                status = "timeout"
                break
            r, _, _ = select.select([p.stdout], [], [], 0.5)
            if not r:
                if p.poll() is not None:
                    break
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            now = time.monotonic()
            last = now
            partial += chunk
            *done, partial = partial.split(b"\n")
            for raw in done:
                line = raw.decode("utf-8", "replace").rstrip("\r")
                lines.append((now - t0, line))
                if stop and stop(line):
                    status = "stopped"
                    return lines, status
            if stop and partial and stop(partial.decode("utf-8", "replace")):
                lines.append((now - t0, partial.decode("utf-8", "replace")))
                status = "stopped"
                return lines, status
    finally:
        if p.poll() is None:
            p.kill()
        p.wait()
    if partial:
        lines.append((time.monotonic() - t0, partial.decode("utf-8", "replace")))
    return lines, status


def run_bench(name, cmd, timeout):
    log(f"bench: {name}: {' '.join(cmd)}")
    lines, status = boot(cmd, None, timeout)
    res, first, mhz, current = {}, None, None, None
    sleepers = {}
    for t, line in lines:
        m = re.search(r"@(bench|begin|tsc_mhz|sleepers) ?(.*)", line)
        if not m:
            if re.search(r"PANIC|panic|Oops|BUG", line):
                log(f"bench: {name}: {line}")
            continue
        kind, rest = m.groups()
        if kind == "tsc_mhz":
            mhz = float(rest)
        elif kind == "sleepers":
            want, alive = rest.split()[:2]
            sleepers[int(want)] = int(alive)
        elif kind == "begin":
            current = rest.strip()
        elif rest == "start":
            first = t if first is None else first
        elif rest == "end":
            current = None
        else:
            f = rest.split()
            if f[1] == "n/a":
                res[f[0]] = ("n/a", " ".join(f[2:]))
            elif f[0] == "error":
                log(f"bench: {name}: {line}")
            else:
                res[f[0]] = (int(f[1]), int(f[2]), float(f[3]), float(f[4]))
            current = None
    if current:
        res[current] = ("n/a", "hang" if status == "timeout" else "crashed")
        log(f"bench: {name}: figure {current} did not finish ({status}); last lines:")
        for _, line in lines[-15:]:
            log("    " + line)
    return res, first, mhz, sleepers


def prompt_time(name, cmd, runs):
    times = []
    for _ in range(runs):
        lines, status = boot(cmd, lambda l: re.search(r"[#$] $", l) is not None, 120)
        if status == "stopped":
            times.append(lines[-1][0])
        else:
            log(f"bench: {name}: no shell prompt ({status}); last lines:")
            for _, line in lines[-10:]:
                log("    " + line)
    return statistics.median(times) if times else None


# ---- the report ----

def value(res, fig, kind, mhz):
    """The figure in its unit, or None."""
    r = res.get(fig)
    if r is None or r[0] == "n/a":
        return None
    cycles, nbytes = r[0], r[1]
    us = cycles / mhz
    if kind == "bw":
        return nbytes / (us / 1e6) / (1 << 20)
    return us


def fmt(v, kind):
    if v is None:
        return "n/a"
    if kind == "bw":
        return f"{v:.1f}"
    if kind == "boot":
        return f"{v:.2f}"
    return f"{v:.2f}" if v < 100 else f"{v:.0f}"


def verdict(ratio, kind, target, pipit):
    if kind == "boot":
        return "" if target is None else ("ok" if pipit is not None and pipit <= target else "MISS")
    if ratio is None or target is None:
        return ""
    ok = ratio >= target if kind == "bw" else ratio <= target
    return "ok" if ok else "MISS"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--bench", default="build/bench/bench")
    ap.add_argument("--sh", default="build/user/sh")
    ap.add_argument("--out", default="build")
    ap.add_argument("--boots", type=int, default=3, help="boots per kernel for boot to prompt")
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--readme", help="replace the <!-- bench --> section of this file")
    ap.add_argument("figures", nargs="*", help="only these figures (default: all)")
    a = ap.parse_args()

    out = a.out
    wd = os.path.join(out, "bench")
    os.makedirs(wd, exist_ok=True)
    vmlinuz = fetch_linux(out)
    bench = open(a.bench, "rb").read()
    sh = open(a.sh, "rb").read()
    dirs = [("dev", 0o40755, None), ("proc", 0o40555, None), ("tmp", 0o41777, None)]
    bench_cpio = os.path.join(wd, "bench.cpio")
    sh_cpio = os.path.join(wd, "sh.cpio")
    cpio(bench_cpio, dirs + [("bench", 0o100755, bench)])
    cpio(sh_cpio, dirs + [("bin", 0o40755, None), ("bin/sh", 0o100755, sh), ("root", 0o40700, None)])

    host_mhz = None
    try:
        host_mhz = float(subprocess.run([a.bench, "--calibrate"], capture_output=True, text=True,
                                        timeout=20).stdout)
    except (OSError, ValueError, subprocess.SubprocessError):
        log("bench: cannot run the benchmark on the host; using the guests' TSC calibration")

    extra = a.figures
    pipit_cmd = [QEMU] + QEMU_OPTS + ["-kernel", a.kernel, "-initrd", bench_cpio,
                                      "-append", " ".join(["init=/bench"] + extra)]
    linux_cmd = [QEMU] + QEMU_OPTS + ["-kernel", vmlinuz, "-initrd", bench_cpio,
                                      "-append", " ".join(["console=ttyS0 quiet panic=-1 rdinit=/bench"] + extra)]
    pres, pboot, pmhz, psleep = run_bench("pipit", pipit_cmd, a.timeout)
    lres, lboot, lmhz, lsleep = run_bench("linux", linux_cmd, a.timeout)
    mhz_p = host_mhz or pmhz or 1000.0
    mhz_l = host_mhz or lmhz or 1000.0
    log(f"bench: TSC {host_mhz} MHz (host), guests measured {pmhz} (Pipit) and {lmhz} (Linux)")

    pprompt = lprompt = None
    if not extra or "boot_prompt" in extra:
        pprompt = prompt_time("pipit", [QEMU] + QEMU_OPTS + ["-kernel", a.kernel, "-initrd", sh_cpio,
                                                             "-append", "init=/bin/sh"], a.boots)
        lprompt = prompt_time("linux", [QEMU] + QEMU_OPTS + ["-kernel", vmlinuz, "-initrd", sh_cpio,
                                                             "-append", "console=ttyS0 quiet panic=-1 rdinit=/bin/sh"],
                              a.boots)

    rows = []
    for fig, label, kind, target in FIGURES:
        if extra and fig not in extra:
            continue
        if fig == "boot_user":
            p, l, target = pboot, lboot, None
        elif fig == "boot_prompt":
            p, l, target = pprompt, lprompt, 1.0
        else:
            p, l = value(pres, fig, kind, mhz_p), value(lres, fig, kind, mhz_l)
        ratio = p / l if p is not None and l else None
        note = ""
        for who, res in (("Pipit", pres), ("Linux", lres)):
            r = res.get(fig)
            if r and r[0] == "n/a":
                note += f"{who}: {r[1]} "
        ctxt = pres.get(fig)
        ctxt_p = f"{ctxt[2]:.2f}" if ctxt and ctxt[0] != "n/a" else ""
        ctxt = lres.get(fig)
        ctxt_l = f"{ctxt[2]:.2f}" if ctxt and ctxt[0] != "n/a" else ""
        tgt = "" if target is None else (("≥ " if kind == "bw" else "≤ ") + (f"{target} s" if kind == "boot" else f"{target}"))
        rows.append(dict(figure=fig, label=label, unit=UNITS[kind], pipit=fmt(p, kind), linux=fmt(l, kind),
                         ratio="n/a" if ratio is None else f"{ratio:.2f}", target=tgt,
                         verdict=verdict(ratio, kind, target, p), ctxt_pipit=ctxt_p, ctxt_linux=ctxt_l,
                         note=note.strip(), r=ratio))

    machine = describe_machine(host_mhz)
    table = ["| figure | unit | Pipit | Linux 6.1 | Pipit/Linux | target | |",
             "|---|---|--:|--:|--:|---|---|"]
    for r in rows:
        table.append(f"| {r['label']} | {r['unit']} | {r['pipit']} | {r['linux']} | {r['ratio']} | "
                     f"{r['target']} | {r['verdict']} |")
    floor = floor_line(pres, lres, mhz_p, mhz_l)
    series = bench_scaling.collect(pres, lres, mhz_p, mhz_l, psleep, lsleep)
    scale_text, scale_md = bench_scaling.tables(series, psleep, lsleep)
    md = "\n".join(table) + "\n\n" + (floor + "\n\n" if floor else "") + machine + "\n"
    if series:
        md += "\n" + SCALING_HEAD + scale_md
    with open(os.path.join(out, "bench.md"), "w") as f:
        f.write(md)
    with open(os.path.join(out, "bench.csv"), "w") as f:
        cols = ["figure", "unit", "pipit", "linux", "ratio", "target", "verdict",
                "ctxt_pipit", "ctxt_linux", "note"]
        f.write(",".join(cols) + "\n")
        for r in rows:
            f.write(",".join('"' + str(r[c]).replace('"', "'") + '"' for c in cols) + "\n")

    w = max(len(r["label"]) for r in rows)
    print(f"\n{'figure':<{w}}  {'unit':>5}  {'Pipit':>9}  {'Linux':>9}  {'ratio':>6}  {'target':>7}")
    for r in rows:
        print(f"{r['label']:<{w}}  {r['unit']:>5}  {r['pipit']:>9}  {r['linux']:>9}  {r['ratio']:>6}  "
              f"{r['target']:>7}  {r['verdict']}{'  (' + r['note'] + ')' if r['note'] else ''}")
    if floor:
        print("\n" + floor)
    if series:
        print("\n" + scale_text)
    print("\n" + machine)
    svg_path = os.path.join(out, "scaling.svg")
    if series:
        bench_scaling.svg(series, svg_path, machine.split(",")[0] + ", " + time.strftime("%H:%M UTC", time.gmtime()))
    print(f"written: {out}/bench.csv {out}/bench.md" + (f" {svg_path}" if series else ""), end="")
    if plot(rows, os.path.join(out, "bench.png"), wd):
        print(f" {out}/bench.png")
    else:
        print("  (no plot: gnuplot is missing)")
    if a.readme:
        if series:
            shutil.copy(svg_path, os.path.join(os.path.dirname(os.path.abspath(a.readme)), SCALING_SVG))
        update_readme(a.readme, md)


SCALING_SVG = "docs/bench-scaling.svg"
SCALING_HEAD = ("The scaling figure (docs/performance.md explains each curve): "
                "the latencies again with other processes asleep, and fork with more memory mapped.\n\n"
                f"![scaling]({SCALING_SVG})\n\n")


def floor_line(pres, lres, mhz_p, mhz_l):
    """The pipe round trip against the floor of two processes that yield to
    each other with as many system calls (issue 18: within 1.3x)."""
    parts = []
    for who, res, mhz in (("Pipit", pres, mhz_p), ("Linux", lres, mhz_l)):
        p, f = value(res, "pipe_lat", "lat", mhz), value(res, "yield_floor", "lat", mhz)
        if p and f:
            parts.append(f"{who} {p:.2f} / {f:.2f} µs = {p / f:.2f}")
    if not parts:
        return ""
    return "Pipe round trip against its floor (target for Pipit ≤ 1.3): " + "; ".join(parts) + "."


def describe_machine(mhz):
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    qv = subprocess.run([QEMU, "--version"], capture_output=True, text=True).stdout.splitlines()
    qv = qv[0] if qv else QEMU
    when = time.strftime("%Y-%m-%d")
    tsc = f", TSC {mhz:.0f} MHz" if mhz else ""
    return (f"Taken {when} on {cpu} ({os.cpu_count()} host CPUs{tsc}), {platform.system()} "
            f"{platform.release()}, {qv}, -accel {ACCEL}, one guest CPU, 256 MiB. "
            "Latencies are round trips; ratios below 1 mean Pipit is faster, except bandwidths.")


def plot(rows, png, wd):
    if not shutil.which("gnuplot"):
        return False
    data = os.path.join(wd, "ratios.dat")
    with open(data, "w") as f:
        for i, r in enumerate(rows):
            if r["r"] is not None:
                f.write(f'{i} "{r["figure"]}" {r["r"]:.4f}\n')
    script = f"""set terminal pngcairo size 1000,560 noenhanced
set output '{png}'
set title 'Pipit / Linux 6.1 (same QEMU; latency/time: lower is better, bandwidth: higher is better)'
set style fill solid 0.7
set boxwidth 0.7
set logscale y
set ylabel 'ratio Pipit/Linux'
set xtics rotate by -40 font ',9'
set grid ytics
set xrange [-1:{len(rows)}]
plot '{data}' using 1:3:xtic(2) with boxes notitle, 1 with lines lw 2 notitle, 0.5 with lines dt 2 notitle
"""
    r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if r.returncode:
        script = script.replace("pngcairo", "png")
        r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    return r.returncode == 0


def update_readme(path, md):
    text = open(path).read()
    section = "<!-- bench -->\n" + md + "<!-- /bench -->"
    if "<!-- bench -->" in text:
        text = re.sub(r"<!-- bench -->.*?<!-- /bench -->", lambda m: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    open(path, "w").write(text)


if __name__ == "__main__":
    main()
