/* The benchmark: one static i386 binary that runs unchanged as pid 1 on
 * Pipit (init=/bench) and on Linux (rdinit=/bench), measures IPC latency
 * and bandwidth, fork and exec, and powers the machine off at the end.
 * tools/bench.py boots both kernels with it and compares the figures.
 *
 * Time is the TSC: under QEMU TCG rdtsc reads the host's TSC, so both
 * guests use the same clock whatever their own timer does; the host turns
 * cycles into seconds (`bench --calibrate` on the host). Each figure is
 * run RUNS times and the median is printed, one line per figure:
 *     @bench <name> <cycles per op> <bytes per op> <ctxt per op> <syscalls per op>
 * or  @bench <name> n/a <reason>
 * The scaling figure runs four latencies again with 1, 10, 100 and 1000
 * other processes asleep (<figure>_s<N>; "@sleepers N alive" tells how
 * many fork allowed).
 * Usage: bench [figure...]      run all figures, or only the named ones
 *                               ("scaling": all the <figure>_s<N>)
 *        bench -x               exit at once (the child of fork+exec)
 *        bench --calibrate      print the TSC frequency (on the host) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <mqueue.h>
#include <sys/reboot.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <pthread.h>
#include <sched.h>

#define RUNS        5
#define BIG         (64 * 1024)
#define EXE         "/bench"

static uint64_t budget;             /* cycles one run should last */
static char *buf_src, *buf_dst;     /* BIG bytes each */
static const char *skip_reason;     /* set by a figure that cannot run */

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static void die(const char *what)
{
    printf("@bench error %s: %s\n", what, strerror(errno));
    fflush(stdout);
    _exit(1);
}

/* Monotonic time in ns (the guest's own clock, for calibration only). */
static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* TSC ticks per microsecond, measured against CLOCK_MONOTONIC over
 * about ms milliseconds, from one clock edge to another (Pipit's clock
 * moves in 10 ms steps). */
static double tsc_mhz(int ms)
{
    uint64_t t0 = now_ns(), t;
    while ((t = now_ns()) == t0)
        ;
    uint64_t c0 = rdtsc(), start = t;
    while ((t = now_ns()) < start + (uint64_t)ms * 1000000u)
        ;
    uint64_t t2;
    while ((t2 = now_ns()) == t)
        ;
    uint64_t c1 = rdtsc();
    return (double)(c1 - c0) / ((double)(t2 - start) / 1000.0);
}

/* /proc/stat counters (both kernels have ctxt; Pipit also counts syscalls). */
static void read_counters(unsigned long *ctxt, unsigned long *sys)
{
    char b[2048];
    *ctxt = *sys = 0;
    int fd = open("/proc/stat", O_RDONLY);
    if (fd < 0)
        return;
    ssize_t n = read(fd, b, sizeof b - 1);
    close(fd);
    if (n <= 0)
        return;
    b[n] = 0;
    char *p = strstr(b, "\nctxt ");
    if (p)
        *ctxt = strtoul(p + 6, NULL, 10);
    p = strstr(b, "\nsyscalls ");
    if (p)
        *sys = strtoul(p + 10, NULL, 10);
}

static void xwrite(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t r = write(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            die("write");
        c += r;
        n -= (size_t)r;
    }
}

/* Reads exactly n bytes; 0 at end of file before any byte. */
static size_t xread(int fd, void *p, size_t n)
{
    char *c = p;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, c + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            die("read");
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return got;
}

static void reap(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
}

/* ---- the figures: each runs n operations and returns the cycles ---- */

static uint64_t fig_null(long n)
{
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++)
        syscall(SYS_getppid);
    return rdtsc() - t0;
}

/* clock_gettime(CLOCK_MONOTONIC): the C library calls the vDSO's
 * __vdso_clock_gettime on both kernels, so no system call is made. */
static uint64_t fig_clock_gettime(long n)
{
    struct timespec ts;
    volatile long sink = 0;
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        clock_gettime(CLOCK_MONOTONIC, &ts);
        sink += ts.tv_nsec;
    }
    (void)sink;
    return rdtsc() - t0;
}

