#!/usr/bin/env python3
"""Checks that docs/*.md name only files and functions that exist, and
quote structures as the headers have them.

    python3 tools/checkdocs.py [-v] [DOC.md ...]     (default: every docs/*.md)

What a doc names, and what is checked (see docs/README.md, "Conventions"):

- a path under boot/ kernel/ fs/ ipc/ net/ user/ tests/ tools/ (`ipc/msg.c`,
  `tests/guest/t_pipe.c`, a glob such as `ipc/unix*.c`) must exist; a path
  that is part of a longer one (`build/tests/t_pipe`, `/proc/sysvipc/msg`,
  `linux-2.0/fs/pipe.c` for Linux's own files) is not ours and not checked;
- a relative Markdown link target (`[x](01-wait-queues.md)`) must exist;
- a function is checked against a file when the doc ties the two together:
    `ipc/msg.c: msg_send()` (and more: `ipc/msg.c: msg_send(), msg_receive()`,
    within one code span, or on one line of a code block up to the next path),
    `msg_send()` in `ipc/msg.c`, and `ipc/msg.c`'s `msg_send()`;
  it must be defined there: a line that starts (column 0) with a
  declaration and reaches `name(` with no `;` before it, and after it
  either no `;` or a `{` (a C definition, a one-line definition or a
  function-like #define; not a prototype, not a call, which is indented);
  in an .asm file, a label `name:`;
- `path: struct name` must find `struct name {` in that file;
- a structure quoted in a ```c block (a line with `struct name {`) must be
  the text of that structure in the file the block names above it, line
  for line, up to its closing brace (leading and trailing white space of
  each line aside). A block names a file with a comment that opens with
  its path (`/* ipc/msg.h */`, `/* fs/locks.c: one lock */`); a system
  header in angle brackets (`/* <linux/sem.h> */`) is not ours and its
  quotes are not compared; a quote with no file named above it fails.
A bare `fork()` with no path beside it is prose and is not checked.

Exit status 0 when every doc is clean. tests/run.py imports check_file()
and reports one result per doc.
"""
import glob, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRS = ("boot", "kernel", "fs", "ipc", "net", "user", "tests", "tools")

# A path of ours: not glued to something before it (so build/tests/x,
# /proc/..., linux-2.0/fs/pipe.c and URLs are not taken for ours).
PATH = r"(?<![\w/.\-])(?:%s)/[\w.*\-/]*[\w*]" % "|".join(DIRS)
PATH_RE = re.compile(PATH)
FUNC = r"[A-Za-z_]\w*"
CALL_RE = re.compile(r"(?<![\w>.:])(%s)\(\)" % FUNC)      # name(), not x->name() or x.name()
EXPLICIT_RE = re.compile(r"(%s):\s*(?=`?%s\(\)|`?struct\s)" % (PATH, FUNC))
STRUCT_RE = re.compile(r"(%s):\s*`?struct\s+(%s)" % (PATH, FUNC))
IN_RE = re.compile(r"`?(%s)\(\)`?\s+(?:in|from)\s+`?(%s)" % (FUNC, PATH))
POSS_RE = re.compile(r"`?(%s)`?'s\s+`?(%s)\(\)" % (PATH, FUNC))
SPAN_RE = re.compile(r"`([^`]+)`")
STRUCT_OPEN_RE = re.compile(r"^\s*(?:typedef\s+)?struct\s+(%s)\s*\{" % FUNC)
NAMES_FILE_RE = re.compile(r"^\s*/\*\s*(%s)" % PATH)          # /* ipc/msg.h ... */
NAMES_SYSTEM_RE = re.compile(r"^\s*/\*\s*<[\w/.]+>")           # /* <linux/sem.h> ... */
LINK_RE = re.compile(r"\]\(([^)\s]+)\)")


def defines(path, name, cache={}):
    """Is `name` defined in the file at repo path `path`?"""
    if path not in cache:
        try:
            with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
                cache[path] = f.read().split("\n")
        except OSError:
            cache[path] = None
    lines = cache[path]
    if lines is None:
        return False
    if path.endswith(".asm"):
        pat = re.compile(r"^\s*%s:" % re.escape(name))
        return any(pat.match(l) for l in lines)
    pat = re.compile(r"^[A-Za-z_#][^;]*\b%s\s*\(" % re.escape(name))
    for l in lines:
        m = pat.match(l)
        if m and (";" not in l[m.end():] or "{" in l[m.end():]):   # not a prototype
            return True
    return False


def defines_struct(path, name):
    try:
        with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return False
    return re.search(r"^\s*(?:typedef\s+)?struct\s+%s\s*\{" % re.escape(name), text, re.M) is not None


def struct_text(lines, i):
    """The lines of the structure that opens at lines[i], to its closing brace."""
    depth, out = 0, []
    for line in lines[i:]:
        out.append(line)
        code = re.sub(r"/\*.*?\*/|//.*", "", line)
        depth += code.count("{") - code.count("}")
        if depth <= 0:
            break
    return out


