/* Pipes and FIFOs (the book's section 5.3): one implementation for both.
 * A pipe is an inode whose private part is a pipe_inode_info: a circular
 * buffer, the counts of readers and writers, and a wait queue for each. */
#ifndef IPC_PIPE_H
#define IPC_PIPE_H
#include "kernel/types.h"
#include "kernel/wait.h"

#define PIPE_BUF_K   4096                   /* writes up to this size are atomic */
#define PIPE_PAGES   16                     /* capacity 64 KiB, as Linux's default */
#define PIPE_MIN_PAGES 2                    /* past the user's soft limit (ipc/pipe_user.c) */

struct pipe_user;
struct fasync_struct;

struct pipe_inode_info {
    struct wait_queue readers_wq;           /* readers wait for data (or for a writer to open) */
    struct wait_queue writers_wq;           /* writers wait for room (or for a reader to open) */
    char **pages;                           /* the ring buffer, npages pages, each made when first written */
    uint32_t npages;                        /* capacity, a power of two (F_SETPIPE_SZ changes it) */
    struct pipe_user *user;                 /* whom the capacity is charged to */
    uint32_t start, len;                    /* first unread byte, bytes unread */
    /* The unread bytes as Linux's pipe buffers, a page at most each: a
     * write fills new ones (or first tops up the last); a read empties them
     * in order. They decide what is atomic, when the pipe is full and what
     * a fault in the middle of a copy leaves behind, as in Linux. */
    uint16_t *buf_len;                      /* buffer i is buf_len[i % npages]; in pages' allocation */
    uint16_t *buf_end;                      /* where buffer i's bytes end in its page, or
                                               PIPE_NO_MERGE; the newest's also in last_end */
    uint32_t buf_tail, buf_head;            /* the oldest buffer, one past the newest */
    uint32_t last_end;                      /* where the newest buffer's bytes end in its page */
    int readers, writers;                   /* open ends */
    unsigned r_counter, w_counter;          /* opens so far: a FIFO open waits for a change */
    struct fasync_struct *fasync_readers;   /* O_ASYNC read ends: SIGIO when data comes */
    struct fasync_struct *fasync_writers;   /* O_ASYNC write ends: SIGIO when room is made */
    /* The slots (page pointers, buffer lengths) of the ring it is made
     * with, here so that an anonymous pipe is one allocation with its
     * inode: one page that a round trip touches, not three. A ring that
     * F_SETPIPE_SZ makes has its slots allocated apart. */
    char *first_pages[PIPE_PAGES];
    uint16_t first_buf_len[PIPE_PAGES];
    uint16_t first_buf_end[PIPE_PAGES];
};

struct inode;
struct file;
extern const struct file_operations pipe_read_fops, pipe_write_fops, pipe_rdwr_fops;

static inline uint32_t pipe_size(const struct pipe_inode_info *p) { return p->npages * 4096; }

/* The ring's buffers, for pipe.c and splice.c. */
static inline bool pipe_empty(const struct pipe_inode_info *p) { return p->buf_head == p->buf_tail; }
static inline bool pipe_full(const struct pipe_inode_info *p) { return p->buf_head - p->buf_tail >= p->npages; }

/* The length of buffer i (buf_tail <= i < buf_head): npages is a power of
 * two, so the slot is a mask, not a division. */
static inline uint16_t *pipe_buf_len(struct pipe_inode_info *p, uint32_t i)
{
    return &p->buf_len[i & (p->npages - 1)];
}

/* Takes n bytes (no more than it has) off the front of the oldest buffer,
 * which goes when it is empty. */
static inline void pipe_consume(struct pipe_inode_info *p, uint32_t n)
{
    uint16_t *len = pipe_buf_len(p, p->buf_tail);
    p->start = (p->start + n) & (pipe_size(p) - 1);
    p->len -= n;
    *len -= n;
    if (!*len)
        p->buf_tail++;
}

/* A last_end that no write can top up (PAGE_SIZE): what splice, tee and
 * vmsplice leave, as Linux's buffers without PIPE_BUF_FLAG_CAN_MERGE. */
#define PIPE_NO_MERGE 4096u
/* The end of a packet (a write to an O_DIRECT end: Linux's
 * PIPE_BUF_FLAG_PACKET): not topped up either, and a read takes it whole
 * or its first part, the rest thrown away, and stops after it. */
#define PIPE_PACKET   4097u

/* Where buffer i's bytes end in its page (PIPE_NO_MERGE: a write may not
 * top it up, nor, once it is spliced whole to another pipe, there). */
static inline uint32_t pipe_buf_end(const struct pipe_inode_info *p, uint32_t i)
{
    return p->buf_end[i & (p->npages - 1)];
}

/* Makes the n bytes just copied to the ring's end (start + len) a new
 * buffer (the pipe not full), its bytes ending at `end` in its page. */
static inline void pipe_commit(struct pipe_inode_info *p, uint32_t n, uint32_t end)
{
    uint32_t i = p->buf_head++ & (p->npages - 1);
    p->buf_len[i] = (uint16_t)n;
    p->buf_end[i] = (uint16_t)end;
    p->last_end = end;
    p->len += n;
}

struct pipe_inode_info *pipe_info_alloc(void);   /* charged to current's user; NULL past its limit */
struct inode *pipe_inode_alloc(void);       /* pipe(2)'s: the inode, its pipe and its two ends in one block */
long pipe_fcntl(struct file *f, int cmd, uint32_t arg);   /* F_GETPIPE_SZ, F_SETPIPE_SZ */
bool pipe_drop_end(struct inode *ip, struct pipe_inode_info *p, int mode);   /* and free with the last */

/* pipe_user.c: the per-user limits of /proc/sys/fs. */
extern uint32_t pipe_user_pages_soft, pipe_user_pages_hard;
extern uint32_t pipe_max_size;              /* fs.pipe-max-size, bytes; F_SETPIPE_SZ's limit for ordinary users */
int pipe_charge(struct pipe_inode_info *p);
int pipe_recharge(struct pipe_inode_info *p, uint32_t npages);   /* F_SETPIPE_SZ's limits */
void pipe_uncharge(struct pipe_user *u, uint32_t pages);
uint32_t pipe_pages_held(const struct pipe_inode_info *p);
int fifo_open(struct inode *ip, struct file *f);   /* the open rules of named pipes */
bool pipe_inode_anon(const struct inode *ip);      /* an anonymous pipe's (pipe2), not a FIFO's */
struct pipe_inode_info *file_pipe(struct file *f); /* f's pipe, or NULL */
/* splice(2) and tee(2) past the descriptors (ipc/splice.c; io_uring's
 * SPLICE and TEE): offsets by value, -1 for the file's own position. */
long splice_files(struct file *in, loff_t off_in, struct file *out, loff_t off_out, size_t len, unsigned flags);
long tee_files(struct file *in, struct file *out, size_t len, unsigned flags);

#endif
