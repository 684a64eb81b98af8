#!/usr/bin/env python3
"""Turns a Pipit event trace (the text of /sys/kernel/tracing/trace, in
ftrace's line format) into pictures:

    python3 tools/traceview.py TRACE.txt OUT_BASENAME [--title T]

writes OUT_BASENAME.json, a Chrome/Perfetto trace (open it in
https://ui.perfetto.dev or chrome://tracing: one track per process, slices
for running, sleeping and system calls, flow arrows from a waker to the
task it woke), and OUT_BASENAME.html, a self-contained page with an SVG
timeline: one lane per process, green while it runs, yellow while it waits
for the CPU, grey while it sleeps (the wait queue's name on the bar),
arrows for wake-ups and blue marks where bytes go into or out of a pipe or
queue. Nothing is fetched from the network.

parse(), to_chrome() and to_svg() are used by tests/run.py too."""

import argparse
import html
import json
import re
import sys

LINE_RE = re.compile(r"^\s*(?P<task>.+)-(?P<pid>\d+)\s+\[\d+\]\s+\S+\s+(?P<ts>\d+\.\d+):\s+"
                     r"(?P<event>\w+):\s?(?P<rest>.*)$")
KV_RE = re.compile(r'(\w+)=("[^"]*"|\S+)')


def fields(rest):
    return {k: v.strip('"') for k, v in KV_RE.findall(rest)}


def parse(text):
    """The records of a trace: dicts with ts (µs), pid, comm, event, f
    (its key=value fields) and rest (the text after the event name)."""
    out = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        m = LINE_RE.match(line)
        if not m:
            continue
        sec, usec = m["ts"].split(".")
        out.append({"ts": int(sec) * 1000000 + int(usec), "pid": int(m["pid"]), "comm": m["task"],
                    "event": m["event"], "rest": m["rest"], "f": fields(m["rest"])})
    return out


def timeline(recs):
    """Per traced process: its name, and its states as (start, end, state, label)
    with state 'run', 'wait' (runnable) or 'sleep'; wake-up arrows as
    (time, waker pid, woken pid, queue); transfers as (time, pid, text)."""
    names, states, arrows, xfers, syscalls = {}, {}, [], [], []
    cur = {}                                   # pid -> (state, since, label)
    last_queue = {}
    open_sys = {}
    end = recs[-1]["ts"] if recs else 0

    def move(pid, t, state, label=""):
        if pid in cur:
            s, since, lab = cur[pid]
            if t > since or s != state:
                states.setdefault(pid, []).append((since, t, s, lab))
        cur[pid] = (state, t, label)

    for r in recs:
        pid, t, ev, f = r["pid"], r["ts"], r["event"], r["f"]
        names.setdefault(pid, r["comm"])
        if pid not in cur:
            cur[pid] = ("run", t, "")
        if ev == "sched_switch":
            prev, nxt = int(f.get("prev_pid", pid)), int(f.get("next_pid", 0))
            st = f.get("prev_state", "R")
            if prev and cur.get(prev, ("",))[0] != "exit":
                state = {"S": "sleep", "D": "sleep", "T": "stop", "t": "stop", "R": "wait"}.get(st, "exit")
                move(prev, t, state, last_queue.get(prev, "") if state == "sleep" else "")
            if nxt:
                names.setdefault(nxt, f.get("next_comm", str(nxt)))
                move(nxt, t, "run")
        elif ev == "sched_wakeup":
            woken = int(f.get("pid", 0))
            if woken and cur.get(woken, ("",))[0] in ("sleep", "stop"):
                move(woken, t, "wait")
        elif ev == "ipc_sleep":
            last_queue[pid] = f.get("queue", "")
        elif ev == "ipc_wake":
            arrows.append((t, pid, int(f.get("woken_pid", 0)), f.get("queue", "")))
        elif ev == "ipc_xfer":
            what = "wrote" if "wrote" in f else "read"
            xfers.append((t, pid, f"{what} {f.get(what, '?')} B {f.get('obj', '')}"))
        elif ev == "ipc_lock":
            xfers.append((t, pid, f"lock {r['rest']}"))
        elif ev == "sched_process_fork":
            child = int(f.get("child_pid", 0))
            if child:
                names.setdefault(child, f.get("child_comm", str(child)))
                move(child, t, "wait")          # runnable from its birth
        elif ev == "sched_process_exec":
            names[pid] = f.get("filename", names[pid]).rsplit("/", 1)[-1]
        elif ev == "sys_enter":
            open_sys[pid] = (t, r["rest"].split("(")[0].strip())
        elif ev == "sys_exit" and pid in open_sys:
            t0, what = open_sys.pop(pid)
            syscalls.append((t0, t, pid, what))
        elif ev == "sched_process_exit":
            move(pid, t, "exit")
    for pid, (s, since, lab) in cur.items():
        if s != "exit":
            states.setdefault(pid, []).append((since, max(end, since), s, lab))
    own = {r["pid"] for r in recs}   # only traced processes: not the untraced ones switched to, nor idle
    names = {p: n for p, n in names.items() if p in own}
    states = {p: s for p, s in states.items() if p in own}
    return names, states, arrows, xfers, syscalls


