/* devpts: the filesystem of /dev/pts, where each pseudo-terminal's slave
 * has its name while its master is open (Linux's fs/devpts/inode.c and
 * its interface to drivers/tty/pty.c). One instance, made at boot and
 * mounted on /dev/pts with the options Debian's init mounts it with:
 * gid=5 (tty), mode=620, ptmxmode=000. */
#ifndef FS_DEVPTS_H
#define FS_DEVPTS_H
#include "kernel/types.h"
#include <linux/magic.h>                    /* DEVPTS_SUPER_MAGIC */

struct inode;

#define DEVPTS_DEV         MKDEV(0, 24)     /* st_dev of /dev/pts and its nodes */
#define UNIX98_PTY_SLAVE_MAJOR 136          /* /dev/pts/N is 136:N */
#define DEVPTS_MAX         1024             /* ptys at once (kernel.pty.max is 4096) */

void devpts_init(void);                      /* boot: /dev/pts and its ptmx */
int devpts_new_index(void);                  /* the lowest free number, or -ENOSPC */
void devpts_kill_index(int idx);             /* the number is free again */
/* The slave node /dev/pts/idx, owned by current's fsuid and the tty
 * group, standing for priv; the directory holds it (the caller gets no
 * reference). NULL when out of memory. */
struct inode *devpts_pty_new(int idx, void *priv);
void *devpts_get_priv(struct inode *ip);     /* a live slave node's priv, else NULL */
void devpts_pty_kill(struct inode *ip);      /* its name goes; open files keep the inode */
int devpts_show_options(char *buf, int size);   /* "gid=5,mode=620,ptmxmode=000" */
/* The path of a node of devpts, as /proc/<pid>/fd shows it: "/dev/pts/3",
 * with " (deleted)" once its name went; -ENOENT for any other inode. */
int devpts_name(struct inode *ip, char *buf, int size);

#endif
