/* Bringing the filesystem up: the ramfs root, the device drivers, and the
 * directories, device nodes and links every system has (/dev, /tmp,
 * /dev/shm, /dev/stdin...)
 * before the initrd archives are unpacked over them. Called once from
 * kmain. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "ipc/eventfd.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/ramfs.h"

static const struct {
    const char *path;
    uint32_t mode, major, minor;
} dev_nodes[] = {
    { "/dev/console", S_IFCHR | 0600, 5, 1 },
    { "/dev/tty",     S_IFCHR | 0666, 5, 0 },
    { "/dev/ttyS0",   S_IFCHR | 0660, 4, 64 },
    { "/dev/ptmx",    S_IFCHR | 0666, 5, 2 },
    { "/dev/null",    S_IFCHR | 0666, 1, 3 },
    { "/dev/zero",    S_IFCHR | 0666, 1, 5 },
    { "/dev/random",  S_IFCHR | 0666, 1, 8 },
    { "/dev/urandom", S_IFCHR | 0666, 1, 9 },
};

/* The links udev makes on Linux: the process's own descriptors. */
static const struct { const char *path, *target; } dev_links[] = {
    { "/dev/fd", "/proc/self/fd" },        { "/dev/stdin", "/proc/self/fd/0" },
    { "/dev/stdout", "/proc/self/fd/1" },  { "/dev/stderr", "/proc/self/fd/2" },
};

/* Creates the root and /dev. Works as root: with the boot task's
 * credentials when there is one, else with a zeroed stand-in. Leaves the
 * boot task in / with umask 022, which every process inherits. */
void fs_init(void)
{
    static struct task boot_stand_in;       /* root, only until proc_init */
    static struct fs_struct boot_fs = { .refs = 1 };   /* the boot task's, for good */
    if (fs_root)
        return;
    struct task *saved = current;
    if (!current)
        current = &boot_stand_in;
    if (!current->fs)
        current->fs = &boot_fs;
    fs_root = ramfs_new_root();
    if (!(root_mount = mount_boot(ramfs_root_super(), NULL, NULL, "tmpfs")))
        panic("fs_init: no memory for the root mount");
    mem_dev_init();
    console_dev_init();
    anon_inode_init();                       /* before anyone counts kernel memory */
    current->fs->umask = 0;
    int r = do_mkdirat(AT_FDCWD, "/dev", 0755);
    for (size_t i = 0; !r && i < ARRAY_SIZE(dev_nodes); i++)
        r = do_mknodat(AT_FDCWD, dev_nodes[i].path, dev_nodes[i].mode,
                       new_encode_dev(MKDEV(dev_nodes[i].major, dev_nodes[i].minor)));
    for (size_t i = 0; !r && i < ARRAY_SIZE(dev_links); i++)
        r = do_symlinkat(dev_links[i].target, AT_FDCWD, dev_links[i].path);
    if (!r)
        r = do_mkdirat(AT_FDCWD, "/tmp", 01777);
    if (!r)                                 /* POSIX shared memory (shm_open) */
        r = do_mkdirat(AT_FDCWD, "/dev/shm", 01777);
    if (r)
        panic("fs_init: cannot populate the root filesystem: %d", r);
    current->fs->umask = 022;
    if (current == &boot_stand_in) {
        current = saved;
    } else if (!current->fs->cwd) {
        inode_get(fs_root);
        current->fs->cwd = fs_root;
    }
}
