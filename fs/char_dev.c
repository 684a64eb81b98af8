/* Character devices: a table from (major, minor) to the file operations of
 * a driver, consulted when a device node is opened (chrdev_open swaps the
 * driver's f_op into the file). Also the memory devices null and zero. */
#include "kernel/kernel.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"

#define NR_CHRDEVS 16

static struct chrdev {
    uint32_t dev;                           /* MKDEV(major, minor): the first */
    uint32_t count;                         /* devices from dev on (Linux's region) */
    const struct file_operations *fops;
} chrdevs[NR_CHRDEVS];

/* Makes the count devices from dev on reach fops (Linux's
 * register_chrdev_region and cdev_add). 0, or -ENOSPC when the table is
 * full. */
int chrdev_register_region(uint32_t dev, uint32_t count, const struct file_operations *fops)
{
    for (int i = 0; i < NR_CHRDEVS; i++)
        if (!chrdevs[i].fops || chrdevs[i].dev == dev) {
            chrdevs[i].dev = dev;
            chrdevs[i].count = count;
            chrdevs[i].fops = fops;
            return 0;
        }
    return -ENOSPC;
}

int chrdev_register(uint32_t dev, const struct file_operations *fops)
{
    return chrdev_register_region(dev, 1, fops);
}

static int chrdev_open(struct inode *ip, struct file *f)
{
    for (int i = 0; i < NR_CHRDEVS && chrdevs[i].fops; i++)
        if (ip->i_rdev - chrdevs[i].dev < chrdevs[i].count) {
            f->f_op = chrdevs[i].fops;
            return f->f_op->open ? f->f_op->open(ip, f) : 0;
        }
    return -ENXIO;                          /* a node without a driver */
}

const struct file_operations chrdev_fops = {
    .open = chrdev_open,
};

static int nodev_open(struct inode *ip UNUSED, struct file *f UNUSED)
{
    return -ENXIO;
}

/* Block devices and sockets: there is nothing to open. */
const struct file_operations nodev_fops = {
    .open = nodev_open,
};

static ssize_t null_read(struct file *f UNUSED, struct iov_iter *to UNUSED, loff_t *pos UNUSED)
{
    return 0;
}

/* Everything is taken; the buffers are not even looked at (as Linux). */
static ssize_t null_write(struct file *f UNUSED, struct iov_iter *from, loff_t *pos UNUSED)
{
    size_t n = iov_iter_count(from);
    iov_iter_advance(from, n);
    return (ssize_t)n;
}

static loff_t null_lseek(struct file *f, loff_t off UNUSED, int whence UNUSED)
{
    return f->f_pos = 0;
}

/* Zeros up to the first bad user page: a short count, or -EFAULT. */
static ssize_t zero_read(struct file *f UNUSED, struct iov_iter *to, loff_t *pos UNUSED)
{
    size_t n = iov_iter_count(to), done = iov_iter_zero(n, to);
    return done || !n ? (ssize_t)done : -EFAULT;
}

/* splice(2) to /dev/null: the bytes are taken from the pipe and dropped. */
static ssize_t null_splice_write(struct file *f UNUSED, const char *kbuf UNUSED, size_t n, loff_t *pos UNUSED)
{
    return (ssize_t)n;
}

static const struct file_operations null_fops = {
    .read_iter = null_read,
    .write_iter = null_write,
    .lseek = null_lseek,
    .splice_write = null_splice_write,
};

static const struct file_operations zero_fops = {
    .read_iter = zero_read,
    .write_iter = null_write,
    .lseek = null_lseek,
};

/* /dev/random and /dev/urandom: bytes from kernel/random.c (a PRNG seeded
 * from the clocks; good enough for hash tables and temp names, not keys). */
static ssize_t random_read(struct file *f UNUSED, struct iov_iter *to, loff_t *pos UNUSED)
{
    size_t done = 0;
    while (iov_iter_count(to)) {
        uint32_t v = random_u32();
        size_t k = MIN(iov_iter_count(to), sizeof v), c = copy_to_iter(&v, k, to);
        done += c;
        if (c < k)
            return done ? (ssize_t)done : -EFAULT;
    }
    return (ssize_t)done;
}

static const struct file_operations random_fops = {
    .read_iter = random_read,
    .write_iter = null_write,
    .lseek = null_lseek,
};

void mem_dev_init(void)
{
    chrdev_register(MKDEV(1, 3), &null_fops);
    chrdev_register(MKDEV(1, 5), &zero_fops);
    chrdev_register(MKDEV(1, 8), &random_fops);
    chrdev_register(MKDEV(1, 9), &random_fops);
}
