/* The vvar page: time data the kernel publishes for the vDSO's clock
 * functions (kernel/mm/vdso/vclock.c), which read it in user mode without
 * a system call. It is mapped read-only just below the vDSO ([vvar]); the
 * kernel writes it (kernel/mm/vdso.c: vdso_update, at every tick). Shared
 * by the kernel and the vDSO build, so only UAPI types. */
#ifndef VDSO_DATA_H
#define VDSO_DATA_H
#include <linux/types.h>

#define VDSO_CLOCKMODE_NONE 0       /* fine clocks: the vDSO makes the system call */
#define VDSO_CLOCKMODE_TSC  1       /* fine clocks: base + (rdtsc - cycle_last) * mult >> shift */
#define VDSO_CLOCKMODE_TIMENS 0x7fffffff   /* a time namespace's page: offsets, the data after it */
#define VDSO_BASES 8                /* clock ids 0 .. CLOCK_BOOTTIME */

/* One clock at the last update. For the fine clocks (REALTIME, MONOTONIC,
 * MONOTONIC_RAW, BOOTTIME) nsec is shifted left by `shift`, as Linux's
 * vdso_timestamp; for the _COARSE ones it is plain nanoseconds. */
struct vdso_timestamp {
    __u64 sec;
    __u64 nsec;
};

/* A reader takes seq (even: stable), the fields, then seq again, and tries
 * again when it was odd or has changed: the writer makes it odd, writes,
 * makes it even (Linux's seqcount). */
struct vdso_data {
    __u32 seq;
    __s32 clock_mode;               /* VDSO_CLOCKMODE_* */
    __u64 cycle_last;               /* TSC at the update (VDSO_CLOCKMODE_TSC) */
    __u32 mult, shift;              /* TSC cycles to shifted nanoseconds */
    __u32 hres_valid;               /* bit per clock id whose basetime the kernel keeps fine */
    __s32 tz_minuteswest, tz_dsttime;
    union {                         /* indexed by clock id */
        struct vdso_timestamp basetime[VDSO_BASES];
        struct vdso_timestamp offset[VDSO_BASES];  /* a time namespace's: plain nsec */
    };
};

/* A task in a time namespace other than the initial one finds in the
 * vvar page's place its namespace's page (kernel/time_namespace.c): seq
 * is 1 for good and clock_mode VDSO_CLOCKMODE_TIMENS, so a reader that
 * waits for an even seq looks at clock_mode only then (the initial
 * namespace's readers pay nothing), and reads the clock from the page
 * after it, which is then the vvar page, adding offset[clock id]. As
 * Linux's timens page. */

#endif
