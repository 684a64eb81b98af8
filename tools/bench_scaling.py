"""The scaling part of `make bench` (tools/bench.py): how the latencies grow
with other processes asleep, and fork with the memory mapped, on Pipit and
on Linux, as a table (text and Markdown) and a chart drawn as SVG by hand
(no plotting library needed)."""

LEVELS = [1, 10, 100, 1000]
SCALED = [("pipe_lat", "pipe"), ("unix_stream_lat", "UNIX stream"), ("msg_lat", "System V msg"),
          ("sem_lat", "System V sem")]
FORKS = [("fork_1m", 1), ("fork_16m", 16), ("fork_64m", 64)]


def _us(res, fig, mhz):
    r = res.get(fig)
    if r is None or r[0] == "n/a":
        return None
    return r[0] / mhz


def collect(pres, lres, mhz_p, mhz_l, psleep, lsleep):
    """[(label, xs, pipit values, linux values, pipit xs, linux xs)]: one
    series per latency (x = processes asleep: wanted, then what each
    kernel reached) and one for fork (x = MiB mapped)."""
    series = []
    for fig, label in SCALED:
        p = [_us(pres, f"{fig}_s{n}", mhz_p) for n in LEVELS]
        l = [_us(lres, f"{fig}_s{n}", mhz_l) for n in LEVELS]
        if any(v is not None for v in p + l):
            series.append((label, LEVELS, p, l, [psleep.get(n, n) for n in LEVELS],
                           [lsleep.get(n, n) for n in LEVELS]))
    p = [_us(pres, f, mhz_p) for f, _ in FORKS]
    l = [_us(lres, f, mhz_l) for f, _ in FORKS]
    mib = [m for _, m in FORKS]
    if any(v is not None for v in p + l):
        series.append(("fork+exit+wait", mib, p, l, mib, mib))
    return series


def _growth(vals):
    base = vals[0]
    return [None if v is None or not base else v / base for v in vals]


def _cell(v, g):
    if v is None:
        return "n/a"
    return f"{v:.1f} (×{g:.2f})" if g is not None else f"{v:.1f}"


def tables(series, psleep, lsleep):
    """(text for the terminal, Markdown) of the scaling figure."""
    def reached(sl):
        return ", ".join(f"{n}→{sl[n]}" for n in LEVELS if n in sl and sl[n] != n) or "all"
    note = (f"Processes asleep that fork allowed (wanted→alive, where fewer): Pipit {reached(psleep)}; "
            f"Linux {reached(lsleep)}. Each cell: µs per round trip (or per fork), and its growth "
            "against the first column.")
    md = []
    text = []
    for label, xs, p, l, _, _ in series:
        unit = "MiB mapped" if label.startswith("fork") else "processes asleep"
        if not md or unit != md[-1][0]:
            hdr = " | ".join(f"{x} {'MiB' if unit == 'MiB mapped' else 'asleep'}" for x in xs)
            md.append((unit, [f"| {unit}: | kernel | {hdr} |", "|---|---|" + "--:|" * len(xs)]))
        for who, vals in (("Pipit", p), ("Linux 6.1", l)):
            g = _growth(vals)
            cells = " | ".join(_cell(v, x) for v, x in zip(vals, g))
            md[-1][1].append(f"| {label} | {who} | {cells} |")
            if label.startswith("fork") and who == "Pipit":
                text.append(f"{'fork':<16} {'kernel':<10} " + "  ".join(f"{x:>12} MiB" for x in xs))
            text.append(f"{label:<16} {who:<10} " + "  ".join(f"{_cell(v, x):>16}" for v, x in zip(vals, g)))
    out_md = "\n\n".join("\n".join(rows) for _, rows in md) + "\n\n" + note + "\n"
    head = f"{'scaling':<16} {'kernel':<10} " + "  ".join(f"{n:>9} asleep" for n in LEVELS)
    return head + "\n" + "\n".join(text) + "\n" + note, out_md


# ---- the chart: two panels; y is the growth (each point over the series'
# first), Pipit solid, Linux dashed ----

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]


def _panel(x0, y0, w, h, title, xlabel, series, logx):
    import math
    out = [f'<text x="{x0 + w / 2}" y="{y0 - 12}" text-anchor="middle" font-size="14">{title}</text>']
    series = [(lb, xs, _growth(p), _growth(l), xp, xl) for lb, xs, p, l, xp, xl in series]
    vals = [v for _, _, p, l, _, _ in series for v in p + l if v is not None]
    if not vals:
        return out
    ymax = max(max(vals) * 1.1, 1.5)
    xs_all = sorted({x for _, xs, _, _, _, _ in series for x in xs})
    fx = (lambda x: math.log10(x)) if logx else (lambda x: x)
    lo, hi = fx(xs_all[0]), fx(xs_all[-1])

    def px(x):
        return x0 + (fx(x) - lo) / ((hi - lo) or 1) * w

    def py(v):
        return y0 + h - v / ymax * h
    out.append(f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#888"/>')
    step = 0.25
    while ymax / step > 8:
        step *= 2
    v = 0.0
    while v <= ymax:
        y = py(v)
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + w}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{v:g}</text>')
        v += step
    for x in xs_all:
        out.append(f'<text x="{px(x):.1f}" y="{y0 + h + 16}" text-anchor="middle" font-size="11">{x}</text>')
    out.append(f'<text x="{x0 + w / 2}" y="{y0 + h + 34}" text-anchor="middle" font-size="12">{xlabel}</text>')
    out.append(f'<text x="{x0 - 44}" y="{y0 + h / 2}" font-size="12" text-anchor="middle" '
               f'transform="rotate(-90 {x0 - 44} {y0 + h / 2})">× the first point</text>')
    for i, (label, _, p, l, xp, xl) in enumerate(series):
        c = COLORS[i % len(COLORS)]
        for xs, vals, dash in ((xp, p, ""), (xl, l, ' stroke-dasharray="6 4"')):
            pts = [(px(x), py(v)) for x, v in zip(xs, vals) if v is not None]
            if len(pts) > 1:
                d = " ".join(f"{a:.1f},{b:.1f}" for a, b in pts)
                out.append(f'<polyline points="{d}" fill="none" stroke="{c}" stroke-width="2"{dash}/>')
            for a, b in pts:
                out.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{c}"/>')
        ly = y0 + 14 + 16 * i
        out.append(f'<line x1="{x0 + 10}" y1="{ly - 4}" x2="{x0 + 30}" y2="{ly - 4}" stroke="{c}" stroke-width="2"/>')
        out.append(f'<text x="{x0 + 36}" y="{ly}" font-size="11">{label}</text>')
    return out


def svg(series, path, caption):
    lat = [s for s in series if not s[0].startswith("fork")]
    fork = [s for s in series if s[0].startswith("fork")]
    W, H = 1000, 430
    body = ['<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
            'font-family="sans-serif">',
            f'<rect width="{W}" height="{H}" fill="white"/>',
            f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="15">'
            'Pipit (solid) and Linux 6.1 (dashed), same QEMU: growth of each cost (× its first point)</text>']
    body += _panel(70, 70, 520, 280, "round-trip latency with other processes asleep",
                   "processes asleep (log scale)", lat, True)
    body += _panel(680, 70, 280, 280, "fork+exit+wait, 100 KiB touched", "MiB mapped", fork, False)
    body.append(f'<text x="{W / 2}" y="{H - 12}" text-anchor="middle" font-size="11">{caption}</text>')
    body.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(body) + "\n")
