/* epoll: an eventpoll object behind each epoll descriptor, holding the
 * interest list (one epitem per watched file and descriptor) and the ready
 * list that the watched files' wait queues fill through callbacks.
 * ipc/eventpoll.c: create, ctl, the callback, release; eventpoll_wait.c:
 * epoll_wait and the ready-list scan; eventpoll_check.c: the loop checks. */
#ifndef IPC_EVENTPOLL_H
#define IPC_EVENTPOLL_H
#include "kernel/types.h"
#include "kernel/wait.h"
#include "kernel/poll.h"
#include <linux/eventpoll.h>

struct file;

/* Epoll's own bits of an item's events: they say how to report, not what. */
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
#define EP_MAX_NESTS    4                   /* epolls below epolls, as Linux */
#define EP_MAX_EVENTS   (0x7fffffff / sizeof(struct epoll_event))

/* A ring of items (the ready list, the interest list). */
struct ep_list {
    struct ep_list *next, *prev;
};
static inline void ep_list_init(struct ep_list *l) { l->next = l->prev = l; }
static inline bool ep_list_empty(const struct ep_list *l) { return l->next == l; }
static inline void ep_list_insert(struct ep_list *n, struct ep_list *prev, struct ep_list *next)
{
    n->prev = prev;
    n->next = next;
    prev->next = n;
    next->prev = n;
}
static inline void ep_list_add_tail(struct ep_list *n, struct ep_list *h) { ep_list_insert(n, h->prev, h); }
static inline void ep_list_add(struct ep_list *n, struct ep_list *h) { ep_list_insert(n, h, h->next); }
static inline void ep_list_del_init(struct ep_list *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    ep_list_init(n);
}
/* Moves all of from to the front of to; from ends empty. */
static inline void ep_list_splice_init(struct ep_list *from, struct ep_list *to)
{
    if (ep_list_empty(from))
        return;
    struct ep_list *first = from->next, *last = from->prev, *at = to->next;
    first->prev = to;
    to->next = first;
    last->next = at;
    at->prev = last;
    ep_list_init(from);
}
#define ep_entry(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))

/* Whose watches an epoll counts against fs.epoll.max_user_watches. */
struct ep_user {
    uint32_t uid;                           /* the real uid that made the epoll */
    uint32_t watches;                       /* items in all of its epolls */
    uint32_t epolls;                        /* epolls pointing here */
    struct ep_user *next;
};

struct eventpoll {
    struct wait_queue wq;                   /* tasks in epoll_wait */
    struct wait_queue poll_wait;            /* poll/select on this epoll, and epolls watching it */
    struct ep_list rdllist;                 /* items that may be ready */
    struct ep_list items;                   /* the interest list */
    struct file *file;                      /* the epoll's own open file */
    struct ep_user *user;
    uint32_t gen;                           /* loop checks: visited in check number gen */
    int loop_check_depth;                   /* ... and the depth found there */
};

/* One wait queue an item's file named in its poll: the entry there calls
 * ep_poll_callback (Linux's eppoll_entry). */
struct eppoll_entry {
    struct eppoll_entry *next;              /* the item's other queues */
    struct epitem *base;
    struct wait_entry wait;
    struct wait_queue *whead;
};

/* A watched (file, fd) in one epoll. */
struct epitem {
    struct ep_list rdllink;                 /* on ep->rdllist (or a scan's list); empty: not */
    struct ep_list itlink;                  /* on ep->items */
    struct epitem *f_next, **f_pprev;       /* on file->f_ep: every epoll watching the file */
    struct file *file;
    int fd;
    struct eventpoll *ep;
    struct eppoll_entry *pwqlist;
    struct epoll_event event;               /* EPOLLERR | EPOLLHUP always in events */
};

static inline bool ep_is_linked(const struct epitem *epi) { return !ep_list_empty(&epi->rdllink); }
bool is_file_epoll(const struct file *f);
/* epoll_ctl with the event in kernel memory (io_uring's EPOLL_CTL). */
long do_epoll_ctl(int epfd, int op, int fd, const struct epoll_event *kev);
struct file *ep_target_file(struct file *epf, int tfd, uint32_t toff);   /* kcmp: ERR_PTR on failure */

/* eventpoll.c */
void ep_queue_ready(struct eventpoll *ep, struct epitem *epi);   /* link and wake: irqs any */
void ep_remove(struct eventpoll *ep, struct epitem *epi);
/* Called at the last close of any file watched by an epoll (fs/fd.c). */
void eventpoll_release_file(struct file *f);
extern uint32_t epoll_max_user_watches;     /* fs.epoll.max_user_watches */
void eventpoll_init(void);                  /* at boot: that limit's default */

/* eventpoll_wait.c: an item's current events (its file polled, or the ready
 * list of an epoll file looked at); pt registers the item first. */
unsigned ep_item_poll(struct epitem *epi, struct poll_table *pt, int depth);
unsigned ep_eventpoll_poll_depth(struct file *f, struct poll_table *pt, int depth);

/* eventpoll_check.c: before ep gets an item for tfile, Linux's loop and
 * path checks: 0, -ELOOP (a loop or too deep below), -EINVAL (too many
 * wake-up paths, or too deep above a watched file; after the insert). */
struct ep_check {
    struct file **files;                    /* non-epoll files whose paths change */
    int n, max;
    bool full;                              /* checks ran: the paths are checked after insert */
};
int ep_check_begin(struct ep_check *c, struct eventpoll *ep, struct file *tfile);
int ep_check_paths(struct ep_check *c, struct file *tfile);
void ep_check_end(struct ep_check *c);

#endif
