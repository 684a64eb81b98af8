/* ipcmk - make System V IPC objects, as util-linux's ipcmk:
 *   ipcmk [-p MODE] [-M SIZE] [-Q] [-S NSEMS]
 * -M a shared memory segment of SIZE bytes (suffixes K, KiB = 1024, KB =
 * 1000, M, G as util-linux), -Q a message queue, -S an array of NSEMS
 * semaphores; -p MODE (octal, default 0644). Each object gets a random key
 * and is reported in util-linux's words and order: "Shared memory id: N",
 * "Message queue id: N", "Semaphore id: N". */
#define _GNU_SOURCE
#include <getopt.h>
#include <limits.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/random.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include "util.h"

static const struct prog_help help = {
	"[-p MODE] [-M SIZE] [-Q] [-S NSEMS]",
	"Create System V IPC objects, each with a random key, and print their ids.\n\n"
	"  -M, --shmem SIZE         a shared memory segment of SIZE bytes (suffixes\n"
	"                           K, M, G, KiB, MiB, GiB = powers of 1024, KB, MB,\n"
	"                           GB = powers of 1000)\n"
	"  -Q, --queue              a message queue\n"
	"  -S, --semaphore NSEMS    a semaphore array with NSEMS elements\n"
	"  -p, --mode MODE          permissions of the objects (default 0644)\n",
	1, PH_OWN_LONG,
};

/* A random key that is not IPC_PRIVATE, from getrandom when it works. */
static key_t random_key(void)
{
	key_t k = 0;
	while (k == IPC_PRIVATE)
		if (getrandom(&k, sizeof k, 0) != sizeof k)
			k = (key_t)(time(NULL) ^ (getpid() << 16) ^ rand());
	return k;
}

/* "4096", "4K", "4KiB", "4KB": bytes, or -1 for a malformed size. */
static long long parse_size(const char *s)
{
	static const char units[] = "KMGTPE";
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10), mul = 1;
	if (end == s || errno || v < 0)
		return -1;
	if (!*end)
		return v;
	const char *u = strchr(units, *end & ~0x20);
	if (!u)
		return -1;
	int base = !strcmp(end + 1, "B") ? 1000 : (!end[1] || !strcmp(end + 1, "iB")) ? 1024 : 0;
	if (!base)
		return -1;
	for (long i = 0; i <= u - units; i++)
		mul *= base;
	return v > LLONG_MAX / mul ? -1 : v * mul;
}

static void parse_args(int argc, char **argv, long long *size, int *nsems, int *queue, int *mode)
{
	static const struct option longopts[] = {
		{ "shmem", required_argument, NULL, 'M' }, { "semaphore", required_argument, NULL, 'S' },
		{ "queue", no_argument, NULL, 'Q' }, { "mode", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	char *end;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "M:QS:p:", longopts, NULL)) != -1) {
		if (c == 'M' && (*size = parse_size(optarg)) < 0) {
			err_msg("failed to parse size: '%s': %s", optarg, strerror(EINVAL));
			exit(1);
		} else if (c == 'S' && ((*nsems = (int)strtol(optarg, &end, 10)), *end || end == optarg)) {
			err_msg("failed to parse elements: '%s'", optarg);
			exit(1);
		} else if (c == 'p' && ((*mode = (int)strtol(optarg, &end, 8)), *end || end == optarg ||
					*mode < 0 || *mode > 0777)) {
			err_msg("failed to parse mode: '%s'", optarg);
			exit(1);
		} else if (c == 'Q') {
			*queue = 1;
		} else if (c == '?') {
			bad_option(strchr("MSp", optopt) ? 0 : optopt, 1);
		}
	}
}

int main(int argc, char **argv)
{
	long long size = -1;
	int nsems = -1, queue = 0, mode = 0644, id;
	prog_init("ipcmk", argc, argv, &help);
	parse_args(argc, argv, &size, &nsems, &queue, &mode);
	if (size < 0 && nsems < 0 && !queue) {
		err_msg("bad usage");
		usage_exit(1);
	}
	if (size >= 0) {
		if ((id = shmget(random_key(), (size_t)size, IPC_CREAT | mode)) < 0)
			return err_errno(errno, "create share memory failed");
		printf("Shared memory id: %d\n", id);
	}
	if (queue) {
		if ((id = msgget(random_key(), IPC_CREAT | mode)) < 0)
			return err_errno(errno, "create message queue failed");
		printf("Message queue id: %d\n", id);
	}
	if (nsems >= 0) {
		if ((id = semget(random_key(), nsems, IPC_CREAT | mode)) < 0)
			return err_errno(errno, "create semaphore failed");
		printf("Semaphore id: %d\n", id);
	}
	return 0;
}
