/* The only ways the kernel touches user memory. Each checks that the range
 * lies below KERNEL_VMA and that the protections allow the access
 * (reading needs PROT_READ, PROT_WRITE or PROT_EXEC; writing PROT_WRITE),
 * and recovers from page faults through the exception table, so a bad
 * pointer is -EFAULT and never a panic. */
#ifndef UACCESS_H
#define UACCESS_H
#include "kernel/types.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"

int copy_from_user(void *dst, const void *usrc, size_t n);      /* 0 or -EFAULT */
int copy_to_user(void *udst, const void *src, size_t n);        /* 0 or -EFAULT */
/* copy_from_user of one 32-bit word, in one load (Linux's get_user). */
int get_user32(uint32_t *out, const void *usrc);
long copy_struct_from_user(void *dst, size_t ksize, const void *usrc, size_t usize);
/* Copies a string of at most max-1 bytes; returns its length, -EFAULT, or
 * -ENAMETOOLONG when no terminator is found within max bytes. */
int strncpy_from_user(char *dst, const char *usrc, size_t max);
/* The length of the string at usrc with its terminator (Linux's
 * strnlen_user): 0 when a byte before the terminator cannot be read,
 * more than max when the first max bytes hold none. */
size_t strnlen_user(const char *usrc, size_t max);
int clear_user(void *udst, size_t n);

/* Reads one byte at any kernel or user address, recovering from a fault:
 * 0 or -EFAULT. Used by self-tests and debuggers. */
int probe_read_byte(const void *addr, uint8_t *out);

/* The exception table: a faulting instruction at `insn` resumes at `fixup`. */
struct ex_entry { uint32_t insn, fixup; };
uint32_t ex_table_lookup(uint32_t eip);    /* fixup address or 0 */

/* The steps of copy_from_user and copy_to_user, inline for the few
 * callers that copy on every read and write (fs/vfs.h: iter_copy()). */
static inline bool user_range_ok(const void *p, size_t n)
{
    uintptr_t a = (uintptr_t)p;
    return a < KERNEL_VMA && n <= KERNEL_VMA - a;
}

/* The bytes from p on (at most n) up to the first page the kernel may
 * not touch for the program (user_page_ok), in mm (uaccess.c). */
size_t user_access_scan(struct mm *mm, const void *p, size_t n)
    __attribute__((regparm(3)));              /* arguments in registers, as a static function's */

/* The same for current, at the cost of one test when its address space
 * never had a PROT_NONE area. */
static inline __attribute__((always_inline)) size_t user_access_len(const void *p, size_t n)
{
    struct mm *mm = current ? current->mm : NULL;
    if (!mm || !n || !mm->had_noaccess)
        return n;                             /* no PROT_NONE page can be in the way */
    return user_access_scan(mm, p, n);
}

/* A move of one dword at byte offset off, both halves in the exception
 * table: a fault that cannot be mended goes to label 6 of copy_guarded. */
#define GUARDED_MOVE(off) \
    "9: movl " #off "(%%esi), %%eax\n" EX_TO_6 \
    "9: movl %%eax, " #off "(%%edi)\n" EX_TO_6
#define EX_TO_6 "  .pushsection __ex_table, \"a\"\n  .long 9b, 6f\n  .popsection\n"

/* Copies 32 bytes a loop step with plain moves (under QEMU's TCG each step
 * of a rep prefix is a pass through a translated block, dearer than eight
 * moves), then dwords and the odd bytes by rep. A fault in a 32-byte step
 * goes back to its start and lets the reps copy the rest, so that the
 * count left is exact to the byte. Returns the bytes left uncopied (the
 * reps' fixups turn the count in ecx back into bytes). */
static inline __attribute__((always_inline)) size_t copy_guarded(void *dst, const void *src, size_t n)
{
    __asm__ volatile(
        "   cmp $32, %%ecx\n"
        "   jb 20f\n"
        "10:\n"
        GUARDED_MOVE(0) GUARDED_MOVE(4) GUARDED_MOVE(8) GUARDED_MOVE(12)
        GUARDED_MOVE(16) GUARDED_MOVE(20) GUARDED_MOVE(24) GUARDED_MOVE(28)
        "   add $32, %%esi\n"
        "   add $32, %%edi\n"
        "   sub $32, %%ecx\n"
        "   cmp $32, %%ecx\n"
        "   jae 10b\n"
        "20: mov %%ecx, %%edx\n"
        "   shr $2, %%ecx\n"
        "   and $3, %%edx\n"
        "1: rep movsl\n"
        "   mov %%edx, %%ecx\n"
        "4: rep movsb\n"
        "2:\n"
        "  .pushsection .text.fixup, \"ax\"\n"
        "3: lea (%%edx, %%ecx, 4), %%ecx\n"
        "   jmp 2b\n"
        "5: jmp 2b\n"
        "6: jmp 20b\n"
        "  .popsection\n"
        "  .pushsection __ex_table, \"a\"\n"
        "  .long 1b, 3b\n"
        "  .long 4b, 5b\n"
        "  .popsection\n"
        : "+D"(dst), "+S"(src), "+c"(n) : : "eax", "edx", "memory");
    return n;
}

#undef GUARDED_MOVE
#undef EX_TO_6

/* copy_from_user (user == src) or copy_to_user (user == dst): what the
 * protections allow, as far as a fault lets it, and -EFAULT if that is
 * not all (like a fault half-way); else 0. */
static inline __attribute__((always_inline))
int copy_user_inline(void *dst, const void *src, size_t n, const void *user)
{
    if (!user_range_ok(user, n))
        return -EFAULT;
    size_t ok = user_access_len(user, n);
    return copy_guarded(dst, src, ok) || ok < n ? -EFAULT : 0;
}

#endif
