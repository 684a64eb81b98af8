/* The system-call fuzzer: seeded random calls (numbers 0..450, arguments
 * that are small numbers, flags, lengths, pointers into our own buffers,
 * NULL, kernel-half and unmapped addresses, buffers that straddle into an
 * unmapped page) made by worker processes, several at once, each batch in
 * a fresh child in its own session and its own directory under /tmp/fuzz,
 * so that the fuzzer killing itself does not stop the run. The kernel must
 * neither panic nor hang, and must give back every page and kmalloc object:
 * the first process takes the kernel's memory account (tests/guest/kmem.h),
 * runs the whole fuzz in a child (the supervisor), removes what the run
 * left in the file system and in System V IPC, and takes the account again.
 * Runs as init (tests/torture/run.py, in a throw-away root) or, as root,
 * from a shell.
 *
 * Usage: fuzz [-s seed] [-n calls] [-p workers] [-b calls-per-batch]
 *             [-B batch] [-v] [-x nr,nr...] [-o nr,nr...] [-L] [-e entry]
 *   -B runs only that batch (to reproduce); -v prints each call first;
 *   -x skips more call numbers (to look past a bug already found);
 *   -o makes only those calls (a focused run: -o 240,422,311,312);
 *   -L takes the account around every batch (with -p 1) and names each
 *      batch after which it differs: where to look for a leak;
 *   -e how the calls enter the kernel: 0 int $0x80, 1 the vDSO's
 *      __kernel_vsyscall (AT_SYSINFO: sysenter), 2 (the default) the two
 *      in turn, call by call (the seed's calls stay the same). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/auxv.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/msg.h>
#include <sys/reboot.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <asm/ldt.h>
#include <linux/sched.h>
#include <asm/unistd_32.h>           /* the UAPI numbers (musl renames some) */
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/inotify.h>
#include "../guest/kmem.h"
#include "ipc_cleanup.h"

#define MAX_NR      451
#define MAXW        8
#define PAGE        4096
#define SCRATCH_PAGES 16
#define MAX_FORKS   3            /* per batch: no fork bombs here (stress has one) */
#define STUCK_MS    400          /* a worker that makes no progress this long is killed */

/* Calls that would legitimately end the run or the machine, take the
 * fuzzer out of its sandbox for good, or block without end. */
static const int skip_list[] = {
    __NR_exit, __NR_exit_group, __NR_reboot, __NR_execve, __NR_execveat, __NR_vfork,
    __NR_pause, __NR_rt_sigsuspend, __NR_sigsuspend, __NR_iopl, __NR_ioperm, __NR_vm86, __NR_vm86old,
    __NR_kexec_load, __NR_chroot, __NR_pivot_root, __NR_mount, __NR_umount2,
    __NR_umount, __NR_swapon, __NR_swapoff, __NR_settimeofday, __NR_clock_settime, __NR_stime,
    __NR_adjtimex, __NR_clock_adjtime, __NR_acct, __NR_setns, __NR_unshare,
#ifdef __NR_clock_settime64
    __NR_clock_settime64, __NR_clock_adjtime64,
#endif
    /* and calls whose objects Linux keeps for good: each uid's user
     * keyrings, made at its first key call, live as long as the user
     * namespace (its register), so the memory account at the end would
     * count them. t_keyctl_guest makes random key calls of its own. */
    __NR_add_key, __NR_request_key, __NR_keyctl,
};

/* Per worker slot, shared with the supervisor: progress and the call in flight. */
struct slot {
    volatile uint32_t calls;
    volatile int32_t nr;
    volatile uint32_t args[6];
    volatile int32_t batch;
};

static struct slot *shared;
static uint32_t *fwords;                       /* 16 futex words all workers share (in shared's page) */
static uint64_t seed = 1;
static bool verbose;
static int me;                                 /* our slot, in a worker */
static int null_fd = -1;                       /* /dev/null, the workers' stdio */

static uint64_t rng;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}
static uint32_t below(uint32_t n) { return n ? rnd() % n : 0; }

/* The worker's memory: a random area, a page followed by an unmapped one,
 * and a scratch mapping that munmap/mprotect/mremap may take apart. */
static char area[4 * PAGE] __attribute__((aligned(PAGE)));
static char *edge;                             /* edge + PAGE is unmapped */
static char *noaccess, *readonly;              /* touched, then PROT_NONE / PROT_READ */
static char *scratch;
static int fds[20], nfds;
static int epfds[2];                           /* epfds[1] watches epfds[0], which watches the pipe and sockets */
static pid_t self_pid;
static const struct timespec short_ts = { 0, 1000000 };
static const long short_tv[2] = { 0, 1000 };
static const int64_t short_ts64[2] = { 0, 1000000 };

