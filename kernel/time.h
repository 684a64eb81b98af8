/* Wall-clock and monotonic time, from the RTC at boot plus the tick count. */
#ifndef TIME_H
#define TIME_H
#include "kernel/types.h"

struct ktime { int64_t sec; int32_t nsec; };

void time_init(void);                      /* reads the RTC once */
struct ktime time_now(void);               /* CLOCK_REALTIME */
struct ktime time_mono(void);              /* CLOCK_MONOTONIC: since boot */
/* A user's timespec, 32-bit or (ts64) 64-bit words. 0 or -EFAULT. */
int get_user_timespec(const void *u, bool ts64, int64_t *sec, int64_t *nsec);
int timeout_from_user(const void *uts, bool ts64, int32_t *ticks);   /* -1: none */

#endif
