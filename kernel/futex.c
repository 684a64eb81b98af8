/* futex(2), as much as single-threaded programs need: FUTEX_WAIT sleeps
 * while *uaddr still holds the expected value, FUTEX_WAKE wakes up to n
 * sleepers on the same address of the same address space. glibc treats
 * ENOSYS here as fatal, so even a process with one thread needs it. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include <linux/futex.h>

#define BUCKETS 16

static struct wait_queue buckets[BUCKETS];   /* zeroed: empty queues */

static struct wait_queue *bucket(uint32_t uaddr)
{
    return &buckets[(uaddr >> 2) % BUCKETS];
}

static long futex_wait(uint32_t *uaddr, uint32_t val, int32_t ticks)
{
    uint32_t cur;
    if (copy_from_user(&cur, uaddr, sizeof cur))
        return -EFAULT;
    if (cur != val)
        return -EAGAIN;
    current->futex_addr = (uint32_t)uaddr;
    current->futex_woken = false;
    int r = ticks < 0
        ? wait_event_interruptible(bucket((uint32_t)uaddr), current->futex_woken)
        : wait_event_interruptible_until(bucket((uint32_t)uaddr), current->futex_woken, jiffies + (uint32_t)ticks);
    current->futex_addr = 0;
    if (r == -ETIME)
        return -ETIMEDOUT;
    return r ? -ERESTARTSYS : 0;
}

static long futex_wake(uint32_t *uaddr, uint32_t n)
{
    long woken = 0;
    for (int i = 1; i < NR_TASKS && (uint32_t)woken < n; i++) {
        struct task *t = &tasks[i];
        if (t->state != TASK_UNUSED && t->futex_addr == (uint32_t)uaddr && t->mm == current->mm &&
            !t->futex_woken) {
            t->futex_woken = true;
            woken++;
        }
    }
    if (woken)
        wake_up(bucket((uint32_t)uaddr));
    return woken;
}

long futex_wake_word(uint32_t *uaddr, uint32_t n)
{
    return futex_wake(uaddr, n);
}

/* REQUEUE and CMP_REQUEUE (musl's condition variables), until the full
 * futex work lands: the ones to move are woken instead, which a waiter
 * must take as a spurious wake-up and re-check. Woken count or -errno. */
static long futex_requeue(uint32_t *uaddr, int cmd, uint32_t n, uint32_t n2, uint32_t val3)
{
    uint32_t cur;
    if (cmd == FUTEX_CMP_REQUEUE) {
        if (copy_from_user(&cur, uaddr, sizeof cur))
            return -EFAULT;
        if (cur != val3)
            return -EAGAIN;
    }
    return futex_wake(uaddr, n + n2 < n ? UINT32_MAX : n + n2);
}

static long do_futex(uint32_t *uaddr, int op, uint32_t val, const void *uts, bool ts64, uint32_t val3)
{
    int cmd = op & FUTEX_CMD_MASK;
    int32_t ticks = -1;
    if ((uint32_t)uaddr & 3)
        return -EINVAL;
    if (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) {
        int r = timeout_from_user(uts, ts64, &ticks);   /* (absolute bitset waits: taken as relative) */
        if (r)
            return r;
    }
    switch (cmd) {
    case FUTEX_REQUEUE: case FUTEX_CMP_REQUEUE:
        return futex_requeue(uaddr, cmd, val, (uint32_t)uts, val3);
    case FUTEX_WAIT: case FUTEX_WAIT_BITSET:
        return futex_wait(uaddr, val, ticks);
    case FUTEX_WAKE: case FUTEX_WAKE_BITSET:
        return futex_wake(uaddr, val);
    }
    return -ENOSYS;
}

long sys_futex(uint32_t *uaddr, int op, uint32_t val, const void *ts32, uint32_t *uaddr2, uint32_t val3)
{
    (void)uaddr2;
    return do_futex(uaddr, op, val, ts32, false, val3);
}

long sys_futex_time64(uint32_t *uaddr, int op, uint32_t val, const void *ts64, uint32_t *uaddr2, uint32_t val3)
{
    (void)uaddr2;
    return do_futex(uaddr, op, val, ts64, true, val3);
}
