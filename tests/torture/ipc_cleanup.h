/* ipc_cleanup.h - removes every System V IPC object, as listed in
 * /proc/sysvipc/{msg,sem,shm}: what the torture programs run as root leave
 * behind (objects have no owner process; a shared memory segment goes when
 * its last attachment does). Used by fuzz.c and stress.c. */
#ifndef IPC_CLEANUP_H
#define IPC_CLEANUP_H

#include <stdio.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

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

/* Passes until one removes nothing (a pass reads at most 512 of each
 * kind). Returns the number of objects removed. */
static int ipc_cleanup(void)
{
    int removed = 0;
    for (int r; (r = ipc_cleanup_pass()) > 0;)
        removed += r;
    return removed;
}

#endif
