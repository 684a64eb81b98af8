/* The kernel log: every printk line is kept in a ring buffer that syslog(2)
 * (and so `dmesg`) reads; klog() writes only there, for messages that must
 * not land in the middle of a program's output on the console (such as
 * the note about an unimplemented system call). */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc.h"

#define KLOG_SIZE 16384

static char ring[KLOG_SIZE];
static uint32_t ring_end;                    /* bytes ever written */
static uint32_t ring_clear;                  /* syslog(5): older bytes are gone */
static uint32_t ring_read;                   /* syslog(2): the next unread byte */

void klog_store(const char *s, size_t n)
{
    uint32_t f = irq_save();
    for (size_t i = 0; i < n; i++)
        ring[ring_end++ % KLOG_SIZE] = s[i];
    irq_restore(f);
}

int klog(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintk_emit(false, fmt, ap);
    va_end(ap);
    return n;
}

/* syslog(type, buf, len): 3 reads the whole log, 10 gives its size,
 * 2 and 4 (read and clear) act like 3; the rest are accepted. */
long sys_syslog(int type, char *ubuf, int len)
{
    uint32_t oldest = MAX(ring_clear, ring_end > KLOG_SIZE ? ring_end - KLOG_SIZE : 0);
    uint32_t size = ring_end - oldest;
    switch (type) {
    case 5:
        ring_clear = ring_end;
        return 0;
    case 0: case 1: case 6: case 7: case 8:
        return 0;
    case 10:
        return KLOG_SIZE;
    case 9:
        return size;
    case 2: {                                /* read what is new, waiting for it */
        if (len < 0)
            return -EINVAL;
        if (ring_read < oldest)
            ring_read = oldest;
        while (ring_read == ring_end) {
            if (sleep_until_ns(deadline_after_ticks(HZ / 4), true))
                return -ERESTARTSYS;
        }
        uint32_t n = MIN(ring_end - ring_read, (uint32_t)len);
        for (uint32_t i = 0; i < n; i++)
            if (copy_to_user(ubuf + i, &ring[(ring_read + i) % KLOG_SIZE], 1))
                return -EFAULT;
        ring_read += n;
        return n;
    }
    case 3: case 4: {                        /* the last len bytes; 4 clears too */
        if (len < 0)
            return -EINVAL;
        uint32_t n = MIN(size, (uint32_t)len), start = ring_end - n;
        for (uint32_t i = 0; i < n; i++)
            if (copy_to_user(ubuf + i, &ring[(start + i) % KLOG_SIZE], 1))
                return -EFAULT;
        if (type == 4)
            ring_clear = ring_end;
        return n;
    }
    }
    return -EINVAL;
}
