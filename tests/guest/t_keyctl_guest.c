/* t_keyctl_guest - Pipit's keyrings inside: every key a process made is
 * freed when its last link or holder goes (kmalloc objects and pages as
 * before, kmem.h), a chain of thousands of nested keyrings is freed
 * without running out of kernel stack, a link loop or a search is bounded,
 * and /proc/keys' lines are byte for byte Linux's layout (the usage
 * column counts links and holders, which Linux's RCU and garbage
 * collector make vary on the host). */
#include "check.h"
#include "kmem.h"
#include <pthread.h>

#define KEYCTL_GET_KEYRING_ID 0
#define KEYCTL_JOIN_SESSION_KEYRING 1
#define ENOKEY 126
#define KEYCTL_REVOKE 3
#define KEYCTL_SETPERM 5
#define KEYCTL_CLEAR 7
#define KEYCTL_LINK 8
#define KEYCTL_UNLINK 9
#define KEYCTL_SEARCH 10
#define KEYCTL_READ 11
#define KEYCTL_SET_TIMEOUT 15
#define KEYCTL_INVALIDATE 21
#define KEYCTL_MOVE 30
#define KEYCTL_DESCRIBE 6
#define KEYCTL_SESSION_TO_PARENT 18

static long kctl(int op, long a2, long a3, long a4, long a5)
{
	return syscall(SYS_keyctl, op, a2, a3, a4, a5);
}

static long add_key(const char *type, const char *desc, const void *p, size_t n, long ring)
{
	return syscall(SYS_add_key, type, desc, p, n, ring);
}

static void *thread_fn(void *arg)
{
	(void)arg;
	kctl(KEYCTL_GET_KEYRING_ID, -1, 1, 0, 0);
	add_key("user", "in-thread", "t", 1, -1);
	return NULL;
}

/* Everything a process can make, then it exits: depth nested keyrings. */
static void key_work(int depth)
{
	kctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0);
	long ring = -3;
	for (int i = 0; i < depth; i++) {
		char d[16];
		snprintf(d, sizeof d, "n%d", i);
		/* past 6 levels a keyring is no longer possessed: each is made
		 * in the session, opened to its owner, then moved down */
		long r = add_key("keyring", d, NULL, 0, -3);
		if (r < 0 || kctl(KEYCTL_SETPERM, r, 0x3f3f0000, 0, 0) < 0)
			_exit(2);
		if (ring != -3 && kctl(KEYCTL_MOVE, r, -3, ring, 0) < 0)
			_exit(3);
		add_key("user", "leaf", d, strlen(d), r);
		ring = r;
	}
	long a = add_key("keyring", "a", NULL, 0, -3), b = add_key("keyring", "b", NULL, 0, a);
	kctl(KEYCTL_LINK, a, b, 0, 0);           /* a loop: refused */
	for (int i = 0; i < 300; i++) {
		char d[16];
		snprintf(d, sizeof d, "k%d", i);
		long k = add_key("user", d, "payload", 7, i % 2 ? a : b);
		if (i % 3 == 0)
			kctl(KEYCTL_REVOKE, k, 0, 0, 0);
		if (i % 5 == 0)
			kctl(KEYCTL_INVALIDATE, k, 0, 0, 0);
		if (i % 7 == 0)
			kctl(KEYCTL_MOVE, k, i % 2 ? a : b, -3, 0);
		if (i % 11 == 0)
			kctl(KEYCTL_SET_TIMEOUT, k, 1000, 0, 0);
	}
	kctl(KEYCTL_SEARCH, -3, (long)"user", (long)"nowhere", 0);
	syscall(SYS_request_key, "user", "neg", "callout", 0);
	kctl(KEYCTL_GET_KEYRING_ID, -2, 1, 0, 0);
	pthread_t th;
	pthread_create(&th, NULL, thread_fn, NULL);
	pthread_join(th, NULL);
	_exit(0);
}

/* Random calls on a pool of keys, with bad pointers and odd numbers
 * among the arguments: nothing may panic, and all is given back. */
