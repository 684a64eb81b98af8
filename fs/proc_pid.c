/* The texts of /proc/<pid>/maps and fdinfo/N and the targets of the
 * /proc/<pid>/fd/N links, in Linux's formats.
 * fs/proc.c makes the files and directories and calls these. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/shmem.h"
#include "kernel/mm/vdso.h"
#include "fs/vfs.h"
#include "kernel/mm/secretmem.h"
#include "fs/proc.h"
#include "kernel/signal.h"
#include "ipc/eventfd.h"
#include "fs/aio.h"
#include "fs/devpts.h"
#include "fs/nsfs.h"

extern const struct vm_ops file_vm_ops;

/* What a file is called: "/absolute/path" for a named one, "pipe:[ino]"
 * and "socket:[ino]" for nameless FIFOs and sockets, "/memfd:NAME
 * (deleted)" for a memfd (Linux's name in its internal mount), " (deleted)" for a
 * file whose last name is gone (Pipit no longer knows that name, where
 * Linux shows the old path before it). Returns the length written
 * into buf (PATH_MAX_K bytes), at most size. */
int proc_inode_name(struct inode *ip, char *buf, int size)
{
    char *path = kmalloc(PATH_MAX_K), *name = kmalloc(2 * (NAME_MAX_K + 1));
    int n = -ENOMEM;
    struct inode *dir;
    if (!path || !name)
        goto out;
    if (memfd_name(ip)) {
        n = snprintf(buf, size, "/%s (deleted)", memfd_name(ip));
    } else if (inode_is_secretmem(ip)) {     /* its file in Linux's secretmem mount */
        n = snprintf(buf, size, "/secretmem (deleted)");
    } else if ((n = devpts_name(ip, buf, size)) >= 0) {
        ;                                   /* /dev/pts/N */
    } else if ((n = ns_inode_name(ip, buf, size)) >= 0) {
        ;                                   /* ipc:[4026531839] */
    } else if (S_ISDIR(ip->i_mode) && ip->i_nlink) {
        int at = vfs_dir_path(ip, path, name);
        n = at < 0 ? snprintf(buf, size, "(deleted)") : snprintf(buf, size, "%s", path + at);
    } else if (ramfs_find_name(ip, &dir, name) == 0) {
        int at = vfs_dir_path(dir, path, name + NAME_MAX_K + 1);   /* scratch after the name */
        inode_put(dir);
        n = at < 0 ? snprintf(buf, size, "(deleted)")
                   : snprintf(buf, size, "%s%s%s", path + at, path[at + 1] ? "/" : "", name);
    } else if (S_ISFIFO(ip->i_mode)) {       /* no name: an anonymous pipe */
        n = snprintf(buf, size, "pipe:[%u]", ip->i_ino);
    } else if (S_ISSOCK(ip->i_mode)) {
        n = snprintf(buf, size, "socket:[%u]", ip->i_ino);
    } else if (!(ip->i_mode & S_IFMT) && ip->i_private) {   /* an anonymous inode: its name */
        n = snprintf(buf, size, "anon_inode:%s", (const char *)ip->i_private);
    } else {
        n = snprintf(buf, size, " (deleted)");
    }
out:
    kfree(path);
    kfree(name);
    return n < 0 ? n : MIN(n, size);
}

/* readlink of /proc/<pid>/fd/<fd>, cwd or root: the name of file f (or,
 * without f, of inode ip), cut at size bytes without a NUL. */
int proc_name_link(struct file *f, struct inode *ip, char *kbuf, size_t size)
{
    char *text = kmalloc(PATH_MAX_K);
    if (!text)
        return -ENOMEM;
    const char *anon = f ? anon_inode_name(f) : NULL;   /* eventfd, ...: ipc/eventfd.c */
    int n = anon ? snprintf(text, PATH_MAX_K, "anon_inode:%s", anon)
                 : proc_inode_name(f ? f->f_inode : ip, text, PATH_MAX_K);
    if (n > 0) {
        n = MIN(n, (int)size);
        memcpy(kbuf, text, n);
    }
    kfree(text);
    return n;
}

/* readlink of /proc/<pid>/fd/<fd>: -ENOENT when the descriptor is closed. */
int proc_fd_link(struct task *t, int fd, char *kbuf, size_t size)
{
    if (fd < 0 || fd >= t->nr_fds || !t->files[fd])
        return -ENOENT;
    return proc_name_link(t->files[fd], NULL, kbuf, size);
}

