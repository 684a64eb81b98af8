/* COM1, a 16550 UART at 38400 8N1: the console the tests and `make run` use.
 * Output is polled; input arrives by IRQ 4 and is handed to serial_rx_hook. */
#include "kernel/kernel.h"
#include "kernel/x86.h"

#define COM1 0x3F8

void (*serial_rx_hook)(char c);

void serial_init(void)
{
    outb(COM1 + 1, 0x00);       /* no interrupts while we configure */
    outb(COM1 + 3, 0x80);       /* DLAB: set the divisor */
    outb(COM1 + 0, 0x03);       /* 115200 / 3 = 38400 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);       /* 8 bits, no parity, one stop bit */
    outb(COM1 + 2, 0xC7);       /* FIFO on, cleared, 14-byte threshold */
    outb(COM1 + 4, 0x0B);       /* DTR, RTS, OUT2 (lets the IRQ through) */
    outb(COM1 + 1, 0x01);       /* interrupt when data arrives */
}

void serial_putc(char c)
{
    while (!(inb(COM1 + 5) & 0x20))
        ;
    outb(COM1, (uint8_t)c);
}

/* IRQ 4: drain the receive FIFO. */
void serial_irq(void)
{
    while (inb(COM1 + 5) & 0x01) {
        char c = (char)inb(COM1);
        if (serial_rx_hook)
            serial_rx_hook(c);
    }
}
