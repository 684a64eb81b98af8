/* The console device behind /dev/console, /dev/tty and /dev/ttyS0: all
 * three are the one console tty (kernel/drivers/tty.c), fed by the serial port and
 * the keyboard. /dev/tty is the caller's controlling terminal (ENXIO
 * without one); opening /dev/ttyS0 may make it the controlling terminal of
 * a session leader; /dev/console never becomes one, as on Linux. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/drivers/tty.h"
#include "fs/vfs.h"

extern void (*serial_rx_hook)(char c);
void keyboard_init(void);

static void serial_input(char c)
{
    tty_receive(&console_tty, c);
}

static ssize_t con_read(struct file *f, struct iov_iter *to, loff_t *pos UNUSED)
{
    return tty_read(&console_tty, to, f->f_flags & O_NONBLOCK);
}

static ssize_t con_write(struct file *f UNUSED, struct iov_iter *from, loff_t *pos UNUSED)
{
    return tty_write(&console_tty, from);
}

static int con_ioctl(struct file *f UNUSED, uint32_t cmd, uint32_t arg)
{
    return tty_ioctl(&console_tty, cmd, arg);
}

static unsigned con_poll(struct file *f UNUSED, struct poll_table *pt)
{
    return tty_poll(&console_tty, pt);
}

static int con_fasync(int fd, struct file *f, int on)
{
    return fasync_helper(fd, f, on, &console_tty.fasync);
}

static int con_open(struct inode *ip, struct file *f)
{
    f->f_mode &= ~FMODE_PREAD;              /* a stream: no pread, no lseek */
    if (ip->i_rdev == MKDEV(5, 0))
        return current->tty ? 0 : -ENXIO;   /* /dev/tty: the controlling terminal */
    tty_open(&console_tty, ip->i_rdev == MKDEV(5, 1) || (f->f_flags & O_NOCTTY));
    return 0;
}

static const struct file_operations console_fops = {
    .read_iter = con_read,
    .write_iter = con_write,
    .lseek = no_lseek,
    .ioctl = con_ioctl,
    .poll = con_poll,
    .open = con_open,
    .fasync = con_fasync,
};

void console_dev_init(void)
{
    tty_init(&console_tty, console_raw_write);
    chrdev_register(MKDEV(5, 1), &console_fops);   /* /dev/console */
    chrdev_register(MKDEV(5, 0), &console_fops);   /* /dev/tty */
    chrdev_register(MKDEV(4, 64), &console_fops);  /* /dev/ttyS0 */
    uint32_t fl = irq_save();
    serial_rx_hook = serial_input;
    irq_restore(fl);
    keyboard_init();
}
