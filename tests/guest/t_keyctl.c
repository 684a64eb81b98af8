/* t_keyctl - the key retention service: add_key(2), request_key(2) and
 * keyctl(2), differential against Linux. Every case first joins a new
 * anonymous session keyring (the host's test may share the container's);
 * serials are random, so only relations between them are printed
 * (equal, different, which key), never their values. Types user, logon
 * and keyring; the special keyrings and what fork and threads inherit;
 * update, revoke, invalidate, timeouts, chown, setperm, describe, clear,
 * link, unlink, search, read, move, restrict; possession and the
 * permission bits; quotas (as a user other than root); /proc/keys and
 * /proc/key-users (without the counts Linux's garbage collector changes
 * late: a key's usage, a user's keys). */
#include "caps.h"
#include <pthread.h>
#include <stdint.h>

#define KEY_SPEC_THREAD_KEYRING -1
#define KEY_SPEC_PROCESS_KEYRING -2
#define KEY_SPEC_SESSION_KEYRING -3
#define KEY_SPEC_USER_KEYRING -4
#define KEY_SPEC_USER_SESSION_KEYRING -5
#define KEY_SPEC_GROUP_KEYRING -6
#define KEY_SPEC_REQKEY_AUTH_KEY -7
#define KEY_SPEC_REQUESTOR_KEYRING -8
enum { KEYCTL_GET_KEYRING_ID, KEYCTL_JOIN_SESSION_KEYRING, KEYCTL_UPDATE, KEYCTL_REVOKE,
       KEYCTL_CHOWN, KEYCTL_SETPERM, KEYCTL_DESCRIBE, KEYCTL_CLEAR, KEYCTL_LINK, KEYCTL_UNLINK,
       KEYCTL_SEARCH, KEYCTL_READ, KEYCTL_INSTANTIATE, KEYCTL_NEGATE, KEYCTL_SET_REQKEY_KEYRING,
       KEYCTL_SET_TIMEOUT, KEYCTL_ASSUME_AUTHORITY, KEYCTL_GET_SECURITY, KEYCTL_SESSION_TO_PARENT,
       KEYCTL_REJECT, KEYCTL_INSTANTIATE_IOV, KEYCTL_INVALIDATE, KEYCTL_GET_PERSISTENT,
       KEYCTL_RESTRICT_KEYRING = 29, KEYCTL_MOVE, KEYCTL_CAPABILITIES };
#ifndef ENOKEY
#define ENOKEY 126
#define EKEYEXPIRED 127
#define EKEYREVOKED 128
#endif
#define EDQUOT_ 122

static long kctl(int op, long a2, long a3, long a4, long a5)
{
	return syscall(SYS_keyctl, op, a2, a3, a4, a5);
}

static long add_key(const char *type, const char *desc, const void *p, size_t n, long ring)
{
	return syscall(SYS_add_key, type, desc, p, n, ring);
}

static long request_key(const char *type, const char *desc, const char *info, long ring)
{
	return syscall(SYS_request_key, type, desc, info, ring);
}

/* Every case in a session keyring of its own. */
static long new_session(void)
{
	return kctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0);
}

static const char *describe(long id)
{
	static char buf[256];
	long n = kctl(KEYCTL_DESCRIBE, id, (long)buf, sizeof buf, 0);
	if (n < 0)
		snprintf(buf, sizeof buf, "error %s", errname(errno));
	return buf;
}

static const char *payload(long id)
{
	static char buf[128];
	memset(buf, 0, sizeof buf);
	long n = kctl(KEYCTL_READ, id, (long)buf, sizeof buf - 1, 0);
	if (n < 0)
		snprintf(buf, sizeof buf, "error %s", errname(errno));
	return buf;
}

/* The serials keyring links, sorted, as indexes into ids[] (-1: other). */
static int ring_members(long ring, const long *ids, int nids, char *out, size_t size)
{
	int32_t s[64];
	long n = kctl(KEYCTL_READ, ring, (long)s, sizeof s, 0);
	if (n < 0)
		return snprintf(out, size, "error %s", errname(errno));
	int idx[64], m = (int)(n / 4);
	for (int i = 0; i < m; i++) {
		idx[i] = -1;
		for (int j = 0; j < nids; j++)
			if (ids[j] == s[i])
				idx[i] = j;
	}
	for (int i = 0; i < m; i++)
		for (int j = i + 1; j < m; j++)
			if (idx[j] < idx[i]) {
				int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
			}
	int len = snprintf(out, size, "[");
	for (int i = 0; i < m; i++)
		len += snprintf(out + len, size - len, i ? " %d" : "%d", idx[i]);
	return len + snprintf(out + len, size - len, "]");
}

static const char *members(long ring, const long *ids, int nids)
{
	static char buf[256];
	ring_members(ring, ids, nids, buf, sizeof buf);
	return buf;
}

/* Our line of /proc/keys for serial id, without the serial and the
 * usage count (references differ between kernels); "" if not shown. */
static const char *proc_keys_line(long id)
{
	static char out[256];
	char buf[32768];
	out[0] = 0;
	if (read_all("/proc/keys", buf, sizeof buf) < 0)
		return "no /proc/keys";
	for (char *line = buf; line && *line; ) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		unsigned serial;
		char flags[16], timo[16], perm[16], type[16];
		int usage, uid, gid, off = 0;
		if (sscanf(line, "%x %15s %d %15s %15s %d %d %15s %n", &serial, flags, &usage, timo, perm,
			   &uid, &gid, type, &off) == 8 && (long)serial == id)
			snprintf(out, sizeof out, "%s %s %s %d %d %s %s", flags, timo, perm, uid, gid, type,
				 line + off);
		line = nl ? nl + 1 : NULL;
	}
	return out;
}

/* Whether key id is gone: Linux frees a key after its last link goes
 * only after an RCU grace period, so this waits up to two seconds. */
