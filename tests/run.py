#!/usr/bin/env python3
"""Pipit test harness: boots the kernel under QEMU and reports the results.

    python3 tests/run.py [--kernel K] [--initrd I] [--only SUBSTRING] [-v]

Suites (table SUITES at the end): ktest (tests inside the kernel), harness
(self-tests proving that a failure and a panic are noticed), guest (user test
programs, each also run on the host: the outputs must match), session
(the shell driven over the serial line), torture, vga, docs and trace (a
traced command's pictures, rendered by headless Chromium). The last line
printed is always "N passed, M failed"; the exit status is 0 only if
nothing failed.
This script never builds anything: `make test` builds first.
"""
import argparse
import concurrent.futures, codecs, difflib, html, os, re, subprocess, sys, tempfile, threading, time, traceback
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = float(os.environ.get("PIPIT_TIMEOUT", "120"))  # seconds per boot
HOST_TIMEOUT = 60                                        # seconds per host run
HOST_ENV = {"PATH": "/bin:/usr/bin", "HOME": "/", "TERM": "dumb"}
MAX_CMDLINE = 900                 # longer guest command lines are split
PANIC = "KERNEL PANIC"
RESULT_RE = re.compile(r"^\[(PASS|FAIL)\] (\S.*?)(: .*)?$")     # names may have spaces
BEGIN_RE = re.compile(r"^=== BEGIN (\S+)$")
END_RE = re.compile(r"^(.*?)=== END (\S+) status=(\S+)$")  # output may lack its last '\n'


def say(text=""):
    print(text, flush=True)


def to_lines(data):
    """Bytes of serial or program output -> list of lines without '\r' or '\n'."""
    lines = data.decode("utf-8", errors="replace").replace("\r", "").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


# ------------------------------------------------------------------ QEMU

def qemu_command(kernel, cmdline, initrds=()):
    """The one QEMU command line every boot uses. PIPIT_APPEND adds kernel
    options to every boot (e.g. trace_event=ipc,sched for a run of the
    whole suite under the event trace). 192 MiB, QEMU_MEM to change it:
    the initrd with every test program (and their glibc twins) fills
    more than half of 128 MiB's RAM filesystem, and the memory tests
    need room to fill."""
    if os.environ.get("PIPIT_APPEND"):
        cmdline = (os.environ["PIPIT_APPEND"] + " " + cmdline).strip()
    cmd = ["qemu-system-i386", "-accel", os.environ.get("ACCEL", "tcg"), "-m", os.environ.get("QEMU_MEM", "192M"),
           "-no-reboot", "-display", "none", "-monitor", "none", "-serial", "stdio",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
           "-kernel", kernel, "-append", cmdline]
    if initrds:
        cmd += ["-initrd", ",".join(initrds)]
    if os.environ.get("QEMU_CPU"):              # e.g. qemu32,-sep: the vDSO without sysenter
        cmd += ["-cpu", os.environ["QEMU_CPU"]]
    return cmd


@dataclass
class Boot:
    """What one boot produced."""
    cmdline: str
    lines: list = field(default_factory=list)   # serial output
    exit_code: object = None                    # None: killed or never started
    hung: bool = False
    error: str = ""                             # QEMU could not be started
    stderr: list = field(default_factory=list)  # QEMU's own complaints
    seconds: float = 0.0                        # how long it took


def exit_meaning(code):
    """isa-debug-exit: the guest writes v to port 0xf4, QEMU exits with (v<<1)|1."""
    if code == 1:
        return "exit code 1 (guest reported success)"
    if code == 3:
        return "exit code 3 (guest reported failure)"
    return f"exit code {code} (no status reported: poweroff, triple fault or QEMU error)"


def _drain(fd, chunks):
    """Thread body: append everything read from fd to chunks until end of file."""
    while True:
        data = os.read(fd, 65536)
        if not data:
            return
        chunks.append(data)


