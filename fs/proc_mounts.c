/* /proc/mounts, /proc/<pid>/mounts and mountinfo, /proc/filesystems:
 * the filesystems Pipit really has mounted (the ramfs root, shown as the
 * tmpfs it stands for with its size limits, /proc and /dev/mqueue), in Linux 6.1's
 * formats (fs/proc_namespace.c). fs/proc.c calls these. */
#include "kernel/kernel.h"
#include "fs/vfs.h"
#include "fs/ramfs.h"
#include "fs/proc.h"
#include "ipc/mqueue.h"

/* Mount ids: the root is 1, /proc (its child) 2, /dev/mqueue 3; fdinfo's mnt_id. */
int proc_mnt_id(uint32_t dev) { return dev == PROC_DEV ? 2 : dev == MQUEUE_DEV ? 3 : 1; }

int proc_mounts_show(char *buf, int size)
{
    return snprintf(buf, size, "tmpfs / tmpfs rw,size=%uk,nr_inodes=%u 0 0\n"
                    "proc /proc proc rw,relatime 0 0\nmqueue /dev/mqueue mqueue rw,relatime 0 0\n",
                    ramfs_max_blocks * 4, ramfs_max_inodes);
}

/* mount id, parent id, st_dev, root in its filesystem, mount point, its
 * options, no optional fields (no propagation), "-", type, source and
 * the filesystem's options. */
int proc_mountinfo_show(char *buf, int size)
{
    return snprintf(buf, size, "1 1 %u:%u / / rw - tmpfs tmpfs rw,size=%uk,nr_inodes=%u\n"
                    "2 1 %u:%u / /proc rw,relatime - proc proc rw\n"
                    "3 1 %u:%u / /dev/mqueue rw,relatime - mqueue mqueue rw\n", MAJOR(RAMFS_DEV), MINOR(RAMFS_DEV),
                    ramfs_max_blocks * 4, ramfs_max_inodes, MAJOR(PROC_DEV), MINOR(PROC_DEV),
                    MAJOR(MQUEUE_DEV), MINOR(MQUEUE_DEV));
}

/* The filesystem types the kernel knows, none on a block device. */
int proc_filesystems_show(char *buf, int size)
{
    return snprintf(buf, size, "nodev\ttmpfs\nnodev\tproc\nnodev\tsockfs\nnodev\tpipefs\n"
                    "nodev\tramfs\nnodev\tmqueue\n");
}