static const char *gone(long id)
{
	for (int i = 0; i < 200; i++) {
		if (kctl(KEYCTL_DESCRIBE, id, 0, 0, 0) < 0 && errno == ENOKEY)
			return "gone";
		usleep(10000);
	}
	return "still there";
}

static void special_keyrings(void)
{
	long ses = new_session();
	CHECK("join: a serial", ses > 0);
	CHECK_EQ("session keyring is the joined one", kctl(KEYCTL_GET_KEYRING_ID, -3, 0, 0, 0), ses);
	CHECK_STR("session keyring described", describe(ses), "keyring;0;0;3f030000;_ses");
	CHECK_ERR("thread keyring not made without create", kctl(KEYCTL_GET_KEYRING_ID, -1, 0, 0, 0), ENOKEY);
	CHECK_ERR("process keyring not made without create", kctl(KEYCTL_GET_KEYRING_ID, -2, 0, 0, 0), ENOKEY);
	long t = kctl(KEYCTL_GET_KEYRING_ID, -1, 1, 0, 0), p = kctl(KEYCTL_GET_KEYRING_ID, -2, 1, 0, 0);
	CHECK("thread keyring made", t > 0);
	CHECK("process keyring made", p > 0 && p != t && p != ses);
	CHECK_EQ("thread keyring again", kctl(KEYCTL_GET_KEYRING_ID, -1, 1, 0, 0), t);
	CHECK_EQ("process keyring again", kctl(KEYCTL_GET_KEYRING_ID, -2, 0, 0, 0), p);
	CHECK_STR("thread keyring described", describe(t), "keyring;0;0;3f010000;_tid");
	CHECK_STR("process keyring described", describe(p), "keyring;0;0;3f010000;_pid");
	long u = kctl(KEYCTL_GET_KEYRING_ID, -4, 0, 0, 0), us = kctl(KEYCTL_GET_KEYRING_ID, -5, 0, 0, 0);
	CHECK("user keyrings", u > 0 && us > 0 && u != us);
	CHECK_STR("user keyring described", describe(u), "keyring;0;65534;1f3f0000;_uid.0");
	CHECK_STR("user session keyring described", describe(us), "keyring;0;65534;1f3f0000;_uid_ses.0");
	CHECK_ERR("group keyring", kctl(KEYCTL_GET_KEYRING_ID, -6, 1, 0, 0), EINVAL);
	CHECK_ERR("request_key auth key", kctl(KEYCTL_GET_KEYRING_ID, -7, 1, 0, 0), ENOKEY);
	CHECK_ERR("requestor keyring", kctl(KEYCTL_GET_KEYRING_ID, -8, 1, 0, 0), ENOKEY);
	CHECK_ERR("id -9", kctl(KEYCTL_GET_KEYRING_ID, -9, 1, 0, 0), EINVAL);
	CHECK_ERR("id 0", kctl(KEYCTL_GET_KEYRING_ID, 0, 1, 0, 0), EINVAL);
	long k = add_key("user", "gone", "x", 1, -3);
	CHECK_OK0("unlink the only link", kctl(KEYCTL_UNLINK, k, -3, 0, 0));
	CHECK_STR("a key with no link is freed", gone(k), "gone");
	CHECK_ERR("its serial", kctl(KEYCTL_GET_KEYRING_ID, k, 0, 0, 0), ENOKEY);
	CHECK_ERR("join '.'", kctl(KEYCTL_JOIN_SESSION_KEYRING, (long)".x", 0, 0, 0), EPERM);
	CHECK_ERR("join ''", kctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"", 0, 0, 0), EINVAL);
	CHECK_ERR("join bad name", kctl(KEYCTL_JOIN_SESSION_KEYRING, 1, 0, 0, 0), EFAULT);
	long named = kctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"t_keyctl_named", 0, 0, 0);
	CHECK("join a name", named > 0 && named != ses);
	CHECK_EQ("session is the named one", kctl(KEYCTL_GET_KEYRING_ID, -3, 0, 0, 0), named);
	CHECK_STR("named described", describe(named), "keyring;0;0;3f130000;t_keyctl_named");
	long again = kctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"t_keyctl_named", 0, 0, 0);
	CHECK("a name not searchable by others: a new keyring", again > 0 && again != named);
	long rv = add_key("keyring", "t_keyctl_rv", NULL, 0, -3);
	CHECK_OK0("a keyring others may search", kctl(KEYCTL_SETPERM, rv, 0x3f3b0000, 0, 0));
	CHECK_OK0("revoked", kctl(KEYCTL_REVOKE, rv, 0, 0, 0));
	long fresh = kctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"t_keyctl_rv", 0, 0, 0);
	CHECK("joining its name makes a new keyring", fresh > 0 && fresh != rv);
}

static void inheritance(void)
{
	long ses = new_session();
	long t = kctl(KEYCTL_GET_KEYRING_ID, -1, 1, 0, 0), p = kctl(KEYCTL_GET_KEYRING_ID, -2, 1, 0, 0);
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		bad |= kctl(KEYCTL_GET_KEYRING_ID, -3, 0, 0, 0) != ses;
		bad |= (kctl(KEYCTL_GET_KEYRING_ID, -1, 0, 0, 0) != -1 || errno != ENOKEY) << 1;
		bad |= (kctl(KEYCTL_GET_KEYRING_ID, -2, 0, 0, 0) != -1 || errno != ENOKEY) << 2;
		long t2 = kctl(KEYCTL_GET_KEYRING_ID, -1, 1, 0, 0);
		bad |= (t2 == t || t2 <= 0) << 3;
		new_session();
		bad |= (kctl(KEYCTL_GET_KEYRING_ID, -3, 0, 0, 0) == ses) << 4;
		_exit(bad);
	}
	int st = wait_for(pid);
	CHECK_EQ("fork: session kept, thread and process keyrings not", WEXITSTATUS(st), 0);
	CHECK_EQ("the child's new session is its own", kctl(KEYCTL_GET_KEYRING_ID, -3, 0, 0, 0), ses);
	(void)p;
}

