/* ptrace's register sets, after kernel/ptrace.c on the path of sys_ptrace:
 * PTRACE_GETREGSET/SETREGSET name a set by the type of the core-file note
 * that holds it (<linux/elf.h>), and PTRACE_SETREGS, PTRACE_GET/SETFPREGS
 * and PTRACE_GET/SETFPXREGS reach the same sets as Linux's regsets do.
 * The x87 and SSE state is kept as FXSAVE writes it (task->fpu, fpu.c);
 * PTRACE_GETFPREGS converts it to the older FSAVE layout and back. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/gdt.h"
#include "kernel/mm/uaccess.h"
#include "kernel/ptrace.h"
#include <linux/ptrace.h>
#include <linux/elf.h>
#include <linux/uio.h>
#include <asm/ptrace.h>
#include <asm/ptrace-abi.h>
#include <asm/ldt.h>

#define FSAVE_SIZE 108                       /* struct user_i387_struct */
#define FXSAVE_SIZE 512                      /* struct user_fxsr_struct */

/* The sets an i386 Linux tracer may ask for, as Linux's x86_32_regsets:
 * n elements of size bytes. NT_X86_XSTATE has none here: Pipit does not
 * use XSAVE, and Linux on a CPU without it answers as below. */
struct regset {
    uint32_t note, size, n;
};

static const struct regset regsets[] = {
    { NT_PRSTATUS, 4, FRAME_SIZE },
    { NT_PRFPREG, 4, FSAVE_SIZE / 4 },
    { NT_PRXFPREG, 4, FXSAVE_SIZE / 4 },
    { NT_X86_XSTATE, 8, 0 },
    { NT_386_TLS, sizeof(struct user_desc), GDT_TLS_ENTRIES },
    { NT_386_IOPERM, 4, IO_BITMAP_BYTES / 4 },
};

static const struct regset *find_regset(uint32_t note)
{
    for (uint32_t i = 0; i < sizeof regsets / sizeof regsets[0]; i++)
        if (regsets[i].note == note)
            return &regsets[i];
    return NULL;
}

/* The x87 tags of the FSAVE layout (two bits a register: 0 valid, 1 zero,
 * 2 special, 3 empty) from FXSAVE's abridged tag (one bit: not empty)
 * and the registers' values, as Linux's twd_fxsr_to_i387. */
static uint32_t fsave_tags(const uint8_t *fx)
{
    uint32_t top = (*(const uint16_t *)(fx + 2) >> 11) & 7, twd = 0xFFFF0000u;
    for (uint32_t i = 0; i < 8; i++) {       /* i: the physical register */
        uint32_t tag = 3;
        if (fx[4] & (1u << i)) {
            const uint8_t *st = fx + 32 + ((i - top) & 7) * 16;   /* FXSAVE keeps stack order */
            uint64_t mant = *(const uint64_t *)st;
            uint32_t exp = *(const uint16_t *)(st + 8) & 0x7FFF;
            if (exp == 0x7FFF)
                tag = 2;
            else if (exp == 0)
                tag = mant ? 2 : 1;
            else
                tag = (mant >> 63) ? 0 : 2;  /* no integer bit: unnormal */
        }
        twd |= tag << (2 * i);
    }
    return twd;
}

/* t's x87 state in the FSAVE layout (struct user_i387_struct), as
 * Linux's convert_from_fxsr. t->fpu must be up to date (fpu_flush). */
static void get_fpregs(struct task *t, uint8_t out[FSAVE_SIZE])
{
    const uint8_t *fx = t->fpu;
    uint32_t *w = (uint32_t *)out;
    memset(out, 0, FSAVE_SIZE);
    w[0] = 0xFFFF0000u | *(const uint16_t *)fx;          /* cwd */
    w[1] = 0xFFFF0000u | *(const uint16_t *)(fx + 2);    /* swd */
    w[2] = fsave_tags(fx);
    w[3] = *(const uint32_t *)(fx + 8);                  /* fip */
    w[4] = *(const uint16_t *)(fx + 12) | (uint32_t)*(const uint16_t *)(fx + 6) << 16;   /* fcs, fop */
    w[5] = *(const uint32_t *)(fx + 16);                 /* foo */
    w[6] = 0xFFFF0000u | *(const uint16_t *)(fx + 20);   /* fos */
    for (int i = 0; i < 8; i++)
        memcpy(out + 28 + i * 10, fx + 32 + i * 16, 10);
}

