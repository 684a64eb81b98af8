/* mount: attach a filesystem (or a directory, --bind) to a directory, or
 * list what is mounted, as util-linux's mount does for the filesystems
 * Pipit has (tmpfs, ramfs, proc, mqueue). -o takes the mount flags by
 * name (ro, nosuid, noexec, remount, bind...) and hands every other
 * option to the filesystem (size=, mode=...). Without operands: each
 * line of /proc/self/mounts as "SOURCE on TARGET type TYPE (OPTIONS)". */
#include "util.h"
#include <getopt.h>
#include <sys/mount.h>

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif

static const struct prog_help help = {
	"[-t TYPE] [-o OPTIONS] [-r|-w] [--bind|--rbind|--move] [SOURCE] TARGET",
	"Mount the filesystem SOURCE (of TYPE) on the directory TARGET; with\n"
	"no operands, list the mounts.\n\n"
	"  -t TYPE         tmpfs, ramfs, proc or mqueue\n"
	"  -o OPTIONS      comma-separated: ro, rw, nosuid, nodev, noexec, noatime,\n"
	"                  nodiratime, relatime, strictatime, nosymfollow, sync,\n"
	"                  remount, bind, rbind, move, and the filesystem's own\n"
	"                  (tmpfs: size=, nr_inodes=, mode=, uid=, gid=)\n"
	"  -r, -w          read-only, read-write\n"
	"  -B, --bind      show the directory SOURCE at TARGET too\n"
	"  -R, --rbind     the same, with the mounts under it\n"
	"  -M, --move      move the mount at SOURCE to TARGET\n"
	"  --make-shared, --make-private, --make-slave, --make-unbindable\n"
	"                  (and --make-r...: with the mounts below) set how\n"
	"                  TARGET propagates mounts\n",
	32, PH_OWN_LONG,
};

/* The named mount flags: set (or, with `clear`, cleared) by -o NAME. */
static const struct { const char *name; unsigned long flag; int clear; } flag_names[] = {
	{ "ro", MS_RDONLY, 0 }, { "rw", MS_RDONLY, 1 }, { "nosuid", MS_NOSUID, 0 },
	{ "suid", MS_NOSUID, 1 }, { "nodev", MS_NODEV, 0 }, { "dev", MS_NODEV, 1 },
	{ "noexec", MS_NOEXEC, 0 }, { "exec", MS_NOEXEC, 1 }, { "sync", MS_SYNCHRONOUS, 0 },
	{ "async", MS_SYNCHRONOUS, 1 }, { "dirsync", MS_DIRSYNC, 0 }, { "noatime", MS_NOATIME, 0 },
	{ "atime", MS_NOATIME, 1 }, { "nodiratime", MS_NODIRATIME, 0 }, { "diratime", MS_NODIRATIME, 1 },
	{ "relatime", MS_RELATIME, 0 }, { "norelatime", MS_RELATIME, 1 },
	{ "strictatime", MS_STRICTATIME, 0 }, { "nostrictatime", MS_STRICTATIME, 1 },
	{ "lazytime", MS_LAZYTIME, 0 }, { "nolazytime", MS_LAZYTIME, 1 },
	{ "nosymfollow", MS_NOSYMFOLLOW, 0 }, { "symfollow", MS_NOSYMFOLLOW, 1 },
	{ "remount", MS_REMOUNT, 0 }, { "bind", MS_BIND, 0 }, { "rbind", MS_BIND | MS_REC, 0 },
	{ "move", MS_MOVE, 0 }, { "defaults", 0, 0 },
};

