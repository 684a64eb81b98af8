/* poll and select: a file's poll operation reports its ready events and
 * registers the caller on the wait queues that will signal a change. epoll
 * passes a table with its own queue procedure, which hangs a callback entry
 * on those queues instead (ipc/eventpoll.c). */
#ifndef POLL_H
#define POLL_H
#include "kernel/types.h"
#include "kernel/wait.h"

struct poll_table {
    /* epoll's: called for each queue instead of the entries below */
    void (*qproc)(struct wait_queue *wq, struct poll_table *pt);
    int n, max;                             /* entries in use, room */
    struct wait_queue **queues;
    struct wait_entry *entries;
};

/* Adds the current task to wq for the duration of a poll, or hands wq to
 * pt->qproc (pt may be NULL when the caller only wants the ready mask). */
void poll_wait(struct wait_queue *wq, struct poll_table *pt);
struct file;
int file_wait_events(struct file *f, unsigned events);   /* 0, -ENOMEM or -ERESTARTSYS */

#endif