/* nanosleep(100 µs): the time per call is the 100 µs asked plus the
 * oversleep (on a tick-based kernel, a whole tick or two). */
static uint64_t fig_nanosleep(long n)
{
    struct timespec req = { 0, 100000 };
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++)
        nanosleep(&req, NULL);
    return rdtsc() - t0;
}

/* A one-byte ping-pong over two descriptors: we write `to`, read `from`;
 * the child (given its own pair) echoes. */
static void echo_child(int rfd, int wfd)
{
    char c;
    while (read(rfd, &c, 1) == 1)
        if (write(wfd, &c, 1) != 1)
            break;
    _exit(0);
}

static uint64_t pingpong(int to, int from, long n)
{
    char c = 'x';
    for (int i = 0; i < 2; i++) {                   /* warm up */
        xwrite(to, &c, 1);
        xread(from, &c, 1);
    }
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        xwrite(to, &c, 1);
        if (xread(from, &c, 1) != 1)
            die("ping-pong: early end of file");
    }
    return rdtsc() - t0;
}

static uint64_t fig_pipe_lat(long n)
{
    int a[2], b[2];
    if (pipe(a) || pipe(b))
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        close(a[1]); close(b[0]);
        echo_child(a[0], b[1]);
    }
    close(a[0]); close(b[1]);
    uint64_t c = pingpong(a[1], b[0], n);
    close(a[1]); close(b[0]);
    reap(pid);
    return c;
}

/* The pipe ping-pong with an epoll_wait before each read: the set holds
 * the answer pipe and `idle` pipes that never get data (the files are kept
 * open by holder children, 100 to a child, so that the watched count is
 * not bounded by our descriptor table). The cost must not grow with idle. */
static uint64_t epoll_lat(long n, int idle)
{
    int a[2], b[2], ep = epoll_create1(0);
    if (ep < 0) {
        skip_reason = "no epoll";
        return 1;
    }
    struct epoll_event ev = { .events = EPOLLIN };
    pid_t holders[16];
    int nh = 0;
    for (int done = 0; done < idle; nh++) {
        int p[200], k = 0;
        for (; k < 200 && done < idle; k += 2, done++) {
            if (pipe(p + k))
                die("pipe");
            if (epoll_ctl(ep, EPOLL_CTL_ADD, p[k], &ev))
                die("epoll_ctl");
        }
        if ((holders[nh] = fork()) == 0)
            for (;;)
                pause();
        for (int i = 0; i < k; i++)
            close(p[i]);
    }
    if (pipe(a) || pipe(b))                         /* after the holders: they must not hold these */
        die("pipe");
    if (epoll_ctl(ep, EPOLL_CTL_ADD, b[0], &ev))
        die("epoll_ctl");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        close(a[1]); close(b[0]);
        echo_child(a[0], b[1]);
    }
    close(a[0]); close(b[1]);
    char c = 'x';
    uint64_t t0 = 0;
    for (long i = -2; i < n; i++) {                 /* two rounds to warm up */
        if (i == 0)
            t0 = rdtsc();
        xwrite(a[1], &c, 1);
        if (epoll_wait(ep, &ev, 1, -1) != 1)
            die("epoll_wait");
        if (xread(b[0], &c, 1) != 1)
            die("epoll ping-pong: early end of file");
    }
    uint64_t cycles = rdtsc() - t0;
    close(a[1]); close(b[0]); close(ep);
    reap(pid);
    for (int i = 0; i < nh; i++) {
        kill(holders[i], SIGKILL);
        reap(holders[i]);
    }
    return cycles;
}

static uint64_t fig_epoll_lat(long n) { return epoll_lat(n, 0); }
static uint64_t fig_epoll_lat1000(long n) { return epoll_lat(n, 999); }

/* Writes text to /sys/kernel/tracing/name; false when there is no such
 * file (Linux started as rdinit has no tracefs mounted). */
static bool tracing_put(const char *name, const char *text)
{
    char path[64];
    snprintf(path, sizeof path, "/sys/kernel/tracing/%s", name);
    int fd = open(path, O_WRONLY | O_TRUNC);
    if (fd < 0)
        return false;
    bool ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    close(fd);
    return ok;
}

