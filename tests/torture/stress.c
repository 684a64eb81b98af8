/* The stress test: many process pairs move checksummed blocks through
 * pipes, FIFOs, message queues, shared memory with semaphores and UNIX
 * sockets at once for T seconds; then a fork bomb and a memory hog (an
 * ordinary user's), which must end in EAGAIN/ENOMEM (or the hog being
 * killed) with the system still working; then a chain of sockets in flight
 * and a thousand children of a parent that ignores SIGCHLD, then a burst
 * of a thousand threads created and joined (issue 15). Each part runs in a child of the first process, which
 * takes the kernel's memory account (tests/guest/kmem.h) before the part
 * and after it: every page and kmalloc object must come back.
 * Usage: stress [-t seconds] [-p pairs-per-mechanism] [-B] [-H]
 * (-B: no fork bomb, -H: no memory hog). Runs as init. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
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
#include <sys/msg.h>
#include <sys/reboot.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include "../guest/kmem.h"
#include "ipc_cleanup.h"

#define MAXBLK 8192
#define MSGBLK (8192 - 12)      /* Linux's MSGMAX is 8192 bytes of text */
enum mech { M_PIPE, M_FIFO, M_MSG, M_SHM, M_UNIX, NMECH };
static const char *const mech_name[NMECH] = { "pipe", "fifo", "msg", "shm+sem", "unix" };

struct hdr { uint32_t seq, len, sum; };
struct qmsg { long type; char data[sizeof(struct hdr) + MAXBLK]; };

static time_t deadline;

static uint8_t pattern(uint32_t seq, uint32_t j, int id) { return (uint8_t)(seq * 31 + j * 7 + (uint32_t)id); }

static uint32_t fill(uint8_t *p, uint32_t seq, uint32_t len, int id)
{
    uint32_t sum = 0;
    for (uint32_t j = 0; j < len; j++) {
        p[j] = pattern(seq, j, id);
        sum = sum * 33 + p[j];
    }
    return sum;
}

static uint32_t checksum(const uint8_t *p, uint32_t len)
{
    uint32_t sum = 0;
    for (uint32_t j = 0; j < len; j++)
        sum = sum * 33 + p[j];
    return sum;
}