static void fuzz_child(unsigned seed, bool as_user)
{
	if (as_user && setuid(4747))
		_exit(99);
	kctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0);
	/* not the user keyrings (-4, -5): what is linked there stays for good */
	long pool[32] = { -1, -2, -3, -6, -7, -8, -9, 1, 0 };
	static const char *types[] = { "user", "logon", "keyring", "nosuch", "", ".x" };
	static const char *descs[] = { "a", "b", "svc:c", "ring", "_ses", "" };
	char buf[64];
	void *bad = (void *)16;
	for (int i = 0; i < 4000; i++) {
		seed = seed * 1103515245 + 12345;
		unsigned r = seed >> 8;
		long k = pool[r % 32], k2 = pool[(r >> 5) % 32];
		long n;
		switch ((r >> 10) % 12) {
		case 0: case 1:
			n = add_key(types[(r >> 14) % 6], descs[(r >> 17) % 6], (r & 1) ? "pl" : bad,
				    (r >> 20) % 4, k);
			if (n > 0)
				pool[9 + (r >> 22) % 23] = n;
			break;
		case 2: kctl(KEYCTL_LINK, k, k2, 0, 0); break;
		case 3: kctl(KEYCTL_UNLINK, k, k2, 0, 0); break;
		case 4: kctl(KEYCTL_READ, k, (r & 1) ? (long)buf : (long)bad, (r >> 14) % 80, 0); break;
		case 5: kctl(KEYCTL_REVOKE + (r >> 14) % 3, k, r & 0xffff, r >> 16, 0); break;
		case 6: kctl(KEYCTL_SEARCH, k, (long)types[(r >> 14) % 6], (long)descs[(r >> 17) % 6], k2); break;
		case 7: kctl(KEYCTL_MOVE, k, k2, pool[(r >> 14) % 32], (r >> 20) & 1); break;
		case 8: kctl((r >> 14) % 34, k, k2, (r & 1) ? (long)bad : 0, 0); break;
		case 9: syscall(SYS_request_key, types[(r >> 14) % 6], descs[(r >> 17) % 6],
				(r & 1) ? "info" : NULL, k); break;
		case 10: kctl(KEYCTL_CLEAR + 14 * ((r >> 14) & 1), k, 0, 0, 0); break;
		case 11:
			if ((r >> 14) % 8 == 0)
				kctl(KEYCTL_JOIN_SESSION_KEYRING, (r & 1) ? (long)"shared" : 0, 0, 0, 0);
			else
				kctl(KEYCTL_GET_KEYRING_ID, k, 1, 0, 0);
			break;
		}
		if (i % 500 == 0) {
			static char pk[65536];
			read_all("/proc/keys", pk, sizeof pk);
		}
	}
	_exit(0);
}

/* The fuzz runs in a grandchild: KEYCTL_SESSION_TO_PARENT may hand its
 * session keyring to its parent, which must be gone too when we count. */
static int fuzz_run(unsigned seed, bool as_user)
{
	pid_t pid = fork();
	if (pid == 0) {
		pid_t g = fork();
		if (g == 0)
			fuzz_child(seed, as_user);
		_exit(wait_for(g) == 0 ? 0 : 1);
	}
	return wait_for(pid);
}

static void fuzz(void)
{
	struct kmem a, b;
	char why[512];
	for (unsigned seed = 0; seed < 2; seed++)   /* the users' keyrings, made for good */
		fuzz_run(seed, seed & 1);
	CHECK_EQ("the account can be taken", kmem_take(&a), 0);
	for (unsigned seed = 2; seed < 8; seed++)
		CHECK_EQ("random calls", fuzz_run(seed, seed & 1), 0);
	kmem_take(&b);
	if (kmem_diff(&a, &b, why, sizeof why) == 0)
		pass("after random calls: pages and kmalloc objects as before");
	else
		fail("after random calls: pages and kmalloc objects as before", "%s", why);
}

static int key_run(int depth)
{
	pid_t pid = fork();
	if (pid == 0)
		key_work(depth);
	return wait_for(pid);
}

static void no_leak(void)
{
	struct kmem a, b;
	char why[512];
	key_run(10);                            /* root's user keyrings, made for good */
	CHECK_EQ("the account can be taken", kmem_take(&a), 0);
	CHECK_EQ("nested 3000 deep, 300 keys, threads", key_run(3000), 0);
	CHECK_EQ("again", key_run(50), 0);
	kmem_take(&b);
	if (kmem_diff(&a, &b, why, sizeof why) == 0)
		pass("every key freed with its last holder: pages and kmalloc objects as before");
	else
		fail("every key freed with its last holder: pages and kmalloc objects as before", "%s", why);
}

/* Keyrings in 7 levels of 20, each linking all of the next level: no
 * cycle, but 20^6 paths (without the walks' memory of where they have
 * been, minutes of kernel time). The cycle checks of the links, a search
 * and /proc/keys walk each keyring once per depth, and come back. */
