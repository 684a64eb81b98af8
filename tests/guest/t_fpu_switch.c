/* t_fpu_switch - differential test that the x87 and SSE registers of a
 * program survive task switches, whichever way the kernel switches them:
 * lazily (the first FPU instruction after a switch traps and the state is
 * swapped then), eagerly (a task that keeps using the FPU has it loaded at
 * the switch), or back from eager to lazy. Processes and threads load a
 * pattern of their own into st0-st7 and xmm0-xmm7, hand the CPU to each
 * other with sched_yield a varying number of times without touching the
 * FPU, then read the registers back. Some use the FPU at every turn, one
 * only now and then, one never. */
#include "check.h"
#include <pthread.h>
#include <stdint.h>

#define ROUNDS 400                           /* per worker: past the 256 a byte counter wraps at */

struct fpu_regs {
	uint32_t xmm[8][4];
	double st[8];
};

/* The pattern of worker w in round r: every value different. */
static void pattern(struct fpu_regs *p, int w, int r)
{
	for (int i = 0; i < 8; i++) {
		for (int j = 0; j < 4; j++)
			p->xmm[i][j] = (uint32_t)(w * 0x01000193u) ^ (uint32_t)(r * 0x9e3779b9u) ^
				       (uint32_t)(i * 16 + j) ^ 0x5a5a0000u;
		p->st[i] = (double)w * 1000003.0 + (double)r * 17.0 + (double)i / 8.0 + 0.5;
	}
}

/* Loads in into the registers, yields n times by int $0x80 (nothing in
 * between touches the FPU), and stores the registers into out. The x87
 * stack is pushed st[7] first, so st(i) holds st[i], and popped in order. */
__attribute__((target("sse2")))
static void hold_across_yields(const struct fpu_regs *in, struct fpu_regs *out, int n)
{
	__asm__ volatile(
		"movdqu 0(%1), %%xmm0\n\t"   "movdqu 16(%1), %%xmm1\n\t"
		"movdqu 32(%1), %%xmm2\n\t"  "movdqu 48(%1), %%xmm3\n\t"
		"movdqu 64(%1), %%xmm4\n\t"  "movdqu 80(%1), %%xmm5\n\t"
		"movdqu 96(%1), %%xmm6\n\t"  "movdqu 112(%1), %%xmm7\n\t"
		"fldl 184(%1)\n\t" "fldl 176(%1)\n\t" "fldl 168(%1)\n\t" "fldl 160(%1)\n\t"
		"fldl 152(%1)\n\t" "fldl 144(%1)\n\t" "fldl 136(%1)\n\t" "fldl 128(%1)\n\t"
		"1:\n\t"
		"test %%ecx, %%ecx\n\t"
		"jz 2f\n\t"
		"mov %3, %%eax\n\t"
		"int $0x80\n\t"
		"dec %%ecx\n\t"
		"jmp 1b\n"
		"2:\n\t"
		"movdqu %%xmm0, 0(%2)\n\t"   "movdqu %%xmm1, 16(%2)\n\t"
		"movdqu %%xmm2, 32(%2)\n\t"  "movdqu %%xmm3, 48(%2)\n\t"
		"movdqu %%xmm4, 64(%2)\n\t"  "movdqu %%xmm5, 80(%2)\n\t"
		"movdqu %%xmm6, 96(%2)\n\t"  "movdqu %%xmm7, 112(%2)\n\t"
		"fstpl 128(%2)\n\t" "fstpl 136(%2)\n\t" "fstpl 144(%2)\n\t" "fstpl 152(%2)\n\t"
		"fstpl 160(%2)\n\t" "fstpl 168(%2)\n\t" "fstpl 176(%2)\n\t" "fstpl 184(%2)\n\t"
		: "+c"(n)
		: "r"(in), "r"(out), "i"(SYS_sched_yield)
		: "eax", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
		  "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
}

/* Worker w's rounds; every `every` rounds it holds a pattern across 1 to
 * 5 yields, the other rounds it only yields. Returns the rounds whose
 * registers came back changed. */
static int worker(int w, int every)
{
	int bad = 0;
	for (int r = 0; r < ROUNDS; r++) {
		if (every && r % every == 0) {
			struct fpu_regs in, out;
			pattern(&in, w, r);
			memset(&out, 0, sizeof out);
			hold_across_yields(&in, &out, 1 + r % 5);
			if (memcmp(&in, &out, sizeof in))
				bad++;
		} else {
			sched_yield();
		}
	}
	return bad;
}

/* Three processes that use the FPU at every turn, one every 50th turn,
 * one never, all yielding to each other. */
static void processes(void)
{
	static const int every[] = { 1, 1, 1, 50, 0 };
	pid_t pid[5];
	for (int w = 0; w < 5; w++) {
		pid[w] = fork();
		if (pid[w] == 0)
			_exit(worker(w + 1, every[w]) ? 1 : 0);
	}
	int ok = 0;
	for (int w = 0; w < 5; w++) {
		int st = wait_for(pid[w]);
		ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	CHECK_EQ("processes: every worker's registers came back", ok, 5);
}

static void *thread_main(void *arg)
{
	int w = (int)(intptr_t)arg;
	return (void *)(intptr_t)worker(w, w == 13 ? 7 : 1);
}

/* Threads of one process: the same, with a thread that uses the FPU every
 * seventh turn, while the main thread uses it at every turn. */
static void threads(void)
{
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		if (pthread_create(&t[i], NULL, thread_main, (void *)(intptr_t)(11 + i))) {
			CHECK("threads: pthread_create", 0);
			return;
		}
	int bad = worker(10, 1);
	for (int i = 0; i < 3; i++) {
		void *r;
		pthread_join(t[i], &r);
		bad += (int)(intptr_t)r;
	}
	CHECK_EQ("threads: every thread's registers came back", bad, 0);
}

int main(void)
{
	RUN(processes);
	RUN(threads);
	return cases_failed ? 1 : 0;
}