/* After execve: no thread or process keyring, the same session. */
static int exec_child(const char *ses)
{
	int bad = 0;
	bad |= kctl(KEYCTL_GET_KEYRING_ID, -1, 0, 0, 0) != -1 || errno != ENOKEY;
	bad |= (kctl(KEYCTL_GET_KEYRING_ID, -2, 0, 0, 0) != -1 || errno != ENOKEY) << 1;
	bad |= (kctl(KEYCTL_GET_KEYRING_ID, -3, 0, 0, 0) != atol(ses)) << 2;
	return bad;
}

static void exec_drops(void)
{
	long ses = new_session();
	kctl(KEYCTL_GET_KEYRING_ID, -1, 1, 0, 0);
	kctl(KEYCTL_GET_KEYRING_ID, -2, 1, 0, 0);
	char arg[24];
	snprintf(arg, sizeof arg, "%ld", ses);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "t_keyctl", "exec-child", arg, NULL };
		execv("/proc/self/exe", argv);
		_exit(100);
	}
	CHECK_EQ("exec: thread and process keyrings dropped, session kept", WEXITSTATUS(wait_for(pid)), 0);
}

static long thread_ids[3];
static void *thread_fn(void *arg)
{
	(void)arg;
	thread_ids[0] = kctl(KEYCTL_GET_KEYRING_ID, -1, 0, 0, 0);
	thread_ids[1] = kctl(KEYCTL_GET_KEYRING_ID, -2, 0, 0, 0);
	thread_ids[2] = kctl(KEYCTL_GET_KEYRING_ID, -3, 0, 0, 0);
	return NULL;
}

static void threads(void)
{
	long ses = new_session();
	long t = kctl(KEYCTL_GET_KEYRING_ID, -1, 1, 0, 0), p = kctl(KEYCTL_GET_KEYRING_ID, -2, 1, 0, 0);
	pthread_t th;
	pthread_create(&th, NULL, thread_fn, NULL);
	pthread_join(th, NULL);
	CHECK("a thread has a thread keyring of its own", thread_ids[0] > 0 && thread_ids[0] != t);
	CHECK_EQ("a thread shares the process keyring", thread_ids[1], p);
	CHECK_EQ("a thread shares the session keyring", thread_ids[2], ses);
}

static void add_and_read(void)
{
	new_session();
	long k = add_key("user", "t:one", "hello", 5, -3);
	CHECK("add_key user", k > 0);
	CHECK_STR("described", describe(k), "user;0;0;3f010000;t:one");
	CHECK_STR("read", payload(k), "hello");
	char buf[16] = "XXXXXXXX";
	CHECK_EQ("read into a short buffer: the size", kctl(KEYCTL_READ, k, (long)buf, 3, 0), 5);
	CHECK_STR("and nothing copied", buf, "XXXXXXXX");
	CHECK_EQ("read without a buffer", kctl(KEYCTL_READ, k, 0, 0, 0), 5);
	CHECK_ERR("read to a bad address", kctl(KEYCTL_READ, k, 1, 16, 0), EFAULT);
	CHECK_EQ("describe's size", kctl(KEYCTL_DESCRIBE, k, 0, 0, 0), 24);
	CHECK_EQ("describe into a short buffer (no copy)", kctl(KEYCTL_DESCRIBE, k, 1, 3, 0), 24);
	CHECK_ERR("describe to a bad address", kctl(KEYCTL_DESCRIBE, k, 1, 100, 0), EFAULT);
	CHECK_EQ("add_key again updates", add_key("user", "t:one", "bye", 3, -3), k);
	CHECK_STR("new payload", payload(k), "bye");
	CHECK_OK0("KEYCTL_UPDATE", kctl(KEYCTL_UPDATE, k, (long)"again", 5, 0));
	CHECK_STR("updated payload", payload(k), "again");
	CHECK_ERR("update with nothing", kctl(KEYCTL_UPDATE, k, 0, 0, 0), EINVAL);
	CHECK_ERR("update from a bad address", kctl(KEYCTL_UPDATE, k, 1, 4, 0), EFAULT);
	CHECK_ERR("update past a page", kctl(KEYCTL_UPDATE, k, (long)"x", 4097, 0), EINVAL);
	long s = kctl(KEYCTL_GET_KEYRING_ID, -3, 0, 0, 0);
	CHECK_ERR("update a keyring", kctl(KEYCTL_UPDATE, s, (long)"x", 1, 0), EOPNOTSUPP);
	static char big[32768];
	memset(big, 'b', sizeof big);
	CHECK("32767 bytes", add_key("user", "t:big", big, 32767, -3) > 0);
	CHECK_ERR("32768 bytes", add_key("user", "t:big2", big, 32768, -3), EINVAL);
	CHECK_ERR("past 1 MiB", add_key("user", "t:big3", big, 1 << 20, -3), EINVAL);
	CHECK_ERR("no payload", add_key("user", "t:empty", NULL, 0, -3), EINVAL);
	CHECK_ERR("payload at a bad address", add_key("user", "t:f", (void *)1, 4, -3), EFAULT);
	CHECK_ERR("no such type", add_key("nosuch", "t:x", "x", 1, -3), ENODEV);
	CHECK_ERR("empty type", add_key("", "t:x", "x", 1, -3), EINVAL);
	CHECK_ERR("internal type", add_key(".user", "t:x", "x", 1, -3), EPERM);
	CHECK_ERR("type at a bad address", add_key((char *)1, "t:x", "x", 1, -3), EFAULT);
	CHECK_ERR("no description", add_key("user", NULL, "x", 1, -3), EINVAL);
	CHECK_ERR("empty description", add_key("user", "", "x", 1, -3), EINVAL);
	CHECK_ERR("description at a bad address", add_key("user", (char *)1, "x", 1, -3), EFAULT);
	static char desc[4097];
	memset(desc, 'd', 4095);
	CHECK("description of 4095", add_key("user", desc, "x", 1, -3) > 0);
	memset(desc, 'd', 4096);
	CHECK_ERR("description of 4096", add_key("user", desc, "x", 1, -3), EINVAL);
	CHECK_ERR("keyring named '.x'", add_key("keyring", ".x", NULL, 0, -3), EPERM);
	CHECK_ERR("keyring with a payload", add_key("keyring", "kr", "x", 1, -3), EINVAL);
	CHECK_ERR("into a user key", add_key("user", "t:in", "x", 1, k), ENOTDIR);
	CHECK_ERR("into no keyring", add_key("user", "t:in", "x", 1, 0), EINVAL);
	long l = add_key("logon", "svc:pw", "secret", 6, -3);
	CHECK("logon key", l > 0);
	CHECK_STR("logon described", describe(l), "logon;0;0;3d010000;svc:pw");
	CHECK_ERR("logon not readable", kctl(KEYCTL_READ, l, (long)buf, sizeof buf, 0), EOPNOTSUPP);
	CHECK_ERR("logon needs service:", add_key("logon", "nocolon", "x", 1, -3), EINVAL);
	CHECK_ERR("logon needs a service", add_key("logon", ":x", "x", 1, -3), EINVAL);
	CHECK_STR("/proc/keys line", proc_keys_line(k), "I--Q--- perm 3f010000 0 0 user t:one: 5");
	CHECK_STR("/proc/keys logon", proc_keys_line(l), "I--Q--- perm 3d010000 0 0 logon svc:pw: 6");
}

