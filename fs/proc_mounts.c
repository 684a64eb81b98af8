/* /proc/mounts, /proc/<pid>/mounts and mountinfo, /proc/filesystems:
 * the filesystems Pipit really has mounted (the ramfs root, shown as the
 * tmpfs it stands for with its size limits, /proc, /dev/mqueue and /dev/pts), in Linux 6.1's
 * formats (fs/proc_namespace.c). fs/proc.c calls these. And sysfs(2),
 * the old way to ask for the filesystem types. */
#include "kernel/kernel.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/ramfs.h"
#include "fs/proc.h"
#include "ipc/mqueue.h"
#include "fs/devpts.h"

/* Mount ids: the root is 1, /proc (its child) 2, /dev/mqueue 3,
 * /dev/pts 4; fdinfo's mnt_id. */
int proc_mnt_id(uint32_t dev)
{
    return dev == PROC_DEV ? 2 : dev == MQUEUE_DEV ? 3 : dev == DEVPTS_DEV ? 4 : 1;
}

int proc_mounts_show(char *buf, int size)
{
    char pts[64];
    devpts_show_options(pts, sizeof pts);
    return snprintf(buf, size, "tmpfs / tmpfs rw,size=%uk,nr_inodes=%u 0 0\n"
                    "proc /proc proc rw,relatime 0 0\nmqueue /dev/mqueue mqueue rw,relatime 0 0\n"
                    "devpts /dev/pts devpts rw,relatime,%s 0 0\n",
                    ramfs_max_blocks * 4, ramfs_max_inodes, pts);
}

/* mount id, parent id, st_dev, root in its filesystem, mount point, its
 * options, no optional fields (no propagation), "-", type, source and
 * the filesystem's options. */
int proc_mountinfo_show(char *buf, int size)
{
    char pts[64];
    devpts_show_options(pts, sizeof pts);
    return snprintf(buf, size, "1 1 %u:%u / / rw - tmpfs tmpfs rw,size=%uk,nr_inodes=%u\n"
                    "2 1 %u:%u / /proc rw,relatime - proc proc rw\n"
                    "3 1 %u:%u / /dev/mqueue rw,relatime - mqueue mqueue rw\n"
                    "4 1 %u:%u / /dev/pts rw,relatime - devpts devpts rw,%s\n", MAJOR(RAMFS_DEV), MINOR(RAMFS_DEV),
                    ramfs_max_blocks * 4, ramfs_max_inodes, MAJOR(PROC_DEV), MINOR(PROC_DEV),
                    MAJOR(MQUEUE_DEV), MINOR(MQUEUE_DEV), MAJOR(DEVPTS_DEV), MINOR(DEVPTS_DEV), pts);
}

/* The filesystem types the kernel knows, in the order they were
 * registered (Linux's file_systems list), none on a block device. */
static const char *const fs_types[] = { "tmpfs", "proc", "sockfs", "pipefs", "ramfs", "devpts", "mqueue" };
#define NR_FS_TYPES (int)(sizeof fs_types / sizeof fs_types[0])

int proc_filesystems_show(char *buf, int size)
{
    int n = 0;
    for (int i = 0; i < NR_FS_TYPES; i++)
        n += snprintf(buf + n, n < size ? size - n : 0, "nodev\t%s\n", fs_types[i]);
    return n;
}

/* sysfs(option, ...): 1 (fsname): the index of that type, -EINVAL if
 * none (and getname's errors: -EFAULT, -ENOENT for ""); 2 (index, buf): its name into buf,
 * -EINVAL past the last; 3: the number of types. Any other option:
 * -EINVAL. */
long sys_sysfs(int option, uint32_t arg1, uint32_t arg2)
{
    switch (option) {
    case 1: {
        char *name = getname((const char *)arg1);
        if (IS_ERR_PTR(name))
            return PTR_ERR(name);
        long r = *name ? -EINVAL : -ENOENT;  /* Linux's getname refuses "" */
        for (int i = 0; i < NR_FS_TYPES && r == -EINVAL; i++)
            if (!strcmp(name, fs_types[i]))
                r = i;
        putname(name);
        return r;
    }
    case 2:
        if (arg1 >= (uint32_t)NR_FS_TYPES)
            return -EINVAL;
        return copy_to_user((void *)arg2, fs_types[arg1], strlen(fs_types[arg1]) + 1) ? -EFAULT : 0;
    case 3:
        return NR_FS_TYPES;
    }
    return -EINVAL;
}
