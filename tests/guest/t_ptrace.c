/* ptrace: TRACEME, stops on signals and at system calls, reading and
 * writing a child's memory and registers, single steps, kill, attach and
 * detach, and the permission rules. Output is the same on Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void check(const char *name, long got, long want)
{
    if (got == want) printf("[PASS] %s\n", name);
    else { printf("[FAIL] %s: got %ld, expected %ld\n", name, got, want); failures++; }
    fflush(stdout);
}

static volatile long secret = 0x11223344;

/* The child stops itself so the parent can look at it. */
static pid_t traced_child(void (*body)(void))
{
    pid_t pid = fork();
    if (pid == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        raise(SIGSTOP);
        body();
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    check("child stopped with SIGSTOP", WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, 1);
    return pid;
}

static void body_secret(void)
{
    _exit(secret == 0x55667788 ? 7 : 8);
}

static void test_peek_poke(void)
{
    pid_t pid = traced_child(body_secret);
    errno = 0;
    long v = ptrace(PTRACE_PEEKDATA, pid, (void *)&secret, 0);
    check("PEEKDATA reads the child's word", v, 0x11223344);
    check("POKEDATA", ptrace(PTRACE_POKEDATA, pid, (void *)&secret, (void *)0x55667788), 0);
    check("PEEKDATA sees the new word", ptrace(PTRACE_PEEKDATA, pid, (void *)&secret, 0), 0x55667788);
    check("our copy is untouched", secret, 0x11223344);
    errno = 0;
    ptrace(PTRACE_PEEKDATA, pid, (void *)0x10, 0);
    check("PEEKDATA of an unmapped address -> EIO", errno, EIO);
    check("PTRACE_CONT", ptrace(PTRACE_CONT, pid, 0, 0), 0);
    int st;
    waitpid(pid, &st, 0);
    check("child saw the poked value (exit 7)", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 7);
}

static void body_getpid(void)
{
    syscall(SYS_getpid);
    _exit(3);
}

static void test_regs_and_syscalls(void)
{
    pid_t pid = traced_child(body_getpid);
    ptrace(PTRACE_SETOPTIONS, pid, 0, (void *)PTRACE_O_TRACESYSGOOD);
    int st, entries = 0, saw_getpid = 0, exit_result_ok = 0;
    for (;;) {
        ptrace(PTRACE_SYSCALL, pid, 0, 0);
        waitpid(pid, &st, 0);
        if (!WIFSTOPPED(st))
            break;
        if (WSTOPSIG(st) != (SIGTRAP | 0x80))
            continue;
        struct user_regs_struct r;
        ptrace(PTRACE_GETREGS, pid, 0, &r);
        long orig = ptrace(PTRACE_PEEKUSER, pid, (void *)offsetof(struct user_regs_struct, orig_eax), 0);
        if (orig != r.orig_eax) { printf("[FAIL] PEEKUSER orig_eax\n"); failures++; }
        if (r.orig_eax == SYS_getpid) {
            if (!saw_getpid) { saw_getpid = 1; entries++; check("entry stop: eax is -ENOSYS", r.eax, -ENOSYS); }
            else exit_result_ok = r.eax == pid;
        }
    }
    check("a getpid entry stop was seen", saw_getpid, 1);
    check("exit stop shows getpid's result", exit_result_ok, 1);
    check("traced child exited 3", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 3);
}

static void body_loop(void)
{
    volatile int n = 0;
    for (int i = 0; i < 100; i++)
        n += i;
    _exit(n == 4950 ? 0 : 1);
}

static void test_singlestep_and_setregs(void)
{
    pid_t pid = traced_child(body_loop);
    struct user_regs_struct a, b;
    ptrace(PTRACE_GETREGS, pid, 0, &a);
    int st, steps = 0, moved = 1;
    for (int i = 0; i < 20; i++) {
        if (ptrace(PTRACE_SINGLESTEP, pid, 0, 0) != 0) { moved = 0; break; }
        waitpid(pid, &st, 0);
        if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP) { moved = 0; break; }
        ptrace(PTRACE_GETREGS, pid, 0, &b);
        if (b.eip == a.eip && b.esp == a.esp && b.eax == a.eax) moved = 0;
        a = b;
        steps++;
    }
    check("20 single steps each stopped with SIGTRAP", steps == 20 && moved, 1);
    b.eax = 12345;
    check("SETREGS", ptrace(PTRACE_SETREGS, pid, 0, &b), 0);
    struct user_regs_struct c;
    ptrace(PTRACE_GETREGS, pid, 0, &c);
    check("GETREGS returns what SETREGS set", c.eax, 12345);
    c.eax = a.eax;
    ptrace(PTRACE_SETREGS, pid, 0, &c);
    ptrace(PTRACE_CONT, pid, 0, 0);
    waitpid(pid, &st, 0);
    check("the stepped child finished its loop", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
}

static void body_signal(void)
{
    raise(SIGUSR1);                         /* the tracer cancels it */
    raise(SIGUSR2);                         /* the tracer passes it on: default kills */
    _exit(9);
}

static void test_signal_stops(void)
{
    pid_t pid = traced_child(body_signal);
    int st;
    ptrace(PTRACE_CONT, pid, 0, 0);
    waitpid(pid, &st, 0);
    check("stop for SIGUSR1", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGUSR1);
    ptrace(PTRACE_CONT, pid, 0, 0);         /* suppress it */
    waitpid(pid, &st, 0);
    check("stop for SIGUSR2", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGUSR2);
    ptrace(PTRACE_CONT, pid, 0, (void *)SIGUSR2);
    waitpid(pid, &st, 0);
    check("SIGUSR2 delivered: killed", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGUSR2);
}

static void test_kill_and_errors(void)
{
    pid_t pid = traced_child(body_loop);
    check("PTRACE_KILL", ptrace(PTRACE_KILL, pid, 0, 0), 0);
    int st;
    waitpid(pid, &st, 0);
    check("killed child: SIGKILL", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGKILL);
    errno = 0;
    check("ptrace on a reaped pid fails", ptrace(PTRACE_CONT, pid, 0, 0), -1);
    check("... with ESRCH", errno, ESRCH);
    pid_t other = fork();
    if (other == 0) { pause(); _exit(0); }
    errno = 0;
    check("PTRACE_CONT on an untraced child fails", ptrace(PTRACE_CONT, other, 0, 0), -1);
    check("... with ESRCH", errno, ESRCH);
    kill(other, SIGKILL);
    waitpid(other, &st, 0);
}

static void test_attach(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        for (;;) pause();
    }
    check("PTRACE_ATTACH", ptrace(PTRACE_ATTACH, pid, 0, 0), 0);
    int st;
    waitpid(pid, &st, 0);
    check("attached child stops with SIGSTOP", WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGSTOP);
    errno = 0;
    check("SEIZE with an address fails", ptrace(PTRACE_SEIZE, pid, (void *)4, 0), -1);
    check("... with EIO (before EPERM)", errno, EIO);
    errno = 0;
    check("SEIZE with unknown options fails", ptrace(PTRACE_SEIZE, pid, 0, (void *)0x40000000), -1);
    check("... with EIO", errno, EIO);
    errno = 0;
    check("second ATTACH fails", ptrace(PTRACE_ATTACH, pid, 0, 0), -1);
    check("... with EPERM", errno, EPERM);
    check("PTRACE_DETACH", ptrace(PTRACE_DETACH, pid, 0, 0), 0);
    kill(pid, SIGTERM);
    waitpid(pid, &st, 0);
    check("detached child dies of SIGTERM", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGTERM);

    pid_t victim = fork();
    if (victim == 0) { for (;;) pause(); }
    pid_t user = fork();
    if (user == 0) {                         /* uid 1000 may not trace root's process */
        if (setgid(100) || setuid(1000)) _exit(2);
        errno = 0;
        long r = ptrace(PTRACE_ATTACH, victim, 0, 0);
        _exit(r == -1 && errno == EPERM ? 0 : 1);
    }
    waitpid(user, &st, 0);
    check("ATTACH to another user's process -> EPERM", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
    kill(victim, SIGKILL);
    waitpid(victim, &st, 0);
}

/* Whether pid is a zombie, from the state letter of /proc/<pid>/stat. */
static int is_zombie(pid_t pid)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    return p && p[1] == ' ' && p[2] == 'Z';
}