static void keyrings(void)
{
	long ses = new_session();
	long a = add_key("keyring", "ra", NULL, 0, -3), b = add_key("keyring", "rb", NULL, 0, -3);
	long k1 = add_key("user", "k1", "1", 1, a), k2 = add_key("user", "k2", "2", 1, a);
	long k3 = add_key("user", "k3", "3", 1, b);
	long ids[] = { a, b, k1, k2, k3 };
	CHECK_STR("keyring described", describe(a), "keyring;0;0;3f010000;ra");
	CHECK_STR("a's members", members(a, ids, 5), "[2 3]");
	CHECK_STR("session's members", members(ses, ids, 5), "[0 1]");
	CHECK_STR("/proc/keys a", proc_keys_line(a), "I--Q--- perm 3f010000 0 0 keyring ra: 2");
	int32_t s[2];
	CHECK_ERR("read a keyring into a partial serial", kctl(KEYCTL_READ, a, (long)s, 7, 0), EINVAL);
	s[0] = 0;
	CHECK_EQ("read a keyring into a short buffer", kctl(KEYCTL_READ, a, (long)s, 4, 0), 8);
	CHECK_EQ("nothing copied", s[0], 0);
	CHECK_EQ("search finds nested", kctl(KEYCTL_SEARCH, -3, (long)"user", (long)"k3", 0), k3);
	CHECK_EQ("search a keyring", kctl(KEYCTL_SEARCH, -3, (long)"keyring", (long)"rb", 0), b);
	CHECK_EQ("search finds the keyring itself", kctl(KEYCTL_SEARCH, a, (long)"keyring", (long)"ra", 0), a);
	CHECK_ERR("search for what is not there", kctl(KEYCTL_SEARCH, -3, (long)"user", (long)"k9", 0), ENOKEY);
	CHECK_ERR("search an unknown type", kctl(KEYCTL_SEARCH, -3, (long)"nosuch", (long)"k1", 0), ENOKEY);
	CHECK_ERR("search a user key", kctl(KEYCTL_SEARCH, k1, (long)"user", (long)"k1", 0), ENOTDIR);
	CHECK_EQ("search and link", kctl(KEYCTL_SEARCH, a, (long)"user", (long)"k1", b), k1);
	CHECK_STR("b's members", members(b, ids, 5), "[2 4]");
	CHECK_OK0("link", kctl(KEYCTL_LINK, k2, b, 0, 0));
	CHECK_OK0("link again", kctl(KEYCTL_LINK, k2, b, 0, 0));
	CHECK_STR("b's members now", members(b, ids, 5), "[2 3 4]");
	CHECK_ERR("link into itself", kctl(KEYCTL_LINK, a, a, 0, 0), EDEADLK);
	CHECK_OK0("link b into a", kctl(KEYCTL_LINK, b, a, 0, 0));
	CHECK_ERR("and a into b: a loop", kctl(KEYCTL_LINK, a, b, 0, 0), EDEADLK);
	CHECK_ERR("link into a user key", kctl(KEYCTL_LINK, k3, k1, 0, 0), ENOTDIR);
	CHECK_ERR("link a bad key", kctl(KEYCTL_LINK, 0, a, 0, 0), EINVAL);
	CHECK_OK0("unlink", kctl(KEYCTL_UNLINK, k2, b, 0, 0));
	CHECK_ERR("unlink again", kctl(KEYCTL_UNLINK, k2, b, 0, 0), ENOENT);
	CHECK_ERR("unlink from a user key", kctl(KEYCTL_UNLINK, k2, k1, 0, 0), ENOTDIR);
	long k1b = add_key("user", "k1", "new", 3, b);
	CHECK_EQ("add_key into b updates the linked k1", k1b, k1);
	long r2 = add_key("keyring", "ra", NULL, 0, -3);
	CHECK("a keyring of the same name is a new one", r2 > 0 && r2 != a);
	long ids2[] = { a, b, k1, k2, k3, r2 };
	CHECK_STR("and displaces the old link", members(ses, ids2, 6), "[1 5]");
	CHECK_STR("the displaced keyring is freed", gone(a), "gone");
	CHECK_OK0("clear", kctl(KEYCTL_CLEAR, b, 0, 0, 0));
	CHECK_EQ("cleared", kctl(KEYCTL_READ, b, 0, 0, 0), 0);
	CHECK_STR("/proc/keys empty", proc_keys_line(b), "I--Q--- perm 3f010000 0 0 keyring rb: empty");
	CHECK_STR("k3 went with its last link", gone(k3), "gone");
	long k4 = add_key("user", "k4", "4", 1, -3);
	CHECK_ERR("clear a user key", kctl(KEYCTL_CLEAR, k4, 0, 0, 0), ENOTDIR);
}

