/* Process descriptors (kernel/pidfd.c): a struct pid outlives its task so
 * that a pidfd can tell "gone" from "another process with the same pid". */
#ifndef PIDFD_H
#define PIDFD_H
#include "kernel/types.h"
#include "kernel/wait.h"

struct task;
struct file;

struct pid_namespace;
struct pid {
    int refs;                               /* the task's link and each pidfd */
    struct task *task;                      /* the process's leader; NULL once reaped */
    struct wait_queue wait_pidfd;           /* poll: woken when the process ends and is reaped */
    struct pid_namespace *ns;               /* the process's own, referenced (Linux's ns_of_pid) */
};

/* CLONE_PIDFD: a pidfd for child c in current's table (close-on-exec),
 * its number written to the int at uaddr first. The fd or -EMFILE,
 * -EFAULT, -ENOMEM; nothing is left on failure. */
long pidfd_install(struct task *c, uint32_t uaddr);
/* The pidfd's struct pid and whether it is O_NONBLOCK, or ERR_PTR(-EBADF)
 * when fd is no pidfd. No reference is taken. */
struct pid *pidfd_get_pid(int fd, bool *nonblock);
void pidfd_task_exit(struct task *leader);  /* the process ended: wake pollers */
void pidfd_task_free(struct task *t);       /* t's slot goes: its pid is gone */
void pidfd_transfer(struct task *from, struct task *to);   /* exec in a thread */
void pidfd_init(void);                      /* at boot, before init runs */

#endif