/* pipe_lat with the kernel's event trace on: every ipc and sched event
 * of every process recorded (the cost of tracing; docs/15-tracing.md). */
static uint64_t fig_pipe_lat_traced(long n)
{
    if (!tracing_put("set_event_pid", "") || !tracing_put("set_event", "ipc:* sched:*") ||
        !tracing_put("tracing_on", "1")) {
        skip_reason = "no /sys/kernel/tracing";
        return 0;
    }
    uint64_t c = fig_pipe_lat(n);
    tracing_put("set_event", "");
    tracing_put("trace", "");
    return c;
}

static uint64_t fig_fifo_lat(long n)
{
    const char *f1 = "/tmp/bench.fifo1", *f2 = "/tmp/bench.fifo2";
    unlink(f1); unlink(f2);
    if (mkfifo(f1, 0600) || mkfifo(f2, 0600))
        die("mkfifo");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        int r = open(f1, O_RDONLY), w = open(f2, O_WRONLY);
        if (r < 0 || w < 0)
            die("open fifo");
        echo_child(r, w);
    }
    int w = open(f1, O_WRONLY), r = open(f2, O_RDONLY);
    if (r < 0 || w < 0)
        die("open fifo");
    uint64_t c = pingpong(w, r, n);
    close(w); close(r);
    reap(pid);
    unlink(f1); unlink(f2);
    return c;
}

/* socketpair, or a reason in skip_reason when the kernel has no sockets. */
static int unix_pair(int type, int sv[2])
{
    if (socketpair(AF_UNIX, type, 0, sv) == 0)
        return 0;
    static char why[64];
    snprintf(why, sizeof why, "socketpair:%s", strerror(errno));
    for (char *p = why; *p; p++)
        if (*p == ' ')
            *p = '_';
    skip_reason = why;
    return -1;
}

/* Linux starts init with lo down ("ip link set lo up"); Pipit's lo is
 * always up and refuses the change, which is fine. */
static void lo_up(void)
{
    struct ifreq r = { 0 };
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    strcpy(r.ifr_name, "lo");
    if (s >= 0 && ioctl(s, SIOCGIFFLAGS, &r) == 0) {
        r.ifr_flags |= IFF_UP;
        ioctl(s, SIOCSIFFLAGS, &r);
    }
    close(s);
}

/* A connected pair over the loopback interface: TCP (a listener, connect,
 * accept) or UDP (two sockets connected to each other). */
