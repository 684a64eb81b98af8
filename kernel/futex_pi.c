/* Priority-inheritance futexes: FUTEX_LOCK_PI(2), FUTEX_TRYLOCK_PI,
 * FUTEX_UNLOCK_PI, FUTEX_WAIT_REQUEUE_PI and FUTEX_CMP_REQUEUE_PI, as
 * Linux 6.1's. The word holds its owner's thread id, FUTEX_WAITERS when
 * the kernel keeps waiters for it, FUTEX_OWNER_DIED when its owner died
 * with it held (robust lists). Free and uncontended locks never enter
 * the kernel; a contended one gets a futex_pi (Linux's pi_state and
 * rt_mutex in one): its owner and its waiters, highest rank first. While
 * a real-time task waits, the owner runs at its rank (sched_set_boost),
 * and so does the owner of any lock that owner waits for (the chain), so
 * a medium-priority task cannot starve the owner of the lock a
 * high-priority one needs. The futex_pi lives while it has waiters.
 * Uniprocessor, not preemptible: between a read of the word that may
 * sleep (a fault) and the next, nothing here sleeps. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/sched.h"
#include "kernel/futex.h"
#include "kernel/futex_internal.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/uaccess.h"
#include <linux/futex.h>

#define MAX_LOCK_DEPTH 1024                  /* Linux's max_lock_depth: a longer chain is a deadlock */

struct futex_pi {
    struct futex_key key;
    struct task *owner;                      /* always one: a dead owner's lock goes to a waiter */
    struct futex_pi *owner_next;             /* on owner->pi_held */
    struct futex_q *waiters;                 /* by rank, FIFO among equals; never empty for long */
};

/* The word at uaddr of current's memory, read now without sleeping (the
 * page must be present: read it once with get_user32 first). 0 or -EFAULT. */
static int read_now(uint32_t uaddr, uint32_t *v)
{
    paddr_t pa;
    uint8_t *page = vm_get_page(current->mm, uaddr, false, &pa);
    if (!page)
        return -EFAULT;
    *v = *(uint32_t *)(page + (uaddr & (PAGE_SIZE - 1)));
    page_put(pa);
    return 0;
}

/* Compare and exchange on the word at uaddr: *cur gets the old value,
 * and nv is stored when it was old. Does not sleep. 0, or -EFAULT (the
 * word cannot be written: a read-only mapping). */
static int cmpxchg_user(uint32_t uaddr, uint32_t old, uint32_t nv, uint32_t *cur)
{
    paddr_t pa;
    uint8_t *page = vm_get_page(current->mm, uaddr, true, &pa);
    if (!page)
        return -EFAULT;
    uint32_t *w = (uint32_t *)(page + (uaddr & (PAGE_SIZE - 1)));
    *cur = *w;
    if (*cur == old)
        *w = nv;
    page_put(pa);
    return 0;
}

/* ---- waiters, owners and boosting ---- */

static void waiters_insert(struct futex_pi *pi, struct futex_q *q)
{
    struct futex_q **pp = &pi->waiters;
    while (*pp && (*pp)->task->sched_rank >= q->task->sched_rank)
        pp = &(*pp)->pi_next;
    q->pi_next = *pp;
    *pp = q;
}

static void waiters_remove(struct futex_pi *pi, struct futex_q *q)
{
    for (struct futex_q **pp = &pi->waiters; *pp; pp = &(*pp)->pi_next)
        if (*pp == q) {
            *pp = q->pi_next;
            break;
        }
    q->pi_next = NULL;
}

/* The real-time rank t's waiters lend it: the highest of the top waiters
 * of the locks it owns; RANK_NORMAL when none is real-time. */
static int boost_of(struct task *t)
{
    int b = RANK_NORMAL;
    for (struct futex_pi *pi = t->pi_held; pi; pi = pi->owner_next)
        if (pi->waiters && pi->waiters->task->sched_rank > b)
            b = pi->waiters->task->sched_rank;
    return b;
}