static const char *const paths[] = {
    "f0", "f1", "d0", "d0/f", "d0/d1", "fifo", "sock", "ln", ".", "..", "", "/",
    "/dev/null", "/dev/zero", "/proc/self/stat", "/proc/stat", "/proc/sysvipc/msg",
    "/proc/self/pagemap", "/proc/self/smaps", "/proc/self/status", "/proc/cpuinfo",
    "/proc/self/fdinfo/0", "/proc/self/mountinfo",
    "f0/", "d0/../f1", "//d0///f",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

static uint32_t random_pointer(void)
{
    switch (below(12)) {
    case 0: return 0;
    case 1: return 0xC0000000u + (below(0x100000) << 2);              /* kernel half */
    case 2: return 0xFFFFF000u + below(PAGE);
    case 3: return (uint32_t)(uintptr_t)edge + PAGE - below(16);      /* straddles */
    case 4: return (uint32_t)(uintptr_t)edge + PAGE + below(PAGE);    /* unmapped */
    case 5: return 0x1000 + below(0x1000);                            /* low, unmapped */
    case 6: return (uint32_t)(uintptr_t)paths[below(sizeof paths / sizeof paths[0])];
    case 7: return (uint32_t)(uintptr_t)noaccess + below(PAGE);       /* present, PROT_NONE */
    case 8: return (uint32_t)(uintptr_t)readonly + below(PAGE);       /* present, read-only */
    default: return (uint32_t)(uintptr_t)area + below(sizeof area);
    }
}

static uint32_t random_arg(void)
{
    static const uint32_t lengths[] = { 0, 1, 2, 4, 8, 16, 100, 4095, 4096, 4097, 65536,
                                        0x7fffffff, 0x80000000u, 0xffffffffu };
    switch (below(12)) {
    case 0: case 1: return below(66) - 1;                              /* -1..64 */
    case 2: return rnd() ^ (rnd() << 16);
    case 3: return (1u << below(32)) | (below(2) ? 1u << below(32) : 0);  /* flags */
    case 4: return lengths[below(sizeof lengths / sizeof lengths[0])];
    case 5: return nfds ? (uint32_t)fds[below(nfds)] : 3;               /* open fds */
    case 6: return below(2) ? 0 : (uint32_t)-1;
    default: return random_pointer();
    }
}

/* A futex word: mostly one the workers share or one of our own (so waits
 * really sleep and wakes find them), sometimes unaligned, read-only or any
 * pointer at all. *known: the word may be read (its value is a good val). */
static uint32_t futex_word(bool *known)
{
    *known = false;
    switch (below(8)) {
    case 0: return random_pointer();
    case 1: return (uint32_t)(uintptr_t)area + below(64);
    case 2: return (uint32_t)(uintptr_t)readonly + below(16) * 4;
    case 3: *known = true; return (uint32_t)(uintptr_t)area + below(16) * 4;
    default: *known = true; return (uint32_t)(uintptr_t)(fwords + below(16));
    }
}

/* The timeout of a waiting futex command, never none and always short: a
 * relative one for FUTEX_WAIT, an absolute one just ahead on the op's clock
 * for the others, sometimes malformed (the kernel must say EINVAL). */
static uint32_t futex_timeout(uint32_t op, bool ts64)
{
    static int32_t t32[2];
    static int64_t t64[2];
    int64_t sec = 0, nsec = below(2000000);
    if ((op & 127) != 0) {                            /* not FUTEX_WAIT: absolute */
        struct timespec now;
        clock_gettime(op & 256 ? CLOCK_REALTIME : CLOCK_MONOTONIC, &now);
        sec = now.tv_sec;
        nsec += now.tv_nsec;
        if (nsec >= 1000000000) { sec++; nsec -= 1000000000; }
    }
    if (!below(8))
        nsec = below(2) ? 1000000000 : -1;
    if (ts64) {
        t64[0] = sec; t64[1] = nsec;
        return (uint32_t)(uintptr_t)t64;
    }
    t32[0] = (int32_t)sec; t32[1] = (int32_t)nsec;
    return (uint32_t)(uintptr_t)t32;
}

/* POSIX timers and interval timers: mostly a real clock, sigevent and
 * timer id, values from a nanosecond to a few milliseconds (intervals as
 * short as 1 ns), so that timers fire, overrun and re-arm while the
 * worker runs; sometimes anything at all. */
static int32_t timer_ids[4];
static void fix_timer(int nr, uint32_t *a)
{
    static const int32_t clocks[] = { 0, 1, 2, 3, 4, 5, 6, 7, 11, 16, -6, -2, -1 };
    static const int32_t notifies[] = { 0, 1, 2, 4, 3, 99 };
    static const int32_t signos[] = { SIGUSR1, SIGUSR2, SIGALRM, 34, 64, 0, 65 };
    static int32_t ev[16];
    static int32_t its[8];
    static uint32_t out[8];
    if (below(8) == 0)
        return;                                         /* the random arguments as they are */
    if (nr == __NR_timer_create) {
        a[0] = (uint32_t)clocks[below(sizeof clocks / sizeof clocks[0])];
        ev[0] = (int32_t)rnd();
        ev[1] = signos[below(sizeof signos / sizeof signos[0])];
        ev[2] = notifies[below(sizeof notifies / sizeof notifies[0])];
        ev[3] = below(4) ? self_pid : (int32_t)random_arg();
        a[1] = below(4) ? (uint32_t)(uintptr_t)ev : below(2) ? 0 : random_pointer();
        a[2] = below(8) ? (uint32_t)(uintptr_t)&timer_ids[below(4)] : random_pointer();
        return;
    }
    a[0] = below(8) ? (uint32_t)timer_ids[below(4)] : random_arg();
    if (nr == __NR_timer_settime || nr == __NR_timer_settime64 || nr == __NR_setitimer) {
        bool t64 = nr == __NR_timer_settime64;
        int n = t64 ? 8 : 4;
        for (int i = 0; i < n; i += t64 ? 2 : 1)
            its[i] = (int32_t)(i % (t64 ? 4 : 2) ? below(3000000) : below(8) == 0);
        if (nr == __NR_setitimer) {
            a[0] = below(4);                            /* ITIMER_REAL, _VIRTUAL, _PROF, bad */
            its[1] %= 1000000;
            its[3] %= 1000000;
        } else {
            a[1] = below(4) ? 0 : below(2) ? 1 : rnd(); /* TIMER_ABSTIME, junk */
        }
        a[nr == __NR_setitimer ? 1 : 2] = below(8) ? (uint32_t)(uintptr_t)its : random_pointer();
        a[nr == __NR_setitimer ? 2 : 3] = below(2) ? 0 : below(2) ? (uint32_t)(uintptr_t)out : random_pointer();
    } else if (nr == __NR_timer_gettime || nr == __NR_timer_gettime64 || nr == __NR_getitimer) {
        if (nr == __NR_getitimer)
            a[0] = below(4);
        a[1] = below(4) ? (uint32_t)(uintptr_t)out : random_pointer();
    }
}

/* futex and futex_time64: every command (0..13: the PI ones too) with and
 * without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME, values that match
 * the word, small counts, every WAKE_OP encoding, two words that may be
 * the same; a waiting command always gets a bounded timeout. */
static void fix_futex(int nr, uint32_t *a)
{
    bool known, known2;
    uint32_t op = below(16) ? below(14) | (below(2) ? 128 : 0) | (below(4) ? 0 : 256) : rnd();
    uint32_t cmd = op & ~384u;
    a[0] = futex_word(&known);
    a[1] = op;
    a[4] = below(4) ? futex_word(&known2) : a[0];
    uint32_t cur = known ? *(volatile uint32_t *)(uintptr_t)a[0] : 0;
    a[2] = below(4) ? (known && below(4) ? cur : below(5)) : rnd();
    if (cmd == 0 || cmd == 6 || cmd == 9 || cmd == 11 || cmd == 13)
        a[3] = futex_timeout(op, nr != __NR_futex);
    else
        a[3] = below(8) ? below(4) : rnd();                  /* val2: a count */
    switch (below(4)) {
    case 0: a[5] = rnd(); break;
    case 1: a[5] = cur; break;
    case 2: a[5] = 1u << below(32); break;
    default: a[5] = (below(10) << 28) | (below(8) << 24) | (rnd() & 0xFFFFFF); break;   /* WAKE_OP */
    }
}

/* POSIX queues: names that exist or could (and bad ones), attributes
 * small enough to be made, the real-time absolute timeouts futex_timeout
 * makes (short, sometimes malformed), and every kind of notification. */
static void fix_mq(int nr, uint32_t *a)
{
    static const char *const names[] = { "fz0", "fz1", "fz2", "fz/x", "", ".", "..", "/fz0" };
    static long attr[8];
    static struct { int32_t value, signo, notify, pad[13]; } ev;
    uint32_t name = below(8) ? (uint32_t)(uintptr_t)names[below(8)] : random_pointer();
    switch (nr) {
    case __NR_mq_open:
        a[0] = name;
        a[1] = below(8) ? (below(4) ? O_CREAT : 0) | below(4) | (below(2) ? O_NONBLOCK : 0) |
                          (below(4) ? 0 : O_EXCL) : a[1];
        attr[1] = below(4) ? (long)below(12) : (long)rnd();
        attr[2] = below(4) ? (long)below(9000) : (long)rnd();
        a[3] = below(4) ? (uint32_t)(uintptr_t)attr : below(2) ? 0 : random_pointer();
        break;
    case __NR_mq_unlink:
        a[0] = name;
        break;
    case __NR_mq_timedsend: case __NR_mq_timedreceive:
    case __NR_mq_timedsend_time64: case __NR_mq_timedreceive_time64:
        a[1] = below(4) ? (uint32_t)(uintptr_t)area + below(PAGE) : random_pointer();
        a[2] = below(4) ? below(9000) : a[2];
        if (nr == __NR_mq_timedsend || nr == __NR_mq_timedsend_time64)
            a[3] = below(4) ? below(4) : a[3];
        else if (below(2))
            a[3] = (uint32_t)(uintptr_t)area + below(16) * 4;
        a[4] = futex_timeout(256, nr == __NR_mq_timedsend_time64 || nr == __NR_mq_timedreceive_time64);
        break;
    case __NR_mq_notify:
        ev.notify = below(8) ? (int32_t)below(3) : (int32_t)rnd();
        ev.signo = below(8) ? (int32_t)below(66) : (int32_t)rnd();
        ev.value = below(2) ? (int32_t)(uintptr_t)area : (int32_t)random_pointer();
        a[1] = below(4) ? (uint32_t)(uintptr_t)&ev : below(2) ? 0 : random_pointer();
        break;
    case __NR_mq_getsetattr:
        attr[0] = below(2) ? (below(2) ? O_NONBLOCK : 0) : (long)rnd();
        a[1] = below(2) ? (uint32_t)(uintptr_t)attr : below(2) ? 0 : random_pointer();
        a[2] = below(2) ? (uint32_t)(uintptr_t)area + below(64) : below(2) ? 0 : random_pointer();
        break;
    }
}

/* An itimerspec of 32- or 64-bit words: at most 2 ms ahead, a tiny
 * interval or none, now and then a malformed field (EINVAL). */
static uint32_t fix_itimerspec(bool ts32)
{
    static int32_t t32[4];
    static int64_t t64[4];
    int64_t v[4] = { 0, below(4) ? 0 : below(3000), 0, below(2000000) };
    if (!below(8))
        v[below(4)] = below(2) ? -1 : 1000000000;
    for (int i = 0; i < 4; i++) {
        t32[i] = (int32_t)v[i];
        t64[i] = v[i];
    }
    return ts32 ? (uint32_t)(uintptr_t)t32 : (uint32_t)(uintptr_t)t64;
}

/* epoll: mostly one of our sets (which watch each other and our pipe
 * and sockets), ops and events near the real ones, never a wait without
 * end. */
static void fix_epoll(int nr, uint32_t *a)
{
    static struct epoll_event ev;
    static const uint32_t bits[] = { EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLPRI, EPOLLERR, EPOLLHUP,
                                     EPOLLET, EPOLLONESHOT, EPOLLEXCLUSIVE, EPOLLWAKEUP };
    if (below(4))
        a[0] = (uint32_t)epfds[below(2)];
    if (nr == __NR_epoll_ctl) {
        if (below(4))
            a[1] = below(5);
        ev.events = 0;
        for (int i = below(4); i > 0; i--)
            ev.events |= bits[below(sizeof bits / sizeof bits[0])];
        ev.data.u64 = rnd();
        if (below(4))
            a[3] = (uint32_t)(uintptr_t)&ev;
        return;
    }
    if (below(4))
        a[2] = below(8);
    if (nr == __NR_epoll_pwait2)
        a[3] = (uint32_t)(uintptr_t)&short_ts64;
    else
        a[3] = below(3);
}

static bool in_scratch(uint32_t a)
{
    uint32_t s = (uint32_t)(uintptr_t)scratch;
    return a >= s && a < s + SCRATCH_PAGES * PAGE;
}

static uint32_t scratch_end(void) { return (uint32_t)(uintptr_t)scratch + SCRATCH_PAGES * PAGE; }

/* PTRACE_PEEKUSER/POKEUSER of a debug register (u_debugreg at 252 in the
 * i386 struct user): DR0-DR3 get an address in the scratch area or a
 * kernel one (which the kernel must refuse), DR6 and DR7 any bits. */
static void fix_debugreg(uint32_t *a)
{
    uint32_t i = below(8);
    a[0] = below(2) ? PTRACE_POKEUSER : PTRACE_PEEKUSER;
    a[2] = 252 + 4 * i + (below(16) ? 0 : below(4));
    if (a[0] == PTRACE_PEEKUSER)
        a[3] = (uint32_t)(uintptr_t)area;
    else if (i < 4)
        a[3] = below(2) ? (uint32_t)(uintptr_t)scratch + below(SCRATCH_PAGES * PAGE)
                        : 0xC0000000u + below(0x100000) * 4;
}

/* Keeps a call from hurting the fuzzer instead of the kernel. */
static void fix_args(int nr, uint32_t *a)
{
    switch (nr) {
    case __NR_kill: case __NR_tkill: case __NR_rt_sigqueueinfo: case __NR_setpgid:
    case __NR_sched_setscheduler: case __NR_sched_setparam: case __NR_sched_setaffinity:
    case __NR_sched_setattr:
    case __NR_prlimit64: case __NR_ptrace: case __NR_pidfd_open:
        if (nr == __NR_ptrace) {
            a[1] = below(2) ? (uint32_t)self_pid : 0;
            if (below(4) == 0)
                fix_debugreg(a);
        }
        else
            a[0] = below(2) ? (uint32_t)self_pid : 0;
        break;
    case __NR_tgkill: case __NR_rt_tgsigqueueinfo:
        a[0] = a[1] = (uint32_t)self_pid;
        break;
    case __NR_process_vm_readv: case __NR_process_vm_writev: {   /* ourselves, and a write */
        static uint32_t remote[2];                               /* only into the random area */
        a[0] = below(2) ? (uint32_t)self_pid : 0;
        if (nr == __NR_process_vm_writev || below(2)) {
            remote[0] = (uint32_t)(uintptr_t)area + below(PAGE);
            remote[1] = below(PAGE);
            a[3] = (uint32_t)(uintptr_t)remote;
            a[4] = 1;
        }
        break;
    }
    case __NR_setpriority:
        a[1] = 0;
        break;
    case __NR_nanosleep:
        a[0] = (uint32_t)(uintptr_t)&short_ts;
        break;
    case __NR_clock_nanosleep:
#ifdef __NR_clock_nanosleep_time64
    case __NR_clock_nanosleep_time64:
#endif
        a[1] = 0;
        a[2] = (uint32_t)(uintptr_t)&short_ts;
        break;
    case __NR_poll:
        a[2] = below(10);
        break;
    case __NR_select: case __NR__newselect:
        a[4] = (uint32_t)(uintptr_t)short_tv;
        break;
    case __NR_pselect6: case __NR_ppoll:
#ifdef __NR_pselect6_time64
    case __NR_pselect6_time64: case __NR_ppoll_time64:
#endif
        a[nr == __NR_ppoll ? 2 : 4] = (uint32_t)(uintptr_t)&short_ts;
        break;
    case __NR_alarm:
        a[0] = 0;
        break;
    case __NR_timerfd_settime:                         /* short timers, sometimes periodic */
#ifdef __NR_timerfd_settime64
    case __NR_timerfd_settime64:
#endif
        if (below(2))
            a[2] = fix_itimerspec(nr == __NR_timerfd_settime);
        break;
    case __NR_signalfd: case __NR_signalfd4:           /* the one size past the first check */
        if (below(2))
            a[2] = 8;
        if (below(2))
            a[0] = (uint32_t)-1;
        break;
    case __NR_epoll_ctl: case __NR_epoll_wait: case __NR_epoll_pwait: case __NR_epoll_pwait2:
        fix_epoll(nr, a);
        break;
    case __NR_timer_create: case __NR_timer_settime: case __NR_timer_settime64:
    case __NR_timer_gettime: case __NR_timer_gettime64: case __NR_timer_getoverrun:
    case __NR_timer_delete: case __NR_setitimer: case __NR_getitimer:
        fix_timer(nr, a);
        break;
    case __NR_futex:
#ifdef __NR_futex_time64
    case __NR_futex_time64:
#endif
        fix_futex(nr, a);
        break;
    case __NR_mq_open: case __NR_mq_unlink: case __NR_mq_timedsend: case __NR_mq_timedreceive:
    case __NR_mq_timedsend_time64: case __NR_mq_timedreceive_time64: case __NR_mq_notify:
    case __NR_mq_getsetattr:
        fix_mq(nr, a);
        break;
    case __NR_set_robust_list:                          /* a list of our random bytes, walked at exit */
        if (below(2)) {
            a[0] = (uint32_t)(uintptr_t)area + below(sizeof area - 12);
            a[1] = 12;
        }
        break;
    case __NR_get_robust_list:
        a[0] = below(2) ? (uint32_t)self_pid : 0;
        break;
    case __NR_munmap: case __NR_mprotect: case __NR_mremap: case __NR_madvise: case __NR_mlock:
    case __NR_munlock: case __NR_msync: case __NR_shmdt: case __NR_pkey_mprotect:
    case __NR_remap_file_pages:
        if (a[0] < 0xC0000000u && !in_scratch(a[0]))  /* never our text, data or stack */
            a[0] = (uint32_t)(uintptr_t)scratch + below(SCRATCH_PAGES) * PAGE + (below(8) ? 0 : below(PAGE));
        if (in_scratch(a[0]) && a[1] > scratch_end() - a[0])
            a[1] = scratch_end() - a[0];
        if (nr == __NR_mremap)
            a[3] &= ~2u;                               /* no MREMAP_FIXED */
        break;
    case __NR_mmap: {                                   /* old_mmap: a struct in memory */
        static uint32_t m[6];
        for (int i = 0; i < 6; i++)
            m[i] = random_arg();
        m[3] &= ~(uint32_t)(MAP_FIXED | MAP_FIXED_NOREPLACE);
        a[0] = below(8) ? (uint32_t)(uintptr_t)m : random_pointer();
        break;
    }
    case __NR_mmap2:
        if (a[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
            if (!in_scratch(a[0]))
                a[3] &= ~(uint32_t)(MAP_FIXED | MAP_FIXED_NOREPLACE);
            else if (a[1] > scratch_end() - a[0])
                a[1] = scratch_end() - a[0];
        }
        break;
    case __NR_shmat:
        if (!in_scratch(a[1]))
            a[2] &= ~(uint32_t)SHM_REMAP;
        break;
    case __NR_ipc:                                      /* shmat through ipc(2) */
        if (a[0] == 21 && !in_scratch(a[4]))           /* ipc(SHMAT, id, flags, &ret, addr) */
            a[2] &= ~(uint32_t)SHM_REMAP;
        break;
    case __NR_brk:                                      /* not below the program's own end */
        if (a[0] && a[0] < (uint32_t)(uintptr_t)area + sizeof area && below(4))
            a[0] = 0;
        break;
    }
}

static long raw_syscall(uint32_t *call)           /* call[0] = nr, call[1..6] = args */
{
    long ret;
    __asm__ volatile(
        "push %%ebp\n\t"
        "push %%ebx\n\t"
        "mov 4(%%eax), %%ebx\n\t"
        "mov 8(%%eax), %%ecx\n\t"
        "mov 12(%%eax), %%edx\n\t"
        "mov 16(%%eax), %%esi\n\t"
        "mov 20(%%eax), %%edi\n\t"
        "mov 24(%%eax), %%ebp\n\t"
        "mov 0(%%eax), %%eax\n\t"
        "int $0x80\n\t"
        "pop %%ebx\n\t"
        "pop %%ebp\n\t"
        : "=a"(ret) : "a"(call) : "ecx", "edx", "esi", "edi", "memory", "cc");
    return ret;
}

/* The same through the vDSO's __kernel_vsyscall at entry (which enters by
 * sysenter where the CPU has it): the address goes on the stack with the
 * saved registers and is called from there, all registers being taken. */
static long raw_vsyscall(uint32_t *call, uint32_t entry)
{
    long ret;
    __asm__ volatile(
        "push %%ebp\n\t"
        "push %%ebx\n\t"
        "push 28(%%eax)\n\t"
        "mov 4(%%eax), %%ebx\n\t"
        "mov 8(%%eax), %%ecx\n\t"
        "mov 12(%%eax), %%edx\n\t"
        "mov 16(%%eax), %%esi\n\t"
        "mov 20(%%eax), %%edi\n\t"
        "mov 24(%%eax), %%ebp\n\t"
        "mov 0(%%eax), %%eax\n\t"
        "call *(%%esp)\n\t"
        "add $4, %%esp\n\t"
        "pop %%ebx\n\t"
        "pop %%ebp\n\t"
        : "=a"(ret) : "a"((uint32_t[8]){ call[0], call[1], call[2], call[3], call[4], call[5], call[6], entry })
        : "ecx", "edx", "esi", "edi", "memory", "cc");
    return ret;
}

static int entry_mode = 2;                   /* -e: 0 int $0x80, 1 vsyscall, 2 both */

/* Call number n of a batch, by the entry -e chose (none without a vDSO). */
static long fuzz_syscall(uint32_t *call, uint32_t n)
{
    uint32_t vs = (uint32_t)getauxval(AT_SYSINFO);
    bool vsyscall = vs && (entry_mode == 1 || (entry_mode == 2 && (n & 1)));
    return vsyscall ? raw_vsyscall(call, vs) : raw_syscall(call);
}

static int extra_skip[32], nextra;           /* -x: known bugs, to look past them */
static int only_nr[32], nonly;               /* -o: only these calls (a focused run) */

/* INET sockets on lo for the table: a TCP listener with one connection
 * (both ends), and a UDP socket. */
static void inet_fds(void)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t n = sizeof a;
    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 4) ||
        getsockname(l, (struct sockaddr *)&a, &n)) {
        close(l);
        return;
    }
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    usleep(1000);
    fds[nfds++] = l;
    fds[nfds++] = c;
    int s = accept4(l, NULL, NULL, SOCK_NONBLOCK);
    if (s >= 0)
        fds[nfds++] = s;
    fds[nfds++] = socket(AF_INET, SOCK_DGRAM, 0);
}

