/* memfd_secret(2)'s files (kernel/mm/secretmem.c). */
#ifndef SECRETMEM_H
#define SECRETMEM_H
#include "kernel/types.h"

#define SECRETMEM_DEV MKDEV(0, 14)          /* st_dev of its files: Linux's secretmem mount */

struct inode;
struct vm_area;

bool inode_is_secretmem(const struct inode *ip);   /* /proc/<pid>/fd shows "/secretmem (deleted)" */
bool vma_is_secretmem(const struct vm_area *a);    /* locked for good: mlock and munlock pass it by */

#endif