def boot(kernel, cmdline, initrds=(), stdin_data=None, timeout=None):
    """Boot once and wait for QEMU to exit (or kill it after the timeout).
    Output is read by threads as it comes, so a hang keeps what was printed.
    stdin_data (bytes), if given, is fed to the serial line; otherwise stdin
    is /dev/null."""
    timeout = TIMEOUT if timeout is None else timeout
    b = Boot(cmdline)
    started = time.monotonic()
    try:
        proc = subprocess.Popen(qemu_command(kernel, cmdline, initrds),
                                stdin=subprocess.DEVNULL if stdin_data is None else subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)   # so a kill reaches all of it
    except OSError as e:
        b.error = f"cannot start qemu-system-i386: {e}"
        return b
    out, err = [], []
    threads = [threading.Thread(target=_drain, args=(proc.stdout.fileno(), out), daemon=True),
               threading.Thread(target=_drain, args=(proc.stderr.fileno(), err), daemon=True)]
    if stdin_data is not None:
        def feed():
            try:
                proc.stdin.write(stdin_data)
                proc.stdin.close()
            except OSError:
                pass            # QEMU exited before reading everything
        threads.append(threading.Thread(target=feed, daemon=True))
    for t in threads:
        t.start()
    try:
        b.exit_code = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        b.hung = True
    finally:
        if proc.poll() is None:     # timeout, or ^C in the harness
            os.killpg(proc.pid, 9)
            proc.wait()
    for t in threads:
        t.join(5)
    b.lines, b.stderr = to_lines(b"".join(out)), to_lines(b"".join(err))
    b.seconds = time.monotonic() - started
    return b


# ------------------------------------------------------------- evaluation

@dataclass
class Result:
    name: str
    ok: bool
    reason: str = ""
    context: list = field(default_factory=list)  # lines shown under a failure
    kind: str = "line"      # line ([PASS]/[FAIL]), boot, panic, ran, status, diff


def excerpt(lines, start, end, mark=None):
    """Numbered lines[start:end]; the line at index mark gets a '>'."""
    start, end = max(0, start), min(len(lines), end)
    return [f"{'>' if i == mark else ' '}{i + 1:5} | {lines[i]}" for i in range(start, end)]


def around(lines, i):
    return excerpt(lines, i - 12, i + 13, i)


def tail(lines, n=40):
    return excerpt(lines, len(lines) - n, len(lines))


def parse_results(numbered, lines, qualify):
    """Results from the [PASS]/[FAIL] lines among numbered (index, text) pairs;
    qualify(name) gives the reported name."""
    results = []
    for i, text in numbered:
        m = RESULT_RE.match(text.rstrip())
        if m:
            ok = m.group(1) == "PASS"
            detail = (m.group(3) or ":")[1:].strip()
            results.append(Result(qualify(m.group(2)), ok, detail, [] if ok else around(lines, i)))
        elif text.startswith("[FAIL]"):     # never let a malformed failure pass unseen
            results.append(Result(qualify("unparsed"), False, f"malformed line: {text}", around(lines, i)))
    return results


def check_boot(b, name, done_marker, need_success, extra=()):
    """A failure named name if boot b hung, panicked, never printed done_marker,
    or (need_success) did not exit with code 1; None if the boot was healthy."""
    if b.error:
        return Result(name, False, b.error, b.stderr, "boot")
    reasons = list(extra)
    panic = next((i for i, text in enumerate(b.lines) if PANIC in text), None)
    if panic is not None:
        reasons.insert(0, "kernel panic")
    if b.hung:
        reasons.append(f"hang: killed after {TIMEOUT:g} s")
    if done_marker not in (text.strip() for text in b.lines):
        reasons.append(f"missing '{done_marker}'")
    if not b.hung and (reasons or (need_success and b.exit_code != 1)):
        reasons.append(exit_meaning(b.exit_code))
    if not reasons:
        return None
    if panic is not None:
        context = excerpt(b.lines, panic, panic + 41, panic)
    else:
        context = tail(b.lines) or ["(no serial output)"]
    context += ["qemu stderr: " + text for text in b.stderr]
    return Result(name, False, "; ".join(reasons), context, "panic" if panic is not None else "boot")