/* A child traced by another process: the tracer hears of its exit first;
 * until it has, the parent's wait finds nothing to reap. */
static void test_tracer_first(void)
{
    int go[2], ready[2], cmd[2];
    char c = 0;
    if (pipe(go) || pipe(ready) || pipe(cmd)) return;
    pid_t child = fork();
    if (child == 0) {
        read(go[0], &c, 1);
        _exit(7);
    }
    pid_t tracer = fork();
    if (tracer == 0) {
        int st;
        if (ptrace(PTRACE_SEIZE, child, 0, 0)) _exit(1);
        write(ready[1], "r", 1);
        read(cmd[0], &c, 1);
        if (waitpid(child, &st, __WALL) != child) _exit(2);
        _exit(WIFEXITED(st) && WEXITSTATUS(st) == 7 ? 0 : 3);
    }
    read(ready[0], &c, 1);
    write(go[1], "g", 1);
    for (int i = 0; i < 2000 && !is_zombie(child); i++)
        usleep(1000);
    int st = 0;
    check("traced child is a zombie", is_zombie(child), 1);
    check("parent's WNOHANG wait before the tracer's: nothing", waitpid(child, &st, WNOHANG), 0);
    write(cmd[1], "w", 1);
    waitpid(tracer, &st, 0);
    check("tracer's wait reports the exit", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
    check("then the parent reaps it", waitpid(child, &st, 0), child);
    check("... with its status", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 7);
}

/* A process already stopped by SIGSTOP becomes a stopped tracee: the
 * tracer's wait reports the stop at once; after PTRACE_ATTACH, PTRACE_CONT
 * runs it into the stop for the attach's own SIGSTOP, and the next
 * PTRACE_CONT lets it run. After PTRACE_SEIZE the stop is a
 * PTRACE_EVENT_STOP and one PTRACE_CONT lets it run. */
static void test_attach_stopped(int request)
{
    const char *seize = request == PTRACE_SEIZE ? "SEIZE" : "ATTACH";
    char name[96];
    pid_t pid = fork();
    if (pid == 0) {
        for (;;) pause();
    }
    int st;
    kill(pid, SIGSTOP);
    waitpid(pid, &st, WUNTRACED);
    snprintf(name, sizeof name, "%s: stopped child", seize);
    check(name, WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGSTOP);
    snprintf(name, sizeof name, "%s to a stopped process", seize);
    check(name, ptrace(request, pid, 0, 0), 0);
    snprintf(name, sizeof name, "%s: the tracer's wait reports the stop", seize);
    check(name, waitpid(pid, &st, 0) == pid ? st >> 8 : -1,
          SIGSTOP | (request == PTRACE_SEIZE ? PTRACE_EVENT_STOP << 8 : 0));
    snprintf(name, sizeof name, "%s: PTRACE_CONT", seize);
    check(name, ptrace(PTRACE_CONT, pid, 0, 0), 0);
    if (request == PTRACE_ATTACH) {
        check("ATTACH: then the stop for the attach's SIGSTOP",
              waitpid(pid, &st, 0) == pid && WIFSTOPPED(st) ? WSTOPSIG(st) : -1, SIGSTOP);
        check("ATTACH: PTRACE_CONT again", ptrace(PTRACE_CONT, pid, 0, 0), 0);
    }
    usleep(50000);
    snprintf(name, sizeof name, "%s: it runs (no stop to wait for)", seize);
    check(name, waitpid(pid, &st, WNOHANG), 0);
    snprintf(name, sizeof name, "%s: running, so PTRACE_CONT -> ESRCH", seize);
    errno = 0;
    check(name, ptrace(PTRACE_CONT, pid, 0, 0) == -1 ? errno : 0, ESRCH);
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    snprintf(name, sizeof name, "%s: killed", seize);
    check(name, WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGKILL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    test_peek_poke();
    test_regs_and_syscalls();
    test_singlestep_and_setregs();
    test_signal_stops();
    test_kill_and_errors();
    test_attach();
    test_tracer_first();
    test_attach_stopped(PTRACE_ATTACH);
    test_attach_stopped(PTRACE_SEIZE);
    return failures != 0;
}
