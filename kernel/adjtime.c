/* adjtimex, clock_adjtime and clock_adjtime64, read-only: Pipit keeps
 * no NTP state (its clock is never steered), so a query reports what an
 * unsynchronized Linux does (STA_UNSYNC, TIME_ERROR) and the time; a
 * change is EPERM for everyone but root, and EPERM for root too (the
 * clock cannot be adjusted: docs/decisions.md, 26). */
#include "kernel/kernel.h"
#include "kernel/time.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include <linux/time.h>
#include <linux/timex.h>

#define ADJ_ADJTIME         0x8000           /* Linux's kernel-side names */
#define ADJ_OFFSET_READONLY 0x2000
#define NTP_PHASE_LIMIT     16000000         /* us: the error of a clock never synchronized */

/* The fields after modes, in struct timex order (time: sec, usec). */
enum { F_OFFSET, F_FREQ, F_MAXERR, F_ESTERR, F_STATUS, F_CONSTANT, F_PRECISION,
       F_TOLERANCE, F_SEC, F_USEC, F_TICK, F_PPSFREQ, F_JITTER, F_SHIFT, F_STABIL,
       F_JITCNT, F_CALCNT, F_ERRCNT, F_STBCNT, F_TAI, NFIELDS };

/* Byte offsets of the fields in the 64-bit struct __kernel_timex. */
static const uint8_t off64[NFIELDS] = { 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96,
                                        104, 112, 120, 128, 136, 144, 152, 160 };
static const bool int64_field[NFIELDS] = { 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0,
                                           1, 1, 1, 1, 1, 0 };

/* Linux's timekeeping_validate_timex, for a clock that cannot change. */
static int timex_check(uint32_t modes)
{
    if (modes & ADJ_ADJTIME) {
        if (!(modes & ADJ_OFFSET_SINGLESHOT & ~ADJ_ADJTIME))
            return -EINVAL;
        return modes & ADJ_OFFSET_READONLY ? 0 : -EPERM;
    }
    return modes ? -EPERM : 0;
}

/* Reads the user's timex (time64: struct __kernel_timex, else the old
 * 32-bit one), checks modes, writes the state back. TIME_ERROR or -errno. */
static long do_adjtimex(void *u, bool time64)
{
    uint8_t buf[208];
    size_t size = time64 ? 208 : 128;
    if (copy_from_user(buf, u, size))
        return -EFAULT;
    uint32_t modes = *(uint32_t *)buf;
    int r = timex_check(modes);
    if (r)
        return r;
    struct ktime now = time_now();
    int64_t f[NFIELDS] = { 0 };
    f[F_MAXERR] = f[F_ESTERR] = NTP_PHASE_LIMIT;
    f[F_STATUS] = STA_UNSYNC;
    f[F_CONSTANT] = 2;
    f[F_PRECISION] = 1;
    f[F_TOLERANCE] = 500LL << 16;            /* MAXFREQ_SCALED / PPM_SCALE */
    f[F_SEC] = now.sec;
    f[F_USEC] = now.nsec / 1000;
    f[F_TICK] = 1000000 / HZ;
    for (int i = 0; i < NFIELDS; i++) {
        if (!time64)
            ((int32_t *)buf)[1 + i] = (int32_t)f[i];
        else if (int64_field[i])
            memcpy(buf + off64[i], &f[i], 8);
        else
            memcpy(buf + off64[i], &(int32_t){ (int32_t)f[i] }, 4);
    }
    return copy_to_user(u, buf, size) ? -EFAULT : TIME_ERROR;
}

long sys_adjtimex(void *tx32) { return do_adjtimex(tx32, false); }

/* Only CLOCK_REALTIME can be adjusted on Linux; the other clocks say
 * EOPNOTSUPP, an unknown one EINVAL, before the struct is read. */
static long clock_adjtime(int clk, void *tx, bool time64)
{
    int64_t ns;
    if (clk != CLOCK_REALTIME)
        return clock_read_ns(clk, &ns) < 0 ? -EINVAL : -EOPNOTSUPP;
    return do_adjtimex(tx, time64);
}

long sys_clock_adjtime(int clk, void *tx32) { return clock_adjtime(clk, tx32, false); }
long sys_clock_adjtime64(int clk, void *tx64) { return clock_adjtime(clk, tx64, true); }
