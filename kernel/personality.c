/* personality(2): the execution domain of a task, Linux's per-thread
 * word (task->personality): the domain in its low byte (PER_MASK), and
 * flags above it (ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC, ...). Inherited
 * by fork and clone, reset by exec as Linux i386 resets it, shown in
 * /proc/<pid>/personality. Pipit keeps the word but acts on none of the
 * flags (docs/decisions.md, 50). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include <linux/personality.h>

/* personality(persona): sets the caller's personality to persona, unless
 * it is 0xffffffff (a query), and returns the old one. Linux checks no
 * value; an old word above 0x7fffffff comes back negative, which a C
 * library may take for an error, as on Linux. Never fails. */
long sys_personality(uint32_t persona)
{
    uint32_t old = current->personality;
    if (persona != 0xffffffff)
        current->personality = persona;
    return (int32_t)old;
}

/* exec of the program ip by t, as Linux i386: the flags a set-id program
 * must not inherit go when ip has its set-user-id bit or its set-group-id
 * bit with group execute (bprm_fill_uid's test, skipped under
 * no_new_privs), and the domain becomes PER_LINUX (the generic
 * SET_PERSONALITY); the other flags stay. */
void personality_exec(struct task *t, struct inode *ip)
{
    uint32_t mode = ip ? ip->i_mode : 0;
    bool setid = (mode & S_ISUID) || (mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP);
    if (setid && !t->no_new_privs)
        t->personality &= ~(uint32_t)PER_CLEAR_ON_SETID;
    t->personality = PER_LINUX | (t->personality & ~(uint32_t)PER_MASK);
}