def ktest_name(name):
    return name if "." in name else "ktest." + name


def evaluate_ktest(b):
    """All results of a ktest boot, including ktest.boot if the boot was bad."""
    results = parse_results(enumerate(b.lines), b.lines, ktest_name)
    bad = check_boot(b, "ktest.boot", "ktest: done", True,
                     [] if results else ["no [PASS]/[FAIL] line"])
    return results + [bad] if bad else results


# ----------------------------------------------------------------- suites

class Skip(Exception):
    """A suite that has nothing to run raises Skip(why)."""


def run_ktest(ctx, report):
    for r in evaluate_ktest(boot(ctx.kernel, "ktest=all")):
        report.add(r)


# The kernel fails or panics on purpose; the evaluation must notice.
# (result name, command line, which failure kind must be reported, in words)
SELF_TESTS = [
    ("harness.fail-demo", "ktest=fail-demo", "line", "a [FAIL] line"),
    ("harness.panic-demo", "ktest=panic-demo", "panic", "the panic"),
]


def run_selftests(ctx, report):
    for name, cmdline, kind, what in SELF_TESTS:
        b = boot(ctx.kernel, cmdline)
        found = [r for r in evaluate_ktest(b) if not r.ok]
        if ctx.verbose:
            for r in found:
                say(f"    (expected) FAIL {r.name}: {r.reason}")
        ok = any(r.kind == kind for r in found)
        report.add(Result(name, ok, "" if ok else f"the evaluation did not report {what} as a failure",
                          [] if ok else tail(b.lines), "boot"))


@dataclass
class Section:
    """One program's part of the output of /bin/runtests."""
    begin: int
    out: list = field(default_factory=list)   # (line index, text)
    end: object = None                        # index of the END line
    status: str = ""                          # "0", "1", ..., "sig=N"


def parse_sections(lines):
    sections, cur, cur_name = {}, None, None
    for i, text in enumerate(lines):
        m_begin, m_end = BEGIN_RE.match(text), END_RE.match(text)
        if m_begin:
            cur_name, cur = m_begin.group(1), Section(i)
            sections[cur_name] = cur
        elif cur is not None and m_end and m_end.group(2) == cur_name:
            if m_end.group(1):
                cur.out.append((i, m_end.group(1)))
            cur.end, cur.status, cur = i, m_end.group(3), None
        elif text == "=== ALL DONE":
            cur = None
        elif cur is not None:
            cur.out.append((i, text))
    return sections


