/* The two 8259 PICs, remapped so that IRQ 0..15 arrive as vectors 32..47. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/trap.h"

static uint16_t irq_mask = 0xFFFB;       /* everything off but the cascade */

static void pic_write_mask(void)
{
    outb(0x21, irq_mask & 0xFF);
    outb(0xA1, irq_mask >> 8);
}

void pic_init(void)
{
    outb(0x20, 0x11); outb(0xA0, 0x11);  /* ICW1: edge, cascade, ICW4 */
    outb(0x21, T_IRQ0); outb(0xA1, T_IRQ0 + 8);
    outb(0x21, 0x04); outb(0xA1, 0x02);  /* slave on IRQ 2 */
    outb(0x21, 0x01); outb(0xA1, 0x01);  /* 8086 mode */
    pic_write_mask();
}

void pic_unmask(int irq)
{
    irq_mask &= (uint16_t)~(1u << irq);
    pic_write_mask();
}

void pic_mask(int irq)
{
    irq_mask |= (uint16_t)(1u << irq);
    pic_write_mask();
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(0xA0, 0x20);
    outb(0x20, 0x20);
}