/* t's waiters changed: gives t its new boost and, when its rank moved
 * and it waits itself, re-sorts it among its lock's waiters and goes on
 * with that lock's owner (the chain, at most MAX_LOCK_DEPTH long). */
static void pi_reboost(struct task *t)
{
    for (int depth = 0; t && depth < MAX_LOCK_DEPTH; depth++) {
        int b = boost_of(t);
        if (b == t->pi_boost)
            return;
        sched_set_boost(t, b);
        struct futex_q *q = t->pi_blocked_on;
        if (!q)
            return;
        waiters_remove(q->pi, q);
        waiters_insert(q->pi, q);
        t = q->pi->owner;
    }
}

void futex_pi_adjust(struct task *t)
{
    struct futex_q *q = t->pi_blocked_on;
    if (!q)
        return;
    waiters_remove(q->pi, q);
    waiters_insert(q->pi, q);
    pi_reboost(q->pi->owner);
}

static void owner_unlink(struct futex_pi *pi)
{
    for (struct futex_pi **pp = &pi->owner->pi_held; *pp; pp = &(*pp)->owner_next)
        if (*pp == pi) {
            *pp = pi->owner_next;
            break;
        }
    pi->owner_next = NULL;
}

static void owner_link(struct futex_pi *pi, struct task *owner)
{
    pi->owner = owner;
    pi->owner_next = owner->pi_held;
    owner->pi_held = pi;
}

/* Frees pi when no one waits on it any more; its owner loses the boost. */
static void pi_put_if_unused(struct futex_pi *pi)
{
    if (pi->waiters) {
        pi_reboost(pi->owner);
        return;
    }
    struct task *owner = pi->owner;
    owner_unlink(pi);
    kfree(pi);
    pi_reboost(owner);
}

/* Whether task waiting on a lock owned by owner would close a circle
 * (or make a chain longer than MAX_LOCK_DEPTH): Linux's -EDEADLK. */
static bool would_deadlock(struct task *owner, struct task *task)
{
    for (int depth = 0; owner; depth++) {
        if (owner == task || depth >= MAX_LOCK_DEPTH)
            return true;
        struct futex_q *q = owner->pi_blocked_on;
        owner = q ? q->pi->owner : NULL;
    }
    return false;
}

/* Queues q (of q->task, keyed, with its wait queue) as a waiter of pi. */
static void pi_block(struct futex_pi *pi, struct futex_q *q)
{
    q->pi = pi;
    waiters_insert(pi, q);
    q->task->pi_blocked_on = q;
    pi_reboost(pi->owner);
}

/* Gives pi to its top waiter and wakes it: result 1 when the word names
 * it already, 2 when it must write its id there itself (the owner
 * died: with FUTEX_OWNER_DIED). Frees pi when it was the last waiter. */
static void pi_handoff(struct futex_pi *pi, int result)
{
    struct futex_q *q = pi->waiters;
    struct task *old = pi->owner;
    waiters_remove(pi, q);
    futex_queue_del(q);
    q->task->pi_blocked_on = NULL;
    q->pi = NULL;
    q->pi_result = result;
    owner_unlink(pi);
    owner_link(pi, q->task);
    wake_up(q->wq);
    pi_put_if_unused(pi);
    pi_reboost(old);
}

void exit_pi_state_list(struct task *t)
{
    while (t->pi_held)
        pi_handoff(t->pi_held, 2);
}

/* ---- taking the word ---- */

/* The word says uval and a futex_pi exists for it (the top waiter's):
 * attach to it when the word agrees (Linux's attach_to_pi_state). */
static int attach_to_pi_state(uint32_t uaddr, uint32_t uval, struct futex_pi *pi,
                              struct futex_pi **ps)
{
    uint32_t uval2, pid = uval & FUTEX_TID_MASK;
    if (!pi)
        return -EINVAL;                      /* a plain waiter on a PI word */
    if (read_now(uaddr, &uval2))
        return -EFAULT;
    if (uval2 != uval)
        return -EAGAIN;
    /* a dead owner's lock handed to a waiter that has not written its id yet */
    if (!((uval & FUTEX_OWNER_DIED) && !pid) && pid != (uint32_t)pid_vnr(pi->owner->pid))
        return -EINVAL;                      /* user space changed the word */
    *ps = pi;
    return 0;
}

