/* FIFO (named pipe) inodes: their open is ipc/fifo.c's fifo_open, which
 * attaches the pipe and swaps in the pipe's file operations. */
#include "kernel/kernel.h"
#include "fs/vfs.h"
#include "ipc/pipe.h"

const struct file_operations fifo_fops = {
    .open = fifo_open,
};
