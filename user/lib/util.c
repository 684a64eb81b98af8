/* util.c: the helpers of util.h, linked into every program in user/:
 * messages in coreutils' form, allocation that cannot fail, whole reads and
 * writes, /etc/passwd and /etc/group, modes, paths and option checks. */
#define _GNU_SOURCE
#include <fcntl.h>
#include "util.h"

/* The program's name for messages; each main() sets it first. */
const char *prog = "?";

/* "prog: <formatted text>\n" on stderr. */
void err_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* "prog: path: strerror(errno)" on stderr. */
void err_path(const char *path)
{
	err_msg("%s: %s", path, strerror(errno));
}

static const struct prog_help *help;
static char **args;              /* main's argv, for bad_option */

static void print_help(void)
{
	printf("Usage: %s %s\n%s", prog, help->usage, help->text);
	printf("      --help     display this help and exit\n"
	       "      --version  output version information and exit\n");
	exit(fflush(stdout) ? 1 : 0);
}

static void print_version(void)
{
	printf("%s (Pipit) %s\n", prog, PIPIT_VERSION);
	exit(fflush(stdout) ? 1 : 0);
}

/* Start of every main: sets prog to name, then handles the options every
 * program takes, as coreutils does: --help (the text on stdout, exit 0),
 * --version, and any other --NAME, which is "unrecognized option" (exit
 * h->status). Looks at the arguments before "--" (before the first
 * operand with PH_OPTS_FIRST; only at a lone argument with PH_HELP_ALONE). */
void prog_init(const char *name, int argc, char **argv, const struct prog_help *h)
{
	prog = name;
	help = h;
	args = argv;
	if ((h->flags & PH_HELP_ALONE) && argc != 2)
		return;
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		const char *a = argv[i];
		if (a[0] != '-' || !a[1]) {
			if (h->flags & PH_OPTS_FIRST)
				break;
			continue;
		}
		if (!strcmp(a, "--help"))
			print_help();
		if (!strcmp(a, "--version"))
			print_version();
		if (a[1] == '-' && !(h->flags & (PH_OWN_LONG | PH_HELP_ALONE))) {
			err_msg("unrecognized option '%s'", a);
			usage_exit(h->status);
		}
	}
}

/* A usage error, after its message: "Try 'prog --help' for more
 * information." on stderr and exit(status). */
void usage_exit(int status)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	exit(status);
}

/* getopt (with opterr = 0) returned '?': "invalid option -- 'c'" for
 * opt != 0, else "option requires an argument -- 'c'" for optopt, else
 * (getopt_long) "unrecognized option" naming argv[optind - 1]; then as
 * usage_exit. */
void bad_option(int opt, int status)
{
	if (opt)
		err_msg("invalid option -- '%c'", opt);
	else if (optopt)
		err_msg("option requires an argument -- '%c'", optopt);
	else if (args && optind > 0)
		err_msg("unrecognized option '%s'", args[optind - 1]);
	usage_exit(status);
}

/* "prog: <formatted text>: strerror(e)" on stderr; returns 1 (a status). */
int err_errno(int e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(e));
	va_end(ap);
	return 1;
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		err_msg("out of memory");
		exit(1);
	}
	return p;
}

void *xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);
	if (!p) {
		err_msg("out of memory");
		exit(1);
	}
	return p;
}

/* Write all n bytes, retrying short writes and EINTR. 0 or -1 (errno). */
int write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* read() that retries EINTR. */
ssize_t read_retry(int fd, void *buf, size_t n)
{
	ssize_t r;
	do
		r = read(fd, buf, n);
	while (r < 0 && errno == EINTR);
	return r;
}

/* Copy fd in to fd out until end of file. Returns 0, 'r' after a read
 * error or 'w' after a write error (errno set). */
int copy_fd(int in, int out)
{
	static char buf[16384];
	for (;;) {
		ssize_t r = read_retry(in, buf, sizeof buf);
		if (r == 0)
			return 0;
		if (r < 0)
			return 'r';
		if (write_all(out, buf, (size_t)r) < 0)
			return 'w';
	}
}

/* Split line (newline removed) at ':' into at most max fields. */
int split_colon(char *line, char **field, int max)
{
	int n = 0;
	line[strcspn(line, "\n")] = 0;
	while (n < max) {
		field[n++] = line;
		line = strchr(line, ':');
		if (!line)
			break;
		*line++ = 0;
	}
	return n;
}

