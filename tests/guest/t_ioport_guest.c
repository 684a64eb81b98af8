/* t_ioport_guest - ioperm(2) and iopl(2), in the guest only: the host's
 * kernel is built without CONFIG_X86_IOPL_IOPERM (Debian 6.1's 686 has
 * it). What Linux 6.1 does: ioperm opens a range of ports to the calling
 * thread (CAP_SYS_RAWIO to open, anyone may close), the bitmap is kept by
 * fork and execve, iopl(3) opens every port (emulated with the bitmap:
 * cli stays refused), a refused port is SIGSEGV; the errors. Port 0x80 (the
 * POST diagnostic port) takes writes harmlessly; 0x81 is a neighbour. */
#include "check.h"
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <elf.h>

static void outb_80(void) { __asm__ volatile("outb %%al, $0x80" : : "a"(0)); }
static void outb_81(void) { __asm__ volatile("outb %%al, $0x81" : : "a"(0)); }
static void inb_3fd(void) { unsigned char v; __asm__ volatile("inb %%dx, %%al" : "=a"(v) : "d"(0x3fd)); (void)v; }
static void do_cli(void) { __asm__ volatile("cli; sti"); }

static long ioperm_(unsigned long from, unsigned long num, int on) { return syscall(SYS_ioperm, from, num, on); }
static long iopl_(int level) { return syscall(SYS_iopl, level); }

static void errors(void)
{
	CHECK_SYSERR("ioperm of no port", EINVAL, SYS_ioperm, 0x80, 0, 1);
	CHECK_SYSERR("ioperm past port 65535", EINVAL, SYS_ioperm, 65535, 2, 1);
	CHECK_SYSERR("ioperm of a wrapping range", EINVAL, SYS_ioperm, 0xFFFFFFFFul, 2, 1);
	CHECK_OK0("ioperm of the last port", ioperm_(65535, 1, 1));
	CHECK_OK0("ioperm closing it", ioperm_(65535, 1, 0));
	CHECK_SYSERR("iopl(4)", EINVAL, SYS_iopl, 4);
	CHECK_OK0("iopl(0) when at 0", iopl_(0));
}

static void as_user(void)
{
	CHECK_SYSERR("uid 1000: ioperm opening", EPERM, SYS_ioperm, 0x80, 1, 1);
	CHECK_OK0("uid 1000: ioperm closing", ioperm_(0x80, 1, 0));
	CHECK_SYSERR("uid 1000: iopl(3)", EPERM, SYS_iopl, 3);
	CHECK_OK0("uid 1000: iopl(0)", iopl_(0));
}

static void unprivileged(void)
{
	as_uid1000(as_user);
}

static void ports(void)
{
	CHECK_SIG("no permission: outb is SIGSEGV", child_status(outb_80), SIGSEGV);
	CHECK_OK0("ioperm(0x80, 1, on)", ioperm_(0x80, 1, 1));
	CHECK_EXIT("  outb 0x80 works", child_status(outb_80), 0);
	CHECK_SIG("  outb 0x81 still SIGSEGV", child_status(outb_81), SIGSEGV);
	outb_80();
	CHECK("  in this process too", 1);
	CHECK_OK0("ioperm(0x80, 1, off)", ioperm_(0x80, 1, 0));
	CHECK_SIG("  outb 0x80 SIGSEGV again", child_status(outb_80), SIGSEGV);
}

static void execs_keep(void)
{
	ioperm_(0x80, 1, 1);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "t_ioport_guest", "outb", (char *)NULL);
		_exit(99);
	}
	CHECK_EXIT("the bitmap is kept across execve", wait_for(pid), 0);
}

static void shared_then_copied(void)
{
	ioperm_(0x80, 2, 1);
	int up[2], down[2];
	pipe(up);
	pipe(down);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		ioperm_(0x81, 1, 0);                 /* the child's own copy now */
		write(up[1], "x", 1);
		read(down[0], &c, 1);                /* the parent has looked */
		_exit(child_status(outb_81) == 0 ? 1 : 0);
	}
	char c;
	read(up[0], &c, 1);
	CHECK_EXIT("the parent keeps 0x81 after the child closed its own", child_status(outb_81), 0);
	write(down[1], "y", 1);
	CHECK_EXIT("the child lost it", wait_for(pid), 0);
}

static void iopl3(void)
{
	CHECK_OK0("iopl(3) as root", iopl_(3));
	CHECK_EXIT("  outb 0x80 works", child_status(outb_80), 0);
	CHECK_EXIT("  inb 0x3fd works", child_status(inb_3fd), 0);
	CHECK_SIG("  cli is still refused", child_status(do_cli), SIGSEGV);
	CHECK_OK0("iopl(1): lower, allowed", iopl_(1));
	CHECK_SIG("  opens nothing", child_status(outb_80), SIGSEGV);
	CHECK_OK0("iopl(0)", iopl_(0));
	CHECK_SIG("  outb SIGSEGV", child_status(outb_80), SIGSEGV);
}

static void regset(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		ioperm_(0x80, 1, 1);
		raise(SIGSTOP);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	static unsigned char bits[8192];
	struct iovec iov = { bits, sizeof bits };
	CHECK_ERR("NT_386_IOPERM without a bitmap", ptrace(PTRACE_GETREGSET, pid, NT_386_IOPERM, &iov), ENXIO);
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
	CHECK_OK0("NT_386_IOPERM with one", ptrace(PTRACE_GETREGSET, pid, NT_386_IOPERM, &iov));
	CHECK_EQ("  8192 bytes", iov.iov_len, 8192);
	CHECK("  port 0x80 open, 0x81 refused", !(bits[0x10] & 1) && (bits[0x10] & 2) && bits[0] == 0xFF);
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "outb")) {
		outb_80();
		return 0;
	}
	RUN(errors);
	RUN(unprivileged);
	RUN(ports);
	RUN(execs_keep);
	RUN(shared_then_copied);
	RUN(iopl3);
	RUN(regset);
	return cases_failed ? 1 : 0;
}
