/* io_uring: a submission ring of SQEs that user space fills and a
 * completion ring of CQEs that the kernel fills, both mapped into the
 * process from an anonymous "[io_uring]" file. fs/io_uring.c: the rings,
 * the file, io_uring_setup and io_uring_enter, posting CQEs;
 * fs/io_uring_ops.c: the opcodes (fs/io_uring_calls.c: those that are
 * one system call each); fs/io_uring_poll.c: POLL_ADD, the
 * "fast poll" of reads that would block, timeouts and cancellation;
 * fs/io_uring_register.c: io_uring_register; fs/io_uring_creds.c: the
 * submitter's credentials and descriptor table a request runs with, and
 * personalities. */
#ifndef FS_IO_URING_H
#define FS_IO_URING_H
#include "kernel/types.h"
#include "kernel/wait.h"
#include "kernel/hrtimer.h"
#include <linux/io_uring.h>
#include <linux/openat2.h>
#include <linux/eventpoll.h>

struct file;
struct mm;
struct shmem;
struct iovec;

/* Where things are in the rings region, as Linux 6.1's struct io_rings
 * lays it out on i386 with 64-byte cache lines (each of the four
 * indices on a line of its own, the CQEs from a line boundary). */
#define RING_SQ_HEAD        0
#define RING_SQ_TAIL        64
#define RING_CQ_HEAD        128
#define RING_CQ_TAIL        192
#define RING_SQ_MASK        256
#define RING_CQ_MASK        260
#define RING_SQ_ENTRIES     264
#define RING_CQ_ENTRIES     268
#define RING_SQ_DROPPED     272
#define RING_SQ_FLAGS       276
#define RING_CQ_FLAGS       280
#define RING_CQ_OVERFLOW    284
#define RING_CQES           320
#define RING_CACHELINE      64

#define IORING_MAX_ENTRIES      32768
#define IORING_MAX_CQ_ENTRIES   (2 * IORING_MAX_ENTRIES)

struct files_struct;
struct group_info;
struct landlock_ruleset;

/* Credentials a request runs with (fs/io_uring_creds.c): its
 * submitter's at submission, or a personality's. Counted. */
struct io_creds {
    int refs;
    uint32_t uid, euid, suid, gid, egid, sgid, fsuid, fsgid;
    struct group_info *groups;              /* referenced */
    uint64_t cap_effective, cap_permitted, cap_inheritable, cap_bset, cap_ambient;
    uint32_t securebits;
    struct landlock_ruleset *landlock_domain;   /* referenced */
    struct user_namespace *user_ns;         /* referenced; NULL: the initial one */
};

/* What the issuing task had while it runs a request as its submitter. */
struct io_issuer {
    struct io_creds creds;                  /* current's, while it has held's */
    struct io_creds *held;                  /* the request's (a reference), NULL: none */
    struct files_struct *fdt, *held_fdt;    /* current's own table; the request's (a reference) */
};