/* Searches go 6 keyrings down and no further; a link that would nest
 * keyrings deeper than that is ELOOP. */
static void depth(void)
{
	new_session();
	for (int n = 7; n <= 8; n++) {
		long ring[8], x;
		char d[16], name[64];
		for (int i = 0; i < n; i++) {
			snprintf(d, sizeof d, "d%d.%d", n, i);
			ring[i] = add_key("keyring", d, NULL, 0, -3);
			kctl(KEYCTL_SETPERM, ring[i], 0x3f3f0000, 0, 0);
		}
		int bad = 0;
		for (int i = n - 1; i > 0; i--)
			bad |= kctl(KEYCTL_LINK, ring[i], ring[i - 1], 0, 0) != 0;
		add_key("user", "leaf", "x", 1, ring[n - 1]);
		snprintf(name, sizeof name, "a chain of %d keyrings", n);
		CHECK_EQ(name, bad, 0);
		x = add_key("keyring", "x", NULL, 0, -3);
		snprintf(name, sizeof name, "%d: a leaf %d keyrings down", n, n - 1);
		if (n == 7)
			CHECK(name, kctl(KEYCTL_SEARCH, ring[0], (long)"user", (long)"leaf", 0) > 0);
		else
			CHECK_ERR(name, kctl(KEYCTL_SEARCH, ring[0], (long)"user", (long)"leaf", 0), ENOKEY);
		snprintf(name, sizeof name, "%d: the chain linked one deeper", n);
		if (n == 7)
			CHECK_OK0(name, kctl(KEYCTL_LINK, ring[0], x, 0, 0));
		else
			CHECK_ERR(name, kctl(KEYCTL_LINK, ring[0], x, 0, 0), ELOOP);
		for (int i = 0; i < n; i++)
			kctl(KEYCTL_UNLINK, ring[i], -3, 0, 0);
	}
}

static void states(void)
{
	new_session();
	long k = add_key("user", "rv", "x", 1, -3);
	char buf[16];
	CHECK_OK0("revoke", kctl(KEYCTL_REVOKE, k, 0, 0, 0));
	CHECK_ERR("read revoked", kctl(KEYCTL_READ, k, (long)buf, sizeof buf, 0), EKEYREVOKED);
	CHECK_ERR("describe revoked", kctl(KEYCTL_DESCRIBE, k, 0, 0, 0), EKEYREVOKED);
	CHECK_ERR("revoke again", kctl(KEYCTL_REVOKE, k, 0, 0, 0), EKEYREVOKED);
	CHECK_ERR("update revoked", kctl(KEYCTL_UPDATE, k, (long)"y", 1, 0), EKEYREVOKED);
	CHECK_ERR("search finds it revoked", kctl(KEYCTL_SEARCH, -3, (long)"user", (long)"rv", 0), EKEYREVOKED);
	CHECK_STR("/proc/keys revoked", proc_keys_line(k), "IR-Q--- expd 3f010000 0 0 user rv: 0");
	long k2 = add_key("user", "rv", "z", 1, -3);
	CHECK("add_key replaces a revoked key", k2 > 0 && k2 != k);
	CHECK_STR("the displaced revoked key is freed", gone(k), "gone");
	long iv = add_key("user", "iv", "x", 1, -3);
	CHECK_OK0("invalidate", kctl(KEYCTL_INVALIDATE, iv, 0, 0, 0));
	CHECK_ERR("invalidated is gone", kctl(KEYCTL_DESCRIBE, iv, 0, 0, 0), ENOKEY);
	long e = add_key("user", "ex", "x", 1, -3);
	CHECK_OK0("set timeout", kctl(KEYCTL_SET_TIMEOUT, e, 100, 0, 0));
	CHECK_STR("/proc/keys timeout", proc_keys_line(e), "I--Q--- 1m 3f010000 0 0 user ex: 1");
	CHECK_EQ("add_key updates", add_key("user", "ex", "yy", 2, -3), e);
	CHECK_STR("and the timeout is gone", proc_keys_line(e), "I--Q--- perm 3f010000 0 0 user ex: 2");
	CHECK_OK0("set timeout 1s", kctl(KEYCTL_SET_TIMEOUT, e, 1, 0, 0));
	sleep(2);
	CHECK_ERR("read expired", kctl(KEYCTL_READ, e, (long)buf, sizeof buf, 0), EKEYEXPIRED);
	CHECK_ERR("describe expired", kctl(KEYCTL_DESCRIBE, e, 0, 0, 0), EKEYEXPIRED);
	CHECK_ERR("search expired", kctl(KEYCTL_SEARCH, -3, (long)"user", (long)"ex", 0), EKEYEXPIRED);
	CHECK_ERR("request_key skips expired", request_key("user", "ex", NULL, 0), ENOKEY);
	CHECK_ERR("update expired", kctl(KEYCTL_UPDATE, e, (long)"y", 1, 0), EKEYEXPIRED);
	CHECK_STR("/proc/keys expired", proc_keys_line(e), "I--Q--- expd 3f010000 0 0 user ex: 2");
	CHECK_EQ("add_key revives it", add_key("user", "ex", "zz", 2, -3), e);
	CHECK_STR("alive again", payload(e), "zz");
}

