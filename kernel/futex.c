/* futex(2) and futex_time64: a task sleeps while a word of user memory
 * holds the value it expects, another task wakes it after changing the
 * word. User space does the locking with atomic instructions and enters
 * the kernel only on contention; the kernel keeps nothing but queues of
 * sleepers. A word is found by its key: (mm, address) for a private futex
 * or a word in private memory, (shared object, byte offset in it) for a
 * word in shared memory (a shmem object, a System V segment, a file), so
 * processes that map the same page at different addresses meet.
 * Uniprocessor, not preemptible: no locks (DESIGN.md §4). */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/proc.h"
#include "kernel/futex.h"
#include "kernel/futex_internal.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/time_namespace.h"
#include "kernel/time.h"
#include <linux/futex.h>
#include <linux/time.h>

#define FUTEX_BUCKETS 64
static struct futex_q *buckets[FUTEX_BUCKETS];   /* FIFO lists: wake in arrival order */

static struct futex_q **bucket_of(const struct futex_key *k)
{
    uint32_t h = (uint32_t)k->obj * 31u + (k->off >> 2);
    h ^= h >> 13;
    return &buckets[h % FUTEX_BUCKETS];
}

bool futex_key_eq(const struct futex_key *a, const struct futex_key *b)
{
    return a->obj == b->obj && a->off == b->off;
}

void futex_queue_add(struct futex_q *q)
{
    struct futex_q **pp = bucket_of(&q->key);
    q->next = q->prev = NULL;
    while (*pp) {
        q->prev = *pp;
        pp = &(*pp)->next;
    }
    *pp = q;
}

void futex_queue_del(struct futex_q *q)
{
    if (q->prev)
        q->prev->next = q->next;
    else
        *bucket_of(&q->key) = q->next;
    if (q->next)
        q->next->prev = q->prev;
    q->next = q->prev = NULL;
}

static void wake_q(struct futex_q *q)
{
    futex_queue_del(q);
    q->woken = true;
    wake_up(q->wq);
}

/* The key of the word at uaddr in mm. A private futex needs only a valid
 * address; a shared one an area that maps it (Linux pins the page): a
 * VM_SHARED area with a backing object keys by that object, any other by
 * (mm, address), as a private futex. write: the word will be written
 * (FUTEX_WAKE_OP). 0, -EINVAL (unaligned) or -EFAULT. Does not sleep. */
int get_futex_key(struct mm *mm, uint32_t uaddr, bool shared, bool write,
                         struct futex_key *k)
{
    if (uaddr & 3)
        return -EINVAL;
    if (uaddr > USER_TOP - sizeof(uint32_t))
        return -EFAULT;
    k->obj = mm;
    k->off = uaddr;
    if (!shared)
        return 0;
    struct vm_area *a = mm ? vm_find(mm, uaddr) : NULL;
    if (!a || !(a->flags & (VM_READ | VM_WRITE | VM_EXEC)) || (write && !(a->flags & VM_WRITE)))
        return -EFAULT;
    if ((a->flags & VM_SHARED) && a->ops && a->private) {
        k->obj = a->private;
        k->off = a->pgoff * PAGE_SIZE + (uaddr - a->start);
    }
    return 0;
}

struct futex_q *futex_top_waiter(const struct futex_key *k)
{
    for (struct futex_q *q = *bucket_of(k); q; q = q->next)
        if (futex_key_eq(&q->key, k))
            return q;
    return NULL;
}

/* Wakes up to n (at least one) sleepers on k whose bitset meets bitset;
 * returns how many, or -EINVAL at a PI waiter (FUTEX_LOCK_PI's or
 * FUTEX_WAIT_REQUEUE_PI's: not woken this way; those before it are). */
static int wake_key(const struct futex_key *k, int n, uint32_t bitset)
{
    int woken = 0;
    struct futex_q *q = *bucket_of(k), *next;
    for (; q; q = next) {
        next = q->next;
        if (!futex_key_eq(&q->key, k))
            continue;
        if (q->pi || q->requeue_pi)
            return -EINVAL;
        if (!(q->bitset & bitset))
            continue;
        wake_q(q);
        if (++woken >= n)
            break;
    }
    return woken;
}

int futex_wake_user(struct mm *mm, uint32_t uaddr, int n)
{
    struct futex_key k;
    int r = get_futex_key(mm, uaddr, true, false, &k);
    return r ? r : wake_key(&k, n, FUTEX_BITSET_MATCH_ANY);
}