static int full_write(int fd, const void *b, size_t n)
{
    const char *c = b;
    while (n) {
        ssize_t r = write(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        c += r;
        n -= (size_t)r;
    }
    return 0;
}

static int full_read(int fd, void *b, size_t n)
{
    char *c = b;
    while (n) {
        ssize_t r = read(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        c += r;
        n -= (size_t)r;
    }
    return 0;
}

static int semop1(int id, int num, int op)
{
    struct sembuf sb = { (unsigned short)num, (short)op, 0 };
    int r;
    while ((r = semop(id, &sb, 1)) < 0 && errno == EINTR)
        ;
    return r;
}

/* A channel between a writer and a reader, whatever the mechanism. */
struct chan {
    enum mech m;
    int wfd, rfd;              /* pipe, fifo, unix */
    int q;                     /* msg */
    int sem; uint8_t *shm;     /* shm: sem 0 full, 1 empty */
    char fifo[64];
};

static int send_block(struct chan *c, struct hdr *h, uint8_t *data)
{
    switch (c->m) {
    case M_MSG: {
        static struct qmsg m;
        m.type = 1;
        memcpy(m.data, h, sizeof *h);
        memcpy(m.data + sizeof *h, data, h->len);
        return msgsnd(c->q, &m, sizeof *h + h->len, 0);
    }
    case M_SHM:
        if (semop1(c->sem, 1, -1))
            return -1;
        memcpy(c->shm, h, sizeof *h);
        memcpy(c->shm + sizeof *h, data, h->len);
        return semop1(c->sem, 0, 1);
    default:
        if (full_write(c->wfd, h, sizeof *h))
            return -1;
        return full_write(c->wfd, data, h->len);
    }
}

static int recv_block(struct chan *c, struct hdr *h, uint8_t *data)
{
    switch (c->m) {
    case M_MSG: {
        static struct qmsg m;
        ssize_t n = msgrcv(c->q, &m, sizeof m.data, 1, 0);
        if (n < (ssize_t)sizeof *h)
            return -1;
        memcpy(h, m.data, sizeof *h);
        if (h->len > MAXBLK || (size_t)n != sizeof *h + h->len)
            return -2;
        memcpy(data, m.data + sizeof *h, h->len);
        return 0;
    }
    case M_SHM:
        if (semop1(c->sem, 0, -1))
            return -1;
        memcpy(h, c->shm, sizeof *h);
        if (h->len > MAXBLK)
            return -2;
        memcpy(data, c->shm + sizeof *h, h->len);
        return semop1(c->sem, 1, 1);
    default:
        if (full_read(c->rfd, h, sizeof *h))
            return -1;
        if (h->len > MAXBLK)
            return -2;
        return full_read(c->rfd, data, h->len);
    }
}

static void writer(struct chan *c, int id)
{
    static uint8_t data[MAXBLK];
    uint32_t rng = 2463534242u ^ (uint32_t)id * 2654435761u;
    uint32_t seq = 0;
    while (time(NULL) < deadline) {
        rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5;
        uint32_t max = c->m == M_MSG ? MSGBLK : MAXBLK;
        struct hdr h = { ++seq, 1 + rng % max, 0 };
        h.sum = fill(data, h.seq, h.len, id);
        if (send_block(c, &h, data))
            _exit(2);
    }
    struct hdr end = { 0, 0, 0 };
    _exit(send_block(c, &end, data) ? 2 : 0);
}

static void reader(struct chan *c, int id, int report)
{
    static uint8_t data[MAXBLK];
    uint32_t expect = 1, blocks = 0;
    uint64_t bytes = 0;
    for (;;) {
        struct hdr h;
        int r = recv_block(c, &h, data);
        if (r) {
            dprintf(report, "stress: %s pair %d: receive failed (%d, %s) after %u blocks\n",
                    mech_name[c->m], id, r, strerror(errno), blocks);
            _exit(1);
        }
        if (h.seq == 0)
            break;
        bool bad = h.seq != expect || checksum(data, h.len) != h.sum;
        for (uint32_t j = 0; !bad && j < h.len; j++)
            bad = data[j] != pattern(h.seq, j, id);
        if (bad) {
            dprintf(report, "stress: %s pair %d: block %u (expected %u, %u bytes) is corrupt\n",
                    mech_name[c->m], id, h.seq, expect, h.len);
            _exit(1);
        }
        expect++;
        blocks++;
        bytes += h.len;
    }
    dprintf(report, "stress: %s pair %d: %u blocks, %llu KiB, checksums good\n",
            mech_name[c->m], id, blocks, (unsigned long long)(bytes >> 10));
    _exit(0);
}

/* Starts one pair; returns 0, or -1 when the mechanism is missing. */
static int start_pair(enum mech m, int id, int report, pid_t *pids)
{
    struct chan c = { .m = m };
    int p[2];
    switch (m) {
    case M_PIPE:
        if (pipe(p))
            return -1;
        c.rfd = p[0], c.wfd = p[1];
        break;
    case M_FIFO:
        snprintf(c.fifo, sizeof c.fifo, "/tmp/stress.fifo.%d", id);
        unlink(c.fifo);
        if (mkfifo(c.fifo, 0600))
            return -1;
        break;
    case M_UNIX:
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, p))
            return -1;
        c.rfd = p[0], c.wfd = p[1];
        break;
    case M_MSG:
        if ((c.q = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) < 0)
            return -1;
        break;
    case M_SHM: {
        int id2 = shmget(IPC_PRIVATE, sizeof(struct hdr) + MAXBLK, IPC_CREAT | 0600);
        c.sem = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
        if (id2 < 0 || c.sem < 0)
            return -1;
        c.shm = shmat(id2, NULL, 0);
        shmctl(id2, IPC_RMID, NULL);          /* goes when both have detached */
        if (c.shm == (void *)-1)
            return -1;
        semop1(c.sem, 1, 1);
        break;
    }
    default:
        return -1;
    }
    for (int k = 0; k < 2; k++) {
        pid_t pid = fork();
        if (pid == 0) {
            if (m == M_FIFO) {
                c.rfd = c.wfd = open(c.fifo, k ? O_RDONLY : O_WRONLY);
                if (c.rfd < 0)
                    _exit(3);
            } else if (m == M_PIPE || m == M_UNIX) {
                close(k ? c.wfd : c.rfd);
            }
            if (k)
                reader(&c, id, report);
            writer(&c, id);
        }
        pids[k] = pid;
    }
    if (m == M_PIPE || m == M_UNIX) {
        close(c.rfd);
        close(c.wfd);
    }
    if (m == M_SHM)
        shmdt(c.shm);
    return 0;
}

