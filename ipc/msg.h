/* System V message queues (the book's section 5.5.2). */
#ifndef IPC_MSG_H
#define IPC_MSG_H
#include "ipc/util.h"
#include "kernel/wait.h"

struct msg_msg {                            /* one message, its text after it */
    struct msg_msg *next;
    int32_t m_type;
    uint32_t m_ts;                          /* text size */
    char m_text[];
};

struct msg_queue {
    struct kern_ipc_perm q_perm;
    uint32_t q_stime, q_rtime, q_ctime;
    uint32_t q_cbytes, q_qnum, q_qbytes;
    int q_lspid, q_lrpid;
    struct msg_msg *q_first, *q_last;
    struct wait_queue senders;              /* waiting for room */
    struct wait_queue receivers;            /* waiting for a message */
};

long msg_get(int32_t key, int flg);
long msg_send(int id, const void *umsg, uint32_t size, int flg);
long msg_receive(int id, void *umsg, uint32_t size, int32_t type, int flg);
long msg_ctl(int id, int cmd, void *ubuf);
int msg_proc_show(char *buf, int size);     /* /proc/sysvipc/msg */

#endif