/* First waiter: the owner is the thread the word names (Linux's
 * attach_to_pi_owner): a new futex_pi from *spare. -ESRCH when there is
 * no such thread or it has exited (a zombie), -EAGAIN when the word
 * changed meanwhile or names nobody. */
static int attach_to_pi_owner(uint32_t uaddr, uint32_t uval, const struct futex_key *k,
                              struct futex_pi **ps, struct futex_pi **spare)
{
    int pid = uval & FUTEX_TID_MASK;              /* the owner as the word names it: our namespace's */
    if (!pid)
        return -EAGAIN;
    struct task *p = find_task_by_vpid(pid);
    if (!p || p->futex_dead) {
        uint32_t uval2;
        if (read_now(uaddr, &uval2))
            return -EFAULT;
        return uval2 != uval ? -EAGAIN : -ESRCH;
    }
    struct futex_pi *pi = *spare;
    *spare = NULL;
    pi->key = *k;
    pi->waiters = NULL;
    owner_link(pi, p);
    *ps = pi;
    return 0;
}

/* Takes the word for task, or finds the futex_pi it must wait on
 * (Linux's futex_lock_pi_atomic): 1 taken (set_waiters: FUTEX_WAITERS
 * set and a futex_pi made for the new owner, in *ps), 0 wait on *ps,
 * -EDEADLK (task owns it), -EAGAIN (try again), -EINVAL, -ESRCH, -EFAULT.
 * *spare: a futex_pi to use if one is needed. */
static int lock_pi_atomic(uint32_t uaddr, const struct futex_key *k, struct task *task,
                          bool set_waiters, struct futex_pi **ps, struct futex_pi **spare)
{
    uint32_t uval, cur, nv, tid = (uint32_t)pid_vnr(task->pid);
    if (get_user32(&uval, (const void *)uaddr) || read_now(uaddr, &uval))
        return -EFAULT;                      /* (the first may sleep, the second not) */
    if ((uval & FUTEX_TID_MASK) == tid)
        return -EDEADLK;
    struct futex_q *top = futex_top_waiter(k);
    if (top)
        return attach_to_pi_state(uaddr, uval, top->pi, ps);
    if (!(uval & FUTEX_TID_MASK)) {
        nv = (uval & FUTEX_OWNER_DIED) | tid | (set_waiters ? FUTEX_WAITERS : 0);
        if (cmpxchg_user(uaddr, uval, nv, &cur))
            return -EFAULT;
        if (cur != uval)
            return -EAGAIN;
        if (set_waiters) {
            struct futex_pi *pi = *spare;
            *spare = NULL;
            pi->key = *k;
            pi->waiters = NULL;
            owner_link(pi, task);
            *ps = pi;
        }
        return 1;
    }
    nv = uval | FUTEX_WAITERS;
    if (cmpxchg_user(uaddr, uval, nv, &cur))
        return -EFAULT;
    if (cur != uval)
        return -EAGAIN;
    return attach_to_pi_owner(uaddr, nv, k, ps, spare);
}

/* Writes current's id into the word of a lock its dead owner left it,
 * with FUTEX_WAITERS and FUTEX_OWNER_DIED (whether or not a robust list
 * set it: Linux's fixup_pi_state_owner for an ownerless pi_state). 0 or
 * -EFAULT. */
static int fixup_owner(uint32_t uaddr)
{
    for (;;) {
        uint32_t uval, cur;
        if (get_user32(&uval, (const void *)uaddr) || read_now(uaddr, &uval))
            return -EFAULT;
        uint32_t nv = FUTEX_OWNER_DIED | (uint32_t)pid_vnr(current->pid) | FUTEX_WAITERS;
        if (cmpxchg_user(uaddr, uval, nv, &cur))
            return -EFAULT;
        if (cur == uval)
            return 0;
    }
}

