/* The IDT: gates for the 32 CPU exceptions, the 16 PIC interrupts and the
 * int $0x80 system call, which alone may be called from ring 3. */
#include "kernel/kernel.h"
#include "kernel/gdt.h"
#include "kernel/trap.h"

struct gate { uint16_t off_lo, sel; uint8_t zero, type; uint16_t off_hi; } __attribute__((packed));

static struct gate idt[256];
extern uint32_t isr_table[48];
extern void isr128(void), isr236(void), isr255(void);

static void set_gate(int n, uint32_t handler, int dpl)
{
    idt[n].off_lo = handler & 0xFFFF;
    idt[n].sel = KERNEL_CS;
    idt[n].zero = 0;
    idt[n].type = (uint8_t)(0x8E | (dpl << 5));     /* present, 32-bit interrupt gate */
    idt[n].off_hi = handler >> 16;
}

void idt_init(void)
{
    for (int i = 0; i < 48; i++)
        set_gate(i, isr_table[i], 0);
    set_gate(T_BRKPT, isr_table[T_BRKPT], 3);       /* int3 from user space */
    set_gate(T_SYSCALL, (uint32_t)isr128, 3);
    set_gate(APIC_TIMER_VECTOR, (uint32_t)isr236, 0);
    set_gate(APIC_SPURIOUS_VECTOR, (uint32_t)isr255, 0);
    struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idtr = {
        sizeof idt - 1, (uint32_t)idt };
    __asm__ volatile("lidt %0" : : "m"(idtr));
}
