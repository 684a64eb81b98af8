/* The console's two screens: COM1 and the VGA text screen. printk output
 * (console_write) turns \n into \r\n itself; the tty (console_raw_write)
 * has done its own output processing already. */
#include "kernel/kernel.h"
#include "kernel/x86.h"

void console_raw_write(const char *s, size_t n)
{
    uint32_t f = irq_save();
    for (size_t i = 0; i < n; i++) {
        serial_putc(s[i]);
        vga_putc(s[i]);
    }
    irq_restore(f);
}

void console_write(const char *s, size_t n)
{
    uint32_t f = irq_save();
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            serial_putc('\r');
            vga_putc('\r');
        }
        serial_putc(s[i]);
        vga_putc(s[i]);
    }
    irq_restore(f);
}
