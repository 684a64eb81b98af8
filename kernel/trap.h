/* The trap frame that boot/interrupts.asm builds on the kernel stack for
 * every interrupt, exception and system call, and the trap dispatcher. */
#ifndef TRAP_H
#define TRAP_H
#include "kernel/types.h"

struct trapframe {
    uint32_t edi, esi, ebp, esp_ignored, ebx, edx, ecx, eax;   /* pusha */
    uint32_t gs, fs, es, ds;
    uint32_t trapno, err;
    uint32_t eip, cs, eflags;
    uint32_t esp, ss;                       /* only when coming from ring 3 */
};

#define T_DIVIDE  0
#define T_DEBUG   1
#define T_BRKPT   3
#define T_ILLOP   6
#define T_GPFLT   13
#define T_PGFLT   14
#define T_IRQ0    32
#define T_SYSCALL 128
#define APIC_TIMER_VECTOR    0xEC       /* the local APIC timer (Linux's LOCAL_TIMER_VECTOR) */
#define APIC_SPURIOUS_VECTOR 0xFF

#define IRQ_TIMER  0
#define IRQ_KBD    1
#define IRQ_COM1   4

static inline bool from_user(const struct trapframe *tf) { return (tf->cs & 3) == 3; }

void idt_init(void);
void pic_init(void);
void pic_unmask(int irq);
void pic_mask(int irq);
void pic_eoi(int irq);
void trap(struct trapframe *tf);
/* The way back to user mode: switch, signals, a system call's restart. */
void return_to_user(struct trapframe *tf, bool from_syscall);
/* A system call from user mode, interrupts on; current->tf is tf. */
void do_syscall(struct trapframe *tf);
/* kernel/sysenter.c: the fast entry of __kernel_vsyscall. */
void sysenter_init(void);
bool sysenter_singlestep(const struct trapframe *tf);
void print_trapframe(const struct trapframe *tf);

#endif
