#!/usr/bin/env python3
"""make trace CMD='ls -l | more': boots Pipit with /bin/sh as init, runs CMD
under the `trace` command (user/trace.c: the kernel's event trace,
/sys/kernel/tracing), brings the trace text back over the serial line and
draws it (tools/traceview.py): OUT.txt, OUT.json (Perfetto) and OUT.html
(an SVG timeline).

CMD goes into a script, /trace-cmd.sh, in an extra cpio module (the kernel
command line splits words), as `make profile` does."""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import traceview  # noqa: E402

BEGIN, END = "# trace begins", "# trace ends"


def run(kernel, initrd, out_dir, cmd, events, timeout=300):
    """Boots, traces cmd; returns the trace text (or None) and the lines."""
    os.makedirs(out_dir, exist_ok=True)
    extra = os.path.join(out_dir, "trace.cpio")
    script = ("#!/bin/sh\n"
              f"trace -e {events} -o /tmp/trace.txt -- sh /trace-cmd.sh\n"
              f"echo '{BEGIN}'\ncat /tmp/trace.txt\necho '{END}'\n")
    bench.cpio(extra, [("trace.sh", 0o100755, script.encode()),
                       ("trace-cmd.sh", 0o100755, (cmd + "\n").encode())])
    qemu = [bench.QEMU] + bench.QEMU_OPTS + ["-kernel", kernel, "-initrd", f"{initrd},{extra}",
                                             "-append", "init=/bin/sh /trace.sh"]
    lines, status = bench.boot(qemu, lambda line: line.strip() == END, timeout)
    text, inside = [], False
    for _, line in lines:
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == END:
            return "\n".join(text) + "\n", lines
        elif inside:
            text.append(line)
    return None, lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--initrd", default="build/initrd.cpio")
    ap.add_argument("--out", default="build/trace/trace", help="basename of the files written")
    ap.add_argument("--cmd", default="ls -l / | more")
    ap.add_argument("--events", default="ipc,sched,signal")
    ap.add_argument("--title")
    a = ap.parse_args()
    text, lines = run(a.kernel, a.initrd, os.path.dirname(a.out) or ".", a.cmd, a.events)
    if text is None:
        print("trace: no trace came back; the last lines were:", file=sys.stderr)
        for _, line in lines[-15:]:
            print("    " + line, file=sys.stderr)
        return 1
    with open(a.out + ".txt", "w") as f:
        f.write(text)
    recs = traceview.parse(text)
    import json
    with open(a.out + ".json", "w") as f:
        json.dump(traceview.to_chrome(recs), f)
    with open(a.out + ".html", "w") as f:
        f.write(traceview.to_html(recs, a.title or a.cmd))
    print(f"trace: {len(recs)} events: {a.out}.txt, {a.out}.json (Perfetto), {a.out}.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
