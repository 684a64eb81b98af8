/* ipc_cleanup.h - removes every System V IPC object, as listed in
 * /proc/sysvipc/{msg,sem,shm}, and every POSIX message queue name in
 * /dev/mqueue: what the torture programs run as root leave behind
 * (objects have no owner process; a shared memory segment goes when its
 * last attachment does, a queue when its last descriptor does, with its
 * messages and notification). Used by fuzz.c and stress.c. */
#ifndef IPC_CLEANUP_H
#define IPC_CLEANUP_H

#include <stdio.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <dirent.h>
#include <string.h>
#include <unistd.h>

/* One pass over the three lists; returns the number of objects removed. */
static int ipc_cleanup_pass(void)
{
    static const char *const files[] = { "/proc/sysvipc/msg", "/proc/sysvipc/sem", "/proc/sysvipc/shm" };
    int removed = 0;
    for (int k = 0; k < 3; k++) {
        FILE *f = fopen(files[k], "r");
        if (!f)
            continue;
        char line[512];
        int ids[512], n = 0;
        if (fgets(line, sizeof line, f))
            while (n < 512 && fgets(line, sizeof line, f)) {
                long key;
                int id;
                if (sscanf(line, "%ld %d", &key, &id) == 2)
                    ids[n++] = id;
            }
        fclose(f);
        for (int i = 0; i < n; i++) {
            int r = k == 0 ? msgctl(ids[i], IPC_RMID, NULL)
                  : k == 1 ? semctl(ids[i], 0, IPC_RMID) : shmctl(ids[i], IPC_RMID, NULL);
            removed += r == 0;
        }
    }
    return removed;
}

/* Unlinks every queue of /dev/mqueue; the number removed. */
static int mqueue_cleanup(void)
{
    int removed = 0;
    DIR *d = opendir("/dev/mqueue");
    for (struct dirent *e; d && (e = readdir(d));) {
        char path[300];
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "/dev/mqueue/%s", e->d_name);
        removed += unlink(path) == 0;
    }
    if (d)
        closedir(d);
    return removed;
}

/* Passes until one removes nothing (a pass reads at most 512 of each
 * kind). Returns the number of objects removed. */
static int ipc_cleanup(void)
{
    int removed = 0;
    for (int r; (r = ipc_cleanup_pass() + mqueue_cleanup()) > 0;)
        removed += r;
    return removed;
}

#endif