void copy_field(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

/* Find a passwd entry by name (when name != NULL) or by uid.
 * Returns 1 and fills *pw when found, else 0. */
int pw_find(const char *name, uid_t uid, struct pw_entry *pw)
{
	FILE *f = fopen("/etc/passwd", "r");
	char *line = NULL, *fl[7];
	size_t cap = 0;
	int found = 0;
	if (!f)
		return 0;
	while (!found && getline(&line, &cap, f) > 0) {
		if (split_colon(line, fl, 7) < 7)
			continue;
		uid_t u = (uid_t)strtoul(fl[2], NULL, 10);
		if (name ? strcmp(fl[0], name) != 0 : u != uid)
			continue;
		copy_field(pw->name, sizeof pw->name, fl[0]);
		pw->uid = u;
		pw->gid = (gid_t)strtoul(fl[3], NULL, 10);
		copy_field(pw->dir, sizeof pw->dir, fl[5]);
		copy_field(pw->shell, sizeof pw->shell, fl[6]);
		found = 1;
	}
	free(line);
	fclose(f);
	return found;
}

/* Walk /etc/group: the index-th entry (0, 1, ...) into *gr. 1 or 0 at end. */
int gr_nth(int index, struct gr_entry *gr)
{
	FILE *f = fopen("/etc/group", "r");
	char *line = NULL, *fl[4];
	size_t cap = 0;
	int i = 0, found = 0;
	if (!f)
		return 0;
	while (!found && getline(&line, &cap, f) > 0) {
		if (split_colon(line, fl, 4) < 3 || i++ != index)
			continue;
		copy_field(gr->name, sizeof gr->name, fl[0]);
		gr->gid = (gid_t)strtoul(fl[2], NULL, 10);
		copy_field(gr->members, sizeof gr->members, fl[3] ? fl[3] : "");
		found = 1;
	}
	free(line);
	fclose(f);
	return found;
}

/* Find a group by name (when name != NULL) or by gid. */
int gr_find(const char *name, gid_t gid, struct gr_entry *gr)
{
	for (int i = 0; gr_nth(i, gr); i++)
		if (name ? strcmp(gr->name, name) == 0 : gr->gid == gid)
			return 1;
	return 0;
}

/* Is user listed in the comma-separated member list? */
int gr_has_member(const struct gr_entry *gr, const char *user)
{
	size_t n = strlen(user);
	for (const char *p = gr->members; *p; ) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, user, n) == 0)
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* buf (64 bytes) gets name when found, else id in decimal; returns buf. */
static const char *name_or_id(int found, const char *name, unsigned id, char *buf)
{
	if (found)
		snprintf(buf, 64, "%s", name);
	else
		snprintf(buf, 64, "%u", id);
	return buf;
}

/* The user's name, or the number in decimal when unknown. buf: 64 bytes. */
const char *user_name(uid_t uid, char *buf)
{
	struct pw_entry pw;
	int found = pw_find(NULL, uid, &pw);
	return name_or_id(found, pw.name, (unsigned)uid, buf);
}

const char *group_name(gid_t gid, char *buf)
{
	struct gr_entry gr;
	int found = gr_find(NULL, gid, &gr);
	return name_or_id(found, gr.name, (unsigned)gid, buf);
}

