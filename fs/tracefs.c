/* /sys/kernel/tracing: the control files of the event trace
 * (kernel/trace.c), named and used as Linux's tracefs: tracing_on,
 * available_events, set_event (names, "subsystem:*", "!name"; a write
 * with O_TRUNC starts from none), set_event_pid, trace (the ring as text;
 * O_TRUNC empties it) and trace_pipe (a consuming read that waits for
 * events). The files are nodes of the ramfs whose operations are replaced
 * here, as /proc's directory is (fs/proc.c); the directory is root's
 * alone (0700), so only root reads or steers the trace. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/poll.h"
#include "kernel/trace.h"
#include "fs/vfs.h"
#include <linux/poll.h>

enum tfile { T_ON, T_AVAILABLE, T_SET_EVENT, T_SET_PID, T_TRACE, T_PIPE, T_NFILES };
static const char *const tfile_names[T_NFILES] = {
    "tracing_on", "available_events", "set_event", "set_event_pid", "trace", "trace_pipe",
};

#define TFILE(ip) ((enum tfile)(ip)->i_rdev)

/* What one open file of `trace` or `trace_pipe` has left to give. */
struct treader {
    uint64_t seq;                   /* the next record */
    uint64_t end;                   /* trace: the newest when it was opened */
    char line[1024];                /* a record's line, or the header */
    int len, off;                   /* line[off..len) not yet read */
};

/* ---- the small files: their whole text ---- */

static int show_set_event(char *buf, int size)
{
    int n = 0;
    for (int e = 0; e < TRACE_NR_EVENTS; e++)
        if (trace_events_set & (1u << e))
            n += snprintf(buf + n, size - n, "%s\n", trace_event_names[e]);
    return MIN(n, size);
}

static int show_text(enum tfile t, char *buf, int size)
{
    int n = 0;
    switch (t) {
    case T_ON:
        return snprintf(buf, size, "%d\n", tracing_on);
    case T_AVAILABLE:
        for (int e = 0; e < TRACE_NR_EVENTS; e++)
            n += snprintf(buf + n, size - n, "%s\n", trace_event_names[e]);
        return MIN(n, size);
    case T_SET_EVENT:
        return show_set_event(buf, size);
    case T_SET_PID:
        for (int i = 0; i < TRACE_PIDS && trace_pid_filter[i]; i++)
            n += snprintf(buf + n, size - n, "%d\n", trace_pid_filter[i]);
        return MIN(n, size);
    default:
        return 0;
    }
}

/* The events one word of set_event names: "sched:sched_switch",
 * "sched:*", "sched", "*:*", "*". A mask, 0 when none. */
static uint32_t events_named(const char *w)
{
    uint32_t mask = 0;
    const char *colon = strchr(w, ':');
    size_t sublen = colon ? (size_t)(colon - w) : strlen(w);
    for (int e = 0; e < TRACE_NR_EVENTS; e++) {
        const char *name = trace_event_names[e], *c = strchr(name, ':');
        bool sub_ok = (sublen == 1 && w[0] == '*') ||
                      ((size_t)(c - name) == sublen && !strncmp(name, w, sublen));
        bool ev_ok = !colon || !strcmp(colon + 1, "*") || !strcmp(colon + 1, c + 1);
        if (sub_ok && ev_ok)
            mask |= 1u << e;
        if (!colon && !strcmp(w, c + 1))
            mask |= 1u << e;            /* the event's own name alone, as Linux allows */
    }
    return mask;
}

/* A write to set_event, set_event_pid or tracing_on: words separated by
 * blanks. -EINVAL for an unknown event or a bad number. */
/* The next blank-separated word of *text (NUL-terminated in place), or
 * NULL at the end. */
static char *next_word(char **text)
{
    char *p = *text;
    while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
    if (!*p)
        return NULL;
    char *w = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n')
        p++;
    if (*p)
        *p++ = 0;
    *text = p;
    return w;
}

/* A positive decimal number, or -1. */
static long parse_pid(const char *w)
{
    long v = 0;
    for (; *w; w++) {
        if (*w < '0' || *w > '9' || v > 0x3FFFFFFF / 10)
            return -1;
        v = v * 10 + (*w - '0');
    }
    return v ? v : -1;
}

