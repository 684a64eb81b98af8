/* keyctl - the key retention service from the shell, a subset of
 * keyutils' keyctl with its output formats:
 *   keyctl add TYPE DESC DATA RING      keyctl padd TYPE DESC RING (data on stdin)
 *   keyctl request TYPE DESC [DEST]     keyctl request2 TYPE DESC INFO [DEST]
 *   keyctl update KEY DATA              keyctl newring NAME RING
 *   keyctl revoke|clear|invalidate KEY  keyctl link|unlink KEY RING
 *   keyctl search RING TYPE DESC [DEST] keyctl read|pipe|print KEY
 *   keyctl list|rlist RING              keyctl describe|rdescribe KEY
 *   keyctl chown KEY UID                keyctl chgrp KEY GID
 *   keyctl setperm KEY MASK             keyctl timeout KEY SECONDS
 *   keyctl security KEY                 keyctl session [NAME|-] [PROGRAM ARG...]
 *   keyctl new_session                  keyctl show [RING]
 * A key is a serial or @t, @p, @s, @u, @us (thread, process, session,
 * user, user session keyring). */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "util.h"

static const struct prog_help help = {
	"COMMAND [ARG...]",
	"Manage keys and keyrings (add_key, request_key, keyctl); commands as\n"
	"keyutils' keyctl: add padd request request2 update newring revoke clear\n"
	"invalidate link unlink search read pipe print list rlist describe\n"
	"rdescribe chown chgrp setperm timeout security session new_session show.\n"
	"A key is a number or @t @p @s @u @us.\n",
	2, PH_OPTS_FIRST,
};

enum { GET_KEYRING_ID, JOIN, UPDATE, REVOKE, CHOWN, SETPERM, DESCRIBE, CLEAR, LINK, UNLINK,
       SEARCH, READ, SET_TIMEOUT = 15, GET_SECURITY = 17, SESSION_TO_PARENT = 18, INVALIDATE = 21 };

static long kctl(int op, long a, long b, long c, long d)
{
	return syscall(SYS_keyctl, op, a, b, c, d);
}

static long check(long r, const char *what)
{
	if (r < 0) {
		err_errno(errno, "%s", what);
		exit(1);
	}
	return r;
}

/* A key argument: a number or one of the special names. */
static long key_arg(const char *s)
{
	static const struct { const char *n; long id; } sp[] = {
		{ "@t", -1 }, { "@p", -2 }, { "@s", -3 }, { "@u", -4 }, { "@us", -5 }, { "@g", -6 },
	};
	for (size_t i = 0; i < sizeof sp / sizeof sp[0]; i++)
		if (!strcmp(s, sp[i].n))
			return sp[i].id;
	char *end;
	long v = strtol(s, &end, 0);
	if (!*s || *end) {
		err_msg("bad key specifier '%s'", s);
		exit(2);
	}
	return v;
}

/* The payload of key, malloc'd; *len its size. */
static char *read_key(long key, long *len)
{
	long n = check(kctl(READ, key, 0, 0, 0), "read");
	char *buf = xmalloc(n + 1);
	*len = check(kctl(READ, key, (long)buf, n, 0), "read");
	buf[*len] = 0;
	return buf;
}

/* The describe string split: type, uid, gid, perm, description. */
struct desc { char type[32]; int uid, gid; unsigned perm; char text[4096]; };

static int describe(long key, struct desc *d)
{
	char buf[4200];
	if (kctl(DESCRIBE, key, (long)buf, sizeof buf, 0) < 0)
		return -1;
	char *p = buf, *f[4];
	for (int i = 0; i < 4; i++) {
		f[i] = p;
		p = strchr(p, ';');
		if (!p)
			return -1;
		*p++ = 0;
	}
	snprintf(d->type, sizeof d->type, "%s", f[0]);
	d->uid = atoi(f[1]);
	d->gid = atoi(f[2]);
	d->perm = (unsigned)strtoul(f[3], NULL, 16);
	snprintf(d->text, sizeof d->text, "%s", p);
	return 0;
}

/* What the caller may do, as keyutils' calc_perms prints it. */
static void calc_perms(char *out, const struct desc *d)
{
	unsigned perms = d->perm >> 24;
	if ((uid_t)d->uid == geteuid())
		perms |= d->perm >> 16;
	else if ((gid_t)d->gid == getegid())
		perms |= d->perm >> 8;
	else
		perms |= d->perm;
	snprintf(out, 9, "--%c%c%c%c%c%c", perms & 0x20 ? 'a' : '-', perms & 0x10 ? 'l' : '-',
		 perms & 0x08 ? 's' : '-', perms & 0x04 ? 'w' : '-', perms & 0x02 ? 'r' : '-',
		 perms & 0x01 ? 'v' : '-');
}

static void print_key_line(long key, const char *prefix)
{
	struct desc d;
	char mask[16];
	if (describe(key, &d) < 0) {
		printf("%9ld: key inaccessible (%s)\n", key, strerror(errno));
		return;
	}
	calc_perms(mask, &d);
	printf("%9ld %s %5d %5d  %s%s: %s\n", key, mask, d.uid, d.gid, prefix, d.type, d.text);
}

