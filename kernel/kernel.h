/* The kernel's index: what each core part offers to the others.
 * Subsystems include this and the header of the part they use. */
#ifndef KERNEL_H
#define KERNEL_H
#include "kernel/types.h"
#include <asm-generic/errno.h>

/* Internal: "restart the system call if the handler has SA_RESTART, else
 * fail with EINTR". Never reaches user space. */
#define ERESTARTSYS 512
/* Internal: "restart if no handler runs, else fail with EINTR" (poll,
 * select, nanosleep, pause-like waits), as Linux's ERESTARTNOHAND. */
#define ERESTARTNOHAND 514
/* Internal: "restart whether a handler runs or not" (FUTEX_LOCK_PI), as
 * Linux's ERESTARTNOINTR. */
#define ERESTARTNOINTR 513

/* printk.c: formatted output to every console (serial and VGA). */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int klog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));   /* log only, not console */
void klog_store(const char *s, size_t n);
int vprintk_emit(bool to_console, const char *fmt, va_list ap);   /* what both share */
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* panic.c: stop everything with a message, registers and a backtrace. */
NORETURN void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern uint32_t tainted_mask;               /* kernel.tainted */
void backtrace(uint32_t ebp, uint32_t eip);
#define assert(c) do { if (!(c)) panic("assertion failed: %s at %s:%d", #c, __FILE__, __LINE__); } while (0)
/* Invariant checks that cost time: only in `make DEBUG=1` kernels. */
#ifdef DEBUG
#define DEBUG_CHECK(c) assert(c)
#define DEBUG_ON 1
#else
#define DEBUG_CHECK(c) ((void)0)
#define DEBUG_ON 0
#endif

/* drivers/power.c: leave QEMU through isa-debug-exit (status 0 = success). */
NORETURN void qemu_exit(int status);

/* drivers/console.c: bytes to the serial port and the VGA screen. */
void console_write(const char *s, size_t n);      /* \n becomes \r\n */
void console_raw_write(const char *s, size_t n);  /* bytes as they are */
void serial_init(void);
void serial_putc(char c);
void vga_init(void);
void vga_putc(char c);

/* string.c */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *d, const char *s, size_t n);

/* random.c: pseudo-random bytes (not for cryptography) */
uint32_t random_u32(void);
long random_to_user(char *ubuf, size_t n);   /* n or -EFAULT */

/* cmdline.c: the Multiboot command line as key=value words. */
void cmdline_init(const char *s);
const char *cmdline_get(const char *key);   /* NULL when absent */
const char *cmdline_raw(void);
int cmdline_words(char ***words);         /* all words, kernel path dropped */

/* drivers/timer.c, drivers/rtc.c: time. */
extern volatile uint32_t jiffies;
uint64_t jiffies64(void);                   /* jiffies that never wrap (timer.c) */
void jiffies_update(void);                 /* the tick: jiffies caught up with the clock */
/* The hot path: system-call entry and exit, the switch, wait queues, the
 * pipe's read and write. linker.ld puts these functions together at the
 * start of .text, so that under QEMU's TCG they share a few pages: a jump
 * or call inside a page is chained directly, one across pages is looked
 * up, and after a TLB flush (every CR3 write) each page touched costs a
 * refill. Small and cold functions need no mark. */
#define __hot __attribute__((section(".text.hot")))
/* The variables every system call or switch reads or writes (the current
 * task, the run queue, the TSS and GDT, the system-call table...). The
 * CR3 write of a switch empties QEMU's TLB; linker.ld puts these together
 * at the start of .data, so that the way through the kernel refills one
 * page for them, not one per object file. Constant ones are __hot_rodata. */
#define __hot_data __attribute__((section(".data.hot")))
#define __hot_rodata __attribute__((section(".data.hot.ro")))

#define HZ 100
void timer_init(void);
void rtc_read(int *year, int *mon, int *day, int *hour, int *min, int *sec);
int64_t rtc_epoch(void);                    /* seconds since 1970 at boot */

#endif