/* The other way, as Linux's convert_to_fxsr: the abridged tag says which
 * registers are not empty; MXCSR and the SSE registers stay. */
static void set_fpregs(struct task *t, const uint8_t in[FSAVE_SIZE])
{
    const uint32_t *w = (const uint32_t *)in;
    uint8_t *fx = t->fpu;
    uint16_t abridged = 0;
    for (int i = 0; i < 8; i++)
        if (((w[2] >> (2 * i)) & 3) != 3)
            abridged |= (uint16_t)(1u << i);
    fpu_flush(t);
    *(uint16_t *)fx = (uint16_t)w[0];
    *(uint16_t *)(fx + 2) = (uint16_t)w[1];
    *(uint16_t *)(fx + 4) = abridged;
    *(uint16_t *)(fx + 6) = (uint16_t)(w[4] >> 16);
    *(uint32_t *)(fx + 8) = w[3];
    *(uint32_t *)(fx + 12) = w[4] & 0xFFFF;
    *(uint32_t *)(fx + 16) = w[5];
    *(uint32_t *)(fx + 20) = w[6];
    for (int i = 0; i < 8; i++)
        memcpy(fx + 32 + i * 16, in + 28 + i * 10, 10);
    fpu_drop(t);                             /* the registers no longer hold it */
}

/* The whole FXSAVE image from the user buffer u, as Linux's xfpregs_set:
 * 0, -EFAULT, or -EINVAL for an MXCSR bit the CPU does not have (FXRSTOR
 * would fault on it). XMM8-15 are not a 32-bit task's: cleared. */
static long set_fxregs(struct task *t, const void *u)
{
    uint8_t fx[FXSAVE_SIZE];
    uint32_t mxcsr;
    if (copy_from_user(fx, u, sizeof fx))
        return -EFAULT;
    memcpy(&mxcsr, fx + 24, 4);
    if (mxcsr & ~fpu_mxcsr_mask())
        return -EINVAL;
    memset(fx + 288, 0, 128);
    fpu_flush(t);
    memcpy(t->fpu, fx, sizeof fx);
    fpu_drop(t);
    return 0;
}

/* The general registers from the user buffer u, len bytes, a word at a
 * time as Linux's genregs_set: those before a refused word stay written.
 * 0, -EFAULT, or -EIO for a refused selector. */
static long set_regs(struct task *t, const void *u, uint32_t len)
{
    for (uint32_t off = 0; off < len; off += 4) {
        uint32_t v;
        if (copy_from_user(&v, (const uint8_t *)u + off, 4))
            return -EFAULT;
        int err = ptrace_putreg(t, off, v);
        if (err)
            return err;
    }
    return 0;
}

/* Set `note` of t, whole, into buf: 0, -ENXIO (no I/O bitmap: the
 * caller copies an ioperm bitmap itself) or -ENODEV (no XSAVE state). */
static long regset_get(struct task *t, uint32_t note, uint8_t buf[FXSAVE_SIZE])
{
    switch (note) {
    case NT_PRSTATUS:
        ptrace_get_regs(t, (struct pt_regs *)buf);
        return 0;
    case NT_PRFPREG:
        fpu_flush(t);
        get_fpregs(t, buf);
        return 0;
    case NT_PRXFPREG:
        fpu_flush(t);
        memcpy(buf, t->fpu, FXSAVE_SIZE);
        return 0;
    case NT_386_TLS:
        for (int i = 0; i < GDT_TLS_ENTRIES; i++)
            tls_get(t, GDT_TLS_MIN + i, (struct user_desc *)buf + i);
        return 0;
    case NT_386_IOPERM:
        return -ENXIO;
    default:
        return -ENODEV;
    }
}