/* Runs every mechanism with `pairs` pairs for `secs` seconds; 0 if all good. */
static int ipc_phase(int secs, int pairs, bool quiet)
{
    int report = quiet ? open("/dev/null", O_WRONLY) : 1;
    pid_t pids[NMECH * 16][2];
    int ids[NMECH * 16][2], n = 0, failed = 0;
    deadline = time(NULL) + secs;
    for (int m = 0; m < NMECH; m++)
        for (int k = 0; k < pairs && n < NMECH * 16; k++) {
            if (start_pair((enum mech)m, n, report, pids[n])) {
                if (!quiet && k == 0)
                    printf("stress: %s: not available (%s), skipped\n", mech_name[m], strerror(errno));
                break;
            }
            ids[n][0] = m;
            ids[n][1] = n;
            n++;
        }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 2; k++) {
            int st;
            if (waitpid(pids[i][k], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
                if (k == 0)
                    kill(pids[i][1], SIGKILL);     /* its reader would wait for ever */
                printf("stress: %s pair %d: %s ended badly (status %#x)\n", mech_name[ids[i][0]],
                       ids[i][1], k ? "reader" : "writer", st);
                failed++;
            }
        }
    for (int i = 0; i < n; i++)
        if (ids[i][0] == M_MSG || ids[i][0] == M_SHM || ids[i][0] == M_FIFO) {
            char f[64];
            snprintf(f, sizeof f, "/tmp/stress.fifo.%d", ids[i][1]);
            unlink(f);
        }
    if (quiet)
        close(report);
    return failed;
}

static int fork_bomb(void)
{
    int pfd[2];
    if (pipe(pfd))
        return 1;
    pid_t leader = fork();
    if (leader == 0) {
        setpgid(0, 0);
        int n = 0, err = 0;
        while (n < 100000) {
            pid_t p = fork();
            if (p == 0) {
                for (;;)
                    pause();
            }
            if (p < 0) {
                err = errno;
                break;
            }
            n++;
        }
        dprintf(pfd[1], "%d %d\n", n, err);
        signal(SIGTERM, SIG_IGN);
        kill(0, SIGKILL);                 /* the bomb's process group, us too */
        _exit(0);
    }
    close(pfd[1]);
    char b[64] = "";
    ssize_t r = read(pfd[0], b, sizeof b - 1);
    close(pfd[0]);
    if (r > 0)
        b[r] = 0;
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
        ;
    int n = 0, err = 0;
    sscanf(b, "%d %d", &n, &err);
    printf("stress: fork bomb: %d processes, then fork failed with %s\n", n, err ? strerror(err) : "nothing");
    pid_t p = fork();                      /* and the system recovers */
    if (p == 0)
        _exit(7);
    int st = 0;
    waitpid(p, &st, 0);
    bool ok = (err == EAGAIN || err == ENOMEM) && p > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 7;
    printf("stress: fork bomb: %s\n", ok ? "ended in EAGAIN/ENOMEM, fork works again" : "BAD");
    return !ok;
}