def header_struct(path, name):
    """(line number, lines) of `struct name {` ... `};` in the file, or None."""
    try:
        with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
    except OSError:
        return None
    for i, line in enumerate(lines):
        m = STRUCT_OPEN_RE.match(line)
        if m and m.group(1) == name:
            return i + 1, struct_text(lines, i)
    return None


def compare_quote(lines, i, named):
    """Problems of the structure quoted at lines[i] against the file named
    above it (named: a path, "<system>" or None): a list of (line offset
    from i, message), and how many lines the quote spans."""
    name = STRUCT_OPEN_RE.match(lines[i]).group(1)
    quote = struct_text(lines, i)
    if named == "<system>":
        return [], len(quote)
    if named is None:
        return [(0, f"struct {name} quoted with no file named above it (/* path */)")], len(quote)
    found = header_struct(named, name)
    if found is None:
        return [(0, f"struct {name} quoted from {named}, which does not define it")], len(quote)
    start, text = found
    for k in range(max(len(quote), len(text))):
        q = quote[k].strip() if k < len(quote) else "(nothing)"
        h = text[k].strip() if k < len(text) else "(nothing)"
        if q != h:
            return [(min(k, len(quote) - 1), f"struct {name} differs from {named}:{start + k}: "
                     f"the doc has {q!r}, the file {h!r}")], len(quote)
    return [], len(quote)


def path_exists(p):
    if "*" in p:
        return bool(glob.glob(os.path.join(ROOT, p)))
    return os.path.exists(os.path.join(ROOT, p))


def groups(text):
    """(path, names) for each `path: f(), g()` in text: the names up to the next path."""
    out = []
    starts = [(m.start(), m.end(), m.group(1)) for m in EXPLICIT_RE.finditer(text)]
    paths = [m.start() for m in PATH_RE.finditer(text)]
    for s, e, p in starts:
        stop = min([q for q in paths if q > s] + [len(text)])
        out.append((p, [m.group(1) for m in CALL_RE.finditer(text[e:stop])]))
    return out


def check_file(doc):
    """Problems in one doc: a list of (line number, message); and counts."""
    problems, seen_paths, seen_funcs, quotes = [], set(), set(), 0
    base = os.path.dirname(os.path.abspath(doc))
    with open(doc, encoding="utf-8") as f:
        lines = f.read().split("\n")
    fenced = is_c = False
    named, quoted_to = None, 0          # the file a C block names; end of the last quote
    for n, line in enumerate(lines, 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            is_c, named = fenced and line.strip() == "```c", None
            continue
        def bad(msg):
            problems.append((n, msg))
        if is_c and n > quoted_to:
            m = NAMES_FILE_RE.match(line)
            named = m.group(1) if m else "<system>" if NAMES_SYSTEM_RE.match(line) else named
            if STRUCT_OPEN_RE.match(line):
                msgs, span = compare_quote(lines, n - 1, named)
                problems += [(n + k, msg) for k, msg in msgs]
                quoted_to, quotes = n + span - 1, quotes + 1
        for m in PATH_RE.finditer(line):
            seen_paths.add(m.group(0))
            if not path_exists(m.group(0)):
                bad(f"no such file: {m.group(0)}")
        for m in LINK_RE.finditer(line):
            t = m.group(1).split("#")[0]
            if t and not re.match(r"^[a-z]+:", t) and not os.path.exists(os.path.join(base, t)):
                bad(f"broken link: {m.group(1)}")
        # Ties between a path and a function: within a code span in prose,
        # within the line in a code block; plus the two prose forms.
        pieces = [line] if fenced else SPAN_RE.findall(line)
        pairs = [(p, f) for piece in pieces for p, fs in groups(piece) for f in fs]
        pairs += [(p, f) for f, p in IN_RE.findall(line)]
        pairs += POSS_RE.findall(line)
        for p, func in pairs:
            if not path_exists(p) or "*" in p:
                continue                     # reported above, or not one file
            seen_funcs.add((p, func))
            if not defines(p, func):
                bad(f"{p}: no function {func}() defined there")
        for p, s in STRUCT_RE.findall(line):
            if path_exists(p) and not defines_struct(p, s):
                bad(f"{p}: no struct {s} defined there")
    return problems, len(seen_paths), len(seen_funcs), quotes


def main(argv):
    verbose = "-v" in argv
    docs = [a for a in argv if a != "-v"] or sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
    failed = 0
    for doc in docs:
        rel = os.path.relpath(doc, ROOT)
        problems, npaths, nfuncs, nquotes = check_file(doc)
        for n, msg in problems:
            print(f"{rel}:{n}: {msg}")
        if problems:
            failed += 1
        elif verbose:
            print(f"{rel}: ok ({npaths} paths, {nfuncs} functions, {nquotes} structures)")
    print(f"checkdocs: {len(docs) - failed} docs ok, {failed} with problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
