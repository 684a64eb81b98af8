/* /proc/mounts, /proc/<pid>/mounts and mountinfo, /proc/filesystems:
 * the filesystems Pipit really has mounted (the ramfs root, shown as the
 * tmpfs it stands for with its size limits, /proc, /dev/mqueue and /dev/pts), in Linux 6.1's
 * formats (fs/proc_namespace.c). fs/proc.c calls these. And sysfs(2),
 * the old way to ask for the filesystem types. */
#include "kernel/kernel.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/ramfs.h"
#include "fs/proc.h"
#include "ipc/mqueue.h"
#include "fs/devpts.h"

/* fdinfo's mnt_id: the mount the file was opened through. */
int proc_file_mnt_id(struct file *f)
{
    struct mount *m = f->f_mnt ? f->f_mnt : mount_of_inode(f->f_inode);
    return m->mnt_id;
}

int proc_mnt_id(uint32_t dev)
{
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        if (m->mnt_attached && m->mnt_sb->s_dev == dev)
            return m->mnt_id;
    return ns_root_mount()->mnt_id;
}

int proc_mounts_show(char *buf, int size)
{
    int n = 0;
    mounts_show(buf, size, &n, false);
    return n;
}

int proc_mountinfo_show(char *buf, int size)
{
    int n = 0;
    mounts_show(buf, size, &n, true);
    return n;
}

/* The filesystem types the kernel knows, in the order they were
 * registered (Linux's file_systems list), none on a block device. */
static const char *const fs_types[] = { "tmpfs", "proc", "cgroup2", "sockfs", "pipefs", "ramfs", "devpts",
                                        "mqueue" };
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