static void permissions(void)
{
	new_session();
	long k = add_key("user", "pm", "data", 4, -3);
	CHECK_ERR("setperm with unknown bits", kctl(KEYCTL_SETPERM, k, 0x40000000, 0, 0), EINVAL);
	CHECK_OK0("setperm: possessor may only search", kctl(KEYCTL_SETPERM, k, 0x08000000, 0, 0));
	CHECK_ERR("no view", kctl(KEYCTL_DESCRIBE, k, 0, 0, 0), EACCES);
	CHECK_STR("a possessor reads without the read bit", payload(k), "data");
	CHECK_ERR("no write", kctl(KEYCTL_UPDATE, k, (long)"x", 1, 0), EACCES);
	CHECK_ERR("no setattr", kctl(KEYCTL_SETPERM, k, 0x3f010000, 0, 0), EACCES);
	CHECK_ERR("no link", kctl(KEYCTL_LINK, k, -3, 0, 0), EACCES);
	CHECK_ERR("revoke needs write or setattr", kctl(KEYCTL_REVOKE, k, 0, 0, 0), EACCES);
	CHECK_OK0("unlink needs nothing of the key", kctl(KEYCTL_UNLINK, k, -3, 0, 0));
	long k2 = add_key("user", "pm2", "data", 4, -3);
	CHECK_OK0("setperm: the user may read, no one searches", kctl(KEYCTL_SETPERM, k2, 0x37030000, 0, 0));
	CHECK_STR("read through the user bits", payload(k2), "data");
	long k3 = add_key("user", "pm3", "data", 4, -3);
	CHECK_OK0("setperm: possessor everything but search", kctl(KEYCTL_SETPERM, k3, 0x37000000, 0, 0));
	CHECK_ERR("not possessed: no read", kctl(KEYCTL_READ, k3, 0, 0, 0), EACCES);
	CHECK_ERR("not possessed: no view", kctl(KEYCTL_DESCRIBE, k3, 0, 0, 0), EACCES);
	CHECK_ERR("not found by search", kctl(KEYCTL_SEARCH, -3, (long)"user", (long)"pm3", 0), EACCES);
	CHECK_OK0("chown -1 -1", kctl(KEYCTL_CHOWN, k2, -1, -1, 0));
	long k4 = add_key("user", "pm4", "data", 4, -3);
	CHECK_OK0("chown to 4242", kctl(KEYCTL_CHOWN, k4, 4242, 4343, 0));
	CHECK_STR("described", describe(k4), "user;4242;4343;3f010000;pm4");
	CHECK_OK0("setperm by root of another's key", kctl(KEYCTL_SETPERM, k4, 0x3f3f0000, 0, 0));
	CHECK_OK0("get security", kctl(KEYCTL_GET_SECURITY, k4, 0, 0, 0) == 1 ? 0 : -1);
	char sec[4] = "xx";
	CHECK_EQ("security label: empty", kctl(KEYCTL_GET_SECURITY, k4, (long)sec, sizeof sec, 0), 1);
	CHECK_EQ("empty string", sec[0], 0);
	pid_t pid = fork();
	if (pid == 0) {
		/* a user other than root, still in our session keyring */
		if (setgid(4343) || setuid(4242))
			_exit(99);
		int bad = 0;
		bad |= strcmp(payload(k4), "data") != 0;
		long mine = add_key("user", "u", "x", 1, -3);
		bad |= (mine <= 0) << 1;
		bad |= strcmp(describe(mine), "user;4242;4343;3f010000;u") != 0;
		bad |= (kctl(KEYCTL_CHOWN, mine, 0, -1, 0) != -1 || errno != EACCES) << 2;
		bad |= (kctl(KEYCTL_CHOWN, mine, -1, 4343, 0) != 0) << 3;
		bad |= (kctl(KEYCTL_SETPERM, k2, 0x3f3f0000, 0, 0) != -1 || errno != EACCES) << 4;
		long u = kctl(KEYCTL_GET_KEYRING_ID, -4, 0, 0, 0);
		bad |= strcmp(describe(u), "keyring;4242;65534;1f3f0000;_uid.4242") != 0;
		_exit(bad);
	}
	CHECK_EQ("as another user: possession, ownership, chown, setperm", WEXITSTATUS(wait_for(pid)), 0);
}

/* Who may change what: chown's quota, setperm by another user, a
 * destination keyring one cannot write, the user keyrings as links. */
static void ownership(void)
{
	new_session();
	long k = add_key("user", "own", "x", 1, -3);
	CHECK_OK0("setperm: everyone may do everything", kctl(KEYCTL_SETPERM, k, 0x3f3f3f3f, 0, 0));
	long ro = add_key("keyring", "ro", NULL, 0, -3);
	CHECK_OK0("a keyring everyone may only view", kctl(KEYCTL_SETPERM, ro, 0x01010101, 0, 0));
	long u = kctl(KEYCTL_GET_KEYRING_ID, -4, 0, 0, 0);
	CHECK_OK0("link the user keyring into the session", kctl(KEYCTL_LINK, u, -3, 0, 0));
	CHECK_EQ("and find it by name", kctl(KEYCTL_SEARCH, -3, (long)"keyring", (long)"_uid.0", 0), u);
	CHECK_OK0("unlink it", kctl(KEYCTL_UNLINK, u, -3, 0, 0));
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(4848) || setuid(4848))
			_exit(99);
		int bad = 0;
		bad |= (kctl(KEYCTL_SETPERM, k, 0x3f3f0000, 0, 0) != -1 || errno != EACCES);
		bad |= (kctl(KEYCTL_CHOWN, k, -1, 4848, 0) != 0) << 1;   /* its own group */
		bad |= (kctl(KEYCTL_CHOWN, k, 4848, -1, 0) != -1 || errno != EACCES) << 2;
		bad |= (kctl(KEYCTL_SET_TIMEOUT, k, 10, 0, 0) != 0) << 3;
		bad |= strcmp(payload(k), "x") != 0;
		bad |= (kctl(KEYCTL_UPDATE, k, (long)"yy", 2, 0) != 0) << 4;
		/* the session keyring is root's: 3f030000, possessed */
		bad |= (add_key("user", "mine", "z", 1, -3) <= 0) << 5;
		bad |= (request_key("user", "own", NULL, ro) != -1 || errno != EACCES) << 6;
		bad |= (kctl(KEYCTL_DESCRIBE, ro, 0, 0, 0) < 0) << 7;
		_exit(bad);
	}
	CHECK_EQ("as another user", WEXITSTATUS(wait_for(pid)), 0);
	CHECK_STR("the other user's update", payload(k), "yy");
	CHECK_STR("and group", describe(k), "user;0;4848;3f3f3f3f;own");
	long mine = kctl(KEYCTL_SEARCH, -3, (long)"user", (long)"mine", 0);
	CHECK_STR("its key", describe(mine), "user;4848;4848;3f010000;mine");
	CHECK_OK0("root takes it", kctl(KEYCTL_CHOWN, mine, 0, 0, 0));
	CHECK_STR("root's now", describe(mine), "user;0;0;3f010000;mine");
	CHECK_ERR("a bad id for chown", kctl(KEYCTL_CHOWN, 0, 1, 1, 0), EINVAL);
	CHECK_OK0("chown nothing of a bad id", kctl(KEYCTL_CHOWN, 0, -1, -1, 0));
}

