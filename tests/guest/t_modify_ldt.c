/* t_modify_ldt - differential test of modify_ldt (123): reading the
 * (absent, default, grown) table, writing entries in the new (0x11) and
 * old (1) modes with Linux's checks, using an entry through %fs, and the
 * table across fork (copied) and exec (gone). */
#include "check.h"
#include "user_desc.h"
#include <stdint.h>


static volatile uint32_t var = 0xfeedbeef;

static long ldt(int func, void *p, unsigned long n) { return syscall(SYS_modify_ldt, func, p, n); }

static struct user_desc data_seg(unsigned entry, uint32_t base)
{
	struct user_desc u;
	memset(&u, 0, sizeof u);
	u.entry_number = entry;
	u.base_addr = base;
	u.limit = 0xfff;
	u.seg_32bit = 1;
	return u;
}

/* Linux's fill_ldt for a present, writable, 32-bit, byte-granular data
 * segment: what modify_ldt(0) must give back. */
static uint64_t expected_desc(uint32_t base, uint32_t limit)
{
	uint64_t lo = (limit & 0xffff) | ((uint64_t)(base & 0xffff) << 16);
	uint64_t hi = ((base >> 16) & 0xff) | (0xf3u << 8) | (limit & 0xf0000) | (1u << 22) |
		      (base & 0xff000000u);
	return lo | hi << 32;
}

/* Reads the word at offset 0 of the segment sel through %fs. */
static uint32_t read_fs(uint32_t sel)
{
	uint32_t v, zero = 0;
	__asm__ volatile("movw %w1, %%fs\n\tmovl %%fs:0, %0\n\tmovw %w2, %%fs"
			 : "=&r"(v) : "r"(sel), "r"(zero) : "memory");
	return v;
}

static void reads(void)
{
	uint8_t buf[256];
	memset(buf, 0xaa, sizeof buf);
	CHECK_EQ("no table yet: 0", ldt(0, buf, sizeof buf), 0);
	CHECK_EQ("buffer untouched", buf[0], 0xaa);
	/* i386 Linux's default LDT is 5 entries (40 bytes); a 64-bit kernel
	 * says 128, so only 40 are asked for here. */
	CHECK_EQ("default LDT", ldt(2, buf, 40), 40);
	CHECK("zeroed", buf[0] == 0 && buf[39] == 0 && buf[40] == 0xaa);
	CHECK_EQ("default LDT, short", ldt(2, buf, 8), 8);
	CHECK_ERR("default LDT, bad buffer", ldt(2, (void *)1, 8), EFAULT);
	CHECK_ERR("func 3", ldt(3, buf, 16), ENOSYS);
	CHECK_ERR("func 0x12", ldt(0x12, buf, 16), ENOSYS);
}

static void write_and_use(void)
{
	struct user_desc u = data_seg(0, (uint32_t)(uintptr_t)&var);
	CHECK_OK0("write entry 0", ldt(0x11, &u, sizeof u));
	uint64_t d[4];
	memset(d, 0xaa, sizeof d);
	CHECK_EQ("read back: the whole bytecount", ldt(0, d, sizeof d), 32);
	CHECK("entry 0 as Linux encodes it", d[0] == expected_desc((uint32_t)(uintptr_t)&var, 0xfff));
	CHECK("the rest zeroed", d[1] == 0 && d[3] == 0);
	CHECK("load it in %fs and read", read_fs(0 << 3 | 7) == 0xfeedbeef);
	u = data_seg(5, (uint32_t)(uintptr_t)&var);
	CHECK_OK0("write entry 5", ldt(0x11, &u, sizeof u));
	uint64_t big[8];
	CHECK_EQ("six entries now", ldt(0, big, sizeof big), 64);
	CHECK("1..4 empty, 5 set", big[1] == 0 && big[4] == 0 && big[5] == d[0] && big[6] == 0);
	CHECK("entry 5 works", read_fs(5 << 3 | 7) == 0xfeedbeef);
	CHECK_ERR("read, bad buffer", ldt(0, (void *)1, 16), EFAULT);
	static uint8_t huge[65536 + 64];
	CHECK_EQ("read of more than the table's maximum", ldt(0, huge, sizeof huge), 65536);
}

