/* What kernel/futex.c shares with kernel/futex_pi.c: the keys, the
 * sleepers' queue entries and their buckets, deadlines. Not for the rest
 * of the kernel (that is kernel/futex.h). */
#ifndef FUTEX_INTERNAL_H
#define FUTEX_INTERNAL_H
#include "kernel/types.h"

struct mm;
struct task;
struct wait_queue;
struct futex_pi;

struct futex_key {
    const void *obj;                         /* the mm, or the object of a shared area */
    uint32_t off;                            /* the address, or the byte offset in obj */
};

/* One word a sleeper waits on, linked in its key's bucket (on the
 * sleeper's kernel stack; futex_waitv's in an array, one per word). A
 * PI waiter (futex_pi.c) is also on its futex_pi's list of waiters. */
struct futex_q {
    struct futex_key key;
    uint32_t bitset;                         /* FUTEX_WAIT_BITSET's mask */
    bool woken;
    struct wait_queue *wq;                   /* where its sleeper waits (alone) */
    struct futex_q *next, *prev;
    /* Priority inheritance (futex_pi.c); zero for the other waits. */
    struct task *task;                       /* its sleeper */
    struct futex_pi *pi;                     /* the PI futex it waits to take, or NULL */
    struct futex_q *pi_next;                 /* on pi's waiters, highest rank first */
    bool requeue_pi;                         /* FUTEX_WAIT_REQUEUE_PI's (Linux's rt_waiter) */
    struct futex_key key2;                   /* its PI futex, where it may be requeued */
    int pi_result;                           /* from its waker: 1 owner, 2 a dead owner's heir */
};

/* A timed wait's end in ktime ns (has: there is one). */
struct futex_deadline {
    bool has;
    uint64_t at;
};

bool futex_key_eq(const struct futex_key *a, const struct futex_key *b);
void futex_queue_add(struct futex_q *q);
void futex_queue_del(struct futex_q *q);
void futex_requeue_q(struct futex_q *q, const struct futex_key *k2);
struct futex_q *futex_top_waiter(const struct futex_key *k);   /* the first on k, or NULL */
int get_futex_key(struct mm *mm, uint32_t uaddr, bool shared, bool write, struct futex_key *k);

/* futex_pi.c: the commands, as do_futex hands them over. */
long futex_lock_pi(uint32_t uaddr, bool shared, const struct futex_deadline *d, bool trylock);
long futex_unlock_pi(uint32_t uaddr, bool shared);
long futex_wait_requeue_pi(uint32_t uaddr, bool shared, uint32_t val, uint32_t uaddr2,
                           const struct futex_deadline *d);
long futex_requeue_pi(uint32_t uaddr, uint32_t uaddr2, bool shared, int nr_wake, int nr_requeue,
                      uint32_t cmpval);

#endif