static void request_keys(void)
{
	long ses = new_session();
	long k = add_key("user", "rq", "x", 1, -3);
	CHECK_EQ("request_key finds it", request_key("user", "rq", NULL, 0), k);
	long r = add_key("keyring", "dest", NULL, 0, -3);
	CHECK_EQ("and links it", request_key("user", "rq", NULL, r), k);
	long ids[] = { k };
	CHECK_STR("in dest", members(r, ids, 1), "[0]");
	long nl = add_key("user", "nolink", "x", 1, -3);
	CHECK_OK0("setperm: possessor view, read, search, setattr; no link",
		  kctl(KEYCTL_SETPERM, nl, 0x2b000000, 0, 0));
	CHECK_EQ("request_key finds a key it may not link", request_key("user", "nolink", NULL, 0), nl);
	CHECK_ERR("but not into a destination: EACCES", request_key("user", "nolink", NULL, r), EACCES);
	CHECK_STR("  dest holds the first key only", members(r, ids, 1), "[0]");
	CHECK_ERR("not there, no callout", request_key("user", "none", NULL, 0), ENOKEY);
	CHECK_ERR("unknown type", request_key("nosuch", "none", NULL, 0), ENOKEY);
	CHECK_ERR("bad type", request_key("", "none", NULL, 0), EINVAL);
	CHECK_ERR("bad description", request_key("user", (char *)1, NULL, 0), EFAULT);
	CHECK_ERR("no helper to run", request_key("user", "none", "info", 0), ENOENT);
	CHECK_ERR("then a negative key", request_key("user", "none", "info", 0), ENOKEY);
	CHECK_ERR("search finds it negative", kctl(KEYCTL_SEARCH, -3, (long)"user", (long)"none", 0), ENOKEY);
	int32_t s[8];
	long n = kctl(KEYCTL_READ, ses, (long)s, sizeof s, 0);
	long neg = 0;
	for (int i = 0; i < n / 4; i++)
		if (strstr(describe(s[i]), ";none"))
			neg = s[i];
	CHECK("linked into the session keyring", neg > 0);
	CHECK_STR("/proc/keys negative", proc_keys_line(neg), "I--Q-N- 1m 3f010000 0 0 user none");
	CHECK_ERR("read a negative key", kctl(KEYCTL_READ, neg, 0, 0, 0), ENOKEY);
	CHECK_ERR("keyring type with a callout", request_key("keyring", "nokr", "info", 0), EPERM);
	CHECK_ERR("instantiate without authority", kctl(KEYCTL_INSTANTIATE, k, (long)"x", 1, 0), EPERM);
	CHECK_ERR("negate without authority", kctl(KEYCTL_NEGATE, k, 10, 0, 0), EPERM);
	CHECK_ERR("reject with a bad error", kctl(KEYCTL_REJECT, k, 10, 0, 0), EINVAL);
	CHECK_OK0("assume no authority", kctl(KEYCTL_ASSUME_AUTHORITY, 0, 0, 0, 0));
	CHECK_ERR("assume authority of a key", kctl(KEYCTL_ASSUME_AUTHORITY, k, 0, 0, 0), ENOKEY);
	CHECK_ERR("assume -1", kctl(KEYCTL_ASSUME_AUTHORITY, -1, 0, 0, 0), EINVAL);
	CHECK_EQ("reqkey default", kctl(KEYCTL_SET_REQKEY_KEYRING, -1, 0, 0, 0), 0);
	CHECK_ERR("reqkey group", kctl(KEYCTL_SET_REQKEY_KEYRING, 6, 0, 0, 0), EINVAL);
	CHECK_ERR("reqkey 8", kctl(KEYCTL_SET_REQKEY_KEYRING, 8, 0, 0, 0), EINVAL);
	CHECK_EQ("reqkey process", kctl(KEYCTL_SET_REQKEY_KEYRING, 2, 0, 0, 0), 0);
	CHECK_EQ("reqkey now", kctl(KEYCTL_SET_REQKEY_KEYRING, -1, 0, 0, 0), 2);
	long p = kctl(KEYCTL_GET_KEYRING_ID, -2, 0, 0, 0);
	CHECK("it made the process keyring", p > 0);
	CHECK_ERR("a request now", request_key("user", "other", "info", 0), ENOENT);
	CHECK_EQ("left its negative key in the process keyring", kctl(KEYCTL_READ, p, 0, 0, 0), 4);
}