/* The name at the end of a maps line: the program's path, a mapped
 * file's, [heap], [stack], [vdso], [vvar], shared anonymous memory as Linux's
 * "/dev/zero (deleted)", an AIO ring as "/[aio] (deleted)", memfd_secret's
 * file as "/secretmem (deleted)", or nothing. */
static int area_name(struct mm *mm, struct vm_area *a, char *buf, int size)
{
    if (a->ops == &file_vm_ops && a->private == mm->exe && mm->exe_path)
        return snprintf(buf, size, "%s%s", mm->exe_path, mm->exe->i_nlink ? "" : " (deleted)");
    if (a->ops == &file_vm_ops || vma_is_secretmem(a))
        return proc_inode_name(a->private, buf, size);
    if (a->ops == &shmem_vm_ops)
        return snprintf(buf, size, "/dev/zero (deleted)");
    if (aio_ring_area(a))
        return snprintf(buf, size, "/[aio] (deleted)");
    if (!a->ops && a->start <= mm->brk && a->end >= mm->brk_start && mm->brk > mm->brk_start)
        return snprintf(buf, size, "[heap]");
    if (a->flags & VM_GROWSDOWN)
        return snprintf(buf, size, "[stack]");
    if (a->ops == &vdso_vm_ops || a->ops == &vvar_vm_ops)
        return snprintf(buf, size, a->ops == &vdso_vm_ops ? "[vdso]" : "[vvar]");
    return 0;
}

/* One line of maps: range, rwx and p/s, offset, device, inode, then the
 * name padded to column 49 as a 32-bit Linux pads it. */
int proc_map_line(struct mm *mm, struct vm_area *a, char *buf, int size)
{
    struct inode *ip = a->ops == &file_vm_ops || vma_is_secretmem(a) ? a->private : NULL;
    uint32_t dev = ip ? ip->i_dev : 0;
    int n = snprintf(buf, size, "%08x-%08x %c%c%c%c %08x %02x:%02x %u ", (uint32_t)a->start,
                     (uint32_t)a->end, a->flags & VM_READ ? 'r' : '-', a->flags & VM_WRITE ? 'w' : '-',
                     a->flags & VM_EXEC ? 'x' : '-', a->flags & VM_SHARED ? 's' : 'p',
                     ip ? a->pgoff << PAGE_SHIFT : 0, MAJOR(dev), MINOR(dev), ip ? ip->i_ino : 0);
    if (n >= size)
        return n;
    char name[256];
    int k = area_name(mm, a, name, sizeof name);
    if (k <= 0)
        return n + snprintf(buf + n, size - n, "\n");
    while (n < 49 && n < size - 1)
        buf[n++] = ' ';
    return n + snprintf(buf + n, size - n, "%s\n", name);
}

int proc_maps_show(struct task *t, char *buf, int size)
{
    int n = 0;
    if (!t->mm || t->state == TASK_ZOMBIE)
        return 0;
    for (struct vm_area *a = t->mm->areas; a && n < size; a = a->next)
        n += proc_map_line(t->mm, a, buf + n, size - n);
    return n;
}

/* /proc/<pid>/fdinfo/<fd>: the position, the open flags in octal (with
 * O_CLOEXEC when the descriptor has it), the mount and inode numbers,
 * then a line for each lock the file holds (fs/locks.c), then what the
 * kind of file adds of its own (f_op->show_fdinfo: an eventfd's counter,
 * an epoll's items...), in Linux's order. */
int proc_fdinfo_show(struct task *t, int fd, char *buf, int size)
{
    if (fd < 0 || fd >= t->nr_fds || !t->files[fd])
        return -ENOENT;
    struct file *f = t->files[fd];
    uint32_t flags = f->f_flags | (t->close_on_exec[fd / 32] & (1u << (fd % 32)) ? O_CLOEXEC : 0);
    int n = snprintf(buf, size, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%u\n",
                     (long long)f->f_pos, flags, proc_file_mnt_id(f), f->f_inode->i_ino);
    if (n < size)
        n += locks_show_fdinfo(f, t, buf + n, size - n);
    if (n < size && f->f_op && f->f_op->show_fdinfo)
        n += f->f_op->show_fdinfo(f, buf + n, size - n);
    return n;
}
