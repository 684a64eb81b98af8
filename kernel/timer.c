/* The PIT, channel 0, at HZ ticks per second; jiffies counts the ticks. */
#include "kernel.h"
#include "x86.h"
#include "trap.h"

volatile uint32_t jiffies;

void timer_init(void)
{
    uint32_t div = 1193182 / HZ;
    outb(0x43, 0x36);                    /* channel 0, lo/hi, mode 3 */
    outb(0x40, div & 0xFF);
    outb(0x40, div >> 8);
    pic_unmask(IRQ_TIMER);
}