static int inet_pair(int type, int sv[2])
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t n = sizeof a;
    int l = socket(AF_INET, type, 0);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) || getsockname(l, (struct sockaddr *)&a, &n) ||
        (type == SOCK_STREAM && listen(l, 1))) {
        skip_reason = "no_INET_sockets";
        return -1;
    }
    sv[0] = socket(AF_INET, type, 0);
    if (connect(sv[0], (struct sockaddr *)&a, sizeof a))
        die("connect");
    if (type == SOCK_STREAM) {
        sv[1] = accept(l, NULL, NULL);
        close(l);
        int one = 1;
        setsockopt(sv[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        setsockopt(sv[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    } else {
        sv[1] = l;
        n = sizeof a;
        getsockname(sv[0], (struct sockaddr *)&a, &n);
        connect(sv[1], (struct sockaddr *)&a, sizeof a);
    }
    return sv[1] < 0 ? -1 : 0;
}

/* Round trips of one byte over the connected pair sv. */
static uint64_t sock_lat(int type, int sv[2], long n)
{
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        close(sv[0]);
        if (type == SOCK_DGRAM) {       /* no end of file: a 0-byte datagram ends it */
            char c;
            while (recv(sv[1], &c, 1, 0) == 1)
                if (send(sv[1], &c, 1, 0) != 1)
                    break;
            _exit(0);
        }
        echo_child(sv[1], sv[1]);
    }
    close(sv[1]);
    uint64_t c = pingpong(sv[0], sv[0], n);
    if (type == SOCK_DGRAM)
        send(sv[0], "", 0, 0);
    close(sv[0]);
    reap(pid);
    return c;
}

static uint64_t unix_lat(int type, long n)
{
    int sv[2];
    return unix_pair(type, sv) ? 0 : sock_lat(type, sv, n);
}

static uint64_t inet_lat(int type, long n)
{
    int sv[2];
    return inet_pair(type, sv) ? 0 : sock_lat(type, sv, n);
}

static uint64_t fig_unix_stream_lat(long n) { return unix_lat(SOCK_STREAM, n); }
static uint64_t fig_unix_dgram_lat(long n) { return unix_lat(SOCK_DGRAM, n); }
static uint64_t fig_tcp_lat(long n) { return inet_lat(SOCK_STREAM, n); }
static uint64_t fig_udp_lat(long n) { return inet_lat(SOCK_DGRAM, n); }

struct msg1 { long type; char text[1]; };

static uint64_t fig_msg_lat(long n)
{
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    if (q < 0)
        die("msgget");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    struct msg1 m = { 1, { 'x' } };
    if (pid == 0) {
        while (msgrcv(q, &m, 1, 1, 0) == 1) {
            m.type = 2;
            if (msgsnd(q, &m, 1, 0))
                break;
        }
        _exit(0);                       /* EIDRM when the queue goes */
    }
    uint64_t t0 = 0;
    for (long i = -2; i < n; i++) {     /* two warm-up round trips */
        if (i == 0)
            t0 = rdtsc();
        m.type = 1;
        if (msgsnd(q, &m, 1, 0) || msgrcv(q, &m, 1, 2, 0) != 1)
            die("msg ping-pong");
    }
    uint64_t c = rdtsc() - t0;
    msgctl(q, IPC_RMID, NULL);
    reap(pid);
    return c;
}

/* POSIX queues have no types: the ping goes on one queue and the pong
 * on another, each of one message (unlinked at once: the descriptors
 * keep them). */
static uint64_t fig_mq_lat(long n)
{
    struct mq_attr a = { .mq_maxmsg = 1, .mq_msgsize = 1 };
    mqd_t ping = mq_open("/bench_ping", O_CREAT | O_RDWR, 0600, &a);
    mqd_t pong = mq_open("/bench_pong", O_CREAT | O_RDWR, 0600, &a);
    mq_unlink("/bench_ping");
    mq_unlink("/bench_pong");
    if (ping < 0 || pong < 0)
        die("mq_open");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    char c = 'x';
    if (pid == 0) {
        while (mq_receive(ping, &c, 1, NULL) == 1 && c != 'q')
            if (mq_send(pong, &c, 1, 0))
                break;
        _exit(0);
    }
    uint64_t t0 = 0;
    for (long i = -2; i < n; i++) {     /* two warm-up round trips */
        if (i == 0)
            t0 = rdtsc();
        if (mq_send(ping, &c, 1, 0) || mq_receive(pong, &c, 1, NULL) != 1)
            die("mq ping-pong");
    }
    uint64_t c1 = rdtsc() - t0;
    c = 'q';
    mq_send(ping, &c, 1, 0);
    reap(pid);
    mq_close(ping);
    mq_close(pong);
    return c1;
}

static int semop1(int id, int num, int op)
{
    struct sembuf sb = { (unsigned short)num, (short)op, 0 };
    int r;
    while ((r = semop(id, &sb, 1)) < 0 && errno == EINTR)
        ;
    return r;
}

static uint64_t fig_sem_lat(long n)
{
    int s = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    if (s < 0)
        die("semget");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        while (semop1(s, 0, -1) == 0 && semop1(s, 1, 1) == 0)
            ;
        _exit(0);
    }
    uint64_t t0 = 0;
    for (long i = -2; i < n; i++) {
        if (i == 0)
            t0 = rdtsc();
        if (semop1(s, 0, 1) || semop1(s, 1, -1))
            die("sem ping-pong");
    }
    uint64_t c = rdtsc() - t0;
    semctl(s, 0, IPC_RMID);
    reap(pid);
    return c;
}

/* Process-shared futex ping-pong: word 0 of a MAP_SHARED page says whose
 * turn it is (0 ours, 1 the child's); each side sleeps on it in FUTEX_WAIT
 * until the other hands the turn over with FUTEX_WAKE. Word 1 ends it. */
static void futex_await(volatile uint32_t *w, uint32_t mine)
{
    while (*w != mine)
        syscall(SYS_futex, w, 0 /* FUTEX_WAIT */, !mine, NULL, NULL, 0);
}

static void futex_hand(volatile uint32_t *w, uint32_t other)
{
    *w = other;
    syscall(SYS_futex, w, 1 /* FUTEX_WAKE */, 1, NULL, NULL, 0);
}

static uint64_t fig_futex_lat(long n)
{
    volatile uint32_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (w == MAP_FAILED)
        die("mmap");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        for (;;) {
            futex_await(w, 1);
            if (w[1])
                _exit(0);
            futex_hand(w, 0);
        }
    }
    uint64_t t0 = 0;
    for (long i = -2; i < n; i++) {
        if (i == 0)
            t0 = rdtsc();
        futex_hand(w, 1);
        futex_await(w, 0);
    }
    uint64_t c = rdtsc() - t0;
    w[1] = 1;
    futex_hand(w, 1);
    reap(pid);
    munmap((void *)w, 4096);
    return c;
}

