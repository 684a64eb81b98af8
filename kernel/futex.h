/* Futexes (kernel/futex.c) and robust futex lists (kernel/futex_robust.c):
 * what the rest of the kernel may call. A futex is a 32-bit word in user
 * memory; the kernel only keeps the queue of tasks asleep on it. */
#ifndef FUTEX_H
#define FUTEX_H
#include "kernel/types.h"

struct mm;
struct task;

/* Wakes up to n (at least one, as Linux's futex_wake) tasks asleep on the
 * futex word at user address uaddr of mm, keyed as a shared futex: waiters
 * through the same shared memory in other processes are reached, and so are
 * private (FUTEX_PRIVATE_FLAG) waiters when the word lies in private memory
 * of mm. Returns the number woken, -EINVAL (unaligned) or -EFAULT (no area
 * maps uaddr). Does not sleep and does not touch the word itself: it may be
 * called at exit for CLONE_CHILD_CLEARTID/set_tid_address after the tid is
 * cleared (mm must still be the caller's address space or alive). */
int futex_wake_user(struct mm *mm, uint32_t uaddr, int n);

/* At exit and at execve, before the address space goes: walks t's robust
 * list (set_robust_list) in t's own memory, marks every futex word that
 * still names t as owner with FUTEX_OWNER_DIED and wakes one waiter of each,
 * as Linux's exit_robust_list. t must be current. Clears the list. */
void exit_robust_list(struct task *t);

/* At exit (after exit_robust_list, with t->futex_dead set first) and at
 * execve: gives every PI futex t owns with waiters to its top waiter,
 * which writes its own id into the word (keeping FUTEX_OWNER_DIED), as
 * Linux's exit_pi_state_list. Does not sleep. */
void exit_pi_state_list(struct task *t);

/* t's scheduling rank changed (sched_setscheduler): re-sorts it among
 * the waiters of the PI futex it waits for and passes the change on to
 * the owners down the chain (Linux's rt_mutex_adjust_pi). */
void futex_pi_adjust(struct task *t);

#endif