/* "nr,nr,..." into out (32 at most); returns how many. */
static int parse_numbers(char *p, int *out)
{
    int n = 0;
    while (*p && n < 32) {
        out[n++] = (int)strtol(p, &p, 0);
        if (*p != ',')
            break;
        p++;
    }
    return n;
}

static bool skipped(int nr)
{
    for (int i = 0; i < nextra; i++)
        if (extra_skip[i] == nr)
            return true;
    for (size_t i = 0; i < sizeof skip_list / sizeof skip_list[0]; i++)
        if (skip_list[i] == nr)
            return true;
    return false;
}

static void worker_setup(int batch)
{
    char dir[64];
    setsid();
    snprintf(dir, sizeof dir, "/tmp/fuzz/%d", batch);
    mkdir(dir, 0777);
    if (chdir(dir))
        _exit(100);
    if (null_fd >= 0) {                      /* opened by the supervisor: workers may unlink it */
        dup2(null_fd, 0); dup2(null_fd, 1); dup2(null_fd, 2);
        if (null_fd > 2)
            close(null_fd);
    }
    char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        _exit(101);
    munmap(m + PAGE, PAGE);
    edge = m;
    /* Pages the kernel must not read (or write) although they are present. */
    noaccess = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (noaccess == MAP_FAILED)
        _exit(103);
    readonly = noaccess + PAGE;
    for (int i = 0; i < 2 * PAGE; i++)
        noaccess[i] = (char)rnd();
    mprotect(noaccess, PAGE, PROT_NONE);
    mprotect(readonly, PAGE, PROT_READ);
    scratch = mmap(NULL, SCRATCH_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (scratch == MAP_FAILED)
        _exit(102);
    for (size_t i = 0; i < sizeof area; i++)
        area[i] = (char)rnd();
    for (int i = 0; i < PAGE; i++)
        edge[i] = (char)rnd();
    nfds = 0;
    int p[2];
    fds[nfds++] = open("f0", O_RDWR | O_CREAT, 0644);
    mkdir("d0", 0755);
    mkfifo("fifo", 0644);
    if (pipe(p) == 0) {
        fds[nfds++] = p[0];
        fds[nfds++] = p[1];
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, p) == 0) {
        fds[nfds++] = p[0];
        fds[nfds++] = p[1];
    }
    fds[nfds++] = open(".", O_RDONLY | O_DIRECTORY);
    fds[nfds++] = open("/dev/zero", O_RDONLY);
    inet_fds();
    sigset_t sigs;                           /* the event descriptors (ipc/eventfd.c ...) */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGUSR1);
    sigaddset(&sigs, SIGCHLD);
    fds[nfds++] = eventfd(rnd() % 3, rnd() & 1 ? EFD_SEMAPHORE : 0);
    fds[nfds++] = signalfd(-1, &sigs, rnd() & 1 ? SFD_NONBLOCK : 0);
    fds[nfds++] = timerfd_create(rnd() & 1 ? CLOCK_REALTIME : CLOCK_MONOTONIC, 0);
    int in = inotify_init1(rnd() & 1 ? IN_NONBLOCK : 0);   /* fs/inotify.c: events of all the rest */
    inotify_add_watch(in, ".", IN_ALL_EVENTS);
    inotify_add_watch(in, "fifo", IN_ALL_EVENTS | (rnd() & 1 ? IN_ONESHOT : 0));
    fds[nfds++] = in;
    for (int i = 0; i < 2; i++)
        fds[nfds++] = epfds[i] = epoll_create1(i ? EPOLL_CLOEXEC : 0);
    struct epoll_event ev = { EPOLLIN | EPOLLOUT, { 0 } };
    for (int i = 1; i < 5; i++)
        epoll_ctl(epfds[0], EPOLL_CTL_ADD, fds[i], &ev);
    epoll_ctl(epfds[1], EPOLL_CTL_ADD, epfds[0], &ev);
    self_pid = getpid();
}

