/* /proc/sys: how its files show and take their values, as Linux's
 * proc_dointvec, proc_douintvec_minmax and proc_dostring do. The table of
 * files is fs/proc.c's (struct sysctl); a write comes here through
 * sysctl_write, after the open checked the file's mode. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "fs/proc_sys.h"
#include "kernel/pid_namespace.h"
#include "fs/ramfs.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "ipc/namespace.h"
#include "kernel/utsname.h"
#include "kernel/user_namespace.h"
#include "net/net_namespace.h"

#define SYSCTL_TEXT 256                     /* the most of one write that is read */
#define TAINT_FLAGS_COUNT 19                /* Linux 6.1's taint bits */

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Reads up to max decimals from text[0..n): blanks around and between
 * them, at least one number. How many, or -EINVAL (a word, a sign, a
 * value past 32 bits). */
static int parse_uints(const char *text, size_t n, uint32_t *v, int max)
{
    size_t i = 0;
    int k = 0;
    while (k < max) {
        while (i < n && blank(text[i]))
            i++;
        if (i == n)
            break;
        uint64_t x = 0;
        size_t start = i;
        while (i < n && text[i] >= '0' && text[i] <= '9' && x <= 0xFFFFFFFFu)
            x = x * 10 + (uint32_t)(text[i++] - '0');
        if (i == start || x > 0xFFFFFFFFu || (i < n && !blank(text[i])))
            return -EINVAL;
        v[k++] = (uint32_t)x;
    }
    return k ? k : -EINVAL;
}

/* One signed decimal, with blanks around it, as proc_dointvec reads
 * it: 0, or -EINVAL (no number, a word, a value past an int). */
static int parse_int(const char *text, size_t n, int *v)
{
    size_t i = 0;
    while (i < n && blank(text[i]))
        i++;
    bool neg = i < n && text[i] == '-';
    i += neg;
    uint32_t u;
    if (i == n || text[i] < '0' || text[i] > '9' || parse_uints(text + i, n - i, &u, 1) != 1 ||
        u > (neg ? 0x80000000u : 0x7FFFFFFFu))
        return -EINVAL;
    *v = neg ? (int)(0u - u) : (int)u;
    return 0;
}

void *sysctl_data(const struct sysctl *sc)
{
    char *p = sc->data;
    if (sc->ns == SYSCTL_NS_IPC)             /* the same field of current's namespace */
        return p - (char *)&init_ipc_ns + (char *)current_ipc_ns();
    if (sc->ns == SYSCTL_NS_UTS)
        return p - (char *)&init_uts_ns + (char *)task_uts_ns(current);
    if (sc->ns == SYSCTL_NS_PID)
        return p - (char *)&init_pid_ns + (char *)task_active_pid_ns(current);
    if (sc->ns == SYSCTL_NS_USER)
        return p - (char *)&init_user_ns + (char *)current_user_ns();
    if (sc->ns == SYSCTL_NS_NET)
        return p - (char *)&init_net + (char *)current_net();
    return p;
}

int sysctl_show_uint(const struct sysctl *sc, char *buf, int size)
{
    const uint32_t *v = sysctl_data(sc);
    int n = 0;
    for (uint32_t i = 0; i < sc->count && n < size; i++)
        n += snprintf(buf + n, size - n, i + 1 < sc->count ? "%u\t" : "%u\n", v[i]);
    return MIN(n, size);
}

int sysctl_show_int(const struct sysctl *sc, char *buf, int size)
{
    return MIN(snprintf(buf, size, "%d\n", *(const int32_t *)sysctl_data(sc)), size);
}

int sysctl_store_int(const struct sysctl *sc, const char *text, size_t n)
{
    int v;
    int err = parse_int(text, n, &v);
    if (err)
        return err;
    *(int32_t *)sc->data = v;
    return 0;
}

/* The first numbers of the vector, as many as were written, each within
 * min..max; nothing changes if one is not. */
int sysctl_store_uint(const struct sysctl *sc, const char *text, size_t n)
{
    uint32_t v[4];
    int k = parse_uints(text, n, v, (int)MIN(sc->count, 4u));
    if (k < 0)
        return k;
    for (int i = 0; i < k; i++)
        if (v[i] < sc->min || v[i] > sc->max)
            return -EINVAL;
    memcpy(sysctl_data(sc), v, k * sizeof v[0]);
    return 0;
}

int sysctl_show_string(const struct sysctl *sc, char *buf, int size)
{
    return MIN(snprintf(buf, size, "%s\n", (const char *)sysctl_data(sc)), size);
}

int sysctl_store_string(const struct sysctl *sc, const char *text, size_t n)
{
    char *s = sysctl_data(sc);
    size_t len = 0;
    while (len < n && len + 1 < sc->count && text[len] && text[len] != '\n')
        len++;
    memcpy(s, text, len);
    memset(s + len, 0, sc->count - len);
    return 0;
}

/* kernel.sem: as Linux, the numbers are stored, then an SEMMNI past
 * IPCMNI is put back and the write fails. */
int sysctl_store_sem(const struct sysctl *sc, const char *text, size_t n)
{
    uint32_t *sem_ctls = sysctl_data(sc), semmni = sem_ctls[3];
    int r = sysctl_store_uint(sc, text, n);
    if (r == 0 && sem_ctls[3] > IPCMNI) {
        sem_ctls[3] = semmni;
        r = -EINVAL;
    }
    return r;
}

