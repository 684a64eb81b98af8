/* util.h: helpers shared by the small utilities in user/ (ls, cp, chmod,
 * ...), defined in util.c and linked into every program (the Makefile's
 * build/user/lib/libpipit.a). Error messages follow coreutils: "prog: path:
 * strerror text". Names come from /etc/passwd and /etc/group, read directly
 * (no NSS). */
#ifndef PIPIT_USER_UTIL_H
#define PIPIT_USER_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/types.h>

/* The program's name for messages; each main() sets it first. */
extern const char *prog;

/* "prog: <formatted text>\n" on stderr. */
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "prog: path: strerror(errno)" on stderr. */
void err_path(const char *path);

/* What --help says: "Usage: prog USAGE", then TEXT (lines ending in
 * '\n'), then the lines for --help and --version. */
struct prog_help {
	const char *usage;
	const char *text;
	int status;         /* exit status of a wrong option */
	int flags;          /* PH_OPTS_FIRST, PH_OWN_LONG */
};
#define PH_OPTS_FIRST 1 /* options end at the first operand (env, su: a command follows) */
#define PH_OWN_LONG 2   /* the program parses its own long options */
#define PH_HELP_ALONE 4 /* only a lone --help or --version (echo, true) */

/* Start of every main: sets prog to name, then handles the options every
 * program takes, as coreutils does: --help (the text on stdout, exit 0),
 * --version, and any other --NAME, which is "unrecognized option" (exit
 * h->status). Looks at the arguments before "--" (before the first
 * operand with PH_OPTS_FIRST; only at a lone argument with PH_HELP_ALONE). */
void prog_init(const char *name, int argc, char **argv, const struct prog_help *h);

/* A usage error, after its message: "Try 'prog --help' for more
 * information." on stderr and exit(status). */
void usage_exit(int status) __attribute__((noreturn));

/* getopt (with opterr = 0) returned '?': "invalid option -- 'c'" for
 * opt != 0, else "option requires an argument -- 'c'" for optopt, else
 * (getopt_long) "unrecognized option" naming argv[optind - 1]; then as
 * usage_exit. */
void bad_option(int opt, int status) __attribute__((noreturn));

