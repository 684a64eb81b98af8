/* 64 MiB through a UNIX stream socket and 64 MiB through a datagram
 * socket, each between two processes, with checksums on both sides: the
 * stress half of the sockets issue. Same output on Linux. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOTAL (64u << 20)

static int failures;

static void check(const char *name, int ok)
{
    printf(ok ? "[PASS] %s\n" : "[FAIL] %s: checksums or counts differ\n", name);
    failures += !ok;
    fflush(stdout);
}

/* A deterministic byte stream: xorshift, so both sides can compute it. */
static uint32_t next_word(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void fill(unsigned char *buf, size_t n, uint32_t *s)
{
    for (size_t i = 0; i < n; i += 4) {
        uint32_t w = next_word(s);
        memcpy(buf + i, &w, n - i < 4 ? n - i : 4);
    }
}

static uint64_t sum(const unsigned char *buf, size_t n, uint64_t acc)
{
    for (size_t i = 0; i < n; i++)
        acc = acc * 31 + buf[i];
    return acc;
}

static void stream(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    static unsigned char buf[70000];
    pid_t pid = fork();
    if (pid == 0) {                          /* writer: odd-sized chunks */
        close(sv[0]);
        uint32_t s = 12345;
        uint64_t acc = 0;
        for (uint32_t done = 0, k = 0; done < TOTAL; k++) {
            size_t n = 1000 + (k * 7919) % 60000;
            if (n > TOTAL - done) n = TOTAL - done;
            fill(buf, n, &s);
            acc = sum(buf, n, acc);
            for (size_t off = 0; off < n;) {
                ssize_t w = write(sv[1], buf + off, n - off);
                if (w <= 0) _exit(2);
                off += (size_t)w;
            }
            done += (uint32_t)n;
        }
        write(sv[1], &acc, sizeof acc);      /* the writer's checksum travels last */
        _exit(0);
    }
    close(sv[1]);
    uint64_t acc = 0, theirs = 0;
    uint32_t got = 0;
    for (;;) {
        size_t want = got < TOTAL ? (TOTAL - got < 4093 ? TOTAL - got : 4093) : sizeof theirs;
        ssize_t r = read(sv[0], got < TOTAL ? buf : (unsigned char *)&theirs, want);
        if (r <= 0)
            break;
        if (got < TOTAL) {
            acc = sum(buf, (size_t)r, acc);
            got += (uint32_t)r;
        } else {
            break;
        }
    }
    int st;
    waitpid(pid, &st, 0);
    check("64 MiB through a stream socket, checksums agree", got == TOTAL && acc == theirs &&
          WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(sv[0]);
}

static void datagrams(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    static unsigned char buf[8192];
    const size_t dsize = 4096;
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        uint32_t s = 777;
        uint64_t acc = 0;
        for (uint32_t done = 0; done < TOTAL; done += dsize) {
            fill(buf, dsize, &s);
            acc = sum(buf, dsize, acc);
            if (send(sv[1], buf, dsize, 0) != (ssize_t)dsize) _exit(2);
        }
        send(sv[1], &acc, sizeof acc, 0);
        _exit(0);
    }
    close(sv[1]);
    uint64_t acc = 0, theirs = 0;
    uint32_t got = 0, whole = 1;
    while (got < TOTAL) {
        ssize_t r = recv(sv[0], buf, sizeof buf, 0);
        if (r <= 0) break;
        whole &= r == (ssize_t)dsize;        /* boundaries are kept */
        acc = sum(buf, (size_t)r, acc);
        got += (uint32_t)r;
    }
    recv(sv[0], &theirs, sizeof theirs, 0);
    int st;
    waitpid(pid, &st, 0);
    check("64 MiB of 4 KiB datagrams, each whole, checksums agree", got == TOTAL && whole &&
          acc == theirs && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(sv[0]);
}

int main(void)
{
    stream();
    datagrams();
    return failures != 0;
}