static void lattice(void)
{
	enum { LEVELS = 7, WIDE = 20 };
	static long ring[LEVELS][WIDE];
	kctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0);
	int bad = 0;
	for (int l = LEVELS - 1; l >= 0; l--)
		for (int i = 0; i < WIDE; i++) {
			char d[16];
			snprintf(d, sizeof d, "l%d.%d", l, i);
			ring[l][i] = add_key("keyring", d, NULL, 0, -3);
			bad |= kctl(KEYCTL_SETPERM, ring[l][i], 0x3f3f0000, 0, 0) != 0;
			for (int j = 0; l + 1 < LEVELS && j < WIDE; j++)
				bad |= kctl(KEYCTL_LINK, ring[l + 1][j], ring[l][i], 0, 0) != 0;
		}
	CHECK_EQ("the lattice is made", bad, 0);
	CHECK_ERR("a loop through it", kctl(KEYCTL_LINK, ring[0][0], ring[LEVELS - 1][3], 0, 0), EDEADLK);
	CHECK_ERR("a search through it", kctl(KEYCTL_SEARCH, -3, (long)"user", (long)"none", 0), ENOKEY);
	static char buf[65536];
	CHECK("/proc/keys", read_all("/proc/keys", buf, sizeof buf) > 0);
}

/* kernel.keys.maxkeys and maxbytes bound a user's keys (Linux's
 * limits are the host's own, not the test's to change). */
static void quota_sysctls(void)
{
	char buf[64];
	CHECK("maxkeys", get_file("/proc/sys/kernel/keys/maxkeys", buf, sizeof buf) > 0 &&
	      strcmp(buf, "200\n") == 0);
	CHECK("root_maxbytes", get_file("/proc/sys/kernel/keys/root_maxbytes", buf, sizeof buf) > 0 &&
	      strcmp(buf, "25000000\n") == 0);
	CHECK_ERR("maxkeys 0", put_file("/proc/sys/kernel/keys/maxkeys", "0\n", 2), EINVAL);
	CHECK_OK0("maxkeys 10", put_file("/proc/sys/kernel/keys/maxkeys", "10\n", 3));
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(4646))
			_exit(99);
		kctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0);
		int n = 0;
		char d[16];
		do
			snprintf(d, sizeof d, "q%d", n);
		while (add_key("user", d, "x", 1, -3) > 0 && ++n < 100);
		_exit(errno == 122 ? n : 200);
	}
	CHECK_EQ("10 keys: the session keyring and 9 (EDQUOT)", WEXITSTATUS(wait_for(pid)), 9);
	put_file("/proc/sys/kernel/keys/maxkeys", "200\n", 4);
}

static void proc_keys_layout(void)
{
	kctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0);
	long k = add_key("user", "t:layout", "hello", 5, -3);
	long r = add_key("keyring", "kr", NULL, 0, -3);
	kctl(KEYCTL_LINK, k, r, 0, 0);
	char buf[8192], want[128];
	CHECK("read /proc/keys", read_all("/proc/keys", buf, sizeof buf) > 0);
	snprintf(want, sizeof want, "%08x I--Q---     2 perm 3f010000     0     0 user      t:layout: 5\n",
		 (unsigned)k);
	CHECK("a user key's line", strstr(buf, want) != NULL);
	if (!strstr(buf, want))
		say("%s", buf);
	snprintf(want, sizeof want, "%08x I--Q---     1 perm 3f010000     0     0 keyring   kr: 1\n",
		 (unsigned)r);
	CHECK("a keyring's line", strstr(buf, want) != NULL);
	CHECK("read /proc/key-users", read_all("/proc/key-users", buf, sizeof buf) > 0);
	CHECK("root's line", strncmp(buf, "    0: ", 7) == 0);
}

/* KEYCTL_SESSION_TO_PARENT from a process with no session keyring
 * (Pipit's first processes have none) gives the parent a new anonymous
 * one, as Linux's lookup with KEY_LOOKUP_CREATE, not the user's. */
static void session_to_parent_fresh(void)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		char ch;
		read(p[0], &ch, 1);
		_exit(kctl(KEYCTL_SESSION_TO_PARENT, 0, 0, 0, 0) == 0 ? 0 : 1);
	}
	CHECK("a session keyring of our own", kctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0) > 0);
	write(p[1], "x", 1);
	CHECK_EXIT("the child gives us its session", wait_for(c), 0);
	char d[128] = "";
	kctl(KEYCTL_DESCRIBE, -3, (long)d, sizeof d, 0);
	char *name = strrchr(d, ';');
	CHECK_STR("a new anonymous one", name ? name + 1 : d, "_ses");
}

int main(void)
{
	RUN(no_leak);
	RUN(fuzz);
	RUN(lattice);
	RUN(quota_sysctls);
	RUN(proc_keys_layout);
	RUN(session_to_parent_fresh);
	return cases_failed ? 1 : 0;
}