/* sec.nsec from now in ns: 0 when past, saturating far ahead. */
static int64_t ns_of(int64_t sec, int64_t nsec)
{
    if (sec < 0)
        return 0;
    if (sec >= 0x7FFFFFFFLL * 4)
        return 0x7FFFFFFFLL * 4 * 1000000000;
    return sec * 1000000000 + nsec;
}

/* An absolute time sec.nsec on CLOCK_REALTIME (realtime) or
 * CLOCK_MONOTONIC (as current's time namespace reads it) as a deadline
 * in ktime ns. */
static uint64_t abs_deadline(bool realtime, int64_t sec, int64_t nsec)
{
    struct ktime now = realtime ? time_now() : time_mono();
    if (!realtime && current->time_ns) {
        struct ktime host = ns_to_ktime(timens_ktime_to_host(CLOCK_MONOTONIC, ns_of(sec, nsec)));
        sec = host.sec;
        nsec = host.nsec;
    }
    int64_t ds = sec - now.sec, dn = nsec - now.nsec;
    if (dn < 0) { dn += 1000000000; ds--; }
    return deadline_after_ns(ns_of(ds, dn));
}

/* Reads the timeout of a waiting command: relative for FUTEX_WAIT (on a
 * restart after a signal: the first call's deadline), absolute on
 * CLOCK_MONOTONIC or, with FUTEX_CLOCK_REALTIME, CLOCK_REALTIME for the
 * others. 0, -EFAULT or -EINVAL (negative seconds, nanoseconds out of
 * range: as Linux, only the low 32 bits of a 64-bit tv_nsec count). */
static int futex_timeout(int op, const void *uts, bool ts64, struct futex_deadline *d)
{
    int64_t sec;
    uint32_t nsec;
    if (ts64) {
        int64_t t[2];
        if (copy_from_user(t, uts, sizeof t))
            return -EFAULT;
        sec = t[0]; nsec = (uint32_t)t[1];
    } else {
        int32_t t[2];
        if (copy_from_user(t, uts, sizeof t))
            return -EFAULT;
        sec = t[0]; nsec = (uint32_t)t[1];
    }
    if (sec < 0 || nsec >= 1000000000u)
        return -EINVAL;
    bool restarted = current->restarted;
    current->restarted = false;
    d->has = true;
    if ((op & FUTEX_CMD_MASK) == FUTEX_WAIT) {
        d->at = restarted ? current->restart_until : deadline_after_ns(ns_of(sec, nsec));
        return 0;
    }
    /* FUTEX_LOCK_PI's deadline is always on CLOCK_REALTIME */
    d->at = abs_deadline((op & FUTEX_CLOCK_REALTIME) || (op & FUTEX_CMD_MASK) == FUTEX_LOCK_PI,
                         sec, nsec);
    return 0;
}

/* FUTEX_WAIT(_BITSET): sleeps while the word at uaddr holds val, until a
 * wake whose bitset meets ours, the deadline (-ETIMEDOUT) or a signal
 * (restart: -ERESTARTSYS untimed, -ERESTARTNOHAND timed, as Linux's
 * restart block). -EAGAIN when the word differs, -EINVAL, -EFAULT. */
static long futex_wait(uint32_t uaddr, bool shared, uint32_t val, uint32_t bitset,
                       const struct futex_deadline *d)
{
    struct wait_queue wq;
    struct futex_q q = { .bitset = bitset, .wq = &wq };
    if (!bitset)
        return -EINVAL;
    int r = get_futex_key(current->mm, uaddr, shared, false, &q.key);
    if (r)
        return r;
    uint32_t cur;
    if (copy_from_user(&cur, (const void *)uaddr, sizeof cur))
        return -EFAULT;
    if (cur != val)
        return -EAGAIN;
    wait_queue_init(&wq);
    wait_queue_name(&wq, "futex %x", (uint32_t)uaddr);
    futex_queue_add(&q);                           /* nothing sleeps between the read and here */
    r = d->has ? wait_event_interruptible_deadline(&wq, q.woken, d->at)
               : wait_event_interruptible(&wq, q.woken);
    if (q.woken)
        return 0;
    futex_queue_del(&q);
    if (r == -ETIME)
        return -ETIMEDOUT;
    if (!d->has)
        return -ERESTARTSYS;
    current->restart_until = d->at;
    return restart_block(-ERESTARTNOHAND);
}

static long futex_wake(uint32_t uaddr, bool shared, int n, uint32_t bitset)
{
    struct futex_key k;
    if (!bitset)
        return -EINVAL;
    int r = get_futex_key(current->mm, uaddr, shared, false, &k);
    return r ? r : wake_key(&k, n, bitset);
}