def run_host(path, cases=""):
    """Run a test program natively (only the cases "a+b", if given)
    -> (output lines, status, error)."""
    with tempfile.TemporaryDirectory() as cwd:
        try:
            env = dict(HOST_ENV, CHECK_ONLY=cases.replace("+", ",")) if cases else HOST_ENV
            p = subprocess.run([path], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=HOST_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, None, f"timed out after {HOST_TIMEOUT} s on the host"
        except OSError as e:
            return None, None, f"cannot run on the host: {e}"
    status = str(p.returncode) if p.returncode >= 0 else f"sig={-p.returncode}"
    return to_lines(p.stdout), status, ""


def differential(ctx, name, sec, cases=""):
    rname = f"{name}.differential"
    guest = [text for _, text in sec.out]
    # The host is the reference, and a busy host (two QEMUs run beside it)
    # can miss a timing in a test: a mismatch gets one more host run.
    for attempt in range(2):
        host, status, error = run_host(os.path.abspath(os.path.join(ctx.tests_dir, name)), cases)
        if error:
            return Result(rname, False, error, [], "diff")
        if host == guest and status == sec.status:
            break
    reasons = [] if host == guest else ["output differs from the host's"]
    if status != sec.status:
        reasons.append(f"status: host {status}, guest {sec.status}")
    if not reasons:
        return Result(rname, True)
    diff = list(difflib.unified_diff(host, guest, "host", "guest", lineterm=""))
    if len(diff) > 40:
        diff = diff[:40] + [f"... ({len(diff) - 40} more lines of diff)"]
    return Result(rname, False, "; ".join(reasons), diff, "diff")


def check_program(ctx, name, sec, lines, cases=""):
    if sec is None:
        return [Result(f"{name}.ran", False, "never started (no '=== BEGIN')", [], "ran")]
    results = parse_results(sec.out, lines, lambda n: f"{name}.{n}")
    if sec.end is None:
        last = sec.out[-1][0] if sec.out else sec.begin
        results.append(Result(f"{name}.ran", False, "no '=== END' line: crashed or hung",
                              excerpt(lines, max(sec.begin, last - 30), last + 10, last), "ran"))
        return results
    if sec.status != "0":
        results.append(Result(f"{name}.status", False, f"status={sec.status}",
                              around(lines, sec.end), "status"))
    # _guest programs check kernel internals; NAME_glibc is NAME built against glibc
    if not name.removesuffix("_glibc").endswith("_guest"):
        results.append(differential(ctx, name, sec, cases))
    return results


def guest_programs(tests_dir):
    """Names of the executables in tests_dir, sorted; names with a '.' are not tests."""
    if not os.path.isdir(tests_dir):
        return []
    return sorted(n for n in os.listdir(tests_dir) if "." not in n
                  and os.path.isfile(os.path.join(tests_dir, n))
                  and os.access(os.path.join(tests_dir, n), os.X_OK))


def batches(names, base):
    """Split names so that base + ' ' + names stays within MAX_CMDLINE."""
    groups, length = [[]], len(base)
    for n in names:
        if groups[-1] and length + 1 + len(n) > MAX_CMDLINE:
            groups.append([])
            length = len(base)
        groups[-1].append(n)
        length += 1 + len(n)
    return groups


GUEST_GROUP = 5             # programs per guest boot


def run_guest(ctx, report):
    names = guest_programs(ctx.tests_dir)
    if ctx.programs:                    # --only guest:t_sem,t_msg/case+case
        wanted = {p.split("/")[0]: p for p in ctx.programs}
        unknown = [n for n in wanted if n not in names]
        if unknown:
            report.add(Result("guest.only", False, f"no guest test named {', '.join(unknown)}", [], "ran"))
        names = [wanted[n] for n in names if n in wanted]
    if not names or not os.path.isfile(ctx.initrd):
        raise Skip("no build/tests")
    # Small groups, two QEMUs at a time: a hang costs one group, and the
    # suite takes half the time on a two-core machine.
    groups = [g[i:i + GUEST_GROUP] for g in batches(names, "init=/bin/runtests")
              for i in range(0, len(g), GUEST_GROUP)]
    jobs = int(os.environ.get("PIPIT_JOBS", "2"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        boots = list(pool.map(lambda g: boot(ctx.kernel, "init=/bin/runtests " + " ".join(g), [ctx.initrd]),
                              groups))
    if os.environ.get("PIPIT_TIMES"):      # where the suite's time goes: the slowest boots
        for b, g in sorted(zip(boots, groups), key=lambda p: -p[0].seconds)[:15]:
            print(f"  {b.seconds:6.1f} s  {' '.join(g)}")
    for k, (group, b) in enumerate(zip(groups, boots), 1):
        sections = parse_sections(b.lines)
        for spec in group:
            name, _, cases = spec.partition("/")
            for r in check_program(ctx, name, sections.get(name), b.lines, cases):
                report.add(r)
        bad = check_boot(b, "guest.boot" + (str(k) if len(groups) > 1 else ""), "=== ALL DONE", False)
        if bad:
            report.add(bad)


# ------------------------------------------------------- session tests
# The scripts are in tests/sessions.py (its head says how to add one).
from sessions import SESSIONS, CTRL_C, CTRL_D, CTRL_Z, ESC  # noqa: E402


class SessionError(Exception):
    pass


class Session:
    """QEMU with the serial line on pipes: send() lines, expect() output."""

    def __init__(self, kernel, cmdline="", initrds=()):
        self.proc = subprocess.Popen(qemu_command(kernel, cmdline, initrds), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.text = ""          # all output so far, without '\r'
        self.pos = 0            # expect() searches from here
        self.eof = False
        self._cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        while True:
            data = os.read(self.proc.stdout.fileno(), 4096)
            with self._cond:
                self.text += decoder.decode(data, final=not data).replace("\r", "")
                self.eof = not data
                self._cond.notify_all()
            if not data:
                return

    def send(self, line, eol="\n"):
        self.proc.stdin.write((line + eol).encode())
        self.proc.stdin.flush()

    def expect(self, regex, timeout=30):
        """Wait for regex; return the text from the previous match to the end of this one."""
        pattern, deadline = re.compile(regex, re.M), time.monotonic() + timeout
        with self._cond:
            while True:
                m = pattern.search(self.text, self.pos)
                if m:
                    got, self.pos = self.text[self.pos:m.end()], m.end()
                    return got
                left = deadline - time.monotonic()
                if self.eof or left <= 0:
                    why = "QEMU exited" if self.eof else f"timeout ({timeout} s)"
                    raise SessionError(f"{why} waiting for /{regex}/")
                self._cond.wait(left)

    def close(self):
        """Stop QEMU; its exit code (negative if it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.kill()
        return self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_sessions(ctx, report):
    if not SESSIONS:
        raise Skip("no session tests yet")
    for name, cmdline, steps, *more in SESSIONS:
        if ctx.programs and not any(p in name for p in ctx.programs):
            continue                    # --only session:inetd,fifo
        extra = [os.path.join(os.path.dirname(ctx.initrd), f) for f in (more[0] if more else [])]
        missing = [f for f in extra if not os.path.isfile(f)]
        if missing:
            say(f"{name}: skipped ({', '.join(missing)} not built; `make test` builds it when it can)")
            continue
        with Session(ctx.kernel, cmdline, [ctx.initrd] + extra) as s:
            try:
                for line, regex in steps:
                    if line is not None:
                        control = bool(line) and line[-1] in (CTRL_C, CTRL_D, CTRL_Z, ESC)
                        if control:
                            time.sleep(1)    # like a person: the command has started by now
                        s.send(line, "" if control else "\n")
                    s.expect(regex)
                if PANIC in s.text:
                    raise SessionError("kernel panic")
                report.add(Result(name, True))
            except (SessionError, OSError) as e:
                report.add(Result(name, False, str(e), tail(s.text.split("\n")), "boot"))


# ------------------------------------------------------------- reporting

class Report:
    def __init__(self, verbose):
        self.verbose = verbose
        self.passed = self.failed = 0
        self.suite = [0, 0]     # passed, failed in the current suite

    def add(self, r):
        """Count a result and print it now (passes only with -v)."""
        if r.ok:
            self.passed += 1
            self.suite[0] += 1
            if self.verbose:
                say(f"PASS {r.name}")
            return
        self.failed += 1
        self.suite[1] += 1
        say(f"FAIL {r.name}: {r.reason}")
        for text in r.context:
            say("    " + text)
        if r.context:
            say()


def run_torture(ctx, report):
    """A short, seeded run of the system-call fuzzer (make torture runs long)."""
    build = os.path.dirname(os.path.abspath(ctx.kernel))
    fuzz, stress = os.path.join(build, "torture", "fuzz"), os.path.join(build, "torture", "stress")
    if not os.path.exists(fuzz):
        raise Skip("no build/torture/fuzz")
    kernels = [("", ctx.kernel)]
    if ctx.debug_kernel and os.path.exists(ctx.debug_kernel):
        kernels.append(("debug-kernel.", ctx.debug_kernel))  # invariant checks, poisoned frees
    runs = []
    for prefix, kernel in kernels:
        base = [sys.executable, os.path.join(ROOT, "tests", "torture", "run.py"), "--kernel", kernel,
                "--fuzz", fuzz, "--stress", stress, "--seed", "1"]
        for name, extra in (("fuzz-20000-calls-seed-1", ["--parts", "fuzz", "--calls", "20000"]),
                            ("stress-3-seconds", ["--parts", "stress", "--seconds", "3"])):
            out = os.path.join(build, "torture", prefix + name)
            runs.append(("torture." + prefix + name, base + extra + ["--out", out]))
    # two at a time, as the guest suite runs its QEMUs
    procs = []
    for i in range(0, len(runs), 2):
        batch = [(n, subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
                 for n, c in runs[i:i + 2]]
        procs += [(n, p, p.communicate()[0]) for n, p in batch]
    for name, p, out in procs:
        lines = out.splitlines()
        report.add(Result(name, p.returncode == 0,
                          "" if p.returncode == 0 else "panic, hang or leak (see below)", lines[-40:], "boot"))


def run_docs(ctx, report):
    """tools/checkdocs.py: every file and function a doc names exists; one result per doc."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("checkdocs", os.path.join(ROOT, "tools", "checkdocs.py"))
    checkdocs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checkdocs)
    docs = sorted(n for n in os.listdir(os.path.join(ROOT, "docs")) if n.endswith(".md"))
    if not docs:
        raise Skip("no docs/*.md")
    for name in docs:
        problems = checkdocs.check_file(os.path.join(ROOT, "docs", name))[0]
        report.add(Result("docs." + name, not problems,
                          f"{len(problems)} name(s) not found" if problems else "",
                          [f"docs/{name}:{n}: {msg}" for n, msg in problems], "line"))
    # The check itself must catch a quote that drifted from its header and
    # a function that is not where a doc says.
    with tempfile.TemporaryDirectory(dir=os.path.join(ROOT, "docs")) as tmp:
        bad = os.path.join(tmp, "drift.md")
        with open(bad, "w") as f:
            f.write("```c\n/* ipc/pipe.h */\nstruct pipe_inode_info {\n    int drifted;\n};\n```\n\n"
                    "`ipc/pipe.c: no_such_function()` does it.\n")
        problems = checkdocs.check_file(bad)[0]
        report.add(Result("docs.check-catches-drift", len(problems) == 2,
                          f"{len(problems)} problem(s) found in a doc with 2", [str(p) for p in problems], "line"))


# The VGA console and the PS/2 keyboard: keys typed through QEMU's monitor
# (sendkey) reach the shell, and the answer appears in VGA text memory,
# which the monitor reads back (xp at 0xB8000: a character, an attribute).
VGA_KEYS = "e c h o spc v g a minus o k spc shift-4 shift-9 e c h o spc k b d shift-0 ret".split()


def vga_screen(mon):
    """The 80x25 text screen, read through the monitor connection."""
    mon.sendall(b"xp /4000bx 0xb8000\n")
    data, deadline = b"", time.monotonic() + 20
    while data.count(b"0x") < 4000 and time.monotonic() < deadline:
        try:
            data += mon.recv(65536)
        except OSError:
            time.sleep(0.1)
    cells = [int(x, 16) for x in re.findall(rb"0x([0-9a-f]{2})\b", data.split(b"xp /4000bx 0xb8000", 1)[-1])]
    chars = "".join(chr(c) if 32 <= c < 127 else " " for c in cells[0:4000:2])
    return [chars[i:i + 80].rstrip() for i in range(0, len(chars), 80)]


def run_vga(ctx, report):
    import socket
    sock = os.path.join(tempfile.mkdtemp(), "mon")
    cmd = qemu_command(ctx.kernel, "", [ctx.initrd])
    k = cmd.index("-monitor")
    cmd[k + 1] = f"unix:{sock},server,nowait"
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = []
    try:
        out, deadline = b"", time.monotonic() + 60
        os.set_blocking(proc.stdout.fileno(), False)
        while b"# " not in out and time.monotonic() < deadline:
            try:
                out += os.read(proc.stdout.fileno(), 4096) or b""
            except BlockingIOError:
                time.sleep(0.1)
        mon = socket.socket(socket.AF_UNIX)
        mon.connect(sock)
        mon.setblocking(False)
        for key in VGA_KEYS:
            mon.sendall(f"sendkey {key}\n".encode())
            time.sleep(0.05)
        time.sleep(3)
        lines = vga_screen(mon)
        ok = any(l.endswith("echo vga-ok $(echo kbd)") for l in lines) and "vga-ok kbd" in lines
        report.add(Result("vga.keyboard-and-screen", ok,
                          "" if ok else "typed command or its answer not on the VGA screen", lines, "boot"))
    finally:
        proc.kill()
        proc.wait()


# The event trace (issue 20): a known command whose reader sleeps on a
# pipe, traced in a boot and drawn by tools/traceview.py; the JSON, the SVG
# and the page as headless Chromium renders it must show it.
TRACE_CMD = "sh -c 'sleep 1; echo hello' | cat"
RENDER_JS = """<script>
const names = [...document.querySelectorAll('g.lane > text')]
  .filter(t => t.getBBox().width > 0).map(t => t.textContent);
const pre = document.createElement('pre');
pre.id = 'rendered';
pre.textContent = names.join('\\n');
document.body.appendChild(pre);
</script>"""


def trace_tools():
    """tools/trace.py (by path: the standard library has a trace), traceview, doc_traces."""
    tools = os.path.join(ROOT, "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    import traceview, doc_traces
    return doc_traces.load_trace(), traceview, doc_traces


def check_trace_json(chrome, cat):
    """Problems with the Chrome trace of TRACE_CMD (cat's pid given)."""
    import json
    ev = json.loads(json.dumps(chrome))["traceEvents"]
    bad = []
    if not any(e["ph"] == "M" and e["name"] == "process_name" and e["pid"] == cat
               and e["args"]["name"].startswith("cat") for e in ev):
        bad.append("no process_name for cat")
    if not any(e["ph"] == "X" and e["pid"] == cat and re.fullmatch(r"sleep: pipe \w+ readers", e["name"])
               for e in ev):
        bad.append("no 'sleep: pipe ... readers' slice on cat's track")
    starts = {e["id"] for e in ev if e["ph"] == "s"}
    if not any(e["ph"] == "f" and e["pid"] == cat and e["id"] in starts for e in ev):
        bad.append("no flow (s -> f) ending on cat")
    return bad


def check_trace_svg(svg, cat):
    """Problems with the SVG timeline of TRACE_CMD: parsed as XML."""
    import xml.etree.ElementTree as ET
    ns = "{http://www.w3.org/2000/svg}"
    root = ET.fromstring(svg)
    lane = next((g for g in root.iter(ns + "g") if g.get("data-pid") == str(cat)), None)
    if lane is None or not lane.find(ns + "text").text.startswith("cat "):
        return ["no lane for cat"]
    bad = []
    sleeps = [r.find(ns + "title").text for r in lane.iter(ns + "rect") if r.get("class") == "sleep"]
    if not any(re.search(r"pipe \w+ readers", t or "") for t in sleeps):
        bad.append(f"no sleep bar naming the pipe in cat's lane (sleeps: {sleeps})")
    wakes = [l.find(ns + "title").text for l in root.iter(ns + "line") if l.get("class") == "wakeup"]
    if not any(re.fullmatch(rf"wakes {cat}: pipe \w+ readers", t or "") for t in wakes):
        bad.append(f"no wake-up line to cat (wake-ups: {wakes})")
    return bad


def render_lanes(html_text, path):
    """The lane names as headless Chromium lays them out (text of non-zero
    width), or None with why when it cannot be run."""
    with open(path, "w") as f:
        f.write(html_text.replace("</body>", RENDER_JS + "\n</body>"))
    try:
        p = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                            "file://" + os.path.abspath(path)], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"chromium: {e} (tools/install-deps.sh installs it)"
    m = re.search(r'<pre id="rendered">(.*?)</pre>', p.stdout, re.S)
    if not m:
        return None, "chromium printed no rendered page: " + p.stderr[-300:]
    return [html.unescape(n) for n in m[1].split("\n") if n], ""


def run_trace(ctx, report):
    tr, traceview, doc_traces = trace_tools()
    out = os.path.join(os.path.dirname(os.path.abspath(ctx.kernel)), "trace", "check")
    text, lines = tr.run(ctx.kernel, ctx.initrd, out, TRACE_CMD, "ipc,sched", timeout=60)
    report.add(Result("trace.boot", text is not None, "" if text else "no trace came back",
                      [l for _, l in lines[-20:]], "boot"))
    if text is None:
        return
    recs = traceview.parse(text)
    names = traceview.timeline(recs)[0]
    cat = next((p for p, n in names.items() if n == "cat"), None)
    report.add(Result("trace.cat-traced", cat is not None, "" if cat else "no process named cat",
                      text.splitlines()[-30:], "line"))
    if cat is None:
        return
    bad = check_trace_json(traceview.to_chrome(recs), cat)
    report.add(Result("trace.json", not bad, "; ".join(bad), text.splitlines()[-30:] if bad else [], "line"))
    svg = traceview.to_svg(recs, TRACE_CMD)
    bad = check_trace_svg(svg, cat)
    report.add(Result("trace.svg", not bad, "; ".join(bad), svg.splitlines()[:40] if bad else [], "line"))
    lanes, why = render_lanes(traceview.to_html(recs, TRACE_CMD), os.path.join(out, "render.html"))
    want = {f"{n} {p}" for p, n in names.items()}
    ok = lanes is not None and want <= set(lanes)
    report.add(Result("trace.render-chromium", ok, why or ("" if ok else f"lanes {sorted(want)} not all "
                      f"rendered: {lanes}"), [], "line"))
    for name in doc_traces.CHECKED:       # the docs' pictures: their commands still run, events still come
        bad, ctx_lines = doc_traces.check(ctx.kernel, ctx.initrd, name, os.path.dirname(out))
        report.add(Result(f"trace.docs-{name}", not bad, "; ".join(bad), ctx_lines, "line"))


SUITES = [                # (name, function(ctx, report)); runs in this order
    ("ktest", run_ktest),
    ("harness", run_selftests),
    ("guest", run_guest),
    ("session", run_sessions),
    ("torture", run_torture),
    ("vga", run_vga),
    ("docs", run_docs),
    ("trace", run_trace),
]


def main():
    ap = argparse.ArgumentParser(description="Boot Pipit under QEMU and run its test suites.")
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build", "kernel.elf"))
    ap.add_argument("--initrd", default=os.path.join(ROOT, "build", "initrd.cpio"))
    ap.add_argument("--tests-dir", default=os.path.join(ROOT, "build", "tests"),
                    help="guest test programs (also run on the host)")
    ap.add_argument("--debug-kernel", help="a make DEBUG=1 kernel: the torture runs use it too")
    ap.add_argument("--only", metavar="SUITE[:PROGRAMS]",
                    help="run only suites whose name contains SUITE; guest:t_sem,t_msg runs only those programs, session:inetd those sessions")
    ap.add_argument("-v", "--verbose", action="store_true", help="print passes too")
    ctx = ap.parse_args()
    ctx.only, _, programs = (ctx.only or "").partition(":")
    ctx.programs = [p for p in programs.split(",") if p]
    report, trouble = Report(ctx.verbose), False
    suites = [s for s in SUITES if not ctx.only or ctx.only in s[0]]
    if not suites:
        say(f"error: no suite name contains {ctx.only!r}")
        trouble = True
    elif not os.path.isfile(ctx.kernel):
        say(f"error: kernel not found: {ctx.kernel} (run make first)")
        trouble = True
    for name, run in suites if not trouble else []:
        report.suite = [0, 0]
        if ctx.verbose:
            say(f"== {name}")
        try:
            run(ctx, report)
        except Skip as e:
            say(f"{name}: skipped ({e})")
            continue
        except Exception as e:          # a bug here must not look like a pass
            report.add(Result(f"{name}.harness-error", False, repr(e),
                              traceback.format_exc().splitlines(), "boot"))
        say(f"{name}: {report.suite[0]} passed, {report.suite[1]} failed")
    say(f"{report.passed} passed, {report.failed} failed")
    return 0 if report.failed == 0 and not trouble else 1


if __name__ == "__main__":
    sys.exit(main())