/* The floor under a ping-pong round trip: two processes that hand the
 * CPU to each other with sched_yield, each also making one null system
 * call, so that a round trip has what the pipe's has (four system calls,
 * two switches) and none of the IPC work. */
static uint64_t fig_yield_floor(long n)
{
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0)
        for (;;) {
            syscall(SYS_getppid);
            sched_yield();
        }
    uint64_t t0 = 0;
    for (long i = -2; i < n; i++) {
        if (i == 0)
            t0 = rdtsc();
        syscall(SYS_getppid);
        sched_yield();
    }
    uint64_t c = rdtsc() - t0;
    kill(pid, SIGKILL);
    reap(pid);
    return c;
}

/* Bandwidth over a stream: we write n chunks into wfd; the child reads
 * them all from rfd and then writes one byte to ackfd, which we read from
 * ack. Returns the cycles from the first write to the ack. */
static uint64_t stream_bw(int wfd, int ack, pid_t pid, long n, size_t chunk)
{
    char c;
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++)
        xwrite(wfd, buf_src, chunk);
    if (wfd != ack)
        close(wfd);
    else
        shutdown(wfd, SHUT_WR);
    if (xread(ack, &c, 1) != 1 || c != 'k')
        die("bandwidth: the reader lost bytes");
    uint64_t cyc = rdtsc() - t0;
    close(ack);
    reap(pid);
    return cyc;
}

static void sink_child(int rfd, int ackfd, long n, size_t chunk)
{
    uint64_t total = 0;
    ssize_t r;
    while ((r = read(rfd, buf_dst, chunk)) > 0)
        total += (uint64_t)r;
    char c = total == (uint64_t)n * chunk ? 'k' : 'e';
    xwrite(ackfd, &c, 1);
    _exit(0);
}

static uint64_t pipe_bw(long n, size_t chunk)
{
    int d[2], a[2];
    if (pipe(d) || pipe(a))
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        close(d[1]); close(a[0]);
        sink_child(d[0], a[1], n, chunk);
    }
    close(d[0]); close(a[1]);
    return stream_bw(d[1], a[0], pid, n, chunk);
}

static uint64_t sock_bw(int sv[2], long n, size_t chunk)
{
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        close(sv[0]);
        sink_child(sv[1], sv[1], n, chunk);
    }
    close(sv[1]);
    return stream_bw(sv[0], sv[0], pid, n, chunk);
}

static uint64_t unix_bw(long n, size_t chunk)
{
    int sv[2];
    return unix_pair(SOCK_STREAM, sv) ? 0 : sock_bw(sv, n, chunk);
}

static uint64_t tcp_bw(long n, size_t chunk)
{
    int sv[2];
    return inet_pair(SOCK_STREAM, sv) ? 0 : sock_bw(sv, n, chunk);
}