static int store(enum tfile t, char *text)
{
    for (char *w; (w = next_word(&text));) {
        if (t == T_ON) {
            if (strcmp(w, "0") && strcmp(w, "1"))
                return -EINVAL;
            tracing_on = w[0] == '1';
        } else if (t == T_SET_EVENT) {
            bool off = w[0] == '!';
            uint32_t m = events_named(w + off);
            if (!m)
                return -EINVAL;
            trace_events_set = off ? trace_events_set & ~m : trace_events_set | m;
        } else {
            long pid = parse_pid(w);
            int i = 0;
            if (pid < 0)
                return -EINVAL;
            while (i < TRACE_PIDS && trace_pid_filter[i] && trace_pid_filter[i] != pid)
                i++;
            if (i == TRACE_PIDS)
                return -ENOSPC;
            trace_pid_filter[i] = (int32_t)pid;
        }
    }
    trace_update();
    return 0;
}

/* O_TRUNC: set_event and set_event_pid start from nothing, trace empties. */
static int tracefs_truncate(struct inode *ip, loff_t len UNUSED)
{
    switch (TFILE(ip)) {
    case T_SET_EVENT: trace_events_set = 0; trace_update(); break;
    case T_SET_PID: memset(trace_pid_filter, 0, sizeof trace_pid_filter); break;
    case T_TRACE: trace_clear(); break;
    default: break;
    }
    return 0;
}

/* ---- reading records ---- */

/* Fills r->line with the next line of record text (or a "lost" note when
 * the writer went past the reader). false when none is there yet. */
static bool next_line(struct treader *r, uint64_t end)
{
    uint64_t tail = trace_tail();
    if (r->seq < tail) {
        r->len = snprintf(r->line, sizeof r->line, "CPU:0 [LOST %u EVENTS]\n", (uint32_t)(tail - r->seq));
        r->seq = tail;
        r->off = 0;
        return true;
    }
    if (r->seq >= end || r->seq >= trace_head())
        return false;
    r->len = trace_format(r->seq++, r->line, sizeof r->line);
    r->off = 0;
    return r->len > 0;
}

/* Copies what lines there are into the user's buffer, at most n bytes;
 * the bytes copied or -EFAULT. */
static ssize_t copy_lines(struct treader *r, char *ubuf, size_t n, uint64_t end)
{
    size_t done = 0;
    while (done < n) {
        if (r->off == r->len && !next_line(r, end))
            break;
        size_t k = MIN(n - done, (size_t)(r->len - r->off));
        if (copy_to_user(ubuf + done, r->line + r->off, k))
            return done ? (ssize_t)done : -EFAULT;
        r->off += (int)k;
        done += k;
    }
    return (ssize_t)done;
}

static uint64_t pipe_seq;           /* trace_pipe consumes: one place for all its readers */

/* trace_pipe: waits for records unless O_NONBLOCK; what it gives is gone
 * for every reader of trace_pipe (not for trace). */
static ssize_t pipe_read(struct file *f, char *ubuf, size_t n)
{
    struct treader *r = f->private_data;
    for (;;) {
        if (pipe_seq > trace_head())
            pipe_seq = trace_tail();    /* the trace was emptied */
        r->seq = pipe_seq;
        ssize_t got = copy_lines(r, ubuf, n, (uint64_t)-1);
        pipe_seq = r->seq;
        if (got)
            return got;
        if (f->f_flags & O_NONBLOCK)
            return -EAGAIN;
        if (wait_event_interruptible(&trace_wait, trace_head() > pipe_seq))
            return -ERESTARTSYS;
    }
}