/* Moves q from its key to k2 (in place when the bucket is the same). */
void futex_requeue_q(struct futex_q *q, const struct futex_key *k2)
{
    if (bucket_of(&q->key) == bucket_of(k2)) {
        q->key = *k2;
        return;
    }
    futex_queue_del(q);
    q->key = *k2;
    futex_queue_add(q);
}

/* FUTEX_(CMP_)REQUEUE: wakes up to nr_wake sleepers on uaddr and moves up
 * to nr_requeue more to uaddr2; with cmpval, only while *uaddr == *cmpval
 * (else -EAGAIN). Returns woken + moved. */
static long futex_requeue(uint32_t uaddr, uint32_t uaddr2, bool shared, int nr_wake,
                          int nr_requeue, const uint32_t *cmpval)
{
    struct futex_key k1, k2;
    if (nr_wake < 0 || nr_requeue < 0)
        return -EINVAL;
    int r = get_futex_key(current->mm, uaddr, shared, false, &k1);
    if (!r)
        r = get_futex_key(current->mm, uaddr2, shared, false, &k2);
    if (r)
        return r;
    if (cmpval) {
        uint32_t cur;
        if (copy_from_user(&cur, (const void *)uaddr, sizeof cur))
            return -EFAULT;
        if (cur != *cmpval)
            return -EAGAIN;
    }
    int count = 0;
    struct futex_q *q = *bucket_of(&k1), *next;
    for (; q && count - nr_wake < nr_requeue; q = next) {
        next = q->next;
        if (!futex_key_eq(&q->key, &k1))
            continue;
        if (q->pi || q->requeue_pi)
            return -EINVAL;                  /* those before it went */
        if (++count <= nr_wake)
            wake_q(q);
        else
            futex_requeue_q(q, &k2);
    }
    return count;
}

static int32_t sign_extend12(uint32_t v)
{
    return (int32_t)(v << 20) >> 20;
}

/* FUTEX_WAKE_OP's operation on the word at uaddr: *uaddr = *uaddr OP
 * oparg, then the comparison of the old value with cmparg. 1 (true), 0,
 * -ENOSYS (bad op: nothing written; bad cmp: written) or -EFAULT. */
static int futex_atomic_op(uint32_t encoded, uint32_t uaddr)
{
    int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
    int32_t oparg = sign_extend12((encoded >> 12) & 0xFFF), cmparg = sign_extend12(encoded & 0xFFF);
    if (encoded & (FUTEX_OP_OPARG_SHIFT << 28))
        oparg = (int32_t)(1u << (oparg & 31));   /* Linux masks a shift out of 0..31 */
    if (op > FUTEX_OP_XOR)
        return -ENOSYS;
    int32_t old, val;
    if (copy_from_user(&old, (const void *)uaddr, sizeof old))
        return -EFAULT;
    switch (op) {
    case FUTEX_OP_SET:  val = oparg; break;
    case FUTEX_OP_ADD:  val = (int32_t)((uint32_t)old + (uint32_t)oparg); break;
    case FUTEX_OP_OR:   val = old | oparg; break;
    case FUTEX_OP_ANDN: val = old & ~oparg; break;
    default:            val = old ^ oparg; break;
    }
    if (copy_to_user((void *)uaddr, &val, sizeof val))
        return -EFAULT;
    switch (cmp) {
    case FUTEX_OP_CMP_EQ: return old == cmparg;
    case FUTEX_OP_CMP_NE: return old != cmparg;
    case FUTEX_OP_CMP_LT: return old < cmparg;
    case FUTEX_OP_CMP_LE: return old <= cmparg;
    case FUTEX_OP_CMP_GT: return old > cmparg;
    case FUTEX_OP_CMP_GE: return old >= cmparg;
    }
    return -ENOSYS;
}

/* FUTEX_WAKE_OP: changes the word at uaddr2, wakes up to nr_wake on uaddr
 * and, when the comparison held, up to nr_wake2 on uaddr2. */
