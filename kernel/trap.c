/* trap(): where every interrupt, exception and system call arrives from
 * boot/interrupts.asm, and where each is sent on its way. */
#include "kernel.h"
#include "x86.h"
#include "trap.h"
#include "uaccess.h"

static const char *const exception_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 error", "alignment check", "machine check",
    "SIMD error", "virtualization", "control protection",
};

void serial_irq(void);

void print_trapframe(const struct trapframe *tf)
{
    printk("  eax %08x ebx %08x ecx %08x edx %08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
    printk("  esi %08x edi %08x ebp %08x esp %08x\n", tf->esi, tf->edi, tf->ebp,
           from_user(tf) ? tf->esp : (uint32_t)&tf->esp);
    printk("  eip %08x cs %04x eflags %08x err %08x cr2 %08x\n",
           tf->eip, tf->cs, tf->eflags, tf->err, read_cr2());
}

/* An exception the kernel caused itself: fatal, unless the faulting
 * instruction is a guarded user access (exception table). */
static void kernel_exception(struct trapframe *tf)
{
    uint32_t fixup = ex_table_lookup(tf->eip);
    if (fixup) {
        tf->eip = fixup;
        return;
    }
    const char *name = tf->trapno < 32 && exception_names[tf->trapno] ? exception_names[tf->trapno] : "?";
    printk("\nKERNEL PANIC: exception %u (%s) in kernel mode\n", tf->trapno, name);
    print_trapframe(tf);
    backtrace(tf->ebp, tf->eip);
    qemu_exit(1);
}

static void irq(int n)
{
    switch (n) {
    case IRQ_TIMER:
        jiffies++;
        break;
    case IRQ_COM1:
        serial_irq();
        break;
    case 7: case 15:
        return;                          /* spurious: no EOI owed */
    }
    pic_eoi(n);
}

void trap(struct trapframe *tf)
{
    if (tf->trapno >= T_IRQ0 && tf->trapno < T_IRQ0 + 16) {
        irq((int)tf->trapno - T_IRQ0);
        return;
    }
    if (!from_user(tf)) {
        kernel_exception(tf);
        return;
    }
    panic("trap %u from user mode before processes exist", tf->trapno);
}