/* keyctl show: the keyring and, indented, what it links (8 deep). */
static void show_tree(long ring, int depth)
{
	char prefix[64] = "";
	for (int i = 0; i < depth && i < 8; i++)
		strcat(prefix, i + 1 == depth ? " \\_ " : "    ");
	print_key_line(ring, prefix);
	struct desc d;
	if (depth >= 8 || describe(ring, &d) < 0 || strcmp(d.type, "keyring"))
		return;
	long n = kctl(READ, ring, 0, 0, 0);
	if (n <= 0)
		return;
	int32_t *ids = xmalloc(n);
	n = kctl(READ, ring, (long)ids, n, 0);
	for (long i = 0; i < n / 4; i++)
		show_tree(ids[i], depth + 1);
	free(ids);
}

static int list(long ring, bool raw)
{
	long n;
	int32_t *ids = (int32_t *)read_key(ring, &n);
	if (raw) {
		for (long i = 0; i < n / 4; i++)
			printf(i ? " %d" : "%d", ids[i]);
		printf("\n");
		return 0;
	}
	if (n == 0) {
		printf("keyring is empty\n");
		return 0;
	}
	printf("%ld key%s in keyring:\n", n / 4, n == 4 ? "" : "s");
	for (long i = 0; i < n / 4; i++) {
		struct desc d;
		char mask[16];
		if (describe(ids[i], &d) < 0) {
			printf("%9d: key inaccessible (%s)\n", ids[i], strerror(errno));
			continue;
		}
		calc_perms(mask, &d);
		printf("%9d: %s %5d %5d %s: %s\n", ids[i], mask, d.uid, d.gid, d.type, d.text);
	}
	return 0;
}

static int print_payload(long key, int how)
{
	long n;
	unsigned char *p = (unsigned char *)read_key(key, &n);
	if (how == 'p') {                        /* pipe: the bytes as they are */
		write_all(1, p, n);
		return 0;
	}
	if (how == 'r') {                        /* read: a hex dump */
		printf("%ld bytes of data in key:\n", n);
		for (long i = 0; i < n; i++)
			printf("%02x%s", p[i], (i + 1) % 32 == 0 || i + 1 == n ? "\n" : (i + 1) % 4 == 0 ? " " : "");
		return 0;
	}
	bool text = true;                        /* print: text, or :hex: */
	for (long i = 0; i < n; i++)
		if (!isprint(p[i]) && !isspace(p[i]))
			text = false;
	if (text) {
		printf("%s\n", p);
	} else {
		printf(":hex:");
		for (long i = 0; i < n; i++)
			printf("%02x", p[i]);
		printf("\n");
	}
	return 0;
}

static void need(int argc, int min, int max)
{
	if (argc < min || argc > max) {
		err_msg("wrong number of arguments");
		usage_exit(2);
	}
}

/* keyctl session: join a keyring, then run a program (default: sh). */
static int session(int argc, char **argv)
{
	const char *name = argc > 2 && strcmp(argv[2], "-") ? argv[2] : NULL;
	long r = check(kctl(JOIN, (long)name, 0, 0, 0), "join");
	fprintf(stderr, "Joined session keyring: %ld\n", r ? r : kctl(GET_KEYRING_ID, -3, 0, 0, 0));
	char *shell[] = { "sh", NULL };
	char **prog = argc > 3 ? argv + 3 : shell;
	execvp(prog[0], prog);
	return err_errno(errno, "%s", prog[0]);
}