/* Loads a flat TLS selector into ES, DS or FS, then changes its descriptor
 * (empty, not present, read-only, or another base) with set_thread_area:
 * the return to user mode reloads the register and must not fault in the
 * kernel (the worker may then die of SIGSEGV, which is fine). */
static void segment_shuffle(void)
{
    struct user_desc d = { .entry_number = (unsigned)-1, .base_addr = 0, .limit = 0xfffff,
                           .seg_32bit = 1, .limit_in_pages = 1, .useable = 1 };
    if (raw_syscall((uint32_t[7]){ __NR_set_thread_area, (uint32_t)(uintptr_t)&d }))
        return;
    uint32_t sel = d.entry_number * 8 + 3;
    switch (below(3)) {
    case 0: __asm__ volatile("mov %0, %%es" : : "r"(sel)); break;
    case 1: __asm__ volatile("mov %0, %%ds" : : "r"(sel)); break;
    default: __asm__ volatile("mov %0, %%fs" : : "r"(sel)); break;
    }
    switch (below(4)) {
    case 0: d.base_addr = d.limit = 0; d.read_exec_only = d.seg_not_present = 1; break;
    case 1: d.seg_not_present = 1; break;
    case 2: d.contents = 2; d.read_exec_only = 1; break;        /* code, execute-only */
    default: d.base_addr = rnd(); d.limit = below(16); break;
    }
    raw_syscall((uint32_t[7]){ __NR_set_thread_area, (uint32_t)(uintptr_t)&d });
}