static long futex_wake_op(uint32_t uaddr, uint32_t uaddr2, bool shared, int nr_wake,
                          int nr_wake2, uint32_t encoded)
{
    struct futex_key k1, k2;
    int r = get_futex_key(current->mm, uaddr, shared, false, &k1);
    if (!r)
        r = get_futex_key(current->mm, uaddr2, shared, true, &k2);
    if (r)
        return r;
    int op_ret = futex_atomic_op(encoded, uaddr2);
    if (op_ret < 0)
        return op_ret;
    long woken = wake_key(&k1, nr_wake, FUTEX_BITSET_MATCH_ANY);
    if (woken >= 0 && op_ret > 0) {
        int w2 = wake_key(&k2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
        woken = w2 < 0 ? w2 : woken + w2;
    }
    return woken;
}

static bool has_timeout(int cmd)
{
    return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
           cmd == FUTEX_WAIT_REQUEUE_PI || cmd == FUTEX_LOCK_PI2;
}

/* The futex system call, as Linux orders its checks: the timeout first,
 * then the clock flag, then the command. utime doubles as a count (val2)
 * for the requeue and wake-op commands. The priority-inheritance commands
 * are in futex_pi.c. */
static long do_futex(uint32_t uaddr, int op, uint32_t val, const void *utime,
                     uint32_t uaddr2, uint32_t val3, bool ts64)
{
    int cmd = op & FUTEX_CMD_MASK;
    bool shared = !(op & FUTEX_PRIVATE_FLAG);
    struct futex_deadline d = { false, 0 };
    if (utime && has_timeout(cmd)) {
        int r = futex_timeout(op, utime, ts64, &d);
        if (r)
            return r;
    }
    if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET &&
        cmd != FUTEX_WAIT_REQUEUE_PI && cmd != FUTEX_LOCK_PI2)
        return -ENOSYS;
    int val2 = (int)(uint32_t)utime;
    switch (cmd) {
    case FUTEX_WAIT:
        return futex_wait(uaddr, shared, val, FUTEX_BITSET_MATCH_ANY, &d);
    case FUTEX_WAIT_BITSET:
        return futex_wait(uaddr, shared, val, val3, &d);
    case FUTEX_WAKE:
        return futex_wake(uaddr, shared, (int)val, FUTEX_BITSET_MATCH_ANY);
    case FUTEX_WAKE_BITSET:
        return futex_wake(uaddr, shared, (int)val, val3);
    case FUTEX_REQUEUE:
        return futex_requeue(uaddr, uaddr2, shared, (int)val, val2, NULL);
    case FUTEX_CMP_REQUEUE:
        return futex_requeue(uaddr, uaddr2, shared, (int)val, val2, &val3);
    case FUTEX_WAKE_OP:
        return futex_wake_op(uaddr, uaddr2, shared, (int)val, val2, val3);
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
        return futex_lock_pi(uaddr, shared, &d, false);
    case FUTEX_TRYLOCK_PI:
        return futex_lock_pi(uaddr, shared, &d, true);
    case FUTEX_UNLOCK_PI:
        return futex_unlock_pi(uaddr, shared);
    case FUTEX_WAIT_REQUEUE_PI:
        return futex_wait_requeue_pi(uaddr, shared, val, uaddr2, &d);
    case FUTEX_CMP_REQUEUE_PI:
        return futex_requeue_pi(uaddr, uaddr2, shared, (int)val, val2, val3);
    }
    return -ENOSYS;
}

long sys_futex(uint32_t *uaddr, int op, uint32_t val, const void *ts32, uint32_t *uaddr2, uint32_t val3)
{
    return do_futex((uint32_t)uaddr, op, val, ts32, (uint32_t)uaddr2, val3, false);
}

long sys_futex_time64(uint32_t *uaddr, int op, uint32_t val, const void *ts64, uint32_t *uaddr2, uint32_t val3)
{
    return do_futex((uint32_t)uaddr, op, val, ts64, (uint32_t)uaddr2, val3, true);
}

/* ---- futex_waitv: one sleep on several words ---- */

#define FUTEX_WAITV_MAX  128
#define FUTEX2_SIZE_U32  0x02                /* the only size: bit 1 must be set (6.1) */
#define FUTEX2_SIZE_MASK 0x03
#define FUTEX2_PRIVATE   FUTEX_PRIVATE_FLAG

struct futex_waitv_u {                       /* <linux/futex.h>'s struct futex_waitv */
    uint64_t val, uaddr;
    uint32_t flags, reserved;
};

/* futex_waitv's entries read into qs (keys made; each word's address
 * and expected value in words[i][0] and [1]), as Linux's
 * futex_parse_waitv and then the keys of its setup: -EFAULT, -EINVAL
 * (unknown flags, reserved bits, no 32-bit size, an unaligned word). */