/* A request: one SQE from submission to its CQE. */
struct io_kiocb {
    struct io_ring_ctx *ctx;
    struct io_uring_sqe sqe;                /* copied at submission (IORING_FEAT_SUBMIT_STABLE) */
    uint8_t opcode, flags;                  /* IOSQE_* */
    uint64_t user_data;
    struct file *file;                      /* referenced once the request is issued, or NULL */
    struct file *file2;                     /* SPLICE, TEE: the file spliced from (referenced) */
    struct file *poll_file;                 /* what a wait polls when not file (file2) */
    struct mm *mm;                          /* the submitter's: user pointers are in it */
    struct io_creds *creds;                 /* its credentials (referenced), NULL: current's */
    struct files_struct *fdt;               /* the submitter's descriptor table (referenced) */
    struct iovec *iov;                      /* READV, WRITEV: the vector, copied at the first issue */
    struct iovec fixed;                     /* _FIXED: the registered buffer, taken at preparation */
    long iov_total;
    int32_t res;                            /* a preparation error, kept for the link's turn */
    bool prep_failed;
    bool fail_link;                         /* the chain after it is cancelled */
    bool in_progress;                       /* on the pending list: may be cancelled */
    bool completed;                         /* its CQE is posted (io_req_complete) */
    bool connecting;                        /* CONNECT: EINPROGRESS, waiting for the end */
    /* waiting on a file's queue: POLL_ADD, or a read that would block */
    enum { WAIT_NONE, WAIT_POLL, WAIT_APOLL, WAIT_TIMEOUT, WAIT_LTIMEOUT } kind;
    unsigned events, ready;                 /* polled for; what the wake-up saw */
    bool multishot, fired, queued;          /* queued: on the file's wait queue */
    struct wait_queue *head;
    struct wait_entry wait;
    char *path;                             /* OPENAT, STATX and the path calls: copied at preparation */
    char *path2;                            /* RENAMEAT, SYMLINKAT, LINKAT: the second path */
    union {
        struct open_how how;                /* OPENAT2: copied at preparation */
        struct epoll_event epev;            /* EPOLL_CTL: copied at preparation */
    };
    /* TIMEOUT */
    int64_t ts_sec, ts_nsec;                /* copied at preparation, as Linux 6.1's */
    struct hrtimer timer;
    uint32_t target;                        /* ctx->seq that completes it (count > 0) */
    uint32_t count;
    uint32_t tflags;
    struct io_kiocb *link;                  /* the next of its chain, issued when it succeeds */
    struct io_kiocb *lt_target;             /* an armed LINK_TIMEOUT: the request it times */
    /* IOSQE_BUFFER_SELECT: the provided buffer taken for this try */
    bool kbuf_selected;
    uint16_t kbuf_bid;
    struct io_buffer *kbuf;                 /* a list group's (the request owns it meanwhile) */
    struct io_buffer_list *kbuf_list;       /* a ring group's */
    uint32_t kbuf_len;                      /* READV: the length its one iovec asks for */
    struct io_kiocb *next;                  /* ctx->pending or ctx->deferred */
    struct io_kiocb **pprev;                /* on ctx->pending: what points at it */
    struct io_kiocb *tnext;                 /* ctx->count_timeouts */
    struct io_kiocb *work_next;             /* ctx->work */
    struct io_kiocb *reap_next;             /* ctx->reap */
};

/* A CQE that found the ring full (IORING_FEAT_NODROP): kept in order
 * until there is room. */
struct io_overflow_cqe {
    struct io_uring_cqe cqe;
    struct io_overflow_cqe *next;
};

struct io_ring_ctx {
    struct file *file;                      /* the "[io_uring]" file: its release frees the ctx */
    struct io_ring_ctx *release_next;       /* io_uring_release's list of rings to take down */
    uint32_t flags;                         /* IORING_SETUP_* */
    uint32_t sq_entries, cq_entries;
    uint32_t sq_array;                      /* offset of the SQ index array in the rings */
    uint32_t rings_pages, sqes_pages;       /* whole allocations, a power of two of pages */
    struct shmem *rings, *sqes;             /* shared with the mappings */
    uint32_t cached_sq_head;                /* the kernel's SQ head (user space sees it at commit) */
    uint32_t cached_cq_tail;                /* CQEs written */
    uint32_t seq;                           /* completions that count for TIMEOUT's count */
    uint32_t timeouts;                      /* timeouts that fired (they end a wait) */
    bool dropped;                           /* a CQE was lost: the next wait says EBADR */
    struct io_overflow_cqe *overflow, **overflow_tail;
    struct io_kiocb *pending;               /* waiting on a file or a timer (doubly linked) */
    struct io_kiocb *count_timeouts;        /* the pending TIMEOUTs with a count */
    struct io_kiocb *work;                  /* woken: to finish in a task of its mm */
    struct io_kiocb *reap;                  /* done; their files to drop */
    struct io_kiocb *deferred;              /* held behind an IOSQE_IO_DRAIN */
    uint32_t inflight;                      /* issued and not yet completed */
    struct wait_queue cq_wait;              /* io_uring_enter's GETEVENTS */
    struct wait_queue poll_wait;            /* poll and epoll on the ring's file */
    struct file *eventfd;                   /* IORING_REGISTER_EVENTFD(_ASYNC) */
    bool eventfd_async;
    struct file **files;                    /* IORING_REGISTER_FILES: NULL slots are empty */
    uint32_t nr_files;
    uint32_t file_alloc_hint;               /* where IORING_FILE_INDEX_ALLOC looks first */
    struct io_buffer_list *buf_groups;      /* provided buffers (io_uring_kbuf.c) */
    struct io_creds **pers;                 /* IORING_REGISTER_PERSONALITY: by id, NULL free */
    uint32_t nr_pers, pers_next;            /* pers' slots; the next id to try */
    struct iovec *bufs;                     /* IORING_REGISTER_BUFFERS */
    uint32_t nr_bufs;
    struct io_ring_ctx *all_next;           /* io_ring_list: exit and exec find requests */
};