/* An ordinary user (uid 1000) takes all memory: the OOM killer must pick
 * the hog, never init or us, and a reserve keeps root's programs going. */
static int memory_hog(void)
{
    pid_t p = fork();
    if (p == 0) {
        if (setgid(100) || setuid(1000))
            _exit(3);
        size_t mib = 0;
        for (;;) {
            char *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (m == MAP_FAILED) {
                printf("stress: memory hog: mmap failed with %s after %zu MiB\n", strerror(errno), mib);
                _exit(0);
            }
            for (size_t i = 0; i < (1 << 20); i += 4096)
                m[i] = 1;                  /* may be killed here when memory runs out */
            mib++;
        }
    }
    int st = 0;
    waitpid(p, &st, 0);
    if (WIFSIGNALED(st))
        printf("stress: memory hog: killed by %s\n", strsignal(WTERMSIG(st)));
    char *m = malloc(1 << 20);            /* and the system recovers */
    bool ok = m && (WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) == 0));
    if (m)
        memset(m, 2, 1 << 20);
    free(m);
    printf("stress: memory hog: %s\n", ok ? "ended, memory usable again" : "BAD");
    return !ok;
}

/* Sends both descriptors of pair[] over sock with SCM_RIGHTS; 0 or -1. */
static int send_pair(int sock, const int pair[2])
{
    char byte = 'f';
    struct iovec iov = { &byte, 1 };
    union { char buf[CMSG_SPACE(2 * sizeof(int))]; struct cmsghdr align; } u;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                        .msg_controllen = sizeof u.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(2 * sizeof(int));
    memcpy(CMSG_DATA(c), pair, 2 * sizeof(int));
    return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

/* A chain of n UNIX socket pairs of the three types, pair k carrying both
 * ends of pair k-1 in flight; closing the newest releases all of them, and
 * the kernel must do it without recursion (issue 21: its stack). */
static int socket_chain(void)
{
    static const int types[3] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
    int prev[2] = { -1, -1 }, s[2], n = 3000;
    for (int k = 0; k < n; k++) {
        if (socketpair(AF_UNIX, types[k % 3], 0, s) < 0 || (k && send_pair(s[1], prev) < 0)) {
            printf("stress: socket chain: pair %d: %s\n", k, strerror(errno));
            return 1;
        }
        if (k) {
            close(prev[0]);
            close(prev[1]);
        }
        prev[0] = s[0];
        prev[1] = s[1];
    }
    close(s[0]);
    close(s[1]);
    printf("stress: socket chain: %d pairs in flight, closed\n", n);
    return 0;
}

/* A parent ignoring SIGCHLD forks short-lived children one after another
 * (each gone before the next: the table has 256 slots, and the kernel must
 * reap them at once, leaving no zombie), then wait finds none (ECHILD). */
static int ignored_children(void)
{
    signal(SIGCHLD, SIG_IGN);
    int n = 0, failed = 0, lingered = 0;
    for (; n < 1000; n++) {
        pid_t p = fork();
        if (p == 0)
            _exit(0);
        if (p < 0) {
            failed++;
            continue;
        }
        int tries = 0;
        while (kill(p, 0) == 0 && ++tries < 100000)
            sched_yield();
        lingered += tries == 100000;
    }
    while (wait(NULL) > 0 || errno == EINTR)
        ;
    bool ok = failed == 0 && lingered == 0 && errno == ECHILD;
    printf("stress: ignored children: %d forks, %d failed, %d not reaped, wait: %s\n",
           n, failed, lingered, strerror(errno));
    return !ok;
}

static void *thread_work(void *arg)
{
    volatile char scratch[2048];                   /* a page of the thread's stack, touched */
    scratch[0] = (char)(uintptr_t)arg;
    if ((uintptr_t)arg % 3 == 0)
        pthread_exit(arg);
    return scratch[0] == (char)(uintptr_t)arg ? arg : NULL;
}

/* Ten threads at a time, created and joined: returns how many failed. */
static int thread_round(int base)
{
    pthread_t t[10];
    int failed = 0, made = 0;
    for (; made < 10; made++)
        if (pthread_create(&t[made], NULL, thread_work, (void *)(uintptr_t)(base + made)))
            break;
    failed += 10 - made;
    for (int i = 0; i < made; i++) {
        void *r;
        failed += pthread_join(t[i], &r) != 0 || (uintptr_t)r != (uintptr_t)(base + i);
    }
    return failed;
}

/* A burst of 1000 thread create/join (some end in pthread_exit): every
 * page and kmalloc object of the threads comes back, measured in the
 * process itself after one warm-up round (musl's own first allocations),
 * and by part() around it. */
static int thread_burst(void)
{
    static struct kmem before, after;
    char why[256];
    int failed = thread_round(0);
    bool have = kmem_take(&after) == 0 && kmem_take(&before) == 0;
    for (int n = 0; n < 1000; n += 10)
        failed += thread_round(n);
    int leak = have && kmem_take(&after) == 0 && kmem_diff(&before, &after, why, sizeof why);
    printf("stress: threads: 1000 created and joined, %d failed; in the process: %s\n", failed,
           have ? why : "no account");
    return failed || leak;
}

static int secs = 20, pairs = 3;

static int ipc_part(void)
{
    int bad = ipc_phase(secs, pairs, false);
    ipc_cleanup();
    return bad;
}

/* Runs fn in a child, reaps it and everything it left to us, and checks
 * the kernel's memory account is back where it was. Returns the number
 * of things that went wrong. */
static int part(const char *name, int (*fn)(void))
{
    static struct kmem before, after;
    char why[256];
    bool have = kmem_take(&after) == 0 && kmem_take(&before) == 0;   /* the first touches `after` */
    pid_t pid = fork();
    if (pid == 0)
        _exit(fn() ? 1 : 0);
    int st = -1, s;
    for (pid_t p; (p = waitpid(-1, &s, 0)) > 0 || (p < 0 && errno == EINTR);)
        if (p == pid)
            st = s;                           /* and orphans of the part, until none is left */
    int bad = st != 0;
    if (have && kmem_take(&after) == 0) {
        bad += kmem_diff(&before, &after, why, sizeof why) != 0;
        printf("stress: %s: kernel memory after it: %s\n", name, why);
    } else {
        printf("stress: %s: no kernel memory account (/proc/slabinfo, drop_caches: root only)\n", name);
    }
    return bad;
}

int main(int argc, char **argv)
{
    bool bomb = true, hog = true;                   /* -B: no fork bomb, -H: no memory hog */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-t") && i + 1 < argc) secs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-p") && i + 1 < argc) pairs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-B")) bomb = false;
        else if (!strcmp(argv[i], "-H")) hog = false;
    }
    if (pairs > 16) pairs = 16;
    bool init = getpid() == 1;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (init) {
        mkdir("/tmp", 01777);
        mkdir("/proc", 0555);
    }
    printf("stress: %d pairs per mechanism for %d s\n", pairs, secs);
    int bad = part("IPC", ipc_part);
    if (bomb)
        bad += part("fork bomb", fork_bomb);
    if (hog)
        bad += part("memory hog", memory_hog);
    bad += part("socket chain", socket_chain);
    bad += part("ignored children", ignored_children);
    bad += part("threads", thread_burst);
    printf("stress: %s\n", bad ? "FAIL" : "PASS");
    if (init) {
        sync();
        reboot(RB_POWER_OFF);
    }
    return bad != 0;
}
