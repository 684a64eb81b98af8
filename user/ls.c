/* ls: list directory contents, with the coreutils options a student needs:
 * -l -a -d -F -i -n -R -1. Long format as coreutils prints it
 * ("prw-r--r-- 1 root root 0 Feb 27 22:47 fifo"), names sorted with strcmp
 * (C locale), columns when stdout is a terminal. */
#include "util.h"
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <time.h>

struct entry {
	char *name;             /* as shown */
	char *path;             /* for lstat/readlink */
	struct stat st;
};

static int opt_long, opt_all, opt_dir, opt_classify, opt_inode, opt_numeric;
static int opt_recursive, opt_one;
static int status;
static time_t now;

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* The -F indicator for a mode, or 0. */
static char indicator(mode_t m)
{
	if (S_ISDIR(m))
		return '/';
	if (S_ISLNK(m))
		return '@';
	if (S_ISFIFO(m))
		return '|';
	if (S_ISSOCK(m))
		return '=';
	if (S_ISREG(m) && (m & 0111))
		return '*';
	return 0;
}

static int digits(unsigned long long v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* The owner's and group's names, or NULL when they are shown as numbers
 * (-n, or no entry in /etc). A one-entry cache each: a directory usually
 * belongs to one user. */
static const char *owner(uid_t uid)
{
	static char buf[64];
	static uid_t last = (uid_t)-1;
	static int known;
	struct pw_entry pw;
	if (opt_numeric)
		return NULL;
	if (uid != last) {
		known = pw_find(NULL, uid, &pw);
		if (known)
			snprintf(buf, sizeof buf, "%s", pw.name);
		last = uid;
	}
	return known ? buf : NULL;
}

static const char *group(gid_t gid)
{
	static char buf[64];
	static gid_t last = (gid_t)-1;
	static int known;
	struct gr_entry gr;
	if (opt_numeric)
		return NULL;
	if (gid != last) {
		known = gr_find(NULL, gid, &gr);
		if (known)
			snprintf(buf, sizeof buf, "%s", gr.name);
		last = gid;
	}
	return known ? buf : NULL;
}

/* Like coreutils: a name is left-aligned, a number right-aligned. */
static int id_width(const char *name, unsigned id)
{
	return name ? (int)strlen(name) : digits(id);
}

static void print_id(const char *name, unsigned id, int width)
{
	if (name)
		printf("%-*s ", width, name);
	else
		printf("%*u ", width, id);
}

struct widths { int ino, nlink, user, group, size, major, minor; };

static void max_width(int *w, int v)
{
	if (v > *w)
		*w = v;
}

static void compute_widths(struct entry *e, int n, struct widths *w)
{
	memset(w, 0, sizeof *w);
	for (int i = 0; i < n; i++) {
		struct stat *st = &e[i].st;
		max_width(&w->ino, digits(st->st_ino));
		max_width(&w->nlink, digits(st->st_nlink));
		max_width(&w->user, id_width(owner(st->st_uid), st->st_uid));
		max_width(&w->group, id_width(group(st->st_gid), st->st_gid));
		if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
			max_width(&w->major, digits(major(st->st_rdev)));
			max_width(&w->minor, digits(minor(st->st_rdev)));
		} else {
			max_width(&w->size, digits((unsigned long long)st->st_size));
		}
	}
	if (w->major)
		max_width(&w->size, w->major + 2 + w->minor);
}

/* "Feb 27 22:47" for the last six months, else "Feb 27  2023". */
static void print_date(time_t t)
{
	char buf[32];
	struct tm *tm = localtime(&t);
	int recent = t > now - 31556952 / 2 && t <= now;
	if (!tm)
		printf("%-12s ", "?");
	else if (strftime(buf, sizeof buf, recent ? "%b %e %H:%M" : "%b %e  %Y", tm))
		printf("%s ", buf);
}

/* Name with the -F indicator; for a symlink in -l, "-> target". */
static void print_name(struct entry *e)
{
	fputs(e->name, stdout);
	if (opt_long && S_ISLNK(e->st.st_mode)) {
		char target[4096];
		ssize_t n = readlink(e->path, target, sizeof target - 1);
		if (n < 0) {
			err_msg("cannot read symbolic link '%s': %s", e->path, strerror(errno));
			status = 1;
		} else {
			struct stat ts;
			target[n] = 0;
			printf(" -> %s", target);
			if (opt_classify && stat(e->path, &ts) == 0 && indicator(ts.st_mode))
				putchar(indicator(ts.st_mode));
		}
	} else if (opt_classify && indicator(e->st.st_mode)) {
		putchar(indicator(e->st.st_mode));
	}
}

static void print_long(struct entry *e, struct widths *w)
{
	char mode[11];
	struct stat *st = &e->st;
	if (opt_inode)
		printf("%*llu ", w->ino, (unsigned long long)st->st_ino);
	printf("%s %*lu ", mode_string(st->st_mode, mode), w->nlink, (unsigned long)st->st_nlink);
	print_id(owner(st->st_uid), st->st_uid, w->user);
	print_id(group(st->st_gid), st->st_gid, w->group);
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		printf("%*s%*u, %*u ", w->size - (w->major + 2 + w->minor), "",
		       w->major, major(st->st_rdev), w->minor, minor(st->st_rdev));
	else
		printf("%*lld ", w->size, (long long)st->st_size);
	print_date(st->st_mtime);
	print_name(e);
	putchar('\n');
}

