/* The console device behind /dev/console, /dev/tty and /dev/ttyS0: writes
 * go to console_write(), reads take raw bytes that the serial interrupt
 * left in a ring buffer. No echo and no line editing yet: the tty layer
 * (line discipline, termios, job control) will sit between the two. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/wait.h"
#include "kernel/uaccess.h"
#include "fs/vfs.h"
#include <asm/termios.h>
#include <asm/ioctls.h>

#define CON_BUF 1024                        /* a power of two */

extern void (*serial_rx_hook)(char c);

static char con_buf[CON_BUF];
static uint32_t con_head, con_tail;         /* free-running: count = head - tail */
static struct wait_queue con_readers;       /* tasks in console_read */

static struct termios con_termios = {       /* what a Linux tty starts with */
    .c_iflag = ICRNL | IXON,
    .c_oflag = OPOST | ONLCR,
    .c_cflag = B38400 | CS8 | CREAD | HUPCL,
    .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
    .c_cc = { [VINTR] = 3, [VQUIT] = 034, [VERASE] = 0177, [VKILL] = 025,
              [VEOF] = 4, [VMIN] = 1, [VSTART] = 021, [VSTOP] = 023, [VSUSP] = 032 },
};

/* An input byte, from an interrupt handler (interrupts off). A full
 * buffer drops the byte, as a UART overrun would. */
void console_receive(char c)
{
    if (con_head - con_tail < CON_BUF)
        con_buf[con_head++ % CON_BUF] = c;
    wake_up(&con_readers);
}

/* Sleeps until a byte is there (-EAGAIN instead with O_NONBLOCK, -EINTR
 * on a signal), then returns what is there, up to n bytes. */
static ssize_t con_read(struct file *f, char *ubuf, size_t n, loff_t *pos UNUSED)
{
    if (n == 0)
        return 0;
    if ((f->f_flags & O_NONBLOCK) && con_head == con_tail)
        return -EAGAIN;
    int r = wait_event_interruptible(&con_readers, con_head != con_tail);
    if (r)
        return r;
    size_t done = 0;
    while (done < n && con_head != con_tail) {
        char tmp[128];
        size_t k = 0;
        uint32_t fl = irq_save();
        while (k < sizeof tmp && done + k < n && con_head != con_tail)
            tmp[k++] = con_buf[con_tail++ % CON_BUF];
        irq_restore(fl);
        if (copy_to_user(ubuf + done, tmp, k))
            return done ? (ssize_t)done : -EFAULT;
        done += k;
    }
    return (ssize_t)done;
}

static ssize_t con_write(struct file *f UNUSED, const char *ubuf, size_t n, loff_t *pos UNUSED)
{
    size_t done = 0;
    while (done < n) {
        char tmp[256];
        size_t k = MIN(n - done, sizeof tmp);
        if (copy_from_user(tmp, ubuf + done, k))
            return done ? (ssize_t)done : -EFAULT;
        console_write(tmp, k);
        done += k;
    }
    return (ssize_t)done;
}

/* Enough of the terminal requests for isatty() (TIOCGWINSZ in musl) and
 * tcgetattr/tcsetattr; the settings are kept but not yet obeyed. */
static int con_ioctl(struct file *f UNUSED, uint32_t cmd, uint32_t arg)
{
    struct winsize ws = { 24, 80, 0, 0 };
    switch (cmd) {
    case TCGETS:
        return copy_to_user((void *)arg, &con_termios, sizeof con_termios);
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
        return copy_from_user(&con_termios, (void *)arg, sizeof con_termios);
    case TIOCGWINSZ:
        return copy_to_user((void *)arg, &ws, sizeof ws);
    case TIOCSWINSZ:
        return 0;
    default:
        return -ENOTTY;
    }
}

static int con_open(struct inode *ip UNUSED, struct file *f)
{
    f->f_mode &= ~FMODE_PREAD;              /* a stream: no pread, no lseek */
    return 0;
}

static const struct file_operations console_fops = {
    .read = con_read,
    .write = con_write,
    .lseek = no_lseek,
    .ioctl = con_ioctl,
    .open = con_open,
};

void console_dev_init(void)
{
    wait_queue_init(&con_readers);
    chrdev_register(MKDEV(5, 1), &console_fops);   /* /dev/console */
    chrdev_register(MKDEV(5, 0), &console_fops);   /* /dev/tty */
    chrdev_register(MKDEV(4, 64), &console_fops);  /* /dev/ttyS0 */
    uint32_t fl = irq_save();
    serial_rx_hook = console_receive;
    irq_restore(fl);
}
