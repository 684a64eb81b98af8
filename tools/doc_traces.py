#!/usr/bin/env python3
"""The docs' timeline pictures (issue 20): a table of (picture, page,
command, events, what must appear in its trace). `make docs-trace` boots
Pipit once per picture, traces the command (tools/trace.py) and writes
docs/img/trace-NAME.svg (tools/traceview.py); the "trace" suite of
tests/run.py checks the pictures in CHECKED: their command still runs and
its key events still come.

    python3 tools/doc_traces.py [--kernel K] [--initrd I] [NAME...]"""

import argparse
import importlib.util
import os
import re
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)
import traceview  # noqa: E402

# name, page(s) that show it, command, events, regexes its trace must match
PICTURES = [
    ("pipe-sleep", "01-wait-queues.md", "sh -c 'sleep 1; echo hello' | cat", "ipc,sched",
     [r'cat-\d+ .*ipc_sleep: queue="pipe \w+ readers"', r'ipc_wake: queue="pipe \w+ readers" woken_pid=\d+',
      r"sched_switch: .*next_comm=cat"]),
    ("ls-more", "03-pipes-and-fifos.md README.md", "ls -l /bin | more", "ipc,sched",
     [r'ipc_xfer: obj="pipe \w+" wrote=\d+', r'more-\d+ .*ipc_xfer: obj="pipe \w+" read=\d+']),
    ("fifo", "03-pipes-and-fifos.md", "mkfifo /tmp/ff; (sleep 1; echo through the fifo > /tmp/ff) & cat /tmp/ff",
     "ipc,sched", [r'cat-\d+ .*ipc_sleep: queue="pipe \w+ (readers|writers)"', r"ipc_xfer: obj=\"pipe \w+\" read=17"]),
    ("msgdemo", "05-message-queues.md", "msgdemo -p 2 -n 3", "ipc,sched",
     [r'ipc_sleep: queue="msq \d+ receivers"', r'ipc_xfer: obj="msq \d+" wrote=\d+']),
    ("semaphores", "06-semaphores.md", "shmdemo -p 1 -c 1 -n 4 -s 1", "ipc,sched",
     [r'ipc_lock: lock="sem \d+ #\d [>=]0" waits', r'ipc_sleep: queue="sem \d+"']),
    ("shmdemo", "07-shared-memory.md README.md", "shmdemo -p 2 -c 1 -n 3 -s 2", "ipc,sched",
     [r'ipc_sleep: queue="sem \d+"', r"sched_process_exit"]),
    ("srv-cli", "09-unix-sockets.md README.md", "srv; cli; cli", "ipc,sched",
     [r'ipc_sleep: queue="unix /tmp/server accept"', r'ipc_xfer: obj="socket \w+" wrote=\d+']),
    ("lockdemo", "02-file-locking.md", "lockdemo -w 2 -i 2", "ipc,sched",
     [r'ipc_lock: lock="fcntl ino \d+" type=F_WRLCK start=0 end=EOF waits',
      r'ipc_lock: lock="fcntl ino \d+" type=F_WRLCK start=0 end=EOF granted',
      r'ipc_sleep: queue="inode \d+ locks"']),
    ("strace", "04-ptrace.md", "strace -o /dev/null echo hi", "sched,signal",
     [r"signal_generate: sig=19 ", r"prev_comm=strace .*prev_state=t", r"signal_generate: sig=17 "]),
    ("tcp", "14-inet-sockets.md", "nc -l 7000 > /tmp/got & sleep 1; echo over tcp | nc 127.0.0.1 7000; wait",
     "ipc,sched", [r'ipc_sleep: queue="tcp port 7000 accept"', r'ipc_xfer: obj="socket \w+" wrote=9']),
]
CHECKED = ["pipe-sleep", "lockdemo"]     # what make test boots for (two boots)


def load_trace():
    """tools/trace.py, by path (the standard library has a module named trace)."""
    spec = importlib.util.spec_from_file_location("pipit_trace", os.path.join(TOOLS, "trace.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def picture(name):
    return next(p for p in PICTURES if p[0] == name)


def trace_one(kernel, initrd, name, out_dir):
    """Boots and traces picture name's command: (trace text or None, serial lines)."""
    _, _, cmd, events, _ = picture(name)
    return load_trace().run(kernel, initrd, out_dir, cmd, events, timeout=120)


def missing(name, text):
    """The regexes of picture name that its trace text does not match."""
    return [rx for rx in picture(name)[4] if not re.search(rx, text, re.M)]


def check(kernel, initrd, name, out_dir):
    """For the test suite: (problems, lines to show)."""
    text, lines = trace_one(kernel, initrd, name, os.path.join(out_dir, "doc-" + name))
    if text is None:
        return [f"{name}: no trace came back"], [l for _, l in lines[-20:]]
    bad = [f"{name}: no event matches {rx!r}" for rx in missing(name, text)]
    return bad, text.splitlines()[-30:] if bad else []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build", "kernel.elf"))
    ap.add_argument("--initrd", default=os.path.join(ROOT, "build", "initrd.cpio"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "img"))
    ap.add_argument("names", nargs="*", help="pictures to make (all by default)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    failed = 0
    for name, pages, cmd, events, _ in PICTURES:
        if a.names and name not in a.names:
            continue
        text, lines = trace_one(a.kernel, a.initrd, name, os.path.join(ROOT, "build", "trace", "doc-" + name))
        if text is None:
            print(f"docs-trace: {name}: no trace came back", file=sys.stderr)
            failed += 1
            continue
        for rx in missing(name, text):
            print(f"docs-trace: {name}: no event matches {rx!r} (the picture is written; its page's text may be wrong)",
                  file=sys.stderr)
            failed += 1
        recs = traceview.parse(text)
        with open(os.path.join(a.out, f"trace-{name}.svg"), "w") as f:
            f.write(traceview.to_svg(recs, f"$ {cmd}") + "\n")
        print(f"docs-trace: docs/img/trace-{name}.svg ({len(recs)} events; for {pages})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