static void misc_ops(void)
{
	new_session();
	unsigned char caps[4] = { 9, 9, 9, 9 };
	CHECK_EQ("capabilities", kctl(KEYCTL_CAPABILITIES, (long)caps, sizeof caps, 0, 0), 2);
	CHECK_EQ("capabilities: invalidate, restrict, move", caps[0] & 0xe1, 0xe1);
	CHECK_EQ("capabilities: namespaces", caps[1], 3);
	CHECK_EQ("the rest cleared", caps[2] | caps[3], 0);
	CHECK_ERR("capabilities to a bad address", kctl(KEYCTL_CAPABILITIES, 1, 2, 0, 0), EFAULT);
	CHECK_ERR("unknown operation", kctl(99, 0, 0, 0, 0), EOPNOTSUPP);
	long a = add_key("keyring", "ra", NULL, 0, -3), b = add_key("keyring", "rb", NULL, 0, -3);
	long k = add_key("user", "mv", "x", 1, a);
	long ids[] = { k };
	CHECK_ERR("move: bad flags", kctl(KEYCTL_MOVE, k, a, b, 2), EINVAL);
	CHECK_OK0("move", kctl(KEYCTL_MOVE, k, a, b, 0));
	CHECK_STR("from a", members(a, ids, 1), "[]");
	CHECK_STR("to b", members(b, ids, 1), "[0]");
	CHECK_ERR("move from where it is not", kctl(KEYCTL_MOVE, k, a, b, 0), ENOENT);
	CHECK_OK0("move to where it is", kctl(KEYCTL_MOVE, k, b, b, 0));
	long k2 = add_key("user", "mv", "y", 1, a);
	CHECK_ERR("move exclusive onto a namesake", kctl(KEYCTL_MOVE, k2, a, b, 1), EEXIST);
	CHECK_OK0("move displacing it", kctl(KEYCTL_MOVE, k2, a, b, 0));
	CHECK_STR("the displaced key is freed", gone(k), "gone");
	CHECK_ERR("move into a user key", kctl(KEYCTL_MOVE, k2, b, k2, 0), ENOTDIR);
	CHECK_ERR("restrict: a type needs a restriction", kctl(KEYCTL_RESTRICT_KEYRING, a, (long)"user", 0, 0), EINVAL);
	CHECK_ERR("restrict: a restriction needs a type", kctl(KEYCTL_RESTRICT_KEYRING, a, 0, (long)"x", 0), EINVAL);
	CHECK_ERR("restrict: user has none", kctl(KEYCTL_RESTRICT_KEYRING, a, (long)"user", (long)"x", 0), ENOENT);
	CHECK_ERR("restrict: unknown type", kctl(KEYCTL_RESTRICT_KEYRING, a, (long)"nosuch", (long)"x", 0), ENOKEY);
	CHECK_ERR("restrict a user key", kctl(KEYCTL_RESTRICT_KEYRING, k2, 0, 0, 0), ENOTDIR);
	CHECK_OK0("restrict", kctl(KEYCTL_RESTRICT_KEYRING, a, 0, 0, 0));
	CHECK_ERR("restrict again", kctl(KEYCTL_RESTRICT_KEYRING, a, 0, 0, 0), EEXIST);
	CHECK_ERR("add into a restricted keyring", add_key("user", "n", "x", 1, a), EPERM);
	CHECK_ERR("link into it", kctl(KEYCTL_LINK, k2, a, 0, 0), EPERM);
	CHECK_OK0("clear it", kctl(KEYCTL_CLEAR, a, 0, 0, 0));
}

static void session_to_parent(void)
{
	long ses = new_session();
	pid_t pid = fork();
	if (pid == 0) {
		long mine = kctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0);
		if (kctl(KEYCTL_SESSION_TO_PARENT, 0, 0, 0, 0) != 0)
			_exit(255);
		add_key("user", "from-child", "x", 1, -3);
		_exit(mine == ses);
	}
	CHECK_EQ("session to parent", WEXITSTATUS(wait_for(pid)), 0);
	long now = kctl(KEYCTL_GET_KEYRING_ID, -3, 0, 0, 0);
	CHECK("the parent is in the child's session", now > 0 && now != ses);
	CHECK("with its key", kctl(KEYCTL_SEARCH, -3, (long)"user", (long)"from-child", 0) > 0);
}

static void quota(void)
{
	new_session();
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(4545) || setuid(4545))
			_exit(99);
		kctl(KEYCTL_GET_KEYRING_ID, -4, 0, 0, 0);   /* the user's keyrings count too */
		new_session();
		static char big[20001];
		memset(big, 'q', sizeof big);
		int bad = 0;
		bad |= (add_key("user", "q:big", big, 20000, -3) != -1 || errno != EDQUOT_);
		int n = 0;
		char d[16];
		for (;;) {
			snprintf(d, sizeof d, "q%d", n);
			if (add_key("user", d, "x", 1, -3) < 0 || ++n == 1000)
				break;
		}
		say("keys before EDQUOT: %d (%s)\n", n, errname(errno));
		static char users[16384];
		read_all("/proc/key-users", users, sizeof users);
		char *l = strstr(users, " 4545: ");
		unsigned usage, nk, nik, qk, mk, qb, mb;
		if (!l || sscanf(l, " 4545: %u %u/%u %u/%u %u/%u", &usage, &nk, &nik, &qk, &mk, &qb, &mb) != 7)
			say("[FAIL] /proc/key-users has no line for 4545\n");
		else
			say("key-users: %u/%u in quota, bytes below max: %d\n", qk, mk, qb < mb);
		_exit(bad);
	}
	CHECK_EQ("quota of a user", WEXITSTATUS(wait_for(pid)), 0);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "exec-child") == 0)
		return exec_child(argv[2]);
	RUN(special_keyrings);
	RUN(inheritance);
	RUN(exec_drops);
	RUN(threads);
	RUN(add_and_read);
	RUN(keyrings);
	RUN(depth);
	RUN(states);
	RUN(permissions);
	RUN(ownership);
	RUN(request_keys);
	RUN(misc_ops);
	RUN(session_to_parent);
	RUN(quota);
	return cases_failed ? 1 : 0;
}
