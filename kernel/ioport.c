/* I/O ports from user mode, as Linux 6.1 with CONFIG_X86_IOPL_IOPERM:
 * ioperm(2) opens ranges of the 65536 ports to one thread, iopl(2) level
 * 3 all of them. The CPU decides at each `in` and `out` of ring 3 by the
 * I/O permission bitmap of the TSS (a set bit refuses the port, a
 * refused port is a #GP: SIGSEGV): a thread with ports gets its bitmap
 * copied into the TSS when it is switched in; any other runs with the
 * bitmap's offset past the TSS's limit, so every port is refused. As
 * Linux since 5.5, iopl(3) is emulated by an all-open bitmap, never by
 * EFLAGS.IOPL: cli and sti stay refused. The bitmap is shared after a
 * fork until one side changes it, and kept across execve. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/gdt.h"
#include "kernel/mm/mm.h"

#define IO_BITMAP_BITS 65536

struct io_bitmap {
    int refs;                                /* threads sharing it (fork) */
    uint32_t seq;                            /* changes with every ioperm: what the TSS holds */
    uint8_t bits[IO_BITMAP_BYTES];           /* a set bit refuses the port */
};

static uint32_t io_seq;                      /* the last sequence number given */
static uint32_t tss_seq;                     /* the bitmap in the TSS (0: none yet; ~0: all open) */
#define SEQ_ALL_OPEN 0xFFFFFFFFu

/* Loads what t may do into the TSS, before it runs in user mode: its
 * bitmap (copied only when another is there), all ports for iopl(3),
 * or none. Called at every switch to a task with ports and after an
 * ioperm or iopl of current. */
void ioport_switch(struct task *t)
{
    struct tss *tss = &entry_area.tss;
    if (t->iopl_emul == 3) {
        if (tss_seq != SEQ_ALL_OPEN)
            memset(entry_area.io_bitmap, 0, IO_BITMAP_BYTES);
        tss_seq = SEQ_ALL_OPEN;
        tss->iomap = IO_BITMAP_OFFSET_VALID;
    } else if (t->io_bitmap) {
        if (tss_seq != t->io_bitmap->seq)
            memcpy(entry_area.io_bitmap, t->io_bitmap->bits, IO_BITMAP_BYTES);
        tss_seq = t->io_bitmap->seq;
        tss->iomap = IO_BITMAP_OFFSET_VALID;
    } else {
        tss->iomap = IO_BITMAP_OFFSET_INVALID;
    }
}

/* t's ioperm bitmap (t has one): PTRACE_GETREGSET's NT_386_IOPERM. */
const uint8_t *ioport_bits(struct task *t)
{
    return t->io_bitmap->bits;
}

/* fork or clone: the child shares the parent's bitmap and iopl level. */
void ioport_fork(struct task *p, struct task *c)
{
    c->io_bitmap = p->io_bitmap;
    if (c->io_bitmap)
        c->io_bitmap->refs++;
    c->iopl_emul = p->iopl_emul;
}

/* Exit (or the last ioperm closing every port): t's bitmap let go. */
void ioport_exit(struct task *t)
{
    struct io_bitmap *b = t->io_bitmap;
    t->io_bitmap = NULL;
    if (b && --b->refs == 0)
        kfree(b);
}

/* ioperm(from, num, turn_on): ports [from, from + num) opened or closed
 * for the calling thread. -EINVAL for an empty range or one past port
 * 65535; opening asks CAP_SYS_RAWIO (-EPERM); closing ports never
 * opened is 0 at once. May sleep (-ENOMEM). */
long sys_ioperm(uint32_t from, uint32_t num, int turn_on)
{
    if (from + num <= from || from + num > IO_BITMAP_BITS)
        return -EINVAL;
    if (turn_on && !capable(CAP_SYS_RAWIO))
        return -EPERM;
    struct task *t = current;
    struct io_bitmap *b = t->io_bitmap;
    if (!b && !turn_on)
        return 0;
    if (!b || b->refs > 1) {                 /* a first bitmap, or our own copy */
        struct io_bitmap *n = kmalloc(sizeof *n);
        if (!n)
            return -ENOMEM;
        if (b)
            memcpy(n->bits, b->bits, sizeof n->bits);
        else
            memset(n->bits, 0xFF, sizeof n->bits);
        n->refs = 1;
        ioport_exit(t);
        t->io_bitmap = b = n;
    }
    for (uint32_t p = from; p < from + num; p++) {
        if (turn_on)
            b->bits[p / 8] &= (uint8_t)~(1u << (p % 8));
        else
            b->bits[p / 8] |= (uint8_t)(1u << (p % 8));
    }
    bool any = false;
    for (int i = 0; i < IO_BITMAP_BYTES && !any; i++)
        any = b->bits[i] != 0xFF;
    if (!any)
        ioport_exit(t);                      /* every port closed: no bitmap at all */
    else
        b->seq = ++io_seq;
    ioport_switch(t);
    return 0;
}

/* iopl(level): 0 to 3 (else -EINVAL); raising it asks CAP_SYS_RAWIO
 * (-EPERM). Only level 3 opens ports (all of them); 1 and 2 are
 * remembered and open nothing, as Linux's emulation. */
long sys_iopl(uint32_t level)
{
    if (level > 3)
        return -EINVAL;
    if (level > current->iopl_emul && !capable(CAP_SYS_RAWIO))
        return -EPERM;
    current->iopl_emul = (uint8_t)level;
    ioport_switch(current);
    return 0;
}
