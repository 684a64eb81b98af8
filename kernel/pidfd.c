/* pidfds: a descriptor that names a process (pidfd_open, clone's
 * CLONE_PIDFD), to signal it without racing against pid reuse
 * (pidfd_send_signal), to copy one of its descriptors (pidfd_getfd), to
 * poll for its end and to wait for it (waitid's P_PIDFD, exit_wait.c).
 * The file holds a struct pid, which the task drops when it is reaped. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/poll.h"
#include "kernel/pidfd.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/proc.h"
#include <linux/pidfd.h>
#include <linux/poll.h>
#include <asm/fcntl.h>

static void pid_put(struct pid *p)
{
    if (--p->refs == 0) {
        put_pid_ns(p->ns);
        kfree(p);
    }
}

/* t's struct pid, made at the first need, with one more reference; NULL
 * when memory is out. */
static struct pid *task_pid_get(struct task *t)
{
    if (!t->thread_pid) {
        struct pid *p = kzalloc(sizeof *p);
        if (!p)
            return NULL;
        p->refs = 1;                         /* the task's */
        p->task = t;
        p->ns = pid_ns_of(t->pid);
        get_pid_ns(p->ns);
        wait_queue_init(&p->wait_pidfd);
        t->thread_pid = p;
    }
    t->thread_pid->refs++;
    return t->thread_pid;
}

void pidfd_task_exit(struct task *l)
{
    if (l->thread_pid)
        wake_up(&l->thread_pid->wait_pidfd);
}

void pidfd_task_free(struct task *t)
{
    struct pid *p = t->thread_pid;
    if (!p)
        return;
    t->thread_pid = NULL;
    p->task = NULL;
    wake_up(&p->wait_pidfd);
    pid_put(p);
}

/* exec in a thread that is not the leader: it takes the leader's pid, so
 * the pidfds of the process now name it (its own tid had none). */
void pidfd_transfer(struct task *from, struct task *to)
{
    pidfd_task_free(to);
    to->thread_pid = from->thread_pid;
    from->thread_pid = NULL;
    if (to->thread_pid)
        to->thread_pid->task = to;
}

/* Whether the whole process has ended (its leader is a zombie with no
 * live thread) or has been reaped. */
static bool pid_exited(const struct pid *p)
{
    return !p->task || (p->task->state == TASK_ZOMBIE && thread_count(p->task) == 0);
}

static unsigned pidfd_poll(struct file *f, struct poll_table *pt)
{
    struct pid *p = f->private_data;
    poll_wait(&p->wait_pidfd, pt);
    return pid_exited(p) ? POLLIN | POLLRDNORM : 0;
}

static void pidfd_release(struct inode *ip, struct file *f)
{
    (void)ip;
    pid_put(f->private_data);
}

/* fdinfo: the process's pid as the proc instance read sees it (0: it
 * does not), -1 once it has been reaped (a zombie still has its pid);
 * NSpid: that and its numbers in the namespaces below, down to its own. */
static int pidfd_show_fdinfo(struct file *f, char *buf, int size)
{
    struct pid *p = f->private_data;
    int nr = p->task ? proc_nr(p->task->pid) : -1;
    int n = snprintf(buf, size, "Pid:\t%d\nNSpid:\t%d", nr, nr);
    struct pid_namespace *own = p->task ? pid_ns_of(p->task->pid) : NULL;
    for (int lvl = proc_ns->level + 1; nr > 0 && lvl <= own->level && n < size; lvl++)
        n += snprintf(buf + n, size - n, "\t%d", pid_nr_ns(p->task->pid, pid_ns_at(own, lvl)));
    return n < size ? n + snprintf(buf + n, size - n, "\n") : n;
}

static const struct file_operations pidfd_fops = {
    .poll = pidfd_poll,
    .release = pidfd_release,
    .show_fdinfo = pidfd_show_fdinfo,
};

/* The one inode behind every pidfd, as Linux's anon_inode: mode 0600 and
 * no file type; /proc/<pid>/fd shows "anon_inode:[pidfd]". Made at boot,
 * so that no process's memory account ever sees it come. */
static struct inode *anon_ip;

void pidfd_init(void)
{
    anon_ip = inode_alloc(S_IRUSR | S_IWUSR);
    if (!anon_ip)
        panic("no memory for the pidfd inode");
    anon_ip->i_uid = anon_ip->i_gid = 0;
    anon_ip->i_private = "[pidfd]";
}

/* A new open pidfd file for process t (O_RDWR, and O_NONBLOCK from
 * flags), or NULL when memory is out. */
static struct file *pidfd_file(struct task *t, uint32_t flags)
{
    struct inode *ip = anon_ip;
    struct file *f = file_alloc();
    struct pid *p = f ? task_pid_get(t) : NULL;
    if (!p) {
        kfree(f);
        return NULL;
    }
    inode_get(ip);
    f->f_inode = ip;
    f->f_op = &pidfd_fops;
    f->f_flags = O_RDWR | (flags & O_NONBLOCK);
    f->f_mode = FMODE_READ | FMODE_WRITE;
    f->private_data = p;
    return f;
}

