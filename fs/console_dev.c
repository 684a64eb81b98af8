/* The console device behind /dev/console, /dev/tty and /dev/ttyS0:
 * /dev/console and /dev/ttyS0 are the one console tty (tty.h), fed by
 * the serial port and the keyboard; /dev/tty is the caller's controlling
 * terminal, whichever tty that is (ENXIO without one). Opening /dev/ttyS0
 * may make the console the controlling terminal of a session leader;
 * /dev/console never becomes one, as on Linux. */
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

/* The console's output: the serial port and the screen, as they are. */
static void con_write(struct tty *t UNUSED, const char *s, size_t n)
{
    console_raw_write(s, n);
}

static const struct tty_operations console_ops = { .write = con_write };

static int con_open(struct inode *ip, struct file *f)
{
    if (ip->i_rdev == MKDEV(5, 0)) {         /* /dev/tty: the controlling terminal */
        if (!current->tty)
            return -ENXIO;
        return tty_open_file(current->tty, ip, f, true);
    }
    return tty_open_file(&console_tty, ip, f, ip->i_rdev == MKDEV(5, 1) || (f->f_flags & O_NOCTTY));
}

static const struct file_operations console_fops = { .open = con_open };

void console_dev_init(void)
{
    tty_init(&console_tty, &console_ops, &tty_std_termios);
    console_tty.winsize.row = 24;
    console_tty.winsize.col = 80;
    console_tty.dev = MKDEV(4, 64);          /* ttyS0: ps and tty_nr name it so */
    chrdev_register(MKDEV(5, 1), &console_fops);   /* /dev/console */
    chrdev_register(MKDEV(5, 0), &console_fops);   /* /dev/tty */
    chrdev_register(MKDEV(4, 64), &console_fops);  /* /dev/ttyS0 */
    pty_init();                                    /* /dev/ptmx, /dev/pts/N */
    uint32_t fl = irq_save();
    serial_rx_hook = serial_input;
    irq_restore(fl);
    keyboard_init();
}