/* Shared memory with two semaphores (0: full, 1: empty), one buffer. */
static uint64_t shm_bw(long n, size_t chunk)
{
    int id = shmget(IPC_PRIVATE, chunk, IPC_CREAT | 0600);
    int s = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    if (id < 0 || s < 0)
        die("shmget/semget");
    char *shm = shmat(id, NULL, 0);
    if (shm == (char *)-1)
        die("shmat");
    semop1(s, 1, 1);
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        for (long i = 0; i < n; i++) {
            if (semop1(s, 0, -1))
                _exit(1);
            memcpy(buf_dst, shm, chunk);
            semop1(s, 1, 1);
        }
        _exit(0);
    }
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        if (semop1(s, 1, -1))
            die("shm: semop");
        memcpy(shm, buf_src, chunk);
        semop1(s, 0, 1);
    }
    semop1(s, 1, -1);                   /* the reader copied the last chunk */
    uint64_t c = rdtsc() - t0;
    reap(pid);
    shmdt(shm);
    shmctl(id, IPC_RMID, NULL);
    semctl(s, 0, IPC_RMID);
    return c;
}

static uint64_t fig_pipe_bw4(long n) { return pipe_bw(n, 4096); }
static uint64_t fig_pipe_bw64(long n) { return pipe_bw(n, BIG); }
static uint64_t fig_unix_bw4(long n) { return unix_bw(n, 4096); }
static uint64_t fig_unix_bw64(long n) { return unix_bw(n, BIG); }
static uint64_t fig_tcp_bw4(long n) { return tcp_bw(n, 4096); }
static uint64_t fig_tcp_bw64(long n) { return tcp_bw(n, BIG); }
static uint64_t fig_shm_bw4(long n) { return shm_bw(n, 4096); }
static uint64_t fig_shm_bw64(long n) { return shm_bw(n, BIG); }

static uint64_t fig_fork(long n)
{
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0)
            _exit(0);
        reap(pid);
    }
    return rdtsc() - t0;
}

/* fork+exit+wait with mib MiB of anonymous memory mapped, of which only
 * 100 KiB (25 pages spread over it) is touched: the cost should follow the pages in use. */
static uint64_t fork_mapped(long n, size_t mib)
{
    size_t len = mib << 20;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        die("mmap");
    size_t stride = len / 25 / 4096 * 4096;  /* 25 pages spread over the area */
    for (int i = 0; i < 25; i++)
        p[i * stride] = 1;
    uint64_t t = fig_fork(n);
    munmap(p, len);
    return t;
}

static uint64_t fig_fork_1m(long n) { return fork_mapped(n, 1); }
static uint64_t fig_fork_16m(long n) { return fork_mapped(n, 16); }
static uint64_t fig_fork_64m(long n) { return fork_mapped(n, 64); }

static void *thread_nop(void *arg)
{
    return arg;
}

/* pthread_create + pthread_join of a thread that returns at once: clone
 * with the thread flags, the new thread's first run and exit, and the
 * CLONE_CHILD_CLEARTID futex wake that ends the join. */
static uint64_t fig_thread(long n)
{
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, thread_nop, NULL))
            die("pthread_create");
        pthread_join(t, NULL);
    }
    return rdtsc() - t0;
}

static uint64_t fig_exec(long n)
{
    static char *const argv[] = { EXE, "-x", NULL };
    static char *const envp[] = { NULL };
    if (access(EXE, X_OK)) {
        skip_reason = "no_" EXE;
        return 0;
    }
    uint64_t t0 = rdtsc();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0) {
            execve(EXE, argv, envp);
            _exit(127);
        }
        reap(pid);
    }
    return rdtsc() - t0;
}

/* Two eventfds as doorbells: we ring `to` and wait on `from`, the child
 * the other way round; a ring of 0 tells it to end. */
static uint64_t fig_eventfd_lat(long n)
{
    int to = eventfd(0, 0), from = eventfd(0, 0);
    if (to < 0 || from < 0) {
        skip_reason = "no_eventfd";
        return 0;
    }
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        uint64_t v;
        while (read(to, &v, 8) == 8 && v != 2)
            if (write(from, &v, 8) != 8)
                break;
        _exit(0);
    }
    uint64_t v = 1, t0 = 0;
    for (long i = -2; i < n; i++) {
        if (i == 0)
            t0 = rdtsc();
        v = 1;
        if (write(to, &v, 8) != 8 || read(from, &v, 8) != 8)
            die("eventfd ping-pong");
    }
    uint64_t c = rdtsc() - t0;
    v = 2;
    xwrite(to, &v, 8);
    reap(pid);
    close(to);
    close(from);
    return c;
}

