/* ipcmk - make a System V IPC object, as util-linux's ipcmk:
 *   ipcmk -Q            a message queue
 *   ipcmk -S NSEMS      a semaphore array
 *   ipcmk -M SIZE       a shared memory segment
 * with -p MODE (octal, default 0644). Prints the new identifier. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

static void usage(void)
{
    fprintf(stderr, "Usage: ipcmk [-p MODE] -Q | -S NSEMS | -M SIZE\n");
    exit(1);
}

int main(int argc, char **argv)
{
    int mode = 0644, opt, made = 0;
    while ((opt = getopt(argc, argv, "QS:M:p:")) != -1) {
        int id;
        switch (opt) {
        case 'p':
            mode = (int)strtol(optarg, NULL, 8);
            continue;
        case 'Q':
            id = msgget(IPC_PRIVATE, IPC_CREAT | mode);
            if (id < 0) { perror("ipcmk: create message queue failed"); return 1; }
            printf("Message queue id: %d\n", id);
            break;
        case 'S':
            id = semget(IPC_PRIVATE, atoi(optarg), IPC_CREAT | mode);
            if (id < 0) { perror("ipcmk: create semaphore failed"); return 1; }
            printf("Semaphore id: %d\n", id);
            break;
        case 'M':
            id = shmget(IPC_PRIVATE, (size_t)strtoul(optarg, NULL, 0), IPC_CREAT | mode);
            if (id < 0) { perror("ipcmk: create shared memory failed"); return 1; }
            printf("Shared memory id: %d\n", id);
            break;
        default:
            usage();
        }
        made++;
    }
    if (!made || optind != argc)
        usage();
    return 0;
}
