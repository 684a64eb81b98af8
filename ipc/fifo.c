/* Named pipes: opening a FIFO inode of the ramfs attaches it to a
 * pipe_inode_info (made at the first open, freed at the last close) and
 * follows Linux's rules for who waits for whom:
 *   O_RDONLY waits until a writer opens (not with O_NONBLOCK);
 *   O_WRONLY waits until a reader opens; with O_NONBLOCK and no reader it
 *            fails with ENXIO;
 *   O_RDWR   never waits.
 * An anonymous pipe opened again through /proc/<pid>/fd never waits and
 * never fails with ENXIO (Linux's is_pipe). After open, the file uses the
 * pipe's read/write code (ipc/pipe.c). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "fs/vfs.h"
#include "ipc/pipe.h"

/* The open of a FIFO inode (fifo_fops.open, called by do_open in
 * fs/open.c, which has checked the permission and filled f->f_flags); fifo_open sets f's
 * mode and operations and counts it as a reader and/or writer. May sleep
 * (the waits above, not with O_NONBLOCK for a reader). 0, -ENOMEM (the
 * first open found no memory or the user is past the hard limit of pipe
 * pages), -ENXIO, -ERESTARTSYS (a signal while waiting: the end it took
 * is given back), -EINVAL (a bad access mode). */
int fifo_open(struct inode *ip, struct file *f)
{
    struct pipe_inode_info *p = ip->i_pipe;
    if (!p) {
        if (!(p = pipe_info_alloc()))
            return -ENOMEM;
        ip->i_pipe = p;
    }
    bool nonblock = f->f_flags & O_NONBLOCK, anon = pipe_inode_anon(ip);
    unsigned seen;
    switch (f->f_flags & O_ACCMODE) {
    case O_RDONLY:
        f->f_mode = FMODE_READ;
        f->f_op = &pipe_read_fops;
        p->r_counter++;
        if (p->readers++ == 0)
            wake_up(&p->writers_wq);         /* a writer waiting in open */
        if (!p->writers && !nonblock && !anon) {
            seen = p->w_counter;
            if (wait_event_interruptible(&p->readers_wq, p->w_counter != seen)) {
                pipe_drop_end(ip, p, FMODE_READ);
                return -ERESTARTSYS;
            }
        }
        f->private_data = (void *)(uintptr_t)p->w_counter;   /* writers seen so far (POLLHUP) */
        return 0;
    case O_WRONLY:
        if (!p->readers && nonblock && !anon) {
            pipe_drop_end(ip, p, 0);         /* frees a buffer this open made */
            return -ENXIO;
        }
        f->f_mode = FMODE_WRITE;
        f->f_op = &pipe_write_fops;
        p->w_counter++;
        if (p->writers++ == 0)
            wake_up(&p->readers_wq);         /* a reader waiting in open */
        if (!p->readers && !anon) {
            seen = p->r_counter;
            if (wait_event_interruptible(&p->writers_wq, p->r_counter != seen)) {
                pipe_drop_end(ip, p, FMODE_WRITE);
                return -ERESTARTSYS;
            }
        }
        return 0;
    case O_RDWR:
        f->f_mode = FMODE_READ | FMODE_WRITE;
        f->f_op = &pipe_rdwr_fops;
        p->readers++; p->writers++;
        p->r_counter++; p->w_counter++;
        wake_up(&p->readers_wq);
        wake_up(&p->writers_wq);
        return 0;
    }
    pipe_drop_end(ip, p, 0);
    return -EINVAL;
}
