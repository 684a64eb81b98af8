/* BSD process accounting, as Linux 6.1 with CONFIG_BSD_PROCESS_ACCT_V3:
 * acct(2) names a regular file, and from then on every process that ends
 * appends one struct acct_v3 (<linux/acct.h>, acct(5)) to it: its name,
 * ids, exit status, times and a few flags. The `lastcomm` and `sa`
 * tools of the acct package read such a file. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "kernel/mm/vm.h"
#include "fs/vfs.h"
#include "kernel/drivers/tty.h"
#include <asm/fcntl.h>
#include "kernel/pid_namespace.h"
#include <linux/acct.h>

/* acct(path): CAP_SYS_PACCT only (-EPERM, before anything else). A path
 * turns accounting on into that file, opened for appending as the
 * caller (the open's errors; -EACCES when it is not a regular file); it
 * replaces the file in use. NULL turns accounting off. Each pid
 * namespace has its own (the caller's), as Linux's ns->bacct. */
long sys_acct(const char *upath)
{
    if (!capable(CAP_SYS_PACCT))
        return -EPERM;
    struct file *f = NULL;
    if (upath) {
        char *path = getname(upath);
        if (IS_ERR_PTR(path))
            return PTR_ERR(path);
        int r = do_open(AT_FDCWD, path, O_WRONLY | O_APPEND | O_LARGEFILE, 0, &f);
        putname(path);
        if (r)
            return r;
        if (!S_ISREG(f->f_inode->i_mode)) {
            file_put(f);
            return -EACCES;
        }
    }
    struct pid_namespace *ns = task_active_pid_ns(current);
    struct file *old = ns->acct_file;
    ns->acct_file = f;
    if (old)
        file_put(old);
    return 0;
}

/* acct(5)'s comp_t: a 13-bit mantissa and a 3-bit exponent of 8, rounded
 * to nearest; ~0 when even that cannot hold the value. */
static uint16_t encode_comp_t(uint64_t v)
{
    int exp = 0;
    bool round = false;
    while (v > 0x1FFF) {
        round = v & 4;                       /* the highest of the 3 bits shifted out */
        v >>= 3;
        exp++;
    }
    if (round && ++v > 0x1FFF) {
        v >>= 3;
        exp++;
    }
    return exp > 7 ? 0xFFFF : (uint16_t)(exp << 13 | v);
}

/* The bits of the IEEE single closest below v (acct_v3's ac_etime): the
 * kernel keeps no floating point of its own. */
static uint32_t encode_float(uint64_t v)
{
    if (v == 0)
        return 0;
    int top = 63 - __builtin_clzll(v);
    uint32_t mant = (uint32_t)(top > 23 ? v >> (top - 23) : v << (23 - top)) & 0x7FFFFF;
    return (uint32_t)(127 + top) << 23 | mant;
}

/* A thread of t's process ends with wait_status: its flags join the
 * process's (Linux's acct_collect): AFORK while the leader has not
 * exec'd since its fork, ASU when it used a capability, AXSIG when a
 * signal killed it (the SIGKILL of another thread's exit_group or
 * execve too, as Linux's PF_SIGNALED), ACORE when it dumped core. */
void acct_collect(struct task *t, int wait_status)
{
    struct task *l = t->group_leader;
    if (t == l && !t->did_exec)
        l->acct_flags |= AFORK;
    if (t->superpriv)
        l->acct_flags |= ASU;
    if (t->signaled || (wait_status & 0x7F))
        l->acct_flags |= AXSIG;
    if (wait_status & 0x80)
        l->acct_flags |= ACORE;
}

/* The last thread of t's process ends (before its memory goes), with
 * the leader's own wait_status (as Linux: a leader's pthread_exit stays
 * 0 whatever exit_group ends the rest): one record appended to the
 * accounting file, if there is one (Linux's acct_process), as the
 * file's opener wrote it whatever the process may. Times in AHZ (100 a
 * second): user and system CPU, elapsed since the process began, its
 * start in seconds of the epoch; ac_mem is the size of its address
 * space in KiB. */
void acct_process(struct task *t, int wait_status)
{
    struct pid_namespace *ns = pid_ns_of(t->pid);
    while (ns && !ns->acct_file)
        ns = ns->parent;
    if (!ns)
        return;                              /* no namespace of t's has accounting on */
    struct task *l = t->group_leader;
    acct_collect(t, wait_status);
    struct acct_v3 ac;
    memset(&ac, 0, sizeof ac);
    ac.ac_flag = (char)l->acct_flags;
    ac.ac_version = 3;                       /* ACCT_VERSION with V3, little-endian */
    ac.ac_tty = t->tty ? (uint16_t)(MAJOR(t->tty->dev) << 8 | (MINOR(t->tty->dev) & 0xff)) : 0;   /* old_encode_dev */
    ac.ac_exitcode = (uint32_t)wait_status;
    ac.ac_uid = t->uid;
    ac.ac_gid = t->gid;

    uint32_t elapsed = (uint32_t)(jiffies - l->start_time);   /* HZ is AHZ */
    int64_t now = time_now().sec;
    ac.ac_btime = (uint32_t)MAX(now - elapsed / HZ, 0);
    uint32_t etime = encode_float(elapsed);
    memcpy(&ac.ac_etime, &etime, sizeof etime);
    struct rusage_k r;
    group_usage(t, &r);
    ac.ac_utime = encode_comp_t(r.utime_ns / (1000000000ull / HZ));
    ac.ac_stime = encode_comp_t(r.stime_ns / (1000000000ull / HZ));
    ac.ac_mem = encode_comp_t((uint64_t)vm_total_pages(t->mm) * (PAGE_SIZE / 1024));
    ac.ac_minflt = encode_comp_t(r.min_flt);
    strlcpy(ac.ac_comm, t->comm, sizeof ac.ac_comm);
    for (; ns; ns = ns->parent) {            /* a record for each namespace, its numbers */
        struct file *f = ns->acct_file;
        if (!f)
            continue;
        ac.ac_pid = (uint32_t)pid_nr_ns(t->tgid, ns);
        ac.ac_ppid = l->parent ? (uint32_t)pid_nr_ns(l->parent->tgid, ns) : 0;
        vfs_write_kernel(f->f_inode, &ac, sizeof ac, f->f_inode->i_size);
    }
}
