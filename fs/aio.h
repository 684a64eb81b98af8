/* Linux's native asynchronous I/O (io_setup, io_submit, io_getevents...):
 * a context is a ring of completion events mapped into the process, its
 * address the context's id; the contexts of an address space hang off
 * its mm (mm->ioctx_table), as Linux keeps them in mm_struct.
 * fs/aio.c: contexts, the ring, completion, io_getevents; fs/aio_submit.c:
 * the requests. */
#ifndef FS_AIO_H
#define FS_AIO_H
#include "kernel/types.h"
#include "kernel/wait.h"
#include <linux/aio_abi.h>

struct file;
struct mm;
struct shmem;

/* The ring's header, what user space reads (libaio takes events from it
 * itself when it can): Linux's struct aio_ring. */
struct aio_ring {
    uint32_t id;                            /* the context's index in the mm's table */
    uint32_t nr;                            /* events the ring holds */
    uint32_t head, tail;                    /* user space moves head, the kernel tail */
    uint32_t magic, compat_features, incompat_features, header_length;
};
#define AIO_RING_MAGIC 0xa10a10a1u
#define AIO_EVENTS_PER_PAGE (PAGE_SIZE / sizeof(struct io_event))

/* A request that waits (IOCB_CMD_POLL); the others complete inside
 * io_submit and never need one past it. */
struct aio_kiocb {
    struct kioctx *ctx;
    struct file *file;                      /* referenced */
    struct file *eventfd;                   /* IOCB_FLAG_RESFD: referenced, else NULL */
    uint64_t data;                          /* aio_data, given back in the event */
    uint32_t obj;                           /* the iocb's user address: io_cancel's key */
    unsigned events;                        /* what it polls for, with POLLERR|POLLHUP */
    struct wait_queue *head;                /* the file's queue it waits on */
    struct wait_entry wait;
    bool done;                              /* its event is in the ring */
    struct aio_kiocb *next;                 /* ctx->active, then ctx->reap */
};

struct kioctx {
    uint32_t user_id;                       /* the ring's address: the context id */
    uint32_t id;                            /* index in mm->ioctx_table */
    uint32_t max_reqs;                      /* what io_setup asked: counted in fs.aio-nr */
    uint32_t nr_events;                     /* slots of the ring */
    uint32_t nr_pages;
    uint32_t tail;                          /* where the next event goes (the ring's copy is the user's) */
    uint32_t inflight;                      /* requests taken and not yet in the ring */
    int users;                              /* the table, and each call using it */
    bool dead;                              /* io_destroy or exit began */
    struct shmem *ring_obj;                 /* the ring's pages, shared with the mapping */
    struct aio_kiocb *active, *reap;        /* waiting polls; finished ones to free */
    struct wait_queue wait;                 /* io_getevents and io_destroy sleep here */
};

struct kioctx_table {
    uint32_t nr;
    struct kioctx *table[];
};

extern uint32_t aio_nr, aio_max_nr;         /* fs.aio-nr, fs.aio-max-nr */

/* aio.c, for aio_submit.c */
struct kioctx *aio_lookup(uint32_t ctx_id);          /* with a use for the caller, or NULL */
void aio_ctx_put(struct kioctx *ctx);
/* Puts the event {data, obj, res, res2=0} in ctx's ring, signals eventfd
 * (may be NULL) and wakes io_getevents. Interrupts may be off: does not
 * sleep. */
void aio_complete(struct kioctx *ctx, uint64_t data, uint32_t obj, int64_t res, struct file *eventfd);
/* Whether a request may be taken: fewer than nr_events - 1 are in
 * flight or unread in the ring. */
bool aio_slot_free(struct kioctx *ctx);
/* Frees the finished polls' requests (their file references go). May
 * sleep (a last close). */
void aio_reap(struct kioctx *ctx);

/* aio_submit.c, for aio.c: cancels every waiting request of ctx, each
 * completing with the events its file has now. Does not sleep. */
void aio_cancel_all(struct kioctx *ctx);

/* The mm goes (exit, exec): its contexts go with it (Linux's exit_aio). */
void aio_exit_mm(struct mm *mm);

/* fs/proc_pid.c: whether an area is an aio ring ("/[aio] (deleted)"). */
struct vm_area;
bool aio_ring_area(const struct vm_area *a);

#endif