/* How a PI wait given the lock ends: 0, or -EFAULT from the fixup. */
static long got_lock(uint32_t uaddr, int result)
{
    return result == 2 ? fixup_owner(uaddr) : 0;
}

/* Takes q off pi after a timeout or a signal. */
static void pi_unblock(struct futex_q *q)
{
    struct futex_pi *pi = q->pi;
    waiters_remove(pi, q);
    futex_queue_del(q);
    q->task->pi_blocked_on = NULL;
    q->pi = NULL;
    pi_put_if_unused(pi);
}

long futex_lock_pi(uint32_t uaddr, bool shared, const struct futex_deadline *d, bool trylock)
{
    struct wait_queue wq;
    struct futex_q q = { .bitset = FUTEX_BITSET_MATCH_ANY, .wq = &wq, .task = current };
    struct futex_pi *pi = NULL;
    int r = get_futex_key(current->mm, uaddr, shared, true, &q.key);
    if (r)
        return r;
    struct futex_pi *spare = kzalloc(sizeof *spare);
    if (!spare)
        return -ENOMEM;
    while ((r = lock_pi_atomic(uaddr, &q.key, current, false, &pi, &spare)) == -EAGAIN)
        if (signal_pending(current)) {
            r = -ERESTARTNOINTR;
            break;
        }
    kfree(spare);
    if (r)
        return r == 1 ? 0 : r;
    if (trylock || would_deadlock(pi->owner, current)) {
        pi_put_if_unused(pi);
        return trylock ? -EAGAIN : -EDEADLK;
    }
    wait_queue_init(&wq);
    wait_queue_name(&wq, "futex_pi %x", uaddr);
    futex_queue_add(&q);
    pi_block(pi, &q);
    r = d->has ? wait_event_interruptible_deadline(&wq, q.pi_result != 0, d->at)
               : wait_event_interruptible(&wq, q.pi_result != 0);
    if (q.pi_result)
        return got_lock(uaddr, q.pi_result);
    pi_unblock(&q);
    return r == -ETIME ? -ETIMEDOUT : -ERESTARTNOINTR;
}

long futex_unlock_pi(uint32_t uaddr, bool shared)
{
    struct futex_key k;
    for (;;) {
        uint32_t uval, cur;
        if (get_user32(&uval, (const void *)uaddr))
            return -EFAULT;
        if ((uval & FUTEX_TID_MASK) != (uint32_t)pid_vnr(current->pid))
            return -EPERM;
        int r = get_futex_key(current->mm, uaddr, shared, true, &k);
        if (r)
            return r;
        struct futex_q *top = futex_top_waiter(&k);
        if (!top) {
            /* no waiters in the kernel: free it, bits and all */
            if (cmpxchg_user(uaddr, uval, 0, &cur))
                return -EFAULT;
            return cur == uval ? 0 : -EAGAIN;
        }
        struct futex_pi *pi = top->pi;
        if (!pi || pi->owner != current)
            return -EINVAL;
        uint32_t nv = FUTEX_WAITERS | (uint32_t)pid_vnr(pi->waiters->task->pid);
        if (cmpxchg_user(uaddr, uval, nv, &cur))
            return -EFAULT;
        if (cur != uval) {
            if ((cur & FUTEX_TID_MASK) == uval)
                continue;                    /* a waiter set FUTEX_WAITERS meanwhile */
            return -EINVAL;
        }
        pi_handoff(pi, 1);
        return 0;
    }
}

/* ---- condition variables: wait on one word, take another ---- */

