/* The only ways the kernel touches user memory. Each checks that the range
 * lies below KERNEL_VMA and that the protections allow the access
 * (reading needs PROT_READ, PROT_WRITE or PROT_EXEC; writing PROT_WRITE),
 * and recovers from page faults through the exception table, so a bad
 * pointer is -EFAULT and never a panic. */
#ifndef UACCESS_H
#define UACCESS_H
#include "kernel/types.h"

int copy_from_user(void *dst, const void *usrc, size_t n);      /* 0 or -EFAULT */
int copy_to_user(void *udst, const void *src, size_t n);        /* 0 or -EFAULT */
/* copy_from_user of one 32-bit word, in one load (Linux's get_user). */
int get_user32(uint32_t *out, const void *usrc);
/* Copies a string of at most max-1 bytes; returns its length, -EFAULT, or
 * -ENAMETOOLONG when no terminator is found within max bytes. */
int strncpy_from_user(char *dst, const char *usrc, size_t max);
int clear_user(void *udst, size_t n);

/* Reads one byte at any kernel or user address, recovering from a fault:
 * 0 or -EFAULT. Used by self-tests and debuggers. */
int probe_read_byte(const void *addr, uint8_t *out);

/* The exception table: a faulting instruction at `insn` resumes at `fixup`. */
struct ex_entry { uint32_t insn, fixup; };
uint32_t ex_table_lookup(uint32_t eip);    /* fixup address or 0 */

#endif