/* Splits -o's text into *flags and the filesystem's options (data). */
static void parse_options(char *opts, unsigned long *flags, char *data, size_t size)
{
	for (char *tok = strtok(opts, ","); tok; tok = strtok(NULL, ",")) {
		size_t i = 0, n = sizeof flag_names / sizeof flag_names[0];
		while (i < n && strcmp(tok, flag_names[i].name))
			i++;
		if (i < n) {
			if (flag_names[i].clear)
				*flags &= ~flag_names[i].flag;
			else
				*flags |= flag_names[i].flag;
			continue;
		}
		if (strlen(data) + strlen(tok) + 2 > size) {
			err_msg("options too long");
			exit(32);
		}
		if (*data)
			strcat(data, ",");
		strcat(data, tok);
	}
}

/* The list: /proc/self/mounts in mount(8)'s words. */
static int list_mounts(const char *type)
{
	FILE *f = fopen("/proc/self/mounts", "r");
	if (!f)
		return err_errno(errno, "/proc/self/mounts"), 32;
	char line[1024], src[256], dir[512], fstype[64], opts[512];
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%255s %511s %63s %511s", src, dir, fstype, opts) == 4 &&
		    (!type || !strcmp(type, fstype)))
			printf("%s on %s type %s (%s)\n", src, dir, fstype, opts);
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "bind", no_argument, NULL, 'B' }, { "rbind", no_argument, NULL, 'R' },
		{ "move", no_argument, NULL, 'M' }, { "types", required_argument, NULL, 't' },
		{ "options", required_argument, NULL, 'o' }, { "read-only", no_argument, NULL, 'r' },
		{ "read-write", no_argument, NULL, 'w' },
		{ "make-shared", no_argument, NULL, 1 }, { "make-private", no_argument, NULL, 2 },
		{ "make-slave", no_argument, NULL, 3 }, { "make-unbindable", no_argument, NULL, 4 },
		{ "make-rshared", no_argument, NULL, 5 }, { "make-rprivate", no_argument, NULL, 6 },
		{ "make-rslave", no_argument, NULL, 7 }, { "make-runbindable", no_argument, NULL, 8 },
		{ NULL, 0, NULL, 0 },
	};
	static const unsigned long make[] = { MS_SHARED, MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE };
	const char *type = NULL;
	unsigned long flags = 0;
	char data[4096] = "";
	int c;
	prog_init("mount", argc, argv, &help);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "t:o:rwBRM", longs, NULL)) != -1) {
		switch (c) {
		case 't': type = optarg; break;
		case 'o': parse_options(optarg, &flags, data, sizeof data); break;
		case 'r': flags |= MS_RDONLY; break;
		case 'w': flags &= ~MS_RDONLY; break;
		case 'B': flags |= MS_BIND; break;
		case 'R': flags |= MS_BIND | MS_REC; break;
		case 'M': flags |= MS_MOVE; break;
		case 1: case 2: case 3: case 4: flags |= make[c - 1]; break;
		case 5: case 6: case 7: case 8: flags |= make[c - 5] | MS_REC; break;
		default: bad_option(optopt, 32);
		}
	}
	int left = argc - optind;
	if (left == 0 && !flags && !*data)
		return list_mounts(type);
	int one = !!(flags & (MS_REMOUNT | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE));
	if (left != (one ? 1 : 2) && !(one && left == 2)) {
		err_msg(left ? "bad usage" : "missing operand");
		usage_exit(32);
	}
	const char *target = argv[argc - 1], *source = left == 2 ? argv[optind] : "none";
	if (!type && !(flags & (MS_BIND | MS_MOVE | MS_REMOUNT)) && !one)
		type = "tmpfs";                      /* the one type Pipit mounts from "nothing" */
	if (mount(source, target, type, flags, *data ? data : NULL) < 0) {
		int e = errno;
		if (e == EBUSY)
			err_msg("%s: %s already mounted or mount point busy.", target, source);
		else if (e == ENODEV)
			err_msg("%s: unknown filesystem type '%s'.", target, type ? type : "");
		else if (e == EPERM)
			err_msg("%s: must be superuser to use mount.", target);
		else
			err_errno(e, "%s", target);
		return 32;
	}
	return 0;
}