/* ---- clone: threads and random flag combinations ----
 * A child made by clone runs on one of THREADS small stacks a few calls
 * the worker chose for it beforehand (so it needs neither the random
 * generator nor its own TLS), then marks its stack free and exits with
 * exit(2). With CLONE_VM the stack stays busy until then. */
#define THREADS     4
#define THREAD_CALLS 6
#define CLONE_MODEL_BITS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PIDFD | \
    CLONE_PTRACE | CLONE_VFORK | CLONE_PARENT | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | \
    CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_UNTRACED | \
    CLONE_CHILD_SETTID | CLONE_IO)
#define PTHREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
    CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

struct thread_slot {
    volatile uint32_t busy;                   /* cleared by the child as its last store */
    volatile int32_t tid;                      /* CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID */
    uint32_t calls[THREAD_CALLS][7];
    int ncalls;
    uint32_t tls[16];                          /* the child's TLS block (never read) */
    char stack[8192] __attribute__((aligned(16)));
};
static struct thread_slot tslots[THREADS];
static volatile uint32_t *clone_mismatches;   /* results Linux would not give, all workers (shared page) */

/* The child's body: its calls; returns the word to clear. */
static uint32_t *thread_body(struct thread_slot *t)
{
    for (int i = 0; i < t->ncalls; i++)
        raw_syscall(t->calls[i]);
    return (uint32_t *)&t->busy;
}

/* clone(flags, stack, ptid, tls, ctid) whose child pops its function and
 * argument from the new stack, calls it, stores 0 at the word it returns
 * and exits (exit, not exit_group), touching no stack after the store. */
static long raw_clone(uint32_t *c)               /* c[0] = nr, c[1..5] = args */
{
    long ret;
    __asm__ volatile(
        "push %%ebp\n\t"
        "push %%ebx\n\t"
        "mov 4(%%eax), %%ebx\n\t"
        "mov 8(%%eax), %%ecx\n\t"
        "mov 12(%%eax), %%edx\n\t"
        "mov 16(%%eax), %%esi\n\t"
        "mov 20(%%eax), %%edi\n\t"
        "mov 0(%%eax), %%eax\n\t"
        "int $0x80\n\t"
        "test %%eax, %%eax\n\t"
        "jnz 1f\n\t"
        "pop %%eax\n\t"                       /* the child, on its stack: fn, arg */
        "call *%%eax\n\t"
        "movl $0, (%%eax)\n\t"
        "mov %[exit], %%eax\n\t"
        "xor %%ebx, %%ebx\n\t"
        "int $0x80\n\t"
        "hlt\n"
        "1:\n\t"
        "pop %%ebx\n\t"
        "pop %%ebp\n\t"
        : "=a"(ret) : "a"(c), [exit] "i"(__NR_exit) : "ecx", "edx", "esi", "edi", "memory", "cc");
    return ret;
}

/* Linux 6.1's verdict on a legacy clone's flags (copy_process,
 * kernel_clone), for the flags this fuzzer picks (no namespaces): -EINVAL
 * or 0. (Linux 6.9 and later allow a thread a pidfd, CLONE_PIDFD |
 * CLONE_THREAD; 6.1 does not.) */
static long linux_clone_verdict(uint32_t f)
{
    if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
        return -EINVAL;
    if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
        return -EINVAL;
    if ((f & CLONE_PIDFD) && (f & (CLONE_DETACHED | CLONE_PARENT_SETTID | CLONE_THREAD)))
        return -EINVAL;
    return 0;
}