static ssize_t tracefs_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
    struct treader *r = f->private_data;
    enum tfile t = TFILE(f->f_inode);
    if (t == T_PIPE)
        return pipe_read(f, ubuf, n);
    if (t != T_TRACE) {                 /* a small file: its text, from *pos */
        int len = show_text(t, r->line, sizeof r->line);
        if (*pos >= len)
            return 0;
        size_t k = MIN(n, (size_t)(len - *pos));
        if (copy_to_user(ubuf, r->line + *pos, k))
            return -EFAULT;
        *pos += k;
        return k;
    }
    ssize_t got = copy_lines(r, ubuf, n, r->end);
    if (got > 0)
        *pos += got;
    return got;
}

static ssize_t tracefs_write(struct file *f, const char *ubuf, size_t n, loff_t *pos UNUSED)
{
    enum tfile t = TFILE(f->f_inode);
    char text[256];
    if (t == T_TRACE)
        return n;                       /* "echo > trace": O_TRUNC emptied it */
    if (t != T_ON && t != T_SET_EVENT && t != T_SET_PID)
        return -EINVAL;
    if (n >= sizeof text)
        return -EINVAL;
    if (copy_from_user(text, ubuf, n))
        return -EFAULT;
    text[n] = 0;
    int r = store(t, text);
    return r < 0 ? r : (ssize_t)n;
}

/* trace starts with its header; a reader of either starts at the oldest
 * record kept. Root only (the directory says so too). */
static int tracefs_open(struct inode *ip, struct file *f)
{
    if (current->fsuid != 0 && !capable(CAP_DAC_OVERRIDE))
        return -EACCES;
    struct treader *r = kzalloc(sizeof *r);
    if (!r)
        return -ENOMEM;
    r->seq = trace_tail();
    r->end = trace_head();
    if (TFILE(ip) == T_TRACE)
        r->len = MIN(trace_header(r->line, sizeof r->line), (int)sizeof r->line - 1);
    f->private_data = r;
    return 0;
}

static void tracefs_release(struct inode *ip UNUSED, struct file *f)
{
    kfree(f->private_data);
}

static unsigned tracefs_poll(struct file *f, struct poll_table *pt)
{
    if (TFILE(f->f_inode) != T_PIPE)
        return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
    poll_wait(&trace_wait, pt);
    return trace_head() > pipe_seq ? POLLIN | POLLRDNORM : 0;
}

static const struct file_operations tracefs_fops = {
    .open = tracefs_open, .read = tracefs_read, .write = tracefs_write,
    .release = tracefs_release, .poll = tracefs_poll, .lseek = no_lseek,
};
static struct inode_operations tracefs_iops = { .truncate = tracefs_truncate };

/* trace_event=EVENTS on the kernel command line (Linux's boot option):
 * those events are on from boot, e.g. trace_event=ipc,sched:sched_switch
 * (commas for blanks, as set_event takes them). */
static void trace_boot_events(void)
{
    const char *ev = cmdline_get("trace_event");
    char text[256];
    if (!ev)
        return;
    strlcpy(text, ev, sizeof text);
    for (char *c = text; *c; c++)
        if (*c == ',')
            *c = ' ';
    if (store(T_SET_EVENT, text) < 0)
        printk("trace: trace_event=%s: unknown event\n", ev);
}

/* Makes /sys/kernel/tracing and its files (at boot, after the root). */
void tracefs_init(void)
{
    do_mkdirat(AT_FDCWD, "/sys", 0555);
    do_mkdirat(AT_FDCWD, "/sys/kernel", 0555);
    do_mkdirat(AT_FDCWD, "/sys/kernel/tracing", 0700);
    for (int t = 0; t < T_NFILES; t++) {
        char path[64];
        struct inode *ip;
        snprintf(path, sizeof path, "/sys/kernel/tracing/%s", tfile_names[t]);
        bool ro = t == T_AVAILABLE || t == T_PIPE;
        if (do_mknodat(AT_FDCWD, path, S_IFREG | (ro ? 0444 : 0644), 0) < 0 ||
            namei_at(AT_FDCWD, path, 0, &ip) < 0)
            continue;
        tracefs_iops.evict = ip->i_op ? ip->i_op->evict : NULL;
        ip->i_op = &tracefs_iops;
        ip->i_fop = &tracefs_fops;
        ip->i_rdev = (uint32_t)t;
        inode_put(ip);
    }
    trace_boot_events();
}
