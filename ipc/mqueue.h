/* POSIX message queues (mq_open ... mq_notify), Linux's successor of the
 * book's System V queues. A queue is an inode of the mqueue filesystem at
 * /dev/mqueue (ipc/mqueue_fs.c: names, limits, the file's text); the
 * messages, the waiters and the notification are here (ipc/mqueue.c). */
#ifndef IPC_MQUEUE_H
#define IPC_MQUEUE_H
#include "ipc/msg.h"
#include "fs/vfs.h"
#include "kernel/wait.h"
#include <linux/mqueue.h>
#include <asm/siginfo.h>

/* Linux's limits (include/linux/ipc_namespace.h): /proc/sys/fs/mqueue. */
#define MQUEUE_DEV       MKDEV(0, 19)      /* st_dev of /dev/mqueue and its queues */
#define MQUEUE_MAGIC     0x19800202        /* its statfs f_type (Linux's ipc/mqueue.c) */
#define DFLT_QUEUESMAX   256
#define MIN_MSGMAX       1
#define DFLT_MSG         10
#define DFLT_MSGMAX      10
#define HARD_MSGMAX      65536
#define MIN_MSGSIZEMAX   128
#define DFLT_MSGSIZE     8192
#define DFLT_MSGSIZEMAX  8192
#define HARD_MSGSIZEMAX  (16 * 1024 * 1024)

/* What Linux i386 counts per queue against RLIMIT_MSGQUEUE besides the
 * text: one struct msg_msg per message and one tree node per priority
 * that may be used (sizeof both on i386). */
#define MQ_MSG_OVERHEAD  24
#define MQ_NODE_OVERHEAD 24

/* The messages of one priority, oldest first: Linux's
 * posix_msg_tree_node, on a list sorted by priority instead of a tree. */
struct mq_prio_node {                       /* the messages of one priority */
    struct mq_prio_node *next;              /* the next lower priority */
    uint32_t prio;
    struct msg_msg *first, *last;           /* page 5's msg_msg; m_type is the priority */
};

/* A task asleep in mq_timedsend (its message waits in `msg`) or in
 * mq_timedreceive (a sender hands it `msg`): Linux's ext_wait_queue. The
 * one who ends the wait sets ready and wakes `wq`. */
struct mq_waiter {                          /* a task asleep in send or receive */
    struct mq_waiter *next;                 /* the next to come, in arrival order */
    struct msg_msg *msg;                    /* the sender's message, or the one handed over */
    bool ready;                             /* the call was done for it */
    struct wait_queue wq;                   /* it sleeps here, alone */
};

struct mq_user;                             /* RLIMIT_MSGQUEUE bytes of one uid */

struct mqueue_inode_info {                  /* i_private of a queue's inode */
    struct mq_attr attr;                    /* mq_maxmsg, mq_msgsize; mq_curmsgs now */
    unsigned long qsize;                    /* bytes of text queued (QSIZE:) */
    struct mq_prio_node *prios;             /* highest priority first */
    struct mq_prio_node *node_cache;        /* a spare, so a send rarely allocates */
    struct mq_waiter *senders, *receivers;  /* oldest first */
    struct wait_queue poll_wq;              /* poll and select */
    int notify_owner;                       /* mq_notify's process (tgid), 0: none */
    struct sigevent notify;                 /* sigev_notify, sigev_signo, sigev_value */
    struct socket *notify_sock;             /* SIGEV_THREAD: the netlink socket told (referenced) */
    char notify_cookie[NOTIFY_COOKIE_LEN];  /* SIGEV_THREAD: what it is sent, the last byte set */
    struct mq_user *user;                   /* charged for the queue */
    uint32_t charged;                       /* bytes charged */
};

/* ipc/mqueue_fs.c: the filesystem (one instance per IPC namespace, whose
 * are the limits: ipc/namespace.h). */
extern const struct file_operations mqueue_file_ops;
void mqueue_init(void);                     /* the initial instance, mounted on /dev/mqueue */
struct inode *mqueue_root(void);            /* the root of current's namespace's instance */
/* Validates a queue name as Linux's lookup_one_len: -EACCES for "", ".",
 * ".." or a '/', -ENAMETOOLONG past NAME_MAX. */
int mqueue_check_name(const char *name);
/* A new queue `name` in dir, an instance's root (mode: permission bits, umask applied;
 * attr NULL: the defaults), referenced; the limits checked in Linux's
 * order: -EACCES (the instance's namespace is gone), -ENOSPC (queues_max), -EINVAL, -EOVERFLOW, -EMFILE
 * (RLIMIT_MSGQUEUE), -ENOMEM. */
int mqueue_create_attr(struct inode *dir, const char *name, uint32_t mode,
                       const struct mq_attr *attr, struct inode **res);
static inline struct mqueue_inode_info *MQUEUE_I(struct inode *ip) { return ip->i_private; }

/* ipc/mqueue.c: the queue itself. */
void mq_info_free(struct mqueue_inode_info *info);     /* messages and all */
void mq_remove_notification(struct mqueue_inode_info *info);
unsigned mq_poll_mask(struct mqueue_inode_info *info);

#endif
