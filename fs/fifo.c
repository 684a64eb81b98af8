/* FIFO (named pipe) inodes: the file operations a FIFO's open starts
 * with. TODO(pipes issue): fifo_open will find or make the inode's
 * pipe_inode_info (ip->i_pipe) and apply the FIFO open rules. */
#include "kernel/kernel.h"
#include "fs/vfs.h"

static int fifo_open_stub(struct inode *ip UNUSED, struct file *f UNUSED)
{
    return -ENXIO;                          /* no pipes yet */
}

const struct file_operations fifo_fops = {
    .open = fifo_open_stub,
};