long futex_wait_requeue_pi(uint32_t uaddr, bool shared, uint32_t val, uint32_t uaddr2,
                           const struct futex_deadline *d)
{
    struct wait_queue wq;
    struct futex_q q = { .bitset = FUTEX_BITSET_MATCH_ANY, .wq = &wq, .task = current,
                         .requeue_pi = true };
    if (uaddr == uaddr2)
        return -EINVAL;
    int r = get_futex_key(current->mm, uaddr2, shared, true, &q.key2);
    if (!r)
        r = get_futex_key(current->mm, uaddr, shared, false, &q.key);
    if (r)
        return r;
    uint32_t cur;
    if (get_user32(&cur, (const void *)uaddr) || read_now(uaddr, &cur))
        return -EFAULT;
    if (cur != val)
        return -EAGAIN;
    if (futex_key_eq(&q.key, &q.key2))
        return -EINVAL;
    wait_queue_init(&wq);
    wait_queue_name(&wq, "futex_requeue_pi %x", uaddr);
    futex_queue_add(&q);                     /* on uaddr; a requeue moves it to uaddr2's lock */
    r = d->has ? wait_event_interruptible_deadline(&wq, q.pi_result != 0, d->at)
               : wait_event_interruptible(&wq, q.pi_result != 0);
    if (q.pi_result)
        return got_lock(uaddr2, q.pi_result);
    if (q.pi) {                              /* requeued, waiting for the lock */
        pi_unblock(&q);
        return r == -ETIME ? -ETIMEDOUT : -EAGAIN;   /* Linux: a restart would see EAGAIN */
    }
    futex_queue_del(&q);
    return r == -ETIME ? -ETIMEDOUT : -ERESTARTNOINTR;
}

long futex_requeue_pi(uint32_t uaddr, uint32_t uaddr2, bool shared, int nr_wake, int nr_requeue,
                      uint32_t cmpval)
{
    struct futex_key k1, k2;
    if (nr_wake < 0 || nr_requeue < 0 || uaddr == uaddr2 || nr_wake != 1)
        return -EINVAL;
    struct futex_pi *spare = kzalloc(sizeof *spare), *pi = NULL;
    if (!spare)
        return -ENOMEM;
    int r, count;
    for (;;) {
        count = 0;
        pi = NULL;
        r = get_futex_key(current->mm, uaddr, shared, false, &k1);
        if (!r)
            r = get_futex_key(current->mm, uaddr2, shared, true, &k2);
        if (!r && futex_key_eq(&k1, &k2))
            r = -EINVAL;
        uint32_t cur = cmpval, cur2;
        if (!r && get_user32(&cur, (const void *)uaddr))
            r = -EFAULT;
        if (!r && cur != cmpval)
            r = -EAGAIN;
        if (!r && (get_user32(&cur2, (const void *)uaddr2) || read_now(uaddr, &cur)))
            r = -EFAULT;                     /* (faulted in: nothing below sleeps) */
        if (!r && cur != cmpval)
            r = -EAGAIN;                     /* (changed while the second faulted in) */
        if (r)
            goto out;
        struct futex_q *top = futex_top_waiter(&k1);
        if (!top)
            goto out;
        if (!top->requeue_pi || !futex_key_eq(&top->key2, &k2)) {
            r = -EINVAL;
            goto out;
        }
        r = lock_pi_atomic(uaddr2, &k2, top->task, nr_requeue > 0, &pi, &spare);
        if (r == -EAGAIN) {
            if (signal_pending(current)) {
                r = -ERESTARTNOINTR;
                goto out;
            }
            continue;
        }
        if (r < 0)
            goto out;
        if (r == 1) {                        /* taken for the top waiter: it returns 0 */
            futex_queue_del(top);
            top->pi_result = 1;
            wake_up(top->wq);
            count = 1;
            r = 0;
        }
        break;
    }
    struct futex_q *q = futex_top_waiter(&k1), *next;
    for (; q && count - nr_wake < nr_requeue; q = next) {
        next = q->next;
        if (!futex_key_eq(&q->key, &k1))
            continue;
        if (!q->requeue_pi || !futex_key_eq(&q->key2, &k2)) {
            r = -EINVAL;
            break;
        }
        if (would_deadlock(pi->owner, q->task)) {
            r = -EDEADLK;
            break;
        }
        futex_requeue_q(q, &k2);
        pi_block(pi, q);
        count++;
    }
    if (pi)
        pi_put_if_unused(pi);
out:
    kfree(spare);
    return r ? r : count;
}
