/* t_rseq - rseq(2) as Linux 6.1: registration and its errors (EINVAL,
 * EPERM, EBUSY), the cpu ids the kernel keeps in the area, a critical
 * section a signal interrupts leaving for its abort handler, rseq_cs
 * emptied when the signal comes outside the section, and SIGSEGV for a
 * section whose abort handler lacks the signature or an area the kernel
 * cannot write (kernel/rseq.c). Built for musl only: glibc registers its
 * own area first. */
#include "check.h"
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>

#define NR_RSEQ 386
#define RSEQ_FLAG_UNREGISTER 1
#define SIG 0x53053053

struct rseq_area {
	uint32_t cpu_id_start, cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
} __attribute__((aligned(32)));

static struct rseq_area rs, other;

static long rseq_(void *area, uint32_t len, int flags, uint32_t sig)
{
	return syscall(NR_RSEQ, area, len, flags, sig);
}

/* The section: [1, 2) spins until an event moves it to its abort
 * handler 4, which the signature precedes; `bad` names a descriptor
 * whose signature differs. */
__asm__(".pushsection .data\n"
	".balign 32\n"
	"cs_good: .long 0, 0, 1f, 0, 2f - 1f, 0, 4f, 0\n"
	".balign 32\n"
	"cs_bad: .long 0, 0, 1f, 0, 2f - 1f, 0, 3f, 0\n"
	".popsection\n"
	".text\n"
	".globl spin_section\n"
	"spin_section:\n"
	"    movl 4(%esp), %eax\n"
	"    movl %eax, rs + 8\n"
	"1:  jmp 1b\n"
	"2:  ud2\n"
	"    .long 0x12345678\n"
	"3:  ud2\n"
	"    .long 0x53053053\n"
	"4:  movl $1, %eax\n"
	"    ret\n");
int spin_section(const void *desc);
extern const char cs_good[], cs_bad[];

static void on_alarm(int sig)
{
	(void)sig;
}

static void registration(void)
{
	CHECK_ERR("an unknown flag: EINVAL", rseq_(&rs, 32, 2, SIG), EINVAL);
	CHECK_ERR("length 16: EINVAL", rseq_(&rs, 16, 0, SIG), EINVAL);
	CHECK_ERR("misaligned: EINVAL", rseq_((char *)&rs + 4, 32, 0, SIG), EINVAL);
	CHECK_ERR("unregister, none: EINVAL", rseq_(&rs, 32, RSEQ_FLAG_UNREGISTER, SIG), EINVAL);
	rs.cpu_id = 12345;
	CHECK_OK0("register", rseq_(&rs, 32, 0, SIG));
	CHECK("the cpu ids are set", rs.cpu_id < 2 && rs.cpu_id_start == rs.cpu_id);
	CHECK_ERR("again: EBUSY", rseq_(&rs, 32, 0, SIG), EBUSY);
	CHECK_ERR("another signature: EPERM", rseq_(&rs, 32, 0, SIG + 1), EPERM);
	CHECK_ERR("another area: EINVAL", rseq_(&other, 32, 0, SIG), EINVAL);
	CHECK_ERR("unregister another area: EINVAL", rseq_(&other, 32, RSEQ_FLAG_UNREGISTER, SIG), EINVAL);
	CHECK_ERR("unregister, another signature: EPERM", rseq_(&rs, 32, RSEQ_FLAG_UNREGISTER, SIG + 1), EPERM);
	CHECK_OK0("unregister", rseq_(&rs, 32, RSEQ_FLAG_UNREGISTER, SIG));
	CHECK_EQ("cpu_id is uninitialized (-1)", rs.cpu_id, 0xFFFFFFFFu);
	CHECK_EQ("cpu_id_start 0", rs.cpu_id_start, 0);
	CHECK_OK0("register again", rseq_(&rs, 32, 0, SIG));
	pid_t pid = fork();
	if (pid == 0)
		_exit(rseq_(&rs, 32, 0, SIG) == -1 && errno == EBUSY ? 0 : 1);
	CHECK_EQ("a forked child keeps the registration", wait_for(pid), 0);
}

static void section_aborts(void)
{
	CHECK_OK0("register", rseq_(&rs, 32, 0, SIG));
	signal(SIGALRM, on_alarm);
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_EQ("a signal in the section: its abort handler", spin_section(cs_good), 1);
	CHECK("rseq_cs emptied", rs.rseq_cs == 0);
	rs.rseq_cs = (uintptr_t)cs_good;
	raise(SIGALRM);
	CHECK("a signal outside the section empties rseq_cs", rs.rseq_cs == 0);
}

static void bad_signature(void)
{
	rseq_(&rs, 32, 0, SIG);
	signal(SIGALRM, on_alarm);
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	spin_section(cs_bad);
}

static void unwritable(void)
{
	/* 6.1 registers it and finds it unwritable on the way back (SIGSEGV);
	 * later kernels write it at once and say EFAULT: either is right */
	if (rseq_((void *)0x1000, 32, 0, SIG) == -1 && errno == EFAULT)
		raise(SIGSEGV);
}

int main(void)
{
	RUN(registration);
	RUN(section_aborts);
	int st = child_status(bad_signature);
	CHECK("no signature before the abort handler: SIGSEGV", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	st = child_status(unwritable);
	CHECK("an area the kernel cannot write: SIGSEGV (or EFAULT)", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	return cases_failed ? 1 : 0;
}
