/* The entry points of System V IPC: the ipc(2) multiplexer (117), which
 * musl and glibc use on i386, and the direct calls (msgget 399 ...). Both
 * unpack their arguments and reach the same msg_*, sem_*, shm_* functions. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/time.h"
#include "ipc/msg.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "ipc/util.h"
#include <linux/ipc.h>


long sys_msgget(int32_t key, int flg) { return msg_get(key, flg); }
long sys_msgsnd(int id, const void *msgp, uint32_t sz, int flg) { return msg_send(id, msgp, sz, flg); }
long sys_msgrcv(int id, void *msgp, uint32_t sz, int32_t type, int flg) { return msg_receive(id, msgp, sz, type, flg); }
long sys_msgctl(int id, int cmd, void *buf) { return msg_ctl(id, cmd, buf, IPC_64); }
long sys_semget(int32_t key, int nsems, int flg) { return sem_get(key, nsems, flg); }
long sys_semctl(int id, int num, int cmd, uint32_t arg) { return sem_ctl(id, num, cmd, arg, IPC_64); }
long sys_shmget(int32_t key, uint32_t size, int flg) { return shm_get(key, size, flg); }
long sys_shmctl(int id, int cmd, void *buf) { return shm_ctl(id, cmd, buf, IPC_64); }
long sys_shmdt(uint32_t addr) { return shm_dt(addr); }

long sys_shmat(int id, uint32_t addr, int flg)
{
    uint32_t res;
    long r = shm_at(id, addr, flg, &res);
    return r ? r : (long)res;
}

/* semtimedop: the timespec is read first (EFAULT), but Linux reports one
 * out of range only after the operations are read (sem_op does). */
static long sem_timedop(int id, void *sops, uint32_t nsops, const void *uts, bool ts64)
{
    int64_t timeout;
    long r = timeout_from_user(uts, ts64, &timeout);
    if (r == -EINVAL)
        timeout = SEM_TIMEOUT_INVALID;
    else if (r)
        return r;
    return sem_op(id, sops, nsops, timeout);
}

long sys_semtimedop_time64(int id, void *sops, uint32_t nsops, const void *ts64)
{
    return sem_timedop(id, sops, nsops, ts64, true);
}

/* ipc(call, first, second, third, ptr, fifth): the multiplexer. The high
 * 16 bits of call are a version: version 0 of msgrcv passes its buffer and
 * type through a struct ipc_kludge, shmat returns the address via *third.
 * May sleep (msgsnd, msgrcv, semop). What the call returns, or -ENOSYS
 * for an unknown call. */
__hot long sys_ipc(uint32_t call, int first, int second, uint32_t third, void *ptr, int32_t fifth)
{
    int version = call >> 16;
    switch (call & 0xFFFF) {
    case SEMOP:
        return sem_op(first, ptr, (uint32_t)second, -1);
    case SEMTIMEDOP:
        return sem_timedop(first, ptr, (uint32_t)second, (void *)(uintptr_t)fifth, false);
    case SEMGET:
        return sem_get(first, second, (int)third);
    case SEMCTL: {
        uint32_t arg;                        /* union semun, passed by address */
        if (!ptr)
            return -EINVAL;
        if (copy_from_user(&arg, ptr, sizeof arg))
            return -EFAULT;
        int cmd = (int)third, version = ipc_parse_version(&cmd);
        return sem_ctl(first, second, cmd, arg, version);
    }
    case MSGSND:
        return msg_send(first, ptr, (uint32_t)second, (int)third);
    case MSGRCV:
        if (version == 0) {
            struct ipc_kludge k;
            if (!ptr)
                return -EINVAL;
            if (copy_from_user(&k, ptr, sizeof k))
                return -EFAULT;
            return msg_receive(first, k.msgp, (uint32_t)second, (int32_t)k.msgtyp, (int)third);
        }
        return msg_receive(first, ptr, (uint32_t)second, fifth, (int)third);
    case MSGGET:
        return msg_get(first, second);
    case MSGCTL: {
        int version = ipc_parse_version(&second);
        return msg_ctl(first, second, ptr, version);
    }
    case SHMAT: {
        if (version == 1)
            return -EINVAL;                  /* iBCS2 emulator only */
        uint32_t res;
        long r = shm_at(first, (uint32_t)ptr, second, &res);
        if (r)
            return r;
        return copy_to_user((void *)third, &res, sizeof res) ? -EFAULT : 0;
    }
    case SHMDT:
        return shm_dt((uint32_t)ptr);
    case SHMGET:
        return shm_get(first, (uint32_t)second, (int)third);
    case SHMCTL: {
        int version = ipc_parse_version(&second);
        return shm_ctl(first, second, ptr, version);
    }
    }
    return -ENOSYS;
}