/* io_uring.c */
struct io_ring_ctx *io_ring_from_file(struct file *f);     /* NULL: not an io_uring file */
/* The ring behind descriptor fd (a reference held to the end of the
 * call, as fget's); NULL with *err -EBADF (not open) or -EOPNOTSUPP. */
struct io_ring_ctx *io_ring_fget(uint32_t fd, long *err);
/* The kernel's view of the rings and the SQEs. */
void *io_rings_ptr(struct io_ring_ctx *ctx, uint32_t off);
/* Posts {user_data, res, cflags} (to the overflow list when the ring is
 * full), signals the eventfd, wakes waiters (pollers and the eventfd's
 * with EPOLL_URING_WAKE in the key: a multishot poll it wakes ends). Interrupts may be off: does
 * not sleep. `async`: done outside io_uring_enter (EVENTFD_ASYNC). */
void io_post_cqe(struct io_ring_ctx *ctx, uint64_t user_data, int32_t res, uint32_t cflags, bool async);
/* A request's end: its CQE (a restart code is -EINTR; unless a timeout's, posted by
 * io_uring_poll.c), then its chain: the next issued on success, else
 * all cancelled. Interrupts may be off: what needs a task goes to
 * ctx->work; the request is freed at the next reap. */
void io_req_complete(struct io_kiocb *req, int32_t res, uint32_t cflags);
/* Queues req for io_run_work (a wake-up saw it ready); interrupts off. */
void io_queue_work(struct io_kiocb *req);
/* Runs what wake-ups queued for current's mm, frees what was reaped.
 * May sleep. */
void io_run_work(struct io_ring_ctx *ctx);
void io_req_free(struct io_kiocb *req);
void io_pending_add(struct io_kiocb *req);
void io_pending_del(struct io_kiocb *req);
/* The mm goes (exit, exec): requests submitted from it are cancelled. */
void io_uring_exit_mm(struct mm *mm);

/* io_uring_ops.c: preparation (the SQE's fields, Linux's checks: an
 * error ends the submission) and issue (the result goes to the CQE). */
int io_req_prep(struct io_kiocb *req);
/* Issues req: it completes (io_req_complete) or waits on a file or a
 * timer. Task context, current's mm the request's. */
void io_issue(struct io_kiocb *req);
bool io_op_supported(unsigned op);

/* io_uring_kbuf.c: provided buffers. io_buffer_select takes one of the
 * request's group (0, or -ENOBUFS) for *len bytes at most (0: the
 * buffer's); io_kbuf_recycle gives it back (the request will wait);
 * io_kbuf_done keeps it and says so in CQE flags (0 without one). */
struct io_buffer;
struct io_buffer_list;
int io_provide_buffers_prep(struct io_kiocb *req);
long io_provide_buffers(struct io_kiocb *req);
long io_register_pbuf_ring(struct io_ring_ctx *ctx, const void *uarg, uint32_t nr, bool reg);
int io_buffer_select(struct io_kiocb *req, uint32_t *addr, uint32_t *len);
void io_kbuf_recycle(struct io_kiocb *req);
uint32_t io_kbuf_done(struct io_kiocb *req);
void io_kbuf_free_all(struct io_ring_ctx *ctx);

/* io_uring_calls.c: the opcodes that are one system call each (paths,
 * xattrs, advice, fallocate, sync_file_range, epoll_ctl, socket,
 * openat2). Preparation: 0 or -errno; issue: completes. */
int io_call_prep(struct io_kiocb *req);
void io_call_issue(struct io_kiocb *req);
/* Those of them that take a descriptor, not a registered file. */
bool io_call_by_descriptor(unsigned op);

/* io_uring_poll.c */
int io_poll_add(struct io_kiocb *req);                     /* POLL_ADD issued */
/* An operation that found its file not ready waits for mask on it;
 * false when the file cannot be polled (then it completes -EAGAIN). */