/* len bytes (no more than the set holds) from the user buffer u into set
 * `note` of t. The x87 and SSE sets are written whole or not at all
 * (-EINVAL), as Linux; the I/O bitmap not at all (-EOPNOTSUPP). */
static long regset_set(struct task *t, uint32_t note, const void *u, uint32_t len)
{
    switch (note) {
    case NT_PRSTATUS:
        return set_regs(t, u, len);
    case NT_PRFPREG: {
        uint8_t fp[FSAVE_SIZE];
        if (len != FSAVE_SIZE)
            return -EINVAL;
        if (copy_from_user(fp, u, sizeof fp))
            return -EFAULT;
        set_fpregs(t, fp);
        return 0;
    }
    case NT_PRXFPREG:
        return len == FXSAVE_SIZE ? set_fxregs(t, u) : -EINVAL;
    case NT_386_TLS:
        return tls_set_slots(t, u, (int)(len / sizeof(struct user_desc)));
    case NT_386_IOPERM:
        return -EOPNOTSUPP;
    default:
        return -ENODEV;
    }
}

/* PTRACE_GETREGSET/SETREGSET: set `note` to or from the buffer of the
 * struct iovec at uiov. Its iov_len must be a whole number of the set's
 * elements (-EINVAL, as for an unknown note); it is cut to the set's size
 * and, on success, written back. */
static long ptrace_regset(struct task *t, int request, uint32_t note, uint32_t uiov)
{
    struct iovec iov;
    if (copy_from_user(&iov, (void *)uiov, sizeof iov))
        return -EFAULT;
    const struct regset *rs = find_regset(note);
    if (!rs || iov.iov_len % rs->size)
        return -EINVAL;
    uint32_t len = iov.iov_len < rs->n * rs->size ? iov.iov_len : rs->n * rs->size;
    long err;
    if (request == PTRACE_GETREGSET && note == NT_386_IOPERM && t->io_bitmap) {
        err = copy_to_user(iov.iov_base, ioport_bits(t), len) ? -EFAULT : 0;   /* 8 KiB: not via buf */
    } else if (request == PTRACE_GETREGSET) {
        uint8_t buf[FXSAVE_SIZE];
        err = regset_get(t, note, buf);
        if (!err && len && copy_to_user(iov.iov_base, buf, len))
            err = -EFAULT;
    } else {
        err = regset_set(t, note, iov.iov_base, len);
    }
    if (err)
        return err;
    iov.iov_len = len;
    return copy_to_user(&((struct iovec *)uiov)->iov_len, &iov.iov_len, sizeof iov.iov_len) ? -EFAULT : 0;
}

/* PTRACE_SETREGS, PTRACE_GET/SETFPREGS and PTRACE_GET/SETFPXREGS are the
 * first three sets, whole, at data; PTRACE_GET/SETREGSET any set. 0 or
 * -errno as the set's functions above. */
long ptrace_regset_request(struct task *t, int request, uint32_t addr, uint32_t data)
{
    void *u = (void *)data;
    switch (request) {
    case PTRACE_SETREGS:
        return set_regs(t, u, FRAME_SIZE * 4);
    case PTRACE_GETFPREGS: case PTRACE_GETFPXREGS: {
        uint8_t buf[FXSAVE_SIZE];
        uint32_t len = request == PTRACE_GETFPREGS ? FSAVE_SIZE : FXSAVE_SIZE;
        regset_get(t, request == PTRACE_GETFPREGS ? NT_PRFPREG : NT_PRXFPREG, buf);
        return copy_to_user(u, buf, len) ? -EFAULT : 0;
    }
    case PTRACE_SETFPREGS:
        return regset_set(t, NT_PRFPREG, u, FSAVE_SIZE);
    case PTRACE_SETFPXREGS:
        return regset_set(t, NT_PRXFPREG, u, FXSAVE_SIZE);
    default:                                 /* PTRACE_GETREGSET, PTRACE_SETREGSET */
        return ptrace_regset(t, request, addr, data);
    }
}
