/* fs/proc_pid.c: texts of a process's /proc files that fs/proc.c serves. */
#ifndef FS_PROC_H
#define FS_PROC_H
#include "kernel/types.h"

struct task;
int proc_fd_link(struct task *t, int fd, char *kbuf, size_t size);   /* length, -ENOENT */
int proc_maps_show(struct task *t, char *buf, int size);
int proc_sig_show(struct task *t, char *buf, int size);

#endif