long pidfd_install(struct task *c, uint32_t uaddr)
{
    int fd = fd_alloc(0);
    if (fd < 0)
        return fd;
    if (copy_to_user((void *)uaddr, &fd, sizeof fd)) {
        fd_unreserve(fd);                   /* (copy_to_user may sleep: fd stays ours) */
        return -EFAULT;
    }
    struct file *f = pidfd_file(c, 0);
    if (!f) {
        fd_unreserve(fd);
        return -ENOMEM;
    }
    fd_install_at(fd, f, true);
    return fd;
}

struct pid *pidfd_get_pid(int fd, bool *nonblock)
{
    struct file *f = fget(fd);
    if (!f || f->f_op != &pidfd_fops)
        return ERR_PTR(-EBADF);
    *nonblock = f->f_flags & O_NONBLOCK;
    return f->private_data;
}

/* pidfd_open(pid, flags): a pidfd (close-on-exec) for the process pid.
 * -EINVAL for flags other than PIDFD_NONBLOCK, pid <= 0 or a thread that
 * is not a group leader; -ESRCH when no such process is left to reap. */
long sys_pidfd_open(int pid, uint32_t flags)
{
    if (flags & ~PIDFD_NONBLOCK)
        return -EINVAL;
    if (pid <= 0)
        return -EINVAL;
    struct task *t = find_task_by_vpid(pid);
    if (!t)
        return -ESRCH;
    if (t->tgid != t->pid)
        return -EINVAL;
    struct file *f = pidfd_file(t, flags);
    if (!f)
        return -ENOMEM;
    int fd = fd_install(f, 0, true);
    if (fd < 0)
        file_put(f);
    return fd;
}

/* The siginfo of pidfd_send_signal: the user's (its signal must be sig,
 * and only the kernel may claim SI_USER, SI_TKILL or a positive code for
 * a signal to another task), or kill's. 0, -EFAULT, -EINVAL or -EPERM. */
static long pidfd_siginfo(struct task *t, int sig, const void *uinfo, struct ksiginfo *info)
{
    int32_t si[32];                          /* the 128-byte siginfo_t */
    if (!uinfo) {
        *info = (struct ksiginfo){ .code = SI_USER, .pid = pid_vnr(current->tgid), .uid = current->uid };
        return 0;
    }
    if (copy_from_user(si, uinfo, sizeof si))
        return -EFAULT;
    if (si[0] != sig)
        return -EINVAL;
    if (t != current && (si[2] >= 0 || si[2] == SI_TKILL))
        return -EPERM;
    *info = (struct ksiginfo){ .code = si[2], .pid = si[3], .uid = (uint32_t)si[4], .value = si[5] };
    return 0;
}

/* pidfd_send_signal(pidfd, sig, info, flags): kill(2) through a pidfd, to
 * the whole process. 0, -EINVAL (flags, a bad signal, a process outside
 * the caller's pid namespace and those below it), -EBADF, -EFAULT,
 * -EPERM (kill's rules), -ESRCH once the process has been reaped. */
long sys_pidfd_send_signal(int pidfd, int sig, const void *uinfo, uint32_t flags)
{
    if (flags)
        return -EINVAL;
    bool nonblock;
    struct pid *p = pidfd_get_pid(pidfd, &nonblock);
    if (IS_ERR_PTR(p))
        return PTR_ERR(p);
    if (!pid_ns_within(p->ns, task_active_pid_ns(current)))
        return -EINVAL;                      /* a process the caller's namespace cannot see */
    struct ksiginfo info;
    long err = pidfd_siginfo(p->task, sig, uinfo, &info);
    if (err)
        return err;
    if (!p->task)
        return -ESRCH;
    return kill_task_info(p->task, sig, &info);
}

/* pidfd_getfd(pidfd, fd, flags): a duplicate (close-on-exec) of the
 * process's descriptor fd, for a caller that may ptrace it. -EINVAL for
 * flags, -EBADF (no pidfd, no such descriptor or the process has exited),
 * -ESRCH (reaped), -EPERM, -EMFILE. */
long sys_pidfd_getfd(int pidfd, int fd, uint32_t flags)
{
    if (flags)
        return -EINVAL;
    bool nonblock;
    struct pid *p = pidfd_get_pid(pidfd, &nonblock);
    if (IS_ERR_PTR(p))
        return PTR_ERR(p);
    struct task *t = p->task;
    if (!t)
        return -ESRCH;
    if (!ptrace_may_read(t))
        return -EPERM;
    if (fd < 0 || fd >= t->nr_fds || !t->files[fd])
        return -EBADF;
    struct file *f = t->files[fd];
    f->f_count++;
    int nfd = fd_install(f, 0, true);
    if (nfd < 0)
        file_put(f);
    return nfd;
}
