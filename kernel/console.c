/* Kernel output goes to both consoles: COM1 and the VGA screen. */
#include "kernel.h"
#include "x86.h"

void console_write(const char *s, size_t n)
{
    uint32_t f = irq_save();
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
        vga_putc(s[i]);
    }
    irq_restore(f);
}
