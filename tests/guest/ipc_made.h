/* ipc_made.h - the System V IPC tests' list of the objects a case made,
 * so that each is removed after the case even when it crashed (made_setup
 * points `made` at a page shared with its children). made[0] is the count. */
#ifndef IPC_MADE_H
#define IPC_MADE_H

#include "check.h"
#include <sys/mman.h>

#define MADE_MAX 256
static int made_local[MADE_MAX + 1];
static int *made = made_local;

/* Adds id (a failed get's -1 is ignored). */
static void remember(int id)
{
	if (id >= 0 && made[0] < MADE_MAX)
		made[++made[0]] = id;
}

/* Removes every object remembered, with rm, and empties the list. */
static void forget_all(void (*rm)(int id))
{
	for (int i = 1; i <= made[0]; i++)
		rm(made[i]);
	made[0] = 0;
}

static void (*made_rm)(int id);

/* Removes every object remembered, with made_setup's rm. */
static void cleanup(void)
{
	forget_all(made_rm);
}

/* Points `made` at a page shared with the cases' children (so what a
 * child made is known too) and removes, with rm, what each case made
 * after it (check.h's after_case). */
__attribute__((unused))
static void made_setup(void (*rm)(int id))
{
	void *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared != MAP_FAILED)
		made = shared;
	made_rm = rm;
	after_case = cleanup;
}

#endif