int main(int argc, char **argv)
{
	prog_init("keyctl", argc, argv, &help);
	if (argc < 2)
		usage_exit(2);
	const char *c = argv[1];
	if (!strcmp(c, "add")) {
		need(argc, 6, 6);
		printf("%ld\n", check(syscall(SYS_add_key, argv[2], argv[3], argv[4], strlen(argv[4]),
					       key_arg(argv[5])), "add_key"));
	} else if (!strcmp(c, "padd")) {
		need(argc, 5, 5);
		char *data = xmalloc(1 << 20);
		ssize_t n = 0, r;
		while (n < (1 << 20) && (r = read_retry(0, data + n, (1 << 20) - n)) > 0)
			n += r;
		printf("%ld\n", check(syscall(SYS_add_key, argv[2], argv[3], data, (size_t)n,
					       key_arg(argv[4])), "add_key"));
	} else if (!strcmp(c, "request") || !strcmp(c, "request2")) {
		bool two = c[7] == '2';
		need(argc, 4 + two, 5 + two);
		printf("%ld\n", check(syscall(SYS_request_key, argv[2], argv[3], two ? argv[4] : NULL,
					       argc > 4 + two ? key_arg(argv[4 + two]) : 0), "request_key"));
	} else if (!strcmp(c, "update")) {
		need(argc, 4, 4);
		check(kctl(UPDATE, key_arg(argv[2]), (long)argv[3], strlen(argv[3]), 0), "update");
	} else if (!strcmp(c, "newring")) {
		need(argc, 4, 4);
		printf("%ld\n", check(syscall(SYS_add_key, "keyring", argv[2], NULL, 0, key_arg(argv[3])),
				      "add_key"));
	} else if (!strcmp(c, "revoke") || !strcmp(c, "clear") || !strcmp(c, "invalidate")) {
		need(argc, 3, 3);
		int op = c[0] == 'r' ? REVOKE : c[0] == 'c' ? CLEAR : INVALIDATE;
		check(kctl(op, key_arg(argv[2]), 0, 0, 0), c);
	} else if (!strcmp(c, "link") || !strcmp(c, "unlink")) {
		need(argc, 4, 4);
		check(kctl(c[0] == 'l' ? LINK : UNLINK, key_arg(argv[2]), key_arg(argv[3]), 0, 0), c);
	} else if (!strcmp(c, "search")) {
		need(argc, 5, 6);
		printf("%ld\n", check(kctl(SEARCH, key_arg(argv[2]), (long)argv[3], (long)argv[4],
					   argc > 5 ? key_arg(argv[5]) : 0), "search"));
	} else if (!strcmp(c, "read") || !strcmp(c, "pipe") || !strcmp(c, "print")) {
		need(argc, 3, 3);
		return print_payload(key_arg(argv[2]), c[1] == 'i' ? 'p' : c[1] == 'e' ? 'r' : 't');
	} else if (!strcmp(c, "list") || !strcmp(c, "rlist")) {
		need(argc, 3, 3);
		return list(key_arg(argv[2]), c[0] == 'r');
	} else if (!strcmp(c, "describe") || !strcmp(c, "rdescribe")) {
		need(argc, 3, 3);
		struct desc d;
		if (c[0] == 'r') {
			char buf[4200];
			check(kctl(DESCRIBE, key_arg(argv[2]), (long)buf, sizeof buf, 0), "describe");
			printf("%s\n", buf);
		} else {
			check(describe(key_arg(argv[2]), &d), "describe");
			char m[32];
			int k = 0;
			for (int s = 24; s >= 0; s -= 8) {
				unsigned p = d.perm >> s;
				m[k++] = p & 0x20 ? 'a' : '-'; m[k++] = p & 0x10 ? 'l' : '-';
				m[k++] = p & 0x08 ? 's' : '-'; m[k++] = p & 0x04 ? 'w' : '-';
				m[k++] = p & 0x02 ? 'r' : '-'; m[k++] = p & 0x01 ? 'v' : '-';
			}
			m[k] = 0;
			printf("%9ld: %s %5d %5d %s: %s\n", key_arg(argv[2]), m, d.uid, d.gid, d.type, d.text);
		}
	} else if (!strcmp(c, "chown") || !strcmp(c, "chgrp")) {
		need(argc, 4, 4);
		long id = strtol(argv[3], NULL, 0);
		check(kctl(CHOWN, key_arg(argv[2]), c[2] == 'o' ? id : -1, c[2] == 'o' ? -1 : id, 0), c);
	} else if (!strcmp(c, "setperm")) {
		need(argc, 4, 4);
		check(kctl(SETPERM, key_arg(argv[2]), strtoul(argv[3], NULL, 0), 0, 0), c);
	} else if (!strcmp(c, "timeout")) {
		need(argc, 4, 4);
		check(kctl(SET_TIMEOUT, key_arg(argv[2]), strtoul(argv[3], NULL, 0), 0, 0), c);
	} else if (!strcmp(c, "security")) {
		need(argc, 3, 3);
		char buf[256];
		check(kctl(GET_SECURITY, key_arg(argv[2]), (long)buf, sizeof buf, 0), c);
		printf("%s\n", buf);
	} else if (!strcmp(c, "session")) {
		return session(argc, argv);
	} else if (!strcmp(c, "new_session")) {        /* for the shell that runs us */
		need(argc, 2, 2);
		long id = check(kctl(JOIN, 0, 0, 0, 0), "join");
		check(kctl(SESSION_TO_PARENT, 0, 0, 0, 0), "session to parent");
		printf("%ld\n", id);
	} else if (!strcmp(c, "show")) {
		need(argc, 2, 3);
		const char *name = argc > 2 ? argv[2] : "@s";
		long id = check(kctl(GET_KEYRING_ID, key_arg(name), 1, 0, 0), "show");
		printf("%s\n", !strcmp(name, "@s") ? "Session Keyring" : !strcmp(name, "@u") ? "User Keyring" :
		       !strcmp(name, "@us") ? "User Session Keyring" : !strcmp(name, "@p") ? "Process Keyring" :
		       !strcmp(name, "@t") ? "Thread Keyring" : "Keyring");
		show_tree(id, 0);
	} else {
		err_msg("unknown command '%s'", c);
		usage_exit(2);
	}
	return 0;
}
