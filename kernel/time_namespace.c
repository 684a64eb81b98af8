/* Time namespaces (CLONE_NEWTIME), as Linux's kernel/time/namespace.c: a
 * namespace moves CLOCK_MONOTONIC and CLOCK_BOOTTIME by offsets set in
 * /proc/<pid>/timens_offsets before any task enters it. clock_gettime
 * adds them (kernel/time.c), absolute timers subtract them
 * (timens_ktime_to_host), and the vDSO reads them from the namespace's
 * own vvar page (kernel/mm/vdso.c). clone, unshare and setns call in
 * from kernel/nsproxy.c and kernel/unshare.c. */
#include "kernel/kernel.h"
#include "kernel/user_namespace.h"
#include "kernel/time_namespace.h"
#include "kernel/vdso_data.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vdso.h"
#include "kernel/mm/uaccess.h"
#include "fs/nsfs.h"
#include <linux/time.h>

#define KTIME_SEC_MAX (INT64_MAX / NSEC_PER_SEC)

/* The initial namespace: no offsets, and no task may change them. */
struct time_namespace init_time_ns = { .refs = 1, .inum = PROC_TIME_INIT_INO, .frozen_offsets = true };

struct time_namespace *copy_time_ns(struct time_namespace *ns)
{
    struct time_namespace *n = kmalloc(sizeof *n);
    if (!n)
        return NULL;
    *n = (struct time_namespace){ .refs = 1, .monotonic = ns->monotonic, .boottime = ns->boottime };
    n->vvar_page = page_alloc_zeroed();
    if (!n->vvar_page) {
        kfree(n);
        return NULL;
    }
    n->inum = ns_alloc_inum();
    return n;
}

void get_time_ns(struct time_namespace *ns)
{
    if (ns)
        ns->refs++;
}

/* The page goes with the namespace unless a mapping still holds it. */
void put_time_ns(struct time_namespace *ns)
{
    if (!ns || --ns->refs)
        return;
    page_put(ns->vvar_page);
    put_user_ns(ns->user_ns);
    kfree(ns);
}

static int64_t ktime_ns(struct ktime t)
{
    return t.sec * NSEC_PER_SEC + t.nsec;
}

int64_t timens_clock_offset(const struct time_namespace *ns, int clk)
{
    switch (clk) {
    case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_MONOTONIC_COARSE:
        return ktime_ns(ns->monotonic);
    case CLOCK_BOOTTIME: case CLOCK_BOOTTIME_ALARM:
        return ktime_ns(ns->boottime);
    }
    return 0;
}

int64_t timens_ktime_to_host(int clk, int64_t tim)
{
    if (!current->time_ns || (clk != CLOCK_MONOTONIC && clk != CLOCK_BOOTTIME && clk != CLOCK_BOOTTIME_ALARM))
        return tim;
    int64_t off = timens_clock_offset(current->time_ns, clk);
    return tim < off ? 0 : tim - off;
}

/* The namespace's vvar page, once its offsets are fixed: what the vDSO
 * of its tasks finds where the clock data is (kernel/vdso_data.h): an
 * odd seq that never changes, VDSO_CLOCKMODE_TIMENS, and the offset of
 * each clock; the clock data itself is the page after it. */
static void timens_set_vvar_page(struct time_namespace *ns)
{
    struct vdso_data *vd = P2V(ns->vvar_page);
    vd->seq = 1;
    vd->clock_mode = VDSO_CLOCKMODE_TIMENS;
    for (int clk = 0; clk < VDSO_BASES; clk++) {
        struct ktime t = ns_to_ktime(timens_clock_offset(ns, clk));
        vd->offset[clk] = (struct vdso_timestamp){ (__u64)t.sec, (__u64)t.nsec };
    }
}

void timens_enter(struct task *t, struct time_namespace *ns)
{
    if (ns == task_time_ns(t)) {
        put_time_ns(ns);
        return;
    }
    if (!ns->frozen_offsets) {
        ns->frozen_offsets = true;
        timens_set_vvar_page(ns);
    }
    put_time_ns(t->time_ns);
    t->time_ns = ns == &init_time_ns ? NULL : ns;
    if (ns == &init_time_ns)
        put_time_ns(ns);
    if (t->mm)
        vdso_join_timens(t->mm, t->time_ns);
}

void timens_exec(struct task *t)
{
    struct time_namespace *ns = task_time_ns_for_children(t);
    if (ns != task_time_ns(t)) {
        get_time_ns(ns);
        timens_enter(t, ns);
    }
}

