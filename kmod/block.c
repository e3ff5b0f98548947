// SPDX-License-Identifier: GPL-2.0
/*
 * Backpressure (MSD_IOC_SET_BLOCK): the one place a traced thread waits.
 *
 * The probes run with preemption disabled and may not sleep. When a recorded
 * syscall leaves its CPU's ring more than half full, the sys_exit probe calls
 * msd_block_arm(), which queues a task_work on the thread. The kernel runs it
 * on the thread's way back to user space, where sleeping is allowed, and
 * msd_block_fn() sleeps there until read() has emptied the ring to a quarter,
 * tracing stops, a signal is pending or the timeout passes. The thread's next
 * syscall then finds room; nothing is dropped while the reader keeps up
 * within the timeout, and the traced program runs at the reader's pace.
 *
 * Lifetimes:
 * - A work item is one of MSD_BLOCK_SLOTS static slots, claimed with a bit
 *   lock in the probe and given back by its callback before it sleeps (the
 *   kernel does not touch a work after calling it). With no slot free the
 *   thread does not wait. Nothing is allocated.
 * - A queued work holds a reference on the module, put as the callback's last
 *   act, so that the module cannot go while a work is queued or waiting. The
 *   return from the callback after that put is module text: on kernels
 *   without CONFIG_PREEMPT (Debian's are voluntary-preemption) the thread
 *   cannot be scheduled out before it is back in the kernel's task_work_run(),
 *   and free_module() waits for every CPU to pass a quiescent state
 *   (synchronize_rcu()) before it frees that text. A fully preemptible
 *   kernel leaves the function's epilogue (or none, where the compiler makes
 *   the put a tail call) as a window, as for any module's task_work.
 * - The rings: a callback looks at its ring only between its increment and
 *   decrement of msd_block_users and with msd_block_on set. msd_block_stop()
 *   clears the flag, wakes every waiter and waits for the count to reach zero,
 *   before the rings can be freed or reallocated.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sched.h>
#include <linux/task_work.h>
#include <linux/wait.h>
#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/bitops.h>
#include <linux/seq_file.h>
#include "my_sysdig.h"

#define MSD_BLOCK_SLOTS		256

struct msd_block_slot {
	struct callback_head work;
	unsigned long busy;		/* bit 0: queued on a thread */
	u32 cpu;			/* the ring the thread waits for */
};

static struct msd_block_slot msd_block_slots[MSD_BLOCK_SLOTS];
static unsigned int msd_block_next;
static DECLARE_WAIT_QUEUE_HEAD(msd_block_wq);		/* threads waiting for a ring */
static DECLARE_WAIT_QUEUE_HEAD(msd_block_idle_wq);	/* msd_block_stop() */
static atomic_t msd_block_users = ATOMIC_INIT(0);
static bool msd_block_on;
static unsigned long msd_block_jiffies;
static atomic64_t msd_block_waits = ATOMIC64_INIT(0);
static atomic64_t msd_block_timeouts = ATOMIC64_INIT(0);
static atomic64_t msd_block_noslot = ATOMIC64_INIT(0);

static bool msd_block_done(struct msd_ring *r)
{
	u64 used = READ_ONCE(r->head) - smp_load_acquire(&r->tail);

	return !READ_ONCE(msd_block_on) || used <= r->size / 4;
}

static void msd_block_fn(struct callback_head *work)
{
	struct msd_block_slot *s = container_of(work, struct msd_block_slot, work);
	u32 cpu = s->cpu;

	/* the kernel is done with the work: the slot can be queued again */
	clear_bit_unlock(0, &s->busy);
	atomic_inc(&msd_block_users);
	smp_mb__after_atomic();
	/* an exiting thread (the work runs from exit_task_work()) does not wait */
	if (READ_ONCE(msd_block_on) && !(current->flags & PF_EXITING)) {
		struct msd_ring *r = per_cpu_ptr(msd_rings, cpu);

		if (!msd_block_done(r)) {
			atomic64_inc(&msd_block_waits);
			if (wait_event_interruptible_timeout(msd_block_wq, msd_block_done(r),
							     msd_block_jiffies) == 0)
				atomic64_inc(&msd_block_timeouts);
		}
	}
	if (atomic_dec_and_test(&msd_block_users))
		wake_up(&msd_block_idle_wq);
	module_put(THIS_MODULE);
}

/*
 * From the sys_exit probe (preemption disabled), when the call left ring
 * `cpu` more than half full: the thread waits before it returns to user space.
 */
void msd_block_arm(u32 cpu)
{
	struct task_struct *tsk = current;
	unsigned int i, start;

	/* the probes run only while msd_block_on is set (msd_block_start() comes first) */
	if (tsk->flags & (PF_EXITING | PF_KTHREAD))
		return;
	start = READ_ONCE(msd_block_next);
	for (i = 0; i < MSD_BLOCK_SLOTS; i++) {
		unsigned int n = (start + i) % MSD_BLOCK_SLOTS;
		struct msd_block_slot *s = &msd_block_slots[n];

		if (test_and_set_bit_lock(0, &s->busy))
			continue;
		if (!try_module_get(THIS_MODULE)) {
			clear_bit_unlock(0, &s->busy);
			return;
		}
		s->cpu = cpu;
		init_task_work(&s->work, msd_block_fn);
		if (task_work_add(tsk, &s->work, TWA_RESUME)) {
			/* the thread is past running its works: it is exiting */
			clear_bit_unlock(0, &s->busy);
			module_put(THIS_MODULE);
			return;
		}
		WRITE_ONCE(msd_block_next, (n + 1) % MSD_BLOCK_SLOTS);
		return;
	}
	atomic64_inc(&msd_block_noslot);
}

/* read() has given ring space back. */
void msd_block_wake(void)
{
	if (wq_has_sleeper(&msd_block_wq))
		wake_up(&msd_block_wq);
}

/* At MSD_IOC_START, before the probes: 0 ms, threads never wait. */
void msd_block_start(u32 timeout_ms)
{
	msd_block_jiffies = msecs_to_jiffies(timeout_ms) ?: 1;
	atomic64_set(&msd_block_waits, 0);
	atomic64_set(&msd_block_timeouts, 0);
	atomic64_set(&msd_block_noslot, 0);
	WRITE_ONCE(msd_block_on, timeout_ms != 0);
}

/* After the probes are gone: every waiter is woken and has left the rings. */
void msd_block_stop(void)
{
	WRITE_ONCE(msd_block_on, false);
	smp_mb();
	wake_up_all(&msd_block_wq);
	wait_event(msd_block_idle_wq, atomic_read(&msd_block_users) == 0);
}

void msd_block_show(struct seq_file *m)
{
	seq_printf(m, "msd_blocks:\t%lld\nmsd_block_timeouts:\t%lld\nmsd_block_noslot:\t%lld\n",
		   (long long)atomic64_read(&msd_block_waits),
		   (long long)atomic64_read(&msd_block_timeouts),
		   (long long)atomic64_read(&msd_block_noslot));
}