def to_chrome(recs):
    """The Chrome trace event format (a dict, for json.dump)."""
    names, states, arrows, xfers, syscalls = timeline(recs)
    ev = []
    for pid, name in names.items():
        ev.append({"ph": "M", "name": "process_name", "pid": pid, "args": {"name": f"{name} {pid}"}})
        ev.append({"ph": "M", "name": "thread_name", "pid": pid, "tid": pid, "args": {"name": name}})
    for pid, segs in states.items():
        for t0, t1, s, lab in segs:
            if s == "exit":
                continue
            title = {"run": "running", "wait": "runnable", "stop": "stopped",
                     "sleep": f"sleep: {lab}" if lab else "sleep"}[s]
            ev.append({"ph": "X", "name": title, "cat": s, "pid": pid, "tid": pid, "ts": t0,
                       "dur": max(t1 - t0, 1)})
    for t0, t1, pid, what in syscalls:
        ev.append({"ph": "X", "name": what, "cat": "syscall", "pid": pid, "tid": pid, "ts": t0,
                   "dur": max(t1 - t0, 1)})
    for i, (t, waker, woken, queue) in enumerate(arrows):
        ev.append({"ph": "s", "id": i + 1, "name": f"wake: {queue}", "cat": "wakeup", "pid": waker,
                   "tid": waker, "ts": t})
        ev.append({"ph": "f", "bp": "e", "id": i + 1, "name": f"wake: {queue}", "cat": "wakeup",
                   "pid": woken, "tid": woken, "ts": t + 1})
    for t, pid, text in xfers:
        ev.append({"ph": "i", "s": "t", "name": text, "cat": "ipc", "pid": pid, "tid": pid, "ts": t})
    return {"traceEvents": ev, "displayTimeUnit": "ns"}


COLORS = {"run": "#3a3", "wait": "#dc3", "sleep": "#bbb", "stop": "#b8d"}


def to_svg(recs, title="Pipit trace"):
    """The timeline as SVG text."""
    names, states, arrows, xfers, _ = timeline(recs)
    pids = sorted(names)
    if not recs:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><text x="10" y="25">empty trace</text></svg>'
    t0, t1 = recs[0]["ts"], max(recs[-1]["ts"], recs[0]["ts"] + 1)
    left, width, lane = 170, 1000, 46
    x = lambda t: left + (t - t0) * width / (t1 - t0)
    y = {pid: 50 + i * lane for i, pid in enumerate(pids)}
    h = 70 + lane * len(pids)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 30}" height="{h}" '
           f'font-family="sans-serif" font-size="11">',
           '<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
           '<path d="M0,0 L8,4 L0,8 z" fill="#c33"/></marker></defs>',
           f'<text x="10" y="20" font-size="14">{html.escape(title)}</text>',
           f'<text x="{left}" y="38" fill="#555">0 µs</text>',
           f'<text x="{left + width - 60}" y="38" fill="#555">{t1 - t0} µs</text>']
    for pid in pids:
        out.append(f'<g class="lane" data-pid="{pid}"><text x="10" y="{y[pid] + 16}">'
                   f'{html.escape(names[pid])} {pid}</text>')
        for a, b, s, lab in states.get(pid, []):
            if s == "exit":
                continue
            w = max(x(b) - x(a), 1)
            tip = html.escape(f"{s} {lab}".strip())
            out.append(f'<rect class="{s}" x="{x(a):.1f}" y="{y[pid]}" width="{w:.1f}" height="22" '
                       f'fill="{COLORS[s]}"><title>{tip}</title></rect>')
            if s == "sleep" and lab and w > 40:
                out.append(f'<text class="queue" x="{x(a) + 3:.1f}" y="{y[pid] + 15}">{html.escape(lab)}</text>')
        out.append("</g>")
    for t, pid, text in xfers:
        if pid in y:
            lock = text.startswith("lock ")
            out.append(f'<path class="{"lock" if lock else "xfer"}" d="M{x(t):.1f},{y[pid] - 4} l4,4 l-4,4 '
                       f'l-4,-4 z" fill="{"#e80" if lock else "#36c"}">'
                       f'<title>{html.escape(text)}</title></path>')
    for t, waker, woken, queue in arrows:
        if waker in y and woken in y:
            out.append(f'<line class="wakeup" x1="{x(t):.1f}" y1="{y[waker] + 11}" x2="{x(t):.1f}" '
                       f'y2="{y[woken] + 11}" stroke="#c33" marker-end="url(#arrow)">'
                       f'<title>{html.escape(f"wakes {woken}: {queue}")}</title></line>')
    legend = " ".join(f'<tspan fill="{c}">■</tspan> {n}' for n, c in
                      (("running", COLORS["run"]), ("runnable", COLORS["wait"]), ("sleeping", COLORS["sleep"]),
                       ("stopped", COLORS["stop"])))
    out.append(f'<text x="10" y="{h - 8}">{legend} <tspan fill="#c33">→</tspan> wake-up '
               f'<tspan fill="#36c">◆</tspan> bytes in/out <tspan fill="#e80">◆</tspan> lock</text>')
    out.append("</svg>")
    return "\n".join(out)


def to_html(recs, title):
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head>\n"
            f"<body>\n{to_svg(recs, title)}\n</body></html>\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trace")
    ap.add_argument("out", help="basename: writes OUT.json and OUT.html")
    ap.add_argument("--title", default="Pipit trace")
    a = ap.parse_args()
    recs = parse(open(a.trace).read())
    with open(a.out + ".json", "w") as f:
        json.dump(to_chrome(recs), f)
    with open(a.out + ".html", "w") as f:
        f.write(to_html(recs, a.title))
    print(f"traceview: {len(recs)} events, {a.out}.json, {a.out}.html")


if __name__ == "__main__":
    sys.exit(main())
