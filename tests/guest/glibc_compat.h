/* glibc_compat.h - forced into the glibc builds of the guest tests
 * (Makefile: GLIBC_TESTS, -include). musl's <sys/syscall.h> names the
 * 32-bit-time system calls SYS_*_time32 / SYS_*32; glibc keeps Linux's
 * plain names for them. The numbers are the same (asm/unistd_32.h). */
#ifndef GLIBC_COMPAT_H
#define GLIBC_COMPAT_H
#include <sys/syscall.h>

#define SYS_gettimeofday_time32		SYS_gettimeofday
#define SYS_settimeofday_time32		SYS_settimeofday
#define SYS_clock_gettime32		SYS_clock_gettime
#define SYS_clock_settime32		SYS_clock_settime
#define SYS_clock_getres_time32		SYS_clock_getres
#define SYS_clock_nanosleep_time32	SYS_clock_nanosleep
#define SYS_timer_settime32		SYS_timer_settime
#define SYS_timer_gettime32		SYS_timer_gettime
#define SYS_timerfd_settime32		SYS_timerfd_settime
#define SYS_timerfd_gettime32		SYS_timerfd_gettime

#endif