struct figure {
    const char *name;
    uint64_t (*run)(long n);
    long bytes;                         /* per operation, for bandwidths */
};

static const struct figure figures[] = {
    { "null_syscall",     fig_null,            0 },
    { "clock_gettime",    fig_clock_gettime,   0 },
    { "pipe_lat",         fig_pipe_lat,        0 },
    { "pipe_lat_traced",  fig_pipe_lat_traced, 0 },
    { "fifo_lat",         fig_fifo_lat,        0 },
    { "unix_stream_lat",  fig_unix_stream_lat, 0 },
    { "unix_dgram_lat",   fig_unix_dgram_lat,  0 },
    { "tcp_lat",          fig_tcp_lat,         0 },
    { "udp_lat",          fig_udp_lat,         0 },
    { "msg_lat",          fig_msg_lat,         0 },
    { "mq_lat",           fig_mq_lat,          0 },
    { "sem_lat",          fig_sem_lat,         0 },
    { "futex_lat",        fig_futex_lat,       0 },
    { "eventfd_lat",      fig_eventfd_lat,     0 },
    { "epoll_lat",        fig_epoll_lat,       0 },
    { "epoll_lat_1000",   fig_epoll_lat1000,   0 },
    { "yield_floor",      fig_yield_floor,     0 },
    { "pipe_bw_4k",       fig_pipe_bw4,        4096 },
    { "pipe_bw_64k",      fig_pipe_bw64,       BIG },
    { "unix_bw_4k",       fig_unix_bw4,        4096 },
    { "unix_bw_64k",      fig_unix_bw64,       BIG },
    { "tcp_bw_4k",        fig_tcp_bw4,         4096 },
    { "tcp_bw_64k",       fig_tcp_bw64,        BIG },
    { "shm_bw_4k",        fig_shm_bw4,         4096 },
    { "shm_bw_64k",       fig_shm_bw64,        BIG },
    { "fork_exit",        fig_fork,            0 },
    { "fork_1m",          fig_fork_1m,         0 },
    { "fork_16m",         fig_fork_16m,        0 },
    { "fork_64m",         fig_fork_64m,        0 },
    { "thread_create",    fig_thread,          0 },
    { "fork_exec",        fig_exec,            0 },
    { "nanosleep_100us",  fig_nanosleep,       0 },
};

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Finds n so that one run lasts about `budget` cycles, then runs RUNS
 * times and prints the median cycles per operation. */
static void measure(const struct figure *f)
{
    printf("@begin %s\n", f->name);
    fflush(stdout);
    skip_reason = NULL;
    long n = 1;
    uint64_t c;
    for (;;) {
        c = f->run(n);
        if (skip_reason) {
            printf("@bench %s n/a %s\n", f->name, skip_reason);
            fflush(stdout);
            return;
        }
        if (c >= budget / 8 || n >= (1L << 24))
            break;
        n *= 4;
    }
    if (c < budget)
        n = (long)((double)n * (double)budget / (double)(c ? c : 1)) + 1;
    uint64_t per[RUNS];
    unsigned long ctxt0, sys0, ctxt1, sys1;
    read_counters(&ctxt0, &sys0);
    for (int r = 0; r < RUNS; r++)
        per[r] = f->run(n) / (uint64_t)n;
    read_counters(&ctxt1, &sys1);
    qsort(per, RUNS, sizeof per[0], cmp_u64);
    double ops = (double)n * RUNS;
    printf("@bench %s %llu %ld %.2f %.2f n=%ld\n", f->name, (unsigned long long)per[RUNS / 2],
           f->bytes, (double)(ctxt1 - ctxt0) / ops, (double)(sys1 - sys0) / ops, n);
    fflush(stdout);
}

/* ---- the scaling figure: latencies with other processes asleep ---- */