/* "prog: <formatted text>: strerror(e)" on stderr; returns 1 (a status). */
int err_errno(int e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void *xmalloc(size_t n);

void *xrealloc(void *old, size_t n);

/* Write all n bytes, retrying short writes and EINTR. 0 or -1 (errno). */
int write_all(int fd, const void *buf, size_t n);

/* read() that retries EINTR. */
ssize_t read_retry(int fd, void *buf, size_t n);

/* Copy fd in to fd out until end of file. Returns 0, 'r' after a read
 * error or 'w' after a write error (errno set). */
int copy_fd(int in, int out);

/* ---- /etc/passwd and /etc/group ---- */

struct pw_entry {
	char name[64];
	uid_t uid;
	gid_t gid;
	char dir[256];
	char shell[256];
};

struct gr_entry {
	char name[64];
	gid_t gid;
	char members[1024];     /* comma separated, as in the file */
};

/* Split line (newline removed) at ':' into at most max fields. */
int split_colon(char *line, char **field, int max);

void copy_field(char *dst, size_t size, const char *src);

/* Find a passwd entry by name (when name != NULL) or by uid.
 * Returns 1 and fills *pw when found, else 0. */
int pw_find(const char *name, uid_t uid, struct pw_entry *pw);

/* Walk /etc/group: the index-th entry (0, 1, ...) into *gr. 1 or 0 at end. */
int gr_nth(int index, struct gr_entry *gr);

/* Find a group by name (when name != NULL) or by gid. */
int gr_find(const char *name, gid_t gid, struct gr_entry *gr);

/* Is user listed in the comma-separated member list? */
int gr_has_member(const struct gr_entry *gr, const char *user);

/* The user's name, or the number in decimal when unknown. buf: 64 bytes. */
const char *user_name(uid_t uid, char *buf);

const char *group_name(gid_t gid, char *buf);

/* ---- modes ---- */

/* "drwxr-xr-x" style text for mode into buf (11 bytes). */
char *mode_string(mode_t m, char *buf);

/* One symbolic clause: [ugoa]*([-+=]([rwxXst]*|[ugo]))+ applied to m. */
const char *mode_clause(const char *s, mode_t *m, int isdir, mode_t mask);

/* Parse an octal or symbolic mode ("755", "u+x,go-w", "a=r") against the
 * old mode. mask is the umask that applies when no "who" letter is given.
 * Returns 0 and sets *out, or -1 for a malformed mode. */
int parse_mode(const char *spec, mode_t old, int isdir, mode_t mask, mode_t *out);

/* The current umask without changing it. */
mode_t get_umask(void);

/* Path of name inside dir, freshly allocated. */
char *path_join(const char *dir, const char *name);

/* The last component of a path, ignoring trailing slashes ("a/b/" -> "b/"
 * is not wanted, so the result is copied without them). */
char *base_name(const char *path);

/* The operands of cp and mv: SOURCE DEST, or SOURCE... DIRECTORY. Calls
 * fn(source, target) for each, the target inside DIRECTORY when the last
 * operand is one; returns the ORed statuses, or 1 when the operands are wrong. */
int each_into_target(int n, char **a, int (*fn)(const char *, const char *));

/* The decimal option argument s, which must lie in lo..hi; otherwise a
 * message and the usage (exit 1). */
int number_arg(const char *s, int lo, int hi);

/* head's and tail's old form "-5": rewritten in place as "-n5" for getopt. */
void lines_option(int argc, char **argv);

/* ---- shapes several programs share (progs.c) ---- */

/* prog_init for a program that takes no operands and no options, whose
 * --help says text: an operand is "extra operand" and the usage (exit 1). */
void prog_init_bare(const char *name, const char *text, int argc, char **argv);

/* The options of a program whose options are all flags: getopt (opterr
 * = 0) over letters, where letter i sets *flags[i] to 1 (a NULL entry is
 * accepted and ignored); another option is bad_option(status). */
void flag_options(int argc, char **argv, const char *letters, int *const flags[], int status);

/* The whole of true (status 0) and false (status 1): a lone --help or
 * --version is answered, other arguments are ignored. Returns status. */
int status_main(const char *name, int status, int argc, char **argv);

/* getopt over opts, which holds "m:" for -m MODE: returns the next option
 * other than -m (or -1 at the end), storing -m's argument in *mode_arg; a
 * wrong option is bad_option (exit 1). Call with opterr = 0. */
int mode_getopt(int argc, char **argv, const char *opts, const char **mode_arg);

/* The mode that -m MODE (arg) asks for, relative to base; base itself
 * without -m. A malformed MODE is "invalid mode" and exit 1. */
mode_t mode_option(const char *arg, mode_t base, int isdir, mode_t mask);

/* After path was made with mode: with -m (arg), chmod it to mode exactly,
 * as the umask may have cleared bits. Returns 0, or 1 after a message. */
int set_mode_option(const char *arg, const char *path, mode_t mode);

/* The FILE operands a[0..n-1], or "-" (standard input) when n is 0: each
 * is opened and passed to fn(fd, name, i, count), then closed. One that
 * cannot be opened is a message and status 1. Returns the ORed statuses. */
int each_input(int n, char **a, int (*fn)(int fd, const char *name, int i, int count));

/* head's and tail's options -n LINES and -c BYTES, and before the first
 * the old form -LINES: returns 'n' or 'c' with the argument in *arg, or -1
 * at the end; a wrong option is bad_option (exit 1). opterr = 0 first. */
int count_getopt(int argc, char **argv, char **arg);

/* The argument arg of option c ('n' or 'c') is no count: exit 1. */
void bad_count(int c, const char *arg) __attribute__((noreturn));

/* "==> FILE <==" before the i-th of several files (head, tail). */
void input_header(const char *name, int i);

/* The book's client and server (cli, srv): a UNIX stream socket
 * connected to path (backlog 0), or else bound to path (a node left there
 * is removed first) and listening with that backlog. Returns the
 * descriptor, or -1 after a message. */
int unix_stream_at(const char *path, int backlog);

#endif