/* A line on the console (the workers' stdout is /dev/null). */
__attribute__((format(printf, 1, 2)))
static void console_say(const char *fmt, ...)
{
    char line[200];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    int con = open("/dev/console", O_WRONLY | O_NOCTTY);
    if (con >= 0) {
        write(con, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
        close(con);
    }
}

/* A free stack slot, or NULL. */
static struct thread_slot *free_slot(void)
{
    for (int i = 0; i < THREADS; i++)
        if (!tslots[i].busy)
            return &tslots[i];
    return NULL;
}

static bool fix_args_for_thread(int nr)
{
    return nr != __NR_fork && nr != __NR_clone && nr != __NR_clone3 && !skipped(nr);
}

/* The child's calls, chosen now. */
static void plan_calls(struct thread_slot *t)
{
    t->ncalls = 1 + (int)below(THREAD_CALLS);
    for (int i = 0; i < t->ncalls; i++) {
        uint32_t *c = t->calls[i];
        int tries = 0;
        do
            c[0] = nonly ? (uint32_t)only_nr[below(nonly)] : below(MAX_NR);
        while (!fix_args_for_thread((int)c[0]) && ++tries < 16);
        if (tries == 16)
            c[0] = __NR_sched_yield;        /* -o named no call a child may make */
        for (int k = 1; k < 7; k++)
            c[k] = random_arg();
        fix_args((int)c[0], c + 1);
    }
}

/* The TLS descriptor: mostly our own GS entry with the slot's block as its
 * base (what pthread_create passes), sometimes a bad one or a bad pointer. */
static uint32_t tls_arg(struct thread_slot *t, bool *good)
{
    static struct user_desc d;
    unsigned gs;
    __asm__ volatile("mov %%gs, %0" : "=r"(gs));
    d = (struct user_desc){ .entry_number = gs >> 3, .base_addr = (uint32_t)(uintptr_t)t->tls,
                            .limit = 0xfffff, .seg_32bit = 1, .limit_in_pages = 1, .useable = 1 };
    *good = gs != 0;
    switch (below(8)) {
    case 0: *good = false; return random_pointer();
    case 1: *good = false; d.entry_number = below(2) ? (unsigned)-1 : below(16); return (uint32_t)(uintptr_t)&d;
    default: return (uint32_t)(uintptr_t)&d;
    }
}

/* One clone: pthread_create's flags (most often) or a random combination;
 * the result must be the one Linux gives (a difference is reported). A
 * child without CLONE_VM counts as a fork. Returns false when there was
 * no free stack or the fork quota is used. */
static bool fuzz_clone(int *forks)
{
    struct thread_slot *t = free_slot();
    if (!t)
        return false;
    uint32_t flags = below(2) ? PTHREAD_FLAGS : ((rnd() ^ (rnd() << 16)) & CLONE_MODEL_BITS) |
                     (below(2) ? SIGCHLD : below(65));
    if (!(flags & CLONE_VM) && *forks >= MAX_FORKS)
        return false;
    bool tls_good = true;
    uint32_t tls = (flags & CLONE_SETTLS) ? tls_arg(t, &tls_good) : 0;
    plan_calls(t);
    uint32_t *sp = (uint32_t *)(void *)(t->stack + sizeof t->stack - 20);
    sp[0] = (uint32_t)(uintptr_t)thread_body;
    sp[1] = (uint32_t)(uintptr_t)t;
    t->busy = 1;
    t->tid = 0;
    uint32_t word = (uint32_t)(uintptr_t)&t->tid;
    uint32_t c[6] = { __NR_clone, flags, (uint32_t)(uintptr_t)sp,
                      below(8) ? word : random_pointer(), tls, below(8) ? word : random_pointer() };
    if (verbose)
        console_say("fuzz: batch %d: clone(%#x, %#x, %#x, %#x, %#x)\n", shared[me].batch,
                    c[1], c[2], c[3], c[4], c[5]);
    long r = raw_clone(c);
    if (verbose)
        console_say("fuzz: clone gave %ld\n", r);
    if (r < 0 || !(flags & CLONE_VM))
        t->busy = 0;
    if (r >= 0 && !(flags & CLONE_VM))
        ++*forks;
    long want = linux_clone_verdict(flags);
    bool ok = want ? r == want : r > 0 || (!tls_good && (r == -EFAULT || r == -EINVAL)) ||
                                 r == -EAGAIN || r == -ENOMEM ||
                                 ((flags & CLONE_PIDFD) && (r == -EFAULT || r == -EMFILE));
    if (!ok && (*clone_mismatches)++ < 8)
        console_say("fuzz: clone(%#x) gave %ld, Linux gives %ld\n", flags, r, want);
    return true;
}

/* Linux 6.1's verdict on a clone3 that copy_clone_args_from_user,
 * clone3_args_valid and the legacy rules judge (sizes here are 64..4096
 * with a zero tail, or 0..63): -EINVAL, -E2BIG, -EBADF or 0. */
static long linux_clone3_verdict(const struct clone_args *a, uint32_t size)
{
    uint64_t f = a->flags;
    if (size > PAGE)
        return -E2BIG;
    if (size < CLONE_ARGS_SIZE_VER0 || a->exit_signal > 64)
        return -EINVAL;
    if ((f & CLONE_INTO_CGROUP) && (a->cgroup > 0x7FFFFFFF || size < CLONE_ARGS_SIZE_VER2))
        return -EINVAL;
    if ((f & ~(0xFFFFFFFFull | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP)) || (f & (CLONE_DETACHED | CSIGNAL)) ||
        (f & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND) ||
        ((f & (CLONE_THREAD | CLONE_PARENT)) && a->exit_signal) || (!a->stack != !a->stack_size))
        return -EINVAL;
    if ((f & CLONE_PIDFD) && (f & CLONE_PARENT_SETTID) && a->pidfd == a->parent_tid)
        return -EINVAL;
    long v = linux_clone_verdict((uint32_t)f & ~CLONE_PARENT_SETTID);
    if (v)
        return v;
    return (f & CLONE_INTO_CGROUP) ? -EBADF : 0;
}

/* One clone3: pthread_create's flags (as glibc passes them) or random
 * ones, a struct of a random size, an exit signal, a cgroup, pidfd and tid
 * words, on a slot's stack (whose top holds the child's function) or,
 * rarely, a stack the rules refuse. As fuzz_clone otherwise. */
static bool fuzz_clone3(int *forks)
{
    static const uint32_t sizes[] = { 64, 80, 88, 96, 4096, 4097, 0, 63 };
    struct thread_slot *t = free_slot();
    if (!t)
        return false;
    static union { struct clone_args a; char bytes[PAGE + 8]; } buf;   /* a zero tail to 4096 */
    struct clone_args a;
    memset(&a, 0, sizeof a);
    a.flags = below(2) ? PTHREAD_FLAGS : ((rnd() ^ (rnd() << 16)) & CLONE_MODEL_BITS) |
              (below(4) ? 0 : (uint64_t)below(4) << 32) | (below(8) ? 0 : below(256)) |
              (below(16) ? 0 : 1ull << (34 + below(30)));
    a.exit_signal = (a.flags & (CLONE_THREAD | CLONE_PARENT)) && below(4) ? 0 : below(8) ? SIGCHLD : below(70);
    uint32_t size = sizes[below(8) < 5 ? below(3) : below(8)];
    if (!(a.flags & CLONE_VM) && *forks >= MAX_FORKS)
        return false;
    bool tls_good = true;
    a.tls = (a.flags & CLONE_SETTLS) ? tls_arg(t, &tls_good) : 0;
    a.cgroup = below(2) ? below(8) : rnd();
    uint32_t word = (uint32_t)(uintptr_t)&t->tid;
    a.pidfd = below(8) ? word : random_pointer();
    a.parent_tid = below(8) ? word + 4 * below(2) : random_pointer();
    a.child_tid = a.parent_tid;
    plan_calls(t);
    uint32_t *sp = (uint32_t *)(void *)(t->stack + sizeof t->stack - 20);
    sp[0] = (uint32_t)(uintptr_t)thread_body;
    sp[1] = (uint32_t)(uintptr_t)t;
    a.stack = (uint32_t)(uintptr_t)t->stack;
    a.stack_size = (uint32_t)((char *)sp - t->stack);
    if (below(16) == 0)
        a.stack_size = 0;                     /* EINVAL: never run without a stack */
    t->busy = 1;
    t->tid = 0;
    memset(&buf, 0, sizeof buf);
    buf.a = a;
    uint32_t c[6] = { __NR_clone3, (uint32_t)(uintptr_t)&buf, size, 0, 0, 0 };
    if (verbose)
        console_say("fuzz: batch %d: clone3(flags %#llx, size %u)\n", shared[me].batch,
                    (unsigned long long)a.flags, size);
    long r = raw_clone(c);
    if (r < 0 || !(a.flags & CLONE_VM))
        t->busy = 0;
    if (r >= 0 && !(a.flags & CLONE_VM))
        ++*forks;
    long want = linux_clone3_verdict(&a, size);
    if (want == -EBADF && !tls_good && (r == -EFAULT || r == -EINVAL))
        want = r;                             /* copy_thread's TLS comes before the cgroup */
    bool ok = want ? r == want : r > 0 || (!tls_good && (r == -EFAULT || r == -EINVAL)) ||
                                 r == -EAGAIN || r == -ENOMEM ||
                                 ((a.flags & CLONE_PIDFD) && (r == -EFAULT || r == -EMFILE));
    if (!ok && (*clone_mismatches)++ < 8)
        console_say("fuzz: clone3(%#llx, size %u, signal %llu) gave %ld, Linux gives %ld\n",
                    (unsigned long long)a.flags, size, (unsigned long long)a.exit_signal, r, want);
    return true;
}

/* One batch of `calls` random calls; the process ends when it is done. */
static void worker(int slot, int batch, uint32_t calls)
{
    me = slot;
    rng = (seed * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)batch * 0xD1B54A32D192ED03ull) ^ 1;
    for (int i = 0; i < 8; i++)
        rnd();
    worker_setup(batch);
    int forks = 0;
    struct slot *s = &shared[slot];
    for (uint32_t done = 0; done < calls;) {
        uint32_t c[7];
        c[0] = nonly ? (uint32_t)only_nr[below(nonly)] : below(MAX_NR);
        for (int i = 1; i < 7; i++)
            c[i] = random_arg();
        int nr = (int)c[0];
        if (skipped(nr) || ((nr == __NR_fork) && forks >= MAX_FORKS))
            continue;
        if (nr == __NR_clone || nr == __NR_clone3) {
            s->nr = nr;
            if (nr == __NR_clone ? fuzz_clone(&forks) : fuzz_clone3(&forks))
                s->calls = ++done;
            continue;
        }
        if (below(256) == 0)
            segment_shuffle();
        fix_args(nr, c + 1);
        s->nr = nr;
        for (int i = 0; i < 6; i++)
            s->args[i] = c[i + 1];
        if (verbose) {
            char line[160];
            int n = snprintf(line, sizeof line, "fuzz: batch %d call %u: %d(%#x, %#x, %#x, %#x, %#x, %#x)\n",
                             batch, done, nr, c[1], c[2], c[3], c[4], c[5], c[6]);
            int con = open("/dev/console", O_WRONLY | O_NOCTTY);
            if (con >= 0) {
                write(con, line, (size_t)n);
                close(con);
            }
        }
        long r = fuzz_syscall(c, done);
        if (nr == __NR_fork) {
            if (r == 0)
                _exit(0);                      /* the copy has done its part */
            forks++;
        }
        done++;
        s->calls = done;
    }
    _exit(0);
}