static int waitv_parse(const char *uw, uint32_t nr, struct futex_q *qs, uint32_t (*words)[2])
{
    struct futex_waitv_u w;
    for (uint32_t i = 0; i < nr; i++) {
        if (copy_from_user(&w, uw + i * sizeof w, sizeof w))
            return -EFAULT;
        if ((w.flags & ~(uint32_t)(FUTEX2_SIZE_MASK | FUTEX2_PRIVATE)) || w.reserved ||
            !(w.flags & FUTEX2_SIZE_U32))
            return -EINVAL;
        words[i][0] = (uint32_t)w.uaddr;      /* i386's unsigned long */
        words[i][1] = (uint32_t)w.val;
        qs[i].bitset = w.flags & FUTEX2_PRIVATE;   /* (until the keys are made) */
    }
    for (uint32_t i = 0; i < nr; i++) {
        int r = get_futex_key(current->mm, words[i][0], !qs[i].bitset, false, &qs[i].key);
        if (r)
            return r;
        qs[i].bitset = FUTEX_BITSET_MATCH_ANY;
    }
    return 0;
}

/* Whether every word still holds its value: 0, -EAGAIN or -EFAULT. The
 * caller reads twice: the first pass may fault pages in (and sleep), the
 * second then cannot, so no wake falls between it and the queueing. */
static int waitv_values(uint32_t (*words)[2], uint32_t nr)
{
    for (uint32_t i = 0; i < nr; i++) {
        uint32_t cur;
        if (copy_from_user(&cur, (const void *)words[i][0], sizeof cur))
            return -EFAULT;
        if (cur != words[i][1])
            return -EAGAIN;
    }
    return 0;
}

/* The highest index of a woken word, or -1. */
static long waitv_woken(const struct futex_q *qs, uint32_t nr)
{
    long r = -1;
    for (uint32_t i = 0; i < nr; i++)
        if (qs[i].woken)
            r = i;
    return r;
}

/* futex_waitv(2): sleeps while every word of the vector holds its value,
 * until one of them is woken (FUTEX_WAKE on it; returns its index, the
 * highest when several were), the absolute timeout on clockid passes
 * (-ETIMEDOUT) or a signal comes (-ERESTARTSYS: restarted with the same
 * deadline). Linux's order: flags, count and vector (-EINVAL), the clock
 * (-EINVAL), the timeout (-EFAULT, -EINVAL), the entries, the words
 * (-EAGAIN when one differs). */
long sys_futex_waitv(const void *uwaiters, uint32_t nr, uint32_t flags, const void *utimeout, int clockid)
{
    struct futex_deadline d = { false, 0 };
    if (flags || !nr || nr > FUTEX_WAITV_MAX || !uwaiters)
        return -EINVAL;
    if (utimeout) {
        int64_t t[2];
        if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC)
            return -EINVAL;
        if (copy_from_user(t, utimeout, sizeof t))
            return -EFAULT;
        int32_t nsec = (int32_t)t[1];        /* i386: the padding is dropped */
        if (t[0] < 0 || nsec < 0 || nsec >= 1000000000)
            return -EINVAL;
        d = (struct futex_deadline){ true, abs_deadline(clockid == CLOCK_REALTIME, t[0], nsec) };
    }
    struct futex_q *qs = kzalloc(nr * sizeof *qs);
    uint32_t (*words)[2] = kmalloc(nr * sizeof *words);
    long r = qs && words ? waitv_parse(uwaiters, nr, qs, words) : -ENOMEM;
    if (!r)
        r = waitv_values(words, nr);
    if (!r)
        r = waitv_values(words, nr);         /* again: now nothing can sleep */
    if (r) {
        kfree(qs);
        kfree(words);
        return r;
    }
    struct wait_queue wq;
    wait_queue_init(&wq);
    wait_queue_name(&wq, "futex_waitv %x", words[0][0]);
    for (uint32_t i = 0; i < nr; i++) {
        qs[i].wq = &wq;
        futex_queue_add(&qs[i]);
    }
    int w = d.has ? wait_event_interruptible_deadline(&wq, waitv_woken(qs, nr) >= 0, d.at)
                  : wait_event_interruptible(&wq, waitv_woken(qs, nr) >= 0);
    for (uint32_t i = 0; i < nr; i++)
        if (!qs[i].woken)
            futex_queue_del(&qs[i]);
    r = waitv_woken(qs, nr);
    if (r < 0)
        r = w == -ETIME ? -ETIMEDOUT : -ERESTARTSYS;
    kfree(qs);
    kfree(words);
    return r;
}