#define MAX_SLEEPERS 1000
static const int levels[] = { 1, 10, 100, MAX_SLEEPERS };
static const char *const scaled[] = { "pipe_lat", "unix_stream_lat", "msg_lat", "sem_lat" };
static pid_t sleepers[MAX_SLEEPERS];
static int nsleepers;

/* Forks sleepers until `want` are alive or fork fails: even ones block in
 * a read of a pipe no one writes (rfd), odd ones in pause(). When fork
 * fails, four are let go again so that the measured pair can fork. Prints
 *     @sleepers <wanted> <alive>                                        */
static void sleepers_grow(int want, int rfd)
{
    bool full = false;
    while (nsleepers < want && !full) {
        pid_t pid = fork();
        if (pid == 0) {
            char c;
            if (nsleepers % 2)
                for (;;)
                    pause();
            while (read(rfd, &c, 1) != 0)
                ;
            _exit(0);
        }
        if (pid < 0)
            full = true;
        else
            sleepers[nsleepers++] = pid;
    }
    for (int k = 0; full && k < 4 && nsleepers; k++) {
        kill(sleepers[--nsleepers], SIGKILL);
        reap(sleepers[nsleepers]);
    }
    printf("@sleepers %d %d\n", want, nsleepers);
    fflush(stdout);
}

static void sleepers_end(void)
{
    for (int i = 0; i < nsleepers; i++)
        kill(sleepers[i], SIGKILL);
    for (int i = 0; i < nsleepers; i++)
        reap(sleepers[i]);
    nsleepers = 0;
}

static const struct figure *figure_named(const char *name)
{
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        if (!strcmp(figures[i].name, name))
            return &figures[i];
    return NULL;
}

/* Named on the command line (or no names given); "scaling" names every
 * figure of the scaling part. */
static bool wanted(int argc, char **argv, const char *name, bool scaling)
{
    bool want = argc < 2;
    for (int a = 1; a < argc; a++)
        want |= !strcmp(argv[a], name) || (scaling && !strcmp(argv[a], "scaling"));
    return want;
}

/* Each scaled latency as <figure>_s<N>, with N other processes asleep. */
static void measure_scaling(int argc, char **argv)
{
    int p[2];
    if (pipe(p))
        die("pipe");
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        char names[4][40];
        bool any = false;
        for (int k = 0; k < 4; k++) {
            snprintf(names[k], sizeof names[k], "%s_s%d", scaled[k], levels[l]);
            any |= wanted(argc, argv, names[k], true);
        }
        if (!any)
            continue;
        sleepers_grow(levels[l], p[0]);
        for (int k = 0; k < 4; k++) {
            struct figure f = *figure_named(scaled[k]);
            f.name = names[k];
            if (wanted(argc, argv, names[k], true))
                measure(&f);
        }
    }
    sleepers_end();
    close(p[0]);
    close(p[1]);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "-x"))
        _exit(0);
    if (argc > 1 && !strcmp(argv[1], "--calibrate")) {
        printf("%.3f\n", tsc_mhz(500));
        return 0;
    }
    bool init = getpid() == 1;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("@bench start\n");
    fflush(stdout);
    if (init) {
        mkdir("/proc", 0555);
        mkdir("/tmp", 01777);
        mount("proc", "/proc", "proc", 0, NULL);    /* Linux; Pipit has it already */
        lo_up();
    }
    buf_src = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    buf_dst = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf_src == MAP_FAILED || buf_dst == MAP_FAILED)
        die("mmap");
    memset(buf_src, 'p', BIG);
    memset(buf_dst, 0, BIG);
    double mhz = tsc_mhz(300);
    const char *b = getenv("BENCH_MS");
    budget = (uint64_t)(mhz * 1000.0 * (b ? atoi(b) : 150));
    printf("@tsc_mhz %.3f\n", mhz);
    fflush(stdout);
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        if (wanted(argc, argv, figures[i].name, false))
            measure(&figures[i]);
    measure_scaling(argc, argv);
    printf("@bench end\n");
    fflush(stdout);
    if (init) {
        sync();
        reboot(RB_POWER_OFF);
        for (;;)
            pause();
    }
    return 0;
}