static int name_width(struct entry *e, struct widths *w)
{
	int n = (int)strlen(e->name) + (opt_classify && indicator(e->st.st_mode) ? 1 : 0);
	return n + (opt_inode ? w->ino + 1 : 0);
}

/* Short format: columns (ordered down, then across) on a terminal. */
static void print_short(struct entry *e, int n, struct widths *w)
{
	int cols = 1, width = 80, colw = 1;
	struct winsize ws;
	if (!opt_one && isatty(1)) {
		if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			width = ws.ws_col;
		for (int i = 0; i < n; i++)
			max_width(&colw, name_width(&e[i], w) + 2);
		cols = width / colw;
		if (cols < 1)
			cols = 1;
	}
	int rows = (n + cols - 1) / cols;
	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols; c++) {
			int i = c * rows + r;
			if (i >= n)
				break;
			if (opt_inode)
				printf("%*llu ", w->ino, (unsigned long long)e[i].st.st_ino);
			print_name(&e[i]);
			if (c < cols - 1 && i + rows < n)
				printf("%*s", colw - name_width(&e[i], w), "");
		}
		putchar('\n');
	}
}

static void print_entries(struct entry *e, int n)
{
	struct widths w;
	qsort(e, (size_t)n, sizeof *e, cmp_entry);
	compute_widths(e, n, &w);
	if (opt_long)
		for (int i = 0; i < n; i++)
			print_long(&e[i], &w);
	else
		print_short(e, n, &w);
}

static void free_entries(struct entry *e, int n)
{
	for (int i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
}

/* List one directory; top: named on the command line (exit status 2 if
 * it cannot be read, else 1, as coreutils). */
static void list_dir(const char *dir, int header, int first, int top)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct entry *e = NULL;
	int n = 0, cap = 0;
	unsigned long long blocks = 0;
	if (!d) {
		err_msg("cannot open directory '%s': %s", dir, strerror(errno));
		status = top ? 2 : 1;
		return;
	}
	if (header)
		printf("%s%s:\n", first ? "" : "\n", dir);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' && !opt_all)
			continue;
		if (n == cap)
			e = xrealloc(e, (size_t)(cap = cap ? 2 * cap : 64) * sizeof *e);
		e[n].name = strdup(de->d_name);
		e[n].path = path_join(dir, de->d_name);
		if (lstat(e[n].path, &e[n].st) < 0) {
			err_msg("cannot access '%s': %s", e[n].path, strerror(errno));
			status = 1;
			free(e[n].name);
			free(e[n].path);
			continue;
		}
		blocks += (unsigned long long)e[n].st.st_blocks;
		n++;
	}
	closedir(d);
	if (opt_long)
		printf("total %llu\n", (blocks + 1) / 2);
	print_entries(e, n);
	if (opt_recursive) {
		for (int i = 0; i < n; i++) {
			char *nm = e[i].name;
			if (S_ISDIR(e[i].st.st_mode) && strcmp(nm, ".") && strcmp(nm, ".."))
				list_dir(e[i].path, 1, 0, 0);
		}
	}
	free_entries(e, n);
}

static const struct prog_help help = {
	"[-1adFilnR] [FILE]...",
	"List information about the FILEs (the current directory by default),\n"
	"sorted by name.\n\n"
	"  -1   list one file per line\n"
	"  -a   do not ignore entries starting with .\n"
	"  -d   list directories themselves, not their contents\n"
	"  -F   append an indicator (one of */=@|) to entries\n"
	"  -i   print the index number of each file\n"
	"  -l   use a long listing format\n"
	"  -n   like -l, but list numeric user and group IDs\n"
	"  -R   list subdirectories recursively\n",
	2, 0,
};

int main(int argc, char **argv)
{
	prog_init("ls", argc, argv, &help);
	flag_options(argc, argv, "1adFilnR", (int *const[]){ &opt_one, &opt_all, &opt_dir,
		     &opt_classify, &opt_inode, &opt_long, &opt_numeric, &opt_recursive }, 2);
	if (opt_numeric)
		opt_long = 1;
	now = time(NULL);
	char *dot[] = { ".", NULL };
	char **args = optind < argc ? argv + optind : dot;
	int nargs = optind < argc ? argc - optind : 1;

	/* Command-line arguments: files first (one listing), then directories. */
	struct entry *files = xmalloc((size_t)nargs * sizeof *files);
	struct entry *dirs = xmalloc((size_t)nargs * sizeof *dirs);
	int nf = 0, nd = 0;
	for (int i = 0; i < nargs; i++) {
		struct stat st, target;
		if (lstat(args[i], &st) < 0) {
			err_msg("cannot access '%s': %s", args[i], strerror(errno));
			status = 2;
			continue;
		}
		/* Like coreutils, follow a symlink named on the command line
		 * unless -l, -d or -F asks about the link itself. */
		if (S_ISLNK(st.st_mode) && !opt_long && !opt_dir && !opt_classify &&
		    stat(args[i], &target) == 0)
			st = target;
		struct entry *e = (S_ISDIR(st.st_mode) && !opt_dir) ? &dirs[nd++] : &files[nf++];
		e->name = strdup(args[i]);
		e->path = strdup(args[i]);
		e->st = st;
	}
	if (nf)
		print_entries(files, nf);
	qsort(dirs, (size_t)nd, sizeof *dirs, cmp_entry);
	for (int i = 0; i < nd; i++)
		list_dir(dirs[i].path, nargs > 1 || opt_recursive, i == 0 && nf == 0, 1);
	free_entries(files, nf);
	free_entries(dirs, nd);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		err_msg("write error: %s", strerror(errno));
		return 2;
	}
	return status;
}
