/* The iterator over a user's buffers that every read and write goes
 * through (fs/read_write.c makes one, a file's read_iter/write_iter
 * consumes it). Copies go a user page at a time, so a copy that runs into a
 * bad page stops exactly there and says how far it got: a write can then
 * report the bytes it stored, as Linux does. */
#include "kernel/kernel.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include <linux/uio.h>

/* iter_move (fs/vfs.h): piece by piece, each piece inside one user page,
 * stopping at the first piece that faults; the iterator has advanced by
 * the bytes moved. Never sleeps beyond a page fault. iter_copy comes
 * here only when its bytes are not all in one user page, or are kernel
 * memory (kvec: plain copies, which cannot fault). */
__hot size_t iter_move(struct iov_iter *i, char *kbuf, size_t n, int how)
{
    size_t done = 0;
    n = MIN(n, i->count);
    while (done < n) {
        while (i->iov_offset == i->iov->iov_len) {      /* empty or used up */
            i->iov++;
            i->nr_segs--;
            i->iov_offset = 0;
        }
        char *u = (char *)i->iov->iov_base + i->iov_offset;
        size_t k = MIN(n - done, i->iov->iov_len - i->iov_offset);
        k = MIN(k, PAGE_SIZE - ((uintptr_t)u & (PAGE_SIZE - 1)));
        int r = i->kvec ? (how == ITER_FROM_USER ? memcpy(kbuf + done, u, k)
                           : how == ITER_TO_USER ? memcpy(u, kbuf + done, k) : memset(u, 0, k), 0)
              : how == ITER_FROM_USER ? copy_from_user(kbuf + done, u, k)
              : how == ITER_TO_USER   ? copy_to_user(u, kbuf + done, k)
              :                         clear_user(u, k);
        if (r)
            break;
        i->iov_offset += k;
        i->count -= k;
        done += k;
    }
    return done;
}

__hot size_t copy_from_iter(void *kdst, size_t n, struct iov_iter *i)
{
    return iter_copy(i, kdst, n, false);
}

__hot size_t copy_to_iter(const void *ksrc, size_t n, struct iov_iter *i)
{
    return iter_copy(i, (char *)ksrc, n, true);
}

size_t iov_iter_zero(size_t n, struct iov_iter *i)
{
    return iter_move(i, NULL, n, ITER_ZERO_USER);
}

/* Skips n bytes (at most what is left) without copying: /dev/null. */
void iov_iter_advance(struct iov_iter *i, size_t n)
{
    n = MIN(n, i->count);
    while (n) {
        size_t k = MIN(n, i->iov->iov_len - i->iov_offset);
        i->iov_offset += k;
        i->count -= k;
        n -= k;
        if (i->iov_offset == i->iov->iov_len && n) {
            i->iov++;
            i->nr_segs--;
            i->iov_offset = 0;
        }
    }
}