/* fs.pipe-max-size: rounded up to a power-of-two number of pages (at
 * least one page); more than 2 GiB is -EINVAL (Linux's round_pipe_size). */
int sysctl_store_pipe_max(const struct sysctl *sc, const char *text, size_t n)
{
    uint32_t v, size = PAGE_SIZE;
    if (parse_uints(text, n, &v, 1) < 0 || v > (1u << 31))
        return -EINVAL;
    while (size < v)
        size <<= 1;
    *(uint32_t *)sc->data = size;
    return 0;
}

/* kernel.tainted: a write adds the bits it names (Linux knows 19), it
 * never clears one. */
int sysctl_store_taint(const struct sysctl *sc, const char *text, size_t n)
{
    uint32_t v;
    if (parse_uints(text, n, &v, 1) < 0)
        return -EINVAL;
    *(uint32_t *)sc->data |= v & ((1u << TAINT_FLAGS_COUNT) - 1);
    return 0;
}

/* kernel.shm_rmid_forced: 0 or 1; setting 1 removes at once the segments
 * no process has attached whose creator is gone. */
int sysctl_store_rmid_forced(const struct sysctl *sc, const char *text, size_t n)
{
    int r = sysctl_store_uint(sc, text, n);
    if (r == 0 && *(uint32_t *)sysctl_data(sc))
        shm_destroy_orphaned();
    return r;
}

/* vm.drop_caches: 1 to 4, and any of them gives kmalloc's empty pages back
 * (Pipit keeps no page or inode cache apart from the ramfs itself). */
int sysctl_store_drop_caches(const struct sysctl *sc, const char *text, size_t n)
{
    (void)sc;
    uint32_t v;
    if (parse_uints(text, n, &v, 1) < 0 || v < 1 || v > 4)
        return -EINVAL;
    kmalloc_trim();
    return 0;
}

uint32_t sysctl_mode(const struct sysctl *sc, uint32_t mode)
{
    if (sc && sc->ns == SYSCTL_NS_USER)      /* Linux's set_permissions */
        return ns_capable(current_user_ns(), CAP_SYS_RESOURCE) ? 0666 : 0444;
    if (sc && sc->ns == SYSCTL_NS_NET && has_ns_capability(current, net_owner(current_net()), CAP_NET_ADMIN)) {
        uint32_t o = (mode >> 6) & 7;        /* the namespace's administrator as root (net_ctl_permissions) */
        return (mode & ~0777u) | o << 6 | o << 3 | o;
    }
    return sc && sc->root_writes && current->euid == 0 ? 0666 : mode;
}

bool sysctl_may(uint32_t mode, uint32_t rw)
{
    uint32_t bits = current->euid == 0 ? mode >> 6 : in_group(0) ? mode >> 3 : mode;
    return (bits & rw) == rw;
}

/* Whether current has what sc asks of a writer: ns_last_pid, CAP_SYS_ADMIN
 * or CAP_CHECKPOINT_RESTORE in the owner of current's pid namespace
 * (Linux's pid_ns_ctl_handler); the others, write_cap. */
static bool sysctl_write_capable(const struct sysctl *sc)
{
    if (sc->ns == SYSCTL_NS_PID)
        return checkpoint_restore_ns_capable(task_active_pid_ns(current)->user_ns);
    return !sc->write_cap || capable(sc->write_cap);
}

ssize_t sysctl_write(const struct sysctl *sc, uint32_t mode, const char *ubuf, size_t n)
{
    char text[SYSCTL_TEXT];
    size_t k = MIN(n, sizeof text);
    if (!sc->store)
        return -EIO;
    if (!sysctl_may(sysctl_mode(sc, mode), 02) || !sysctl_write_capable(sc))
        return -EPERM;
    if (n == 0)
        return 0;
    if (copy_from_user(text, ubuf, k))
        return -EFAULT;
    if (n > k && sc->store != sysctl_store_string)
        return -EINVAL;                      /* no number is that long */
    int r = sc->store(sc, text, k);
    return r < 0 ? r : (ssize_t)n;
}

/* fs.ramfs-size-pages and fs.ramfs-nr-inodes: the ramfs refuses a limit
 * below what is in use (-EINVAL); 0 is no limit. */
int sysctl_store_ramfs(const struct sysctl *sc, const char *text, size_t n)
{
    uint32_t v;
    if (parse_uints(text, n, &v, 1) < 0)
        return -EINVAL;
    return sc->data == &ramfs_root_sb.max_blocks ? ramfs_set_max_blocks(v) : ramfs_set_max_inodes(v);
}

/* kernel.sched_rt_period_us and kernel.sched_rt_runtime_us: one int
 * each, checked together by the scheduler (the runtime -1, no limit, or
 * at most the period). */
int sysctl_store_sched_rt(const struct sysctl *sc, const char *text, size_t n)
{
    int v;
    if (parse_int(text, n, &v) < 0)
        return -EINVAL;
    if (sc->data == &sysctl_sched_rt_period)
        return sched_rt_sysctl_set(v, sysctl_sched_rt_runtime);
    return sched_rt_sysctl_set(sysctl_sched_rt_period, v);
}