/* ---- the supervisor ---- */

static uint64_t ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* rm -r, as root, whatever the worker left (modes, fifos, sockets). */
static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st))
        return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                char sub[1024];
                if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub)
                    remove_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* The file system as it was before the run, every path outside /proc with
 * its inode, so that what the workers made anywhere (they may chdir("/")
 * and create there, or rename a file of theirs over /dev/null) can be
 * swept away after it. Used only in a throw-away root. */
struct known_path { char *path; ino_t ino; mode_t mode; dev_t rdev; };
static struct known_path *known;
static int nknown, known_cap;

static struct known_path *find_known(const char *path)
{
    for (int i = 0; i < nknown; i++)
        if (!strcmp(known[i].path, path))
            return &known[i];
    return NULL;
}

/* Makes the known path k again as it was, if it is a directory or a device
 * node (a regular file's contents are not kept: it is reported). */
static bool remake(struct known_path *k)
{
    struct stat st;
    if (S_ISDIR(k->mode))
        mkdir(k->path, k->mode & 07777);
    else if (S_ISCHR(k->mode) || S_ISBLK(k->mode) || S_ISFIFO(k->mode))
        mknod(k->path, k->mode, k->rdev);
    if (lstat(k->path, &st))
        return false;
    k->ino = st.st_ino;
    return true;
}

/* record: remember every path under path; otherwise remove every path
 * under it that was not there before, or is another inode now (a device
 * node is made again). Returns how many were removed. */
static int walk_tree(const char *path, bool record)
{
    struct stat st;
    if (!strcmp(path, "/proc") || lstat(path, &st))
        return 0;
    if (record) {
        if (nknown == known_cap) {
            known_cap = known_cap ? 2 * known_cap : 64;
            known = realloc(known, known_cap * sizeof *known);
        }
        known[nknown++] = (struct known_path){ strdup(path), st.st_ino, st.st_mode, st.st_rdev };
    } else {
        struct known_path *k = find_known(path);
        if (!k || k->ino != st.st_ino) {
            remove_tree(path);
            if (k)
                remake(k);
            return 1;
        }
    }
    if (!S_ISDIR(st.st_mode))
        return 0;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    char (*names)[256] = NULL;               /* read first: removing changes the directory */
    int n = 0, removed = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            names = realloc(names, (n + 1) * sizeof *names);
            snprintf(names[n++], sizeof names[0], "%s", e->d_name);
        }
    closedir(d);
    for (int i = 0; i < n; i++) {
        char sub[1024];
        if (snprintf(sub, sizeof sub, "%s/%s", strcmp(path, "/") ? path : "", names[i]) < (int)sizeof sub)
            removed += walk_tree(sub, record);
    }
    free(names);
    return removed;
}

/* Puts the root back as walk_tree recorded it: removes what is new, makes
 * again what a worker moved away or removed. Returns the paths removed. */
static int sweep_root(void)
{
    int removed = walk_tree("/", false);
    for (int i = 0; i < nknown; i++) {
        struct stat st;
        if (lstat(known[i].path, &st) && !remake(&known[i]))
            printf("fuzz: %s was removed by the run and cannot be made again\n", known[i].path);
    }
    return removed;
}

struct running {
    pid_t pid;
    int batch;
    uint32_t last_calls;
    uint64_t last_progress;
    bool killed;
    uint32_t quota;
};

struct options {
    long total, per_batch, only;
    int nworkers;
    bool sweep;                              /* a throw-away root: clean all of it */
    bool per_batch_account;                  /* -L */
};

/* The run itself, in a child of the measuring process: keeps nworkers
 * workers busy until the calls are made, kills the stuck ones, and cleans
 * up after them. Returns 0, or 1 if a worker could not be killed. */
static int supervise(struct options o)
{
    shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    fwords = (uint32_t *)((char *)shared + PAGE / 2);
    clone_mismatches = (uint32_t *)((char *)shared + PAGE - 4);
    if (shared == MAP_FAILED) {
        perror("fuzz: mmap");
        return 1;
    }
    null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (o.sweep)
        walk_tree("/", true);
    mkdir("/tmp/fuzz", 0777);
    struct running run[MAXW] = { 0 };
    long scheduled = 0, done = 0, total = o.total;
    int nworkers = o.nworkers;
    int next = o.only >= 0 ? (int)o.only : 0, batches = 0, stuck = 0, unkillable = 0, leaky = 0;
    int by_signal[65] = { 0 };
    struct kmem before, after;
    char why[256];
    if (o.per_batch_account)
        kmem_take(&before);
    uint64_t t_start = ms_now(), last_report = t_start;
    if (o.only >= 0)
        total = o.per_batch, nworkers = 1;
    for (;;) {
        for (int w = 0; w < nworkers; w++) {
            if (run[w].pid || scheduled >= total || (o.only >= 0 && batches) ||
                batches > 20 * (total / o.per_batch) + 100)  /* batches that die at once */
                continue;
            uint32_t n = (uint32_t)(total - scheduled < o.per_batch ? total - scheduled : o.per_batch);
            memset((void *)&shared[w], 0, sizeof shared[w]);
            shared[w].batch = next;
            pid_t pid = fork();
            if (pid == 0)
                worker(w, next, n);
            if (pid < 0) {
                printf("fuzz: fork: %s\n", strerror(errno));
                sleep_ms(100);
                continue;
            }
            run[w] = (struct running){ pid, next, 0, ms_now(), false, n };
            scheduled += n;
            next++;
            batches++;
        }
        bool any = false;
        for (int w = 0; w < nworkers; w++)
            any |= run[w].pid != 0;
        if (!any)
            break;
        int st;
        pid_t pid = waitpid(-1, &st, WNOHANG | WUNTRACED);
        if (pid > 0) {
            for (int w = 0; w < nworkers; w++) {
                if (run[w].pid != pid)
                    continue;
                if (WIFSTOPPED(st)) {             /* stopped itself, or traced */
                    kill(pid, SIGKILL);
                    break;
                }
                done += shared[w].calls;
                scheduled -= run[w].quota - shared[w].calls;   /* calls it did not make */
                if (WIFSIGNALED(st) && !run[w].killed)
                    by_signal[WTERMSIG(st) & 63]++;
                char dir[64];
                snprintf(dir, sizeof dir, "/tmp/fuzz/%d", run[w].batch);
                remove_tree(dir);
                run[w].pid = 0;
                if (o.per_batch_account) {           /* one worker: nothing else runs */
                    if (o.sweep) {
                        sweep_root();
                        mkdir("/tmp/fuzz", 0777);
                    }
                    ipc_cleanup();
                    kmem_take(&after);
                    if (kmem_diff(&before, &after, why, sizeof why)) {
                        printf("fuzz: after batch %d: %s\n", run[w].batch, why);
                        leaky++;
                    }
                    before = after;
                }
            }
            continue;
        }
        sleep_ms(20);
        uint64_t now = ms_now();
        for (int w = 0; w < nworkers; w++) {
            struct running *r = &run[w];
            if (!r->pid)
                continue;
            if (shared[w].calls != r->last_calls) {
                r->last_calls = shared[w].calls;
                r->last_progress = now;
            } else if (!r->killed && now - r->last_progress > STUCK_MS) {
                kill(r->pid, SIGKILL);
                r->killed = true;
                r->last_progress = now;
                stuck++;
            } else if (r->killed && now - r->last_progress > 10000) {
                printf("fuzz: UNKILLABLE worker pid %d, batch %d, in call %d(%#x, %#x, %#x, %#x, %#x, %#x)\n",
                       r->pid, r->batch, shared[w].nr, shared[w].args[0], shared[w].args[1],
                       shared[w].args[2], shared[w].args[3], shared[w].args[4], shared[w].args[5]);
                unkillable++;
                scheduled -= r->quota - shared[w].calls;
                r->pid = 0;                       /* give the slot up */
            }
        }
        if (now - last_report >= 10000) {
            printf("fuzz: %ld calls, batch %d, %llu s\n", done, next, (unsigned long long)(now - t_start) / 1000);
            last_report = now;
        }
    }
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    remove_tree("/tmp/fuzz");
    int swept = o.sweep ? sweep_root() : 0;
    int ipc = ipc_cleanup();
    printf("fuzz: seed %llu: %ld calls in %d batches, %llu s; workers killed by their calls:",
           (unsigned long long)seed, done, batches, (unsigned long long)(ms_now() - t_start) / 1000);
    for (int i = 1; i < 65; i++)
        if (by_signal[i])
            printf(" %s x%d", strsignal(i), by_signal[i]);
    printf("; %d stuck (killed); %d IPC objects and %d stray files removed\n", stuck, ipc, swept);
    if (o.per_batch_account)
        printf("fuzz: %d batches left the account changed\n", leaky);
    if (*clone_mismatches)
        printf("fuzz: %u clone results differ from Linux's\n", *clone_mismatches);
    return unkillable || *clone_mismatches ? 1 : 0;
}