bool io_arm_poll(struct io_kiocb *req, unsigned mask);
/* The same on another file of the request's (req->file2): SPLICE, TEE. */
bool io_arm_poll_file(struct io_kiocb *req, struct file *f, unsigned mask);
unsigned io_file_poll_now(struct file *f);     /* f's poll mask, not waiting */
int io_timeout_arm(struct io_kiocb *req);
/* LINK_TIMEOUT lt starts timing req, the request before it in its
 * chain, which waits: when it fires, req is cancelled if it still waits
 * (the timeout's CQE -ETIME, or -ENOENT if req could not be). */
void io_link_timeout_arm(struct io_kiocb *lt, struct io_kiocb *req);
/* TIMEOUT_REMOVE with IORING_TIMEOUT_UPDATE (or LINK_TIMEOUT_UPDATE):
 * the waiting timeout with user_data starts again with the new timespec,
 * without a count (Linux's io_timeout_update). 0 or -ENOENT. */
int io_timeout_update(struct io_ring_ctx *ctx, uint64_t user_data, uint32_t flags, int64_t sec, int64_t nsec);
/* Which waiting requests a cancellation names: those with user_data, or
 * (file set: IORING_ASYNC_CANCEL_FD) those on that file, or any. */
struct io_cancel_match {
    uint64_t user_data;
    struct file *file;
    bool any;
};
/* Cancels the waiting request m names (all of them with `all`):
 * disarmed, onto *out (by work_next). How many, or -ENOENT; kinds limits the
 * search (1 << WAIT_POLL ...). */
int io_cancel_requests(struct io_ring_ctx *ctx, const struct io_cancel_match *m, unsigned kinds, bool all,
                       struct io_kiocb **out);
/* Completes what io_cancel_requests took out (-ECANCELED): after the
 * canceller's own CQE, as Linux's task work posts them. */
void io_complete_cancelled(struct io_kiocb *list);
/* Disarms a waiting request without completing it (interrupts off). */
void io_disarm(struct io_kiocb *req);
/* A completion that counts: count timeouts that reached their target
 * complete with 0. Interrupts may be off. */
void io_flush_timeouts(struct io_ring_ctx *ctx);

/* io_uring_creds.c */
struct io_creds *io_creds_current(void);    /* current's (one reference), NULL: no memory */
void io_creds_put(struct io_creds *c);      /* NULL: nothing */
/* req takes a reference to creds (unless a personality gave it its
 * own) and to current's table. */
void io_req_own(struct io_kiocb *req, struct io_creds *creds);
void io_req_disown(struct io_kiocb *req);   /* drops them (may sleep: the table's last close) */
/* Current runs req as its submitter (io_issue), then as itself again. */
void io_as_submitter(struct io_kiocb *req, struct io_issuer *saved);
void io_as_self(struct io_issuer *saved);
struct io_creds *io_personality(struct io_ring_ctx *ctx, uint32_t id);   /* NULL: not registered */
long io_register_personality(struct io_ring_ctx *ctx);
long io_unregister_personality(struct io_ring_ctx *ctx, uint32_t id);
void io_unregister_personalities(struct io_ring_ctx *ctx);

/* io_uring_register.c */
void io_unregister_all(struct io_ring_ctx *ctx);
struct file *io_fixed_file(struct io_ring_ctx *ctx, int index);
/* f into slot file_slot - 1 (IORING_FILE_INDEX_ALLOC: a free one), with
 * the caller's reference, which goes on failure (Linux's
 * __io_fixed_fd_install): 0, the slot allocated, or -EBADF (a ring),
 * -ENXIO (no table), -EINVAL, -ENFILE. */
int io_fixed_install(struct io_ring_ctx *ctx, struct file *f, uint32_t file_slot);
/* The file of slot `slot` let go (a CLOSE with file_index): 0, -ENXIO,
 * -EINVAL past the table, -EBADF for an empty slot. */
int io_fixed_remove(struct io_ring_ctx *ctx, uint32_t slot);
/* A multishot request's CQE with IORING_CQE_F_MORE (it goes on). */
void io_post_more(struct io_kiocb *req, int32_t res, uint32_t cflags);
/* OPENAT and OPENAT2: req->path into a descriptor, or into the slot
 * sqe->file_index names. The descriptor, 0 or the slot, or -errno. */
long io_open(struct io_kiocb *req, int flags, uint32_t mode, uint32_t resolve);
/* The FILES_UPDATE opcode: the slots updated, or -errno. */
long io_files_update_op(struct io_kiocb *req);

#endif
