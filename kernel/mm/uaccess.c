/* Copies between kernel and user memory (see uaccess.h). The copy loops
 * are single instructions listed in the exception table: when one faults
 * on an address the page-fault handler cannot make valid, the handler
 * resumes at the fixup, which makes the call return -EFAULT. The kernel
 * runs in ring 0, where a present page is readable whatever its user bit,
 * so each copy first stops at the first page the program could not touch
 * (a PROT_NONE page the program touched before is still present). Only an
 * address space that ever had a PROT_NONE area needs that look at all
 * (mm->had_noaccess, set by vm_map and mprotect). */
#include "kernel/kernel.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"

/* One table entry: "if label 1 faults, continue at label 3" (defined just before). */
#define EX_ENTRY "  .pushsection __ex_table, \"a\"\n  .long 1b, 3b\n  .popsection\n"

/* Whether the kernel may touch the page at va for the program: not when
 * it is present but the program itself may not touch it (a PROT_NONE page
 * keeps its frame, without PTE_U). A page not present is left to the
 * copy's fault, which asks the area (vm_fault), and a read-only page
 * faults on a write (CR0.WP): the page tables say it all, at one look per
 * page, whatever the number of areas. */
static inline bool user_page_ok(const uint32_t *pgdir, uintptr_t va)
{
    uint32_t pde = pgdir[PDX(va)];
    if (!(pde & PTE_P) || (pde & PTE_PS))
        return true;                          /* no page table: nothing present */
    uint32_t pte = ((const uint32_t *)P2V(PTE_ADDR(pde)))[PTX(va)];
    return (pte & (PTE_P | PTE_U)) != PTE_P;
}

/* The bytes from p on (at most n) up to the first page the kernel may
 * not touch for the program (user_page_ok), in mm. */
__hot __attribute__((regparm(3))) size_t user_access_scan(struct mm *mm, const void *p, size_t n)
{
    uintptr_t start = (uintptr_t)p, end = start + n;
    for (uintptr_t va = PAGE_DOWN(start); va < end;) {
        if (!(mm->pgdir[PDX(va)] & PTE_P)) {
            va = (va | 0x3FFFFFu) + 1;       /* a whole page table's worth absent */
            continue;
        }
        if (!user_page_ok(mm->pgdir, va))
            return va > start ? va - start : 0;
        va += PAGE_SIZE;
    }
    return n;
}

__hot int copy_from_user(void *dst, const void *usrc, size_t n)
{
    return copy_user_inline(dst, usrc, n, usrc);
}

__hot int copy_to_user(void *udst, const void *src, size_t n)
{
    return copy_user_inline(udst, src, n, udst);
}

int clear_user(void *udst, size_t n)
{
    if (!user_range_ok(udst, n))
        return -EFAULT;
    size_t ok = user_access_len(udst, n), left = n - ok;
    n = ok;
    __asm__ volatile(
        "1: rep stosb\n"
        "2:\n"
        "  .pushsection .text.fixup, \"ax\"\n"
        "3: jmp 2b\n"
        "  .popsection\n"
        EX_ENTRY
        : "+D"(udst), "+c"(n) : "a"(0) : "memory");
    return n || left ? -EFAULT : 0;
}

__hot /* One load (insn) from the address in operand 2 into operand 1; a fault
 * the handler cannot mend puts operand 3 (-EFAULT) into operand 0. */
#define GUARDED_LOAD(insn) \
    "1: " insn " (%2), %1\n" \
    "2:\n" \
    "  .pushsection .text.fixup, \"ax\"\n" \
    "3: movl %3, %0\n" \
    "  jmp 2b\n" \
    "  .popsection\n" \
    EX_ENTRY

int get_user32(uint32_t *out, const void *usrc)
{
    uintptr_t a = (uintptr_t)usrc;
    uint32_t v = 0;
    int err = 0;
    if (!user_range_ok(usrc, 4))
        return -EFAULT;
    if ((a & (PAGE_SIZE - 1)) > PAGE_SIZE - 4)
        return copy_from_user(out, usrc, 4);  /* across two pages */
    if (user_access_len(usrc, 4) < 4)
        return -EFAULT;
    __asm__ volatile(GUARDED_LOAD("movl") : "+r"(err), "+r"(v) : "r"(usrc), "i"(-EFAULT));
    *out = v;
    return err;
}

int probe_read_byte(const void *addr, uint8_t *out)
{
    int err = 0;
    uint8_t v = 0;
    __asm__ volatile(GUARDED_LOAD("movb") : "+r"(err), "=q"(v) : "r"(addr), "i"(-EFAULT));
    *out = v;
    return err;
}

int strncpy_from_user(char *dst, const char *usrc, size_t max)
{
    uintptr_t a = (uintptr_t)usrc;
    size_t room = a < KERNEL_VMA ? MIN(max, KERNEL_VMA - a) : 0;
    size_t readable = user_access_len(usrc, room);
    for (size_t i = 0; i < max; i++) {
        uint8_t c;
        if (i >= readable || probe_read_byte(usrc + i, &c))
            return -EFAULT;
        dst[i] = (char)c;
        if (!c)
            return (int)i;
    }
    if (max)
        dst[max - 1] = 0;
    return -ENAMETOOLONG;
}

/* Reads in pieces that never cross a page: readable or not is a page's
 * property, so a piece that faults holds no byte of the string. */
size_t strnlen_user(const char *usrc, size_t max)
{
    char buf[64];
    for (size_t done = 0; done < max;) {
        uintptr_t at = (uintptr_t)usrc + done;
        size_t n = MIN(MIN(sizeof buf, max - done), PAGE_SIZE - (at & (PAGE_SIZE - 1)));
        if (copy_from_user(buf, (const char *)at, n))
            return 0;
        size_t len = strnlen(buf, n);
        if (len < n)
            return done + len + 1;
        done += n;
    }
    return max + 1;
}

uint32_t ex_table_lookup(uint32_t eip)
{
    extern const struct ex_entry __ex_table_start[], __ex_table_end[];
    for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
        if (e->insn == eip)
            return e->fixup;
    return 0;
}

/* A struct of usize bytes from the user into one of ksize (Linux's
 * copy_struct_from_user, for extensible structs: clone3, openat2): what
 * the user did not give is zeros, and what the kernel does not know must
 * be zeros (-E2BIG). 0, -E2BIG or -EFAULT. */
long copy_struct_from_user(void *dst, size_t ksize, const void *usrc, size_t usize)
{
    const uint8_t *src = usrc;
    memset(dst, 0, ksize);
    for (size_t off = ksize; off < usize;) {
        uint8_t chunk[64];
        size_t n = MIN(sizeof chunk, usize - off);
        if (copy_from_user(chunk, src + off, n))
            return -EFAULT;
        for (size_t i = 0; i < n; i++)
            if (chunk[i])
                return -E2BIG;
        off += n;
    }
    return copy_from_user(dst, src, MIN(ksize, usize)) ? -EFAULT : 0;
}