/* "drwxr-xr-x" style text for mode into buf (11 bytes). */
char *mode_string(mode_t m, char *buf)
{
	static const char rwx[] = "rwxrwxrwx";
	buf[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' :
		 S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	for (int i = 0; i < 9; i++)
		buf[i + 1] = (m & (0400 >> i)) ? rwx[i] : '-';
	if (m & S_ISUID)
		buf[3] = (m & S_IXUSR) ? 's' : 'S';
	if (m & S_ISGID)
		buf[6] = (m & S_IXGRP) ? 's' : 'S';
	if (m & S_ISVTX)
		buf[9] = (m & S_IXOTH) ? 't' : 'T';
	buf[10] = 0;
	return buf;
}

/* One symbolic clause: [ugoa]*([-+=]([rwxXst]*|[ugo]))+ applied to m. */
const char *mode_clause(const char *s, mode_t *m, int isdir, mode_t mask)
{
	mode_t who = 0;
	for (; *s && strchr("ugoa", *s); s++)
		who |= *s == 'u' ? 04700 : *s == 'g' ? 02070 : *s == 'o' ? 01007 : 07777;
	if (!strchr("+-=", *s) || !*s)
		return NULL;
	while (*s && strchr("+-=", *s)) {
		char op = *s++;
		mode_t bits = 0, old = *m;
		if (*s && strchr("ugo", *s)) {          /* copy another class's bits */
			int shift = *s == 'u' ? 6 : *s == 'g' ? 3 : 0;
			mode_t b = (old >> shift) & 7;
			bits = b << 6 | b << 3 | b;
			s++;
		}
		for (; *s && strchr("rwxXst", *s); s++)
			bits |= *s == 'r' ? 0444 : *s == 'w' ? 0222 : *s == 'x' ? 0111 :
				*s == 's' ? 06000 : *s == 't' ? 01000 :
				(isdir || (old & 0111)) ? 0111 : 0;
		mode_t aff = who ? who : (07777 & ~mask);
		if (!who && (bits & 01000))
			aff |= 01000;
		if (op == '=')
			*m &= ~((who ? who : 07777) & 07777 & ~(isdir ? 06000 : 0));
		if (op == '-')
			*m &= ~(bits & aff);
		else
			*m |= bits & aff;
	}
	return s;
}

/* Parse an octal or symbolic mode ("755", "u+x,go-w", "a=r") against the
 * old mode. mask is the umask that applies when no "who" letter is given.
 * Returns 0 and sets *out, or -1 for a malformed mode. */
int parse_mode(const char *spec, mode_t old, int isdir, mode_t mask, mode_t *out)
{
	mode_t m = old & 07777;
	if (*spec >= '0' && *spec <= '7') {
		char *end;
		unsigned long v = strtoul(spec, &end, 8);
		if (*end || v > 07777)
			return -1;
		*out = (mode_t)v;
		return 0;
	}
	const char *s = spec;
	for (;;) {
		s = mode_clause(s, &m, isdir, mask);
		if (!s)
			return -1;
		if (!*s)
			break;
		if (*s++ != ',')
			return -1;
	}
	*out = m;
	return 0;
}

/* The current umask without changing it. */
mode_t get_umask(void)
{
	mode_t m = umask(0);
	umask(m);
	return m;
}

/* Path of name inside dir, freshly allocated. */
char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	char *p = xmalloc(n + strlen(name) + 2);
	sprintf(p, "%s%s%s", dir, (n && dir[n - 1] == '/') ? "" : "/", name);
	return p;
}

/* The last component of a path, ignoring trailing slashes ("a/b/" -> "b/"
 * is not wanted, so the result is copied without them). */
char *base_name(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t s = n;
	while (s > 0 && path[s - 1] != '/')
		s--;
	char *b = xmalloc(n - s + 1);
	memcpy(b, path + s, n - s);
	b[n - s] = 0;
	return b;
}

/* The operands of cp and mv: SOURCE DEST, or SOURCE... DIRECTORY. Calls
 * fn(source, target) for each, the target inside DIRECTORY when the last
 * operand is one; returns the ORed statuses, or 1 when the operands are wrong. */
int each_into_target(int n, char **a, int (*fn)(const char *, const char *))
{
	struct stat st;
	int status = 0;
	if (n < 2) {
		err_msg(n ? "missing destination file operand after '%s'" : "missing file operand", a[0]);
		usage_exit(1);
	}
	int r = stat(a[n - 1], &st);
	if (r == 0 && S_ISDIR(st.st_mode)) {
		for (int i = 0; i < n - 1; i++) {
			char *b = base_name(a[i]), *t = path_join(a[n - 1], b);
			status |= fn(a[i], t);
			free(b);
			free(t);
		}
		return status;
	}
	if (n > 2 && r < 0)
		return err_errno(errno, "target '%s'", a[n - 1]);
	if (n > 2) {
		err_msg("target '%s' is not a directory", a[n - 1]);
		return 1;
	}
	return fn(a[0], a[1]);
}

/* The decimal option argument s, which must lie in lo..hi; otherwise a
 * message and the usage (exit 1). */
int number_arg(const char *s, int lo, int hi)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < lo || v > hi) {
		err_msg("bad number '%s' (%d..%d)", s, lo, hi);
		usage_exit(1);
	}
	return (int)v;
}

/* head's and tail's old form "-5": rewritten in place as "-n5" for getopt. */
void lines_option(int argc, char **argv)
{
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
		static char opt[64];
		snprintf(opt, sizeof opt, "-n%s", argv[1] + 1);
		argv[1] = opt;
	}
}
