/* System V message queues (the book's section 5.5.2). */
#ifndef IPC_MSG_H
#define IPC_MSG_H
#include "ipc/util.h"
#include "kernel/wait.h"

struct msg_msg {                            /* one message, kmalloc'd with its text */
    struct msg_msg *next;                   /* the next message on the queue */
    uint32_t m_ts;                          /* text size */
    int32_t m_type;                         /* mtype, > 0; the text follows, as in msgbuf */
    char m_text[];                          /* the text itself */
};

struct msg_queue {                          /* the book's msqid_ds */
    struct kern_ipc_perm q_perm;            /* key, owner, mode, id: first, for ipc_lookup */
    uint32_t q_stime, q_rtime, q_ctime;     /* last msgsnd, msgrcv, change */
    uint32_t q_cbytes;                      /* bytes in the queue now */
    uint32_t q_qnum;                        /* messages in the queue now */
    uint32_t q_qbytes;                      /* the most bytes it may hold (msgmnb) */
    int q_lspid, q_lrpid;                   /* last sender, last receiver */
    struct msg_msg *q_first, *q_last;       /* the messages, oldest first */
    struct msg_msg *q_spare;                /* a small message's buffer, kept for the next */
    uint32_t q_changes;                     /* msgsnd and IPC_SET count it: receivers look again */
    struct wait_queue senders;              /* waiting for room */
    struct wait_queue receivers;            /* waiting for a message */
};

/* The limits, /proc/sys/kernel/msgmax (the largest message), msgmnb (a
 * new queue's msg_qbytes) and msgmni (queues at most), are the IPC
 * namespace's (ipc/namespace.h). */

long msg_get(int32_t key, int flg);
long msg_send(int id, const void *umsg, uint32_t size, int flg);
long msg_receive(int id, void *umsg, uint32_t size, int32_t type, int flg);
long msg_ctl(int id, int cmd, void *ubuf, int version);
int msg_proc_show(char *buf, int size);     /* /proc/sysvipc/msg */

#endif