int timens_offsets_show(struct task *t, char *buf, int size)
{
    const struct time_namespace *ns = task_time_ns_for_children(t);
    return snprintf(buf, size, "%-10s %10lld %9ld\n%-10s %10lld %9ld\n",
                    "monotonic", (long long)ns->monotonic.sec, (long)ns->monotonic.nsec,
                    "boottime", (long long)ns->boottime.sec, (long)ns->boottime.nsec);
}

/* One offset of a write. */
struct timens_offset { int clk; int64_t sec; uint64_t nsec; };

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static const char *skip_spaces(const char *s)
{
    while (is_space(*s))
        s++;
    return s;
}

/* Decimal digits at *s (after a '-' when sign), wrapping as the kernel's
 * vsscanf: false when there is none. */
static bool scan_num(const char **s, bool sign, uint64_t *v)
{
    const char *p = skip_spaces(*s);
    bool neg = sign && *p == '-';
    p += neg;
    if (*p < '0' || *p > '9')
        return false;
    for (*v = 0; *p >= '0' && *p <= '9'; p++)
        *v = *v * 10 + (uint64_t)(*p - '0');
    if (neg)
        *v = -*v;
    *s = p;
    return true;
}

/* One line as Linux's sscanf(line, "%9s %lld %lu") and its checks:
 * 0 or -EINVAL. */
static int parse_offset(const char *line, struct timens_offset *off)
{
    char clock[10];
    int n = 0;
    const char *p = skip_spaces(line);
    while (n < 9 && *p && !is_space(*p))
        clock[n++] = *p++;
    clock[n] = 0;
    uint64_t sec;
    if (!n || !scan_num(&p, true, &sec) || !scan_num(&p, false, &off->nsec) ||
        off->nsec >= NSEC_PER_SEC)
        return -EINVAL;
    off->sec = (int64_t)sec;
    if (!strcmp(clock, "monotonic") || !strcmp(clock, "1"))
        off->clk = CLOCK_MONOTONIC;
    else if (!strcmp(clock, "boottime") || !strcmp(clock, "7"))
        off->clk = CLOCK_BOOTTIME;
    else
        return -EINVAL;
    return 0;
}

/* Linux's proc_timens_set_offset: CAP_SYS_TIME in the namespace's
 * owner (-EPERM), each offset within range of the clock now (-ERANGE),
 * then not frozen (-EACCES). */
static long timens_set_offsets(struct time_namespace *ns, const struct timens_offset *offs, int n)
{
    if (!ns_capable(ns->user_ns ? ns->user_ns : &init_user_ns, CAP_SYS_TIME))
        return -EPERM;
    struct ktime now = time_mono();          /* MONOTONIC and BOOTTIME: one clock here */
    for (int i = 0; i < n; i++) {
        if (offs[i].sec > KTIME_SEC_MAX || offs[i].sec < -KTIME_SEC_MAX)
            return -ERANGE;
        int64_t sec = now.sec + offs[i].sec + (now.nsec + (int64_t)offs[i].nsec >= NSEC_PER_SEC);
        if (sec < 0 || sec > KTIME_SEC_MAX / 2)
            return -ERANGE;
    }
    if (ns->frozen_offsets)
        return -EACCES;
    for (int i = 0; i < n; i++) {
        struct ktime v = { offs[i].sec, (int32_t)offs[i].nsec };
        if (offs[i].clk == CLOCK_MONOTONIC)
            ns->monotonic = v;
        else
            ns->boottime = v;
    }
    return 0;
}

/* Linux's timens_offsets_write: at offset 0 only, under a page, at most
 * two lines taken (the count returned stops after the second). */
long timens_offsets_write(struct task *t, const char *ubuf, size_t n, loff_t pos)
{
    if (pos != 0 || n >= PAGE_SIZE)
        return -EINVAL;
    char *kbuf = kmalloc(n + 1);
    if (!kbuf)
        return -ENOMEM;
    if (copy_from_user(kbuf, ubuf, n)) {
        kfree(kbuf);
        return -EFAULT;
    }
    kbuf[n] = 0;
    struct timens_offset offs[2];
    int k = 0;
    long r = 0;
    for (char *line = kbuf, *next; line && !r; line = next) {
        next = strchr(line, '\n');
        if (next) {
            *next++ = 0;
            if (!*next)
                next = NULL;
        }
        r = parse_offset(line, &offs[k]);
        if (!r && ++k == 2) {
            if (next)
                n = (size_t)(next - kbuf);
            break;
        }
    }
    kfree(kbuf);
    if (!r)
        r = timens_set_offsets(task_time_ns_for_children(t), offs, k);
    return r ? r : (long)n;
}
