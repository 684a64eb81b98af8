/* t_keyctl_tool - Pipit's keyctl program (user/keyctl.c, keyutils'
 * commands and formats) against the kernel it runs on: the same binary
 * runs on the host, so its output, with the random serials replaced by
 * names, must be the same. Each case runs in a session keyring of its
 * own, which the tool inherits. */
#include "check.h"
#include "run_prog.h"

static struct result r;

static void tool_argv(char *const argv[])
{
	memset(&r, 0, sizeof r);
	run(0, argv, &r);
}

#define tool(...) tool_argv((char *const[]){ "keyctl", __VA_ARGS__, NULL })

/* r.out with each serial in ids[] written as #i and the rest as '#?'
 * (a serial is any run of 5 or more digits), without the blanks that pad
 * it to its column (serials have 3 to 10 digits). */
static const char *masked(const long *ids, int n)
{
	static char out[8192];
	size_t o = 0;
	for (const char *p = r.out; *p && o < sizeof out - 16; ) {
		size_t d = strspn(p, "0123456789");
		if (d >= 5) {
			while (o > 0 && out[o - 1] == ' ')
				o--;
			long v = atol(p);
			int k = -1;
			for (int i = 0; i < n; i++)
				if (ids[i] == v)
					k = i;
			o += k >= 0 ? (size_t)sprintf(out + o, "#%d", k) : (size_t)sprintf(out + o, "#?");
			p += d;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = 0;
	return out;
}

static long serial_out(void)
{
	return atol(r.out);
}

static void add_print_list(void)
{
	long ids[4] = { syscall(SYS_keyctl, 1, 0, 0, 0, 0) };
	tool("newring", "box", "@s");
	CHECK_EQ("newring", r.status, 0);
	ids[1] = serial_out();
	char rs[24], ks[24];
	snprintf(rs, sizeof rs, "%ld", ids[1]);
	tool("add", "user", "greeting", "hello", rs);
	CHECK_EQ("add", r.status, 0);
	ids[2] = serial_out();
	snprintf(ks, sizeof ks, "%ld", ids[2]);
	tool("print", "greeting");
	CHECK_EQ("a name is not a key", r.status, 2);
	tool("print", ks);
	CHECK_STR("print", r.out, "hello\n");
	tool("read", ks);
	CHECK_STR("read", r.out, "5 bytes of data in key:\n68656c6c 6f\n");
	tool("describe", ks);
	CHECK_STR("describe", masked(ids, 3), "#2: alswrv-----v------------     0     0 user: greeting\n");
	tool("rdescribe", ks);
	CHECK_STR("rdescribe", r.out, "user;0;0;3f010000;greeting\n");
	tool("list", rs);
	CHECK_STR("list", masked(ids, 3), "1 key in keyring:\n#2: --alswrv     0     0 user: greeting\n");
	tool("rlist", rs);
	CHECK_STR("rlist", masked(ids, 3), "#2\n");
	tool("show", "@s");
	CHECK_STR("show", masked(ids, 3),
		  "Session Keyring\n"
		  "#0 --alswrv     0     0  keyring: _ses\n"
		  "#1 --alswrv     0     0   \\_ keyring: box\n"
		  "#2 --alswrv     0     0       \\_ user: greeting\n");
	tool("search", "@s", "user", "greeting");
	CHECK_EQ("search", serial_out(), ids[2]);
	tool("update", ks, "bye");
	tool("pipe", ks);
	CHECK_STR("update, pipe", r.out, "bye");
	tool("timeout", ks, "100");
	CHECK_EQ("timeout", r.status, 0);
	tool("security", ks);
	CHECK_STR("security", r.out, "\n");
	tool("revoke", ks);
	tool("print", ks);
	CHECK_STR("print revoked", r.err, "keyctl: read: Key has been revoked\n");
	CHECK_EQ("status", r.status, 1);
	tool("request", "user", "nothing");
	CHECK_STR("request", r.err, "keyctl: request_key: Required key not available\n");
	tool("unlink", ks, rs);
	tool("list", rs);
	CHECK_STR("empty", r.out, "keyring is empty\n");
	tool("bogus");
	CHECK_EQ("unknown command", r.status, 2);
}

int main(void)
{
	find_bindir();
	RUN(add_print_list);
	return cases_failed ? 1 : 0;
}