static void checks(void)
{
	struct user_desc u = data_seg(0, 0x1000);
	CHECK_ERR("bytecount not 16", ldt(0x11, &u, 15), EINVAL);
	CHECK_ERR("bytecount 17", ldt(1, &u, 17), EINVAL);
	CHECK_ERR("bad pointer", ldt(0x11, (void *)1, sizeof u), EFAULT);
	u.entry_number = 8192;
	CHECK_ERR("entry 8192", ldt(0x11, &u, sizeof u), EINVAL);
	u.entry_number = 8191;
	CHECK_OK0("entry 8191", ldt(0x11, &u, sizeof u));
	u.entry_number = 1;
	u.contents = 3;
	CHECK_ERR("conforming code, present", ldt(0x11, &u, sizeof u), EINVAL);
	u.seg_not_present = 1;
	CHECK_OK0("conforming code, not present", ldt(0x11, &u, sizeof u));
	CHECK_ERR("conforming code in the old mode", ldt(1, &u, sizeof u), EINVAL);
	u = data_seg(2, 0);
	u.seg_32bit = 0;
	CHECK_OK0("a 16-bit segment", ldt(0x11, &u, sizeof u));
}

static void load_empty(void) { read_fs(3 << 3 | 7); }
static void load_absent(void) { read_fs(4 << 3 | 7); }

static void clearing(void)
{
	struct user_desc u = data_seg(3, (uint32_t)(uintptr_t)&var);
	CHECK_OK0("write entry 3", ldt(0x11, &u, sizeof u));
	CHECK("works", read_fs(3 << 3 | 7) == 0xfeedbeef);
	memset(&u, 0, sizeof u);
	u.entry_number = 3;
	u.read_exec_only = 1;
	u.seg_not_present = 1;
	CHECK_OK0("the empty form clears it", ldt(0x11, &u, sizeof u));
	uint64_t d[4];
	CHECK_EQ("read", ldt(0, d, sizeof d), 32);
	CHECK("entry 3 is zero", d[3] == 0);
	CHECK_SIG("loading an empty entry: SIGSEGV", child_status(load_empty), SIGSEGV);
	u = data_seg(3, (uint32_t)(uintptr_t)&var);
	u.useable = 1;
	CHECK_OK0("old mode write", ldt(1, &u, sizeof u));
	CHECK_EQ("read", ldt(0, d, sizeof d), 32);
	CHECK("old mode: no AVL bit", d[3] == expected_desc((uint32_t)(uintptr_t)&var, 0xfff));
	u.base_addr = 0;
	u.limit = 0;
	CHECK_OK0("old mode, base and limit 0", ldt(1, &u, sizeof u));
	CHECK_EQ("read", ldt(0, d, sizeof d), 32);
	CHECK("cleared", d[3] == 0);
	u = data_seg(4, (uint32_t)(uintptr_t)&var);
	u.seg_not_present = 1;
	CHECK_OK0("a not-present segment", ldt(0x11, &u, sizeof u));
	CHECK_SIG("loading it: SIGBUS", child_status(load_absent), SIGBUS);
}

static char self[256];

static void fork_and_exec(void)
{
	struct user_desc u = data_seg(0, (uint32_t)(uintptr_t)&var);
	CHECK_OK0("write entry 0", ldt(0x11, &u, sizeof u));
	pid_t pid = fork();
	if (pid == 0) {
		uint64_t d[2];
		_exit(ldt(0, d, sizeof d) == 16 && read_fs(7) == 0xfeedbeef ? 0 : 1);
	}
	CHECK_EXIT("a child has a copy", wait_for(pid), 0);
	pid = fork();
	if (pid == 0) {
		execl(self, self, "--ldt-after-exec", (char *)NULL);
		_exit(127);
	}
	CHECK_EXIT("exec drops it", wait_for(pid), 0);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--ldt-after-exec")) {
		uint64_t d[2];
		return ldt(0, d, sizeof d) == 0 ? 0 : 1;
	}
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n > 0 ? n : 0] = 0;
	RUN(reads);
	RUN(write_and_use);
	RUN(checks);
	RUN(clearing);
	RUN(fork_and_exec);
	return cases_failed ? 1 : 0;
}
