/* Basic types for the kernel: the compiler's freestanding headers only. */
#ifndef TYPES_H
#define TYPES_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint32_t uintptr;
typedef int32_t ssize_t;
typedef int64_t loff_t;

#define KERNEL_VMA   0xC0000000u
#define PAGE_SIZE    4096u
#define PAGE_SHIFT   12
#define PAGE_ALIGN(x) (((uintptr_t)(x) + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1))
#define PAGE_DOWN(x)  ((uintptr_t)(x) & ~(uintptr_t)(PAGE_SIZE - 1))
#define P2V(pa)      ((void *)((uintptr_t)(pa) + KERNEL_VMA))
#define V2P(va)      ((uintptr_t)(va) - KERNEL_VMA)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)    ((a) < (b) ? (a) : (b))
#define MAX(a, b)    ((a) > (b) ? (a) : (b))
#define UNUSED       __attribute__((unused))
#define NORETURN     __attribute__((noreturn))

#endif
