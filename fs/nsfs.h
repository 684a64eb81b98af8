/* The namespace files (fs/nsfs.c): /proc/<pid>/ns/{cgroup,ipc,mnt,net,
 * pid,pid_for_children,time,time_for_children,user,uts}, magic links to
 * an inode of Linux's nsfs whose number names the namespace
 * ("ipc:[4026531839]"); opened, they are what setns(2) and the NS_GET_*
 * ioctls take. */
#ifndef FS_NSFS_H
#define FS_NSFS_H
#include "fs/vfs.h"

#define NSFS_DEV MKDEV(0, 4)                /* st_dev of every ns file, as a Linux booted alone */

/* Linux's fixed inode numbers of the initial namespaces
 * (include/linux/proc_ns.h); 6.1 numbers the initial net and mount
 * namespaces from its first dynamic ones, as a plain boot does. */
#define PROC_IPC_INIT_INO    0xEFFFFFFFu
#define PROC_UTS_INIT_INO    0xEFFFFFFEu
#define PROC_USER_INIT_INO   0xEFFFFFFDu
#define PROC_PID_INIT_INO    0xEFFFFFFCu
#define PROC_CGROUP_INIT_INO 0xEFFFFFFBu
#define PROC_TIME_INIT_INO   0xEFFFFFFAu
#define PROC_NET_INIT_INO    0xF0000000u
#define PROC_MNT_INIT_INO    0xF0000001u

/* An inode number for a new namespace (Linux's proc_alloc_inum). */
unsigned ns_alloc_inum(void);

/* The entries of /proc/<pid>/ns, in Linux's order: the name of entry i
 * (NULL past the last), and its link's text for task t into buf. */
const char *ns_entry_name(int i);
int ns_entry_readlink(int i, struct task *t, char *buf, size_t size);
/* The nsfs inode entry i of task t stands for (referenced, holding the
 * namespace), or -ENOMEM. */
int ns_entry_inode(int i, struct task *t, struct inode **res);

/* What /proc/<pid>/fd/N says of an ns file: "ipc:[4026531839]" into
 * buf, its length; -1 when ip is not an nsfs inode. */
int ns_inode_name(struct inode *ip, char *buf, int size);

/* A new descriptor (O_RDONLY, close-on-exec) for namespace ns of kind
 * type (CLONE_NEW*) numbered inum, holding it: Linux's open_related_ns
 * (NS_GET_USERNS, SIOCGSKNS). The fd or -errno. */
int ns_open_fd(int type, void *ns, unsigned inum);

/* The namespace a descriptor's file is, for setns: its CLONE_NEW* type,
 * or 0 when the file is not a namespace's; *ns its object. */
int ns_file_type(struct file *f, void **ns);

/* The user namespace that owns namespace ns of kind type (a user
 * namespace's parent, NULL for the initial one's; others never NULL). */
struct user_namespace *ns_owner(int type, void *ns);

#endif