/* After a failed account: what the kernel still lists, to point at the
 * leak (System V objects, UNIX sockets, processes other than us). */
static void show_leftovers(void)
{
    static const char *const files[] = { "/proc/sysvipc/msg", "/proc/sysvipc/sem", "/proc/sysvipc/shm",
                                         "/proc/net/unix" };
    for (int k = 0; k < 4; k++) {
        FILE *f = fopen(files[k], "r");
        char line[256];
        for (int n = 0; f && fgets(line, sizeof line, f); n++)
            if (n > 0 && n < 20)
                printf("fuzz: left in %s: %s", files[k], line);
        if (f)
            fclose(f);
    }
    DIR *d = opendir("/proc");
    for (struct dirent *e; d && (e = readdir(d));)
        if (atoi(e->d_name) > 1)
            printf("fuzz: process %s is still there\n", e->d_name);
    if (d)
        closedir(d);
}

/* Waits for pid, reaping every other child on the way (the workers'
 * orphans come to init). Returns pid's status, or -1. */
static int reap_until(pid_t pid)
{
    for (;;) {
        int st;
        pid_t p = waitpid(-1, &st, 0);
        if (p == pid)
            return st;
        if (p < 0 && errno != EINTR)
            return -1;
    }
}

/* Kills whatever is left but us, and waits (10 s at most) until it is
 * gone. Returns 1 if some child would not go, else 0. */
static int kill_the_rest(void)
{
    kill(-1, SIGKILL);
    for (int i = 0; i < 500; i++) {
        pid_t p = waitpid(-1, NULL, WNOHANG);
        if (p < 0 && errno == ECHILD)
            return 0;
        if (p == 0)
            sleep_ms(20);
    }
    return waitpid(-1, NULL, WNOHANG) == 0;
}

int main(int argc, char **argv)
{
    struct options o = { .total = 20000, .per_batch = 200, .only = -1, .nworkers = 3 };
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : "0";
        if (!strcmp(argv[i], "-s")) seed = strtoull(v, NULL, 0), i++;
        else if (!strcmp(argv[i], "-n")) o.total = strtol(v, NULL, 0), i++;
        else if (!strcmp(argv[i], "-p")) o.nworkers = atoi(v), i++;
        else if (!strcmp(argv[i], "-b")) o.per_batch = strtol(v, NULL, 0), i++;
        else if (!strcmp(argv[i], "-B")) o.only = strtol(v, NULL, 0), i++;
        else if (!strcmp(argv[i], "-v")) verbose = true;
        else if (!strcmp(argv[i], "-L")) o.per_batch_account = true;
        else if (!strcmp(argv[i], "-e")) entry_mode = atoi(v), i++;
        else if (!strcmp(argv[i], "-x"))
            nextra = parse_numbers(argv[++i < argc ? i : 0], extra_skip);
        else if (!strcmp(argv[i], "-o"))
            nonly = parse_numbers(argv[++i < argc ? i : 0], only_nr);
    }
    if (o.nworkers < 1) o.nworkers = 1;
    if (o.nworkers > MAXW) o.nworkers = MAXW;
    if (o.per_batch < 1) o.per_batch = 1;
    if (o.per_batch_account) o.nworkers = 1;
    bool init = getpid() == 1;
    o.sweep = init;
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    if (init) {
        mkdir("/proc", 0555);
        mkdir("/tmp", 01777);
        mkdir("/dev", 0755);
        mknod("/dev/null", S_IFCHR | 0666, makedev(1, 3));   /* the workers' stdin, stdout, stderr */
        /* TCP connections that end keep TIME_WAIT for a minute: none here,
         * so the memory account at the end sees every one gone. */
        int tw = open("/proc/sys/net/ipv4/tcp_max_tw_buckets", O_WRONLY);
        if (tw >= 0) {
            write(tw, "0", 1);
            close(tw);
        }
    }
    static const char *const entries[] = { "int $0x80", "__kernel_vsyscall", "int $0x80 and __kernel_vsyscall" };
    if (entry_mode < 0 || entry_mode > 2) entry_mode = 2;
    printf("fuzz: seed %llu, %ld calls, %d workers, %ld calls a batch, by %s%s%s%s\n",
           (unsigned long long)seed, o.total, o.nworkers, o.per_batch, entries[entry_mode], verbose ? ", verbose" : "",
           nextra ? ", more calls skipped (-x)" : "", o.per_batch_account ? ", account every batch" : "");
    static struct kmem k0, k1;
    char why[256];
    int have = kmem_take(&k1) == 0 && kmem_take(&k0) == 0;   /* the first one touches k1 */

    pid_t sup = fork();
    if (sup == 0)
        _exit(supervise(o));
    int st = sup > 0 ? reap_until(sup) : -1;
    int left = kill_the_rest();
    bool ok = st == 0 && left == 0;
    if (st != 0)
        printf("fuzz: the supervisor ended with status %#x\n", st);
    if (left)
        printf("fuzz: UNKILLABLE: processes left after kill(-1, SIGKILL)\n");
    if (have && kmem_take(&k1) == 0) {
        int d = kmem_diff(&k0, &k1, why, sizeof why);
        printf("fuzz: kernel memory after the run: %s\n", why);
        ok &= d == 0 || !init;               /* from a shell others allocate too */
        if (d)
            show_leftovers();
    } else {
        printf("fuzz: no kernel memory account (/proc/slabinfo, drop_caches: root only)\n");
    }
    printf("fuzz: %s\n", ok ? "PASS" : "FAIL");
    if (init) {
        sync();
        reboot(RB_POWER_OFF);
    }
    return ok ? 0 : 1;
}
