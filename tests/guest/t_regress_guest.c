/* Regression tests for kernel panics the fuzzer (make torture) found: each
 * case did crash Pipit once; now the offending process gets an error or a
 * signal and the kernel goes on. Guest-only: Linux's exact answers to such
 * garbage differ in details that do not matter here. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* set_thread_area's argument, as <asm/ldt.h> lays it out (musl's headers
 * do not carry the kernel's). */
struct user_desc {
    unsigned int entry_number, base_addr, limit;
    unsigned int seg_32bit:1, contents:2, read_exec_only:1, limit_in_pages:1,
                 seg_not_present:1, useable:1;
};

static int failures;

static void check(const char *name, int ok, const char *detail)
{
    if (ok)
        printf("[PASS] %s\n", name);
    else {
        printf("[FAIL] %s: %s\n", name, detail);
        failures++;
    }
    fflush(stdout);
}

/* Runs fn in a child; returns its wait status. */
static int in_child(void (*fn)(void))
{
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return st;
}

/* rt_sigreturn with garbage on the stack (seed 1, batch 0, call 89): the
 * frame's %gs selector pointed past the GDT and faulted in the kernel. */
static void garbage_sigreturn(void)
{
    static unsigned junk[512];
    for (int i = 0; i < 512; i++)
        junk[i] = 0x51ce5343u + i * 0x01000193u;
    __asm__ volatile("mov %0, %%esp\n\tmov $173, %%eax\n\tint $0x80" : : "r"(junk + 256) : "eax", "memory");
}

static void garbage_old_sigreturn(void)
{
    static unsigned junk[512];
    for (int i = 0; i < 512; i++)
        junk[i] = 0x00430043u;               /* selector 0x43: past the GDT */
    __asm__ volatile("mov %0, %%esp\n\tmov $119, %%eax\n\tint $0x80" : : "r"(junk + 256) : "eax", "memory");
}

/* A TLS slot cleared while %gs still selects it: the kernel's return to
 * user mode reloaded %gs from a descriptor that was gone. */
static void vanishing_tls(void)
{
    struct user_desc d = { .entry_number = 7, .base_addr = 0x1000, .limit = 0xfffff, .seg_32bit = 1,
                           .limit_in_pages = 1, .useable = 1 };
    if (syscall(SYS_set_thread_area, &d) != 0)
        _exit(2);
    unsigned short old;
    __asm__ volatile("mov %%gs, %0" : "=r"(old));
    __asm__ volatile("mov %0, %%gs" : : "r"((unsigned short)(7 * 8 + 3)));
    /* Raw int $0x80 from here on: musl's own calls go through %gs. */
    struct user_desc empty = { .entry_number = 7, .read_exec_only = 1, .seg_not_present = 1 };
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(SYS_set_thread_area), "b"(&empty) : "memory");
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(SYS_getpid) : "memory");   /* one more trip */
    __asm__ volatile("mov %0, %%gs" : : "r"(old));
    _exit(7);
}

/* Names made or removed under /proc: its directories have no such
 * operations, and the kernel called through a NULL pointer. */
static void proc_names(void)
{
    int bad = 0;
    bad += unlink("/proc/stat") == 0;
    bad += rmdir("/proc/sysvipc") == 0;
    bad += mkdir("/proc/x", 0755) == 0;
    bad += open("/proc/y", O_CREAT | O_WRONLY, 0644) >= 0;
    bad += mknod("/proc/z", S_IFIFO | 0644, 0) == 0;
    bad += symlink("/", "/proc/w") == 0;
    bad += rename("/proc/stat", "/proc/v") == 0;
    bad += link("/proc/stat", "/proc/u") == 0;
    _exit(bad);
}

/* A system call made with the direction flag set: the kernel's copies ran
 * backwards. */
static void direction_flag(void)
{
    static const char msg[] = "";
    long r;
    __asm__ volatile("std\n\tint $0x80\n\tcld" : "=a"(r) : "a"(SYS_write), "b"(1), "c"(msg), "d"(0) : "memory");
    char buf[16] = "0123456789abcde";
    int p[2];
    pipe(p);
    __asm__ volatile("std\n\tint $0x80\n\tcld" : "=a"(r) : "a"(SYS_write), "b"(p[1]), "c"(buf), "d"(15) : "memory");
    char got[16] = { 0 };
    read(p[0], got, 15);
    _exit(r == 15 && !memcmp(got, buf, 15) ? 0 : 1);
}

/* One user flooding itself with queued real-time signals (the review of
 * rt_sigqueueinfo): it gets its share of the kernel's pool, then EAGAIN,
 * and a process of another user can still queue signals meanwhile. Exit
 * 0 when so. */
static void rt_flood(void)
{
    int up[2], down[2];
    if (pipe(up) || pipe(down))
        _exit(10);
    pid_t flooder = fork();
    if (flooder == 0) {
        setuid(1000);
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGRTMIN);
        sigprocmask(SIG_BLOCK, &s, NULL);
        int n = 0;
        while (n < 100000 && sigqueue(getpid(), SIGRTMIN, (union sigval){ n }) == 0)
            n++;
        char c = errno == EAGAIN && n < 100000;
        write(up[1], &c, 1);
        read(down[0], &c, 1);                /* hold the records until told */
        _exit(0);
    }
    char c = 0;
    read(up[0], &c, 1);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &s, NULL);
    int ok = 0;
    for (int i = 0; i < 3; i++)              /* root: another user */
        ok += sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ i }) == 0;
    write(down[1], "x", 1);
    waitpid(flooder, NULL, 0);
    _exit(c == 1 && ok == 3 ? 0 : 1);
}

/* SO_RCVTIMEO of 2^31 seconds is no limit, as on i386 Linux (whose
 * longest sleep is 2^31 - 1 ticks): it reads back as {0, 0}. The 64-bit
 * host keeps it, so this is not in the differential t_socket_timeo. */
static void huge_sock_timeout(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
        _exit(10);
    struct timeval tv = { (time_t)1 << 31, 0 }, back = { 1, 1 };
    socklen_t len = sizeof back;
    if (setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) ||
        getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &back, &len))
        _exit(11);
    _exit(back.tv_sec == 0 && back.tv_usec == 0 ? 0 : 1);
}

int main(void)
{
    int st = in_child(garbage_sigreturn);
    check("rt_sigreturn with a garbage frame kills only the caller", WIFSIGNALED(st), "child was not killed");
    st = in_child(garbage_old_sigreturn);
    check("sigreturn with bad selectors kills only the caller", WIFSIGNALED(st), "child was not killed");
    st = in_child(vanishing_tls);
    char why[64];
    snprintf(why, sizeof why, "child's wait status %#x, expected exit 7", st);
    check("a TLS slot cleared while loaded: the process goes on", WIFEXITED(st) && WEXITSTATUS(st) == 7, why);
    st = in_child(proc_names);
    check("creating and removing names in /proc fails cleanly", WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "some call succeeded");
    st = in_child(direction_flag);
    check("system calls with DF set copy forwards", WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "data came out wrong");
    st = in_child(huge_sock_timeout);
    check("SO_RCVTIMEO of 2^31 s is no limit, as on i386 Linux", WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "it read back as a finite time");
    st = in_child(rt_flood);
    check("a user flooding itself with sigqueue leaves room for others", WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "the flooder got no EAGAIN, or another user's sigqueue failed");
    return failures != 0;
}
