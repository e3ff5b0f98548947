// SPDX-License-Identifier: GPL-2.0
/*
 * The per-syscall path: tracepoint probes, the filter and the per-CPU rings.
 * Nothing here locks, allocates or sleeps. A record that does not fit is
 * dropped and counted. The traced task never waits here; with backpressure
 * on (MSD_IOC_SET_BLOCK) it may wait on its way back to user space, in
 * block.c's task_work.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/hash.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/errno.h>
#include <linux/signal.h>
#include <asm/syscall.h>
#include "my_sysdig.h"
#include "capture.h"
#include "scap.h"
#include "compat.h"

/* The probes let syscall_get_arguments() write the records' __u64 args[]. */
static_assert(sizeof(unsigned long) == sizeof(__u64));

struct msd_kfilter msd_filter;
pid_t msd_consumer_tgid;
struct msd_ring __percpu *msd_rings;

static int msd_pids[MSD_PID_SLOTS];
static struct msd_task msd_tasks[MSD_TASK_SLOTS];

static struct tracepoint *msd_tp_enter, *msd_tp_exit, *msd_tp_fork, *msd_tp_pexit, *msd_tp_signal;
static struct tracepoint *msd_tp_siggen;

/* ---- traced thread groups ---------------------------------------------- */

static __always_inline bool msd_pid_lookup(pid_t tgid)
{
	u32 h = hash_32((u32)tgid, MSD_PID_BITS);
	unsigned int i;

	for (i = 0; i < MSD_PID_PROBES; i++) {
		int v = READ_ONCE(msd_pids[(h + i) & (MSD_PID_SLOTS - 1)]);

		if (v == tgid)
			return true;
		if (v == MSD_PID_FREE)
			return false;
	}
	return false;
}

/* Lock-free insert; forks on several CPUs may race here. */
int msd_pid_insert(pid_t tgid)
{
	u32 h = hash_32((u32)tgid, MSD_PID_BITS);
	unsigned int i;

	if (msd_pid_lookup(tgid))
		return 0;
	for (i = 0; i < MSD_PID_PROBES; i++) {
		int *slot = &msd_pids[(h + i) & (MSD_PID_SLOTS - 1)];
		int v = READ_ONCE(*slot);

		/* free, gone, or a dead group's (-tgid): reused */
		if (v > 0)
			continue;
		if (cmpxchg(slot, v, tgid) == v)
			return 0;
	}
	return -ENOSPC;
}

/*
 * Whether thread group tgid is, or was until its death, in the table: a
 * dead group's slot holds -tgid until it is reused (msd_pid_remove()). For
 * the exits of its last threads, which can pass sched_process_exit after the
 * thread that found the group dead (a pthread_join() returns at the joined
 * thread's exit_mm(), before its tracepoint).
 */
static bool msd_pid_lookup_dying(pid_t tgid)
{
	u32 h = hash_32((u32)tgid, MSD_PID_BITS);
	unsigned int i;

	for (i = 0; i < MSD_PID_PROBES; i++) {
		int v = READ_ONCE(msd_pids[(h + i) & (MSD_PID_SLOTS - 1)]);

		if (v == tgid || v == -tgid)
			return true;
		if (v == MSD_PID_FREE)
			return false;
	}
	return false;
}

/* A dead group's slot: -tgid, which lookups of live groups skip and inserts reuse. */
static void msd_pid_remove(pid_t tgid)
{
	u32 h = hash_32((u32)tgid, MSD_PID_BITS);
	unsigned int i;

	for (i = 0; i < MSD_PID_PROBES; i++) {
		int *slot = &msd_pids[(h + i) & (MSD_PID_SLOTS - 1)];
		int v = READ_ONCE(*slot);

		if (v == MSD_PID_FREE)
			return;
		if (v == tgid)
			cmpxchg(slot, v, tgid > 1 ? -tgid : MSD_PID_GONE);
	}
}

void msd_pids_reset(void)
{
	memset(msd_pids, 0, sizeof(msd_pids));
}

/* ---- pairing slots ------------------------------------------------------- */

static __always_inline struct msd_task *msd_task_find(pid_t tid)
{
	u32 h = hash_32((u32)tid, MSD_TASK_BITS);
	unsigned int i;

	for (i = 0; i < MSD_TASK_PROBES; i++) {
		struct msd_task *t = &msd_tasks[(h + i) & (MSD_TASK_SLOTS - 1)];
		int v = READ_ONCE(t->tid);

		if (v == tid)
			return t;
		if (v == MSD_PID_FREE)
			return NULL;
	}
	return NULL;
}

/* The calling thread's slot, claimed on first use; NULL when the table is full. */
static __always_inline struct msd_task *msd_task_get(pid_t tid)
{
	u32 h = hash_32((u32)tid, MSD_TASK_BITS);
	struct msd_task *t = msd_task_find(tid);
	unsigned int i;

	if (likely(t))
		return t;
	for (i = 0; i < MSD_TASK_PROBES; i++) {
		int v;

		t = &msd_tasks[(h + i) & (MSD_TASK_SLOTS - 1)];
		v = READ_ONCE(t->tid);
		if (v != MSD_PID_FREE && v != MSD_PID_GONE)
			continue;
		if (cmpxchg(&t->tid, v, tid) == v)
			return t;
	}
	return NULL;
}

/* Frees thread tid's slot t (from msd_task_find(), may be NULL). */
static void msd_task_release(struct msd_task *t, pid_t tid)
{
	if (t) {
		WRITE_ONCE(t->ts, 0);
		WRITE_ONCE(t->anr, -1);
		WRITE_ONCE(t->snr, -1);
		cmpxchg(&t->tid, tid, MSD_PID_GONE);
	}
}

void msd_tasks_reset(void)
{
	memset(msd_tasks, 0, sizeof(msd_tasks));
}

/*
 * The call's arguments; a compat call's are 32-bit registers, zero-extended
 * (arm64 leaves the upper halves of an AArch32 task's registers unknown).
 */
static __always_inline void msd_get_args(struct task_struct *tsk, struct pt_regs *regs,
					 unsigned long *args, bool compat)
{
	syscall_get_arguments(tsk, regs, args);
	if (unlikely(compat)) {
		int i;

		for (i = 0; i < MSD_NARGS; i++)
			args[i] = (u32)args[i];
	}
}

/* A pairing slot's key for call id: MSD_NR_COMPAT marks a compat call's number. */
static __always_inline int msd_key(long id, bool compat)
{
	return (int)id | (compat ? MSD_NR_COMPAT : 0);
}

/* The record flag of a compat call. */
static __always_inline u32 msd_rf(bool compat)
{
	return compat ? MSD_RF_COMPAT : 0;
}

/*
 * At the entry of a call that writes back a socket address: the caller's
 * buffer length, before the kernel replaces it (capture.h, MSD_ALEN_NONE).
 */
static __always_inline void msd_alen_save(struct msd_task *t, struct task_struct *tsk,
					  struct pt_regs *regs, const struct msd_sc *sc, long id,
					  bool compat)
{
	unsigned long args[MSD_NARGS];

	msd_get_args(tsk, regs, args, compat);
	WRITE_ONCE(t->alen, msd_capture_alen(sc, args));
	WRITE_ONCE(t->anr, msd_key(id, compat));
}

/* At the entry of a call with a TIMEOUT copier: its structure as passed (capture.h). */
static __always_inline void msd_saved_keep(struct msd_task *t, struct task_struct *tsk,
					   struct pt_regs *regs, const struct msd_sc *sc, long id)
{
	unsigned long args[MSD_NARGS];

	syscall_get_arguments(tsk, regs, args);
	msd_capture_save(sc, args, &t->sv);
	WRITE_ONCE(t->snr, id);
}

/* Nothing kept: a TIMEOUT copier at an exit whose entry was not seen writes no item. */
static const struct msd_saved msd_saved_none;

/* At its exit: what msd_saved_keep() kept for call id, once (the slot is the thread's own). */
static __always_inline const struct msd_saved *msd_saved_take(struct msd_task *t, long id)
{
	if (!t || READ_ONCE(t->snr) != id)
		return &msd_saved_none;
	WRITE_ONCE(t->snr, -1);
	return &t->sv;
}

/* At its exit: what msd_alen_save() kept for call id, once. */
static __always_inline int msd_alen_take(struct msd_task *t, int key)
{
	if (!t || READ_ONCE(t->anr) != key)
		return MSD_ALEN_NONE;
	WRITE_ONCE(t->anr, -1);
	return READ_ONCE(t->alen);
}

/*
 * rt_sigreturn: on its way back the kernel sets the call's number to -1
 * (x86_64's orig_ax, arm64's syscallno: no syscall restart), so its exit
 * comes with -1 and without the entry it ends. The entry keeps, in the
 * thread's slot, the signal mask the call restores (compat.h,
 * MSD_SIGFRAME_MASK): 8 bytes of the user's stack, read without faulting.
 */
#ifdef MSD_SIGFRAME_MASK
#define MSD_KEY_RT_SIGRETURN	__NR_rt_sigreturn
#else
#define MSD_KEY_RT_SIGRETURN	(-2)	/* no native call has it */
#endif

static noinline void msd_sigmask_keep(struct msd_task *t, struct pt_regs *regs, int key)
{
#ifdef MSD_SIGFRAME_MASK
	struct msd_saved *sv = &t->sv;
	unsigned long sp = user_stack_pointer(regs);

	BUILD_BUG_ON(sizeof(sigset_t) != 8 || MSD_SAVED_MAX < 8);
	sv->len = 0;
	sv->flags = 0;
	if (copy_from_user_nofault(sv->data, (const void __user *)(sp + MSD_SIGFRAME_MASK), 8))
		sv->flags = MSD_IF_FAULT;
	else
		sv->len = 8;
	WRITE_ONCE(t->snr, key);
#endif
}

/*
 * The number of the call whose exit shows -1: the thread's rt_sigreturn when
 * its slot holds that entry, else -1 (syscall(-1), a tracer's skip).
 */
static noinline long msd_sigreturn_exit(struct task_struct *tsk, bool compat)
{
	struct msd_task *t = msd_task_find(tsk->pid);

	if (!compat && t && READ_ONCE(t->ts) && READ_ONCE(t->nr) == MSD_KEY_RT_SIGRETURN)
		return MSD_KEY_RT_SIGRETURN;
	return -1;
}

/* ---- filter ------------------------------------------------------------- */

static __always_inline bool msd_task_selected(struct task_struct *tsk)
{
	const struct msd_kfilter *f = &msd_filter;

	if (f->select_all)
		return true;
	if (f->use_pids && msd_pid_lookup(tsk->tgid))
		return true;
	if (f->use_comm && strncmp(tsk->comm, f->comm, MSD_COMM_LEN) == 0)
		return true;
	return false;
}

/* Whether compat call nr is selected (my_sysdig_abi.h, struct msd_filter). */
static noinline bool msd_compat_selected(long nr)
{
	switch (msd_filter.compat_mode) {
	case MSD_COMPAT_ALL:
		return true;
	case MSD_COMPAT_BITMAP:
		return (unsigned long)nr < MSD_NR_MAX && test_bit(nr, msd_filter.compat_syscalls);
	}
	return false;
}

static __always_inline bool msd_match(struct task_struct *tsk, long nr, bool compat)
{
	if (tsk->tgid == msd_consumer_tgid)
		return false;
	if (unlikely(compat)) {
		if (!msd_compat_selected(nr))
			return false;
	} else if (msd_filter.use_syscalls &&
		   ((unsigned long)nr >= MSD_NR_MAX || !test_bit(nr, msd_filter.syscalls))) {
		return false;
	}
	return msd_task_selected(tsk);
}

/* ---- ring --------------------------------------------------------------- */

/*
 * Reserve len bytes (a multiple of 8) on this CPU's ring, padding to the end
 * of the buffer when the record would wrap. Returns NULL when full. The
 * caller fills the record and publishes it with msd_commit(). *newhead gets
 * the head to publish.
 */
static __always_inline void *msd_reserve(struct msd_ring *r, u32 len, u64 *newhead)
{
	u64 head = r->head;
	u64 tail = smp_load_acquire(&r->tail);
	u32 off = head & (r->size - 1);
	u32 to_end = r->size - off;
	u32 need = to_end < len ? to_end + len : len;

	if (head + need - tail > r->size)
		return NULL;
	if (to_end < len) {
		/* to_end may be as small as 8: only the first word is written */
		struct msd_rec_hdr *pad = (struct msd_rec_hdr *)(r->data + off);

		pad->size = to_end;
		pad->kind = MSD_REC_PAD;
		pad->nr = 0;
		off = 0;
	}
	*newhead = head + need;
	return r->data + off;
}

/*
 * The timestamp of the record about to be reserved on ring r, which the
 * caller owns (preemption disabled; or the probes are gone). Taken here,
 * after the ring is chosen, so that a ring's records are in timestamp order.
 *
 * read() must be able to give a mark below which every record has been
 * returned, including records being written while it runs. Before taking
 * the timestamp the producer publishes a bound below it, the timestamp of
 * its ring's last record (ts only grows on one CPU), and clears it after the
 * commit (msd_ts_end()). Ordering, with read() (dev.c) doing
 *	t0 = clock; smp_mb(); f = load_acquire(inflight); load_acquire(head)
 * against
 *	WRITE_ONCE(inflight, last_ts); smp_mb(); ts = clock;
 *	... store_release(head); store_release(inflight, MSD_TS_IDLE)
 * for a record X on this ring with ts < t0:
 *  - read() does not see X's bound: its load ran before the bound was
 *    visible, which (smp_mb() on both sides) was before X's clock read,
 *    and its own clock read came earlier still: t0 <= ts, a contradiction;
 *  - it sees the bound: the mark is at most last_ts <= ts, X need not be in;
 *  - it sees the IDLE after X, or a later record's bound (both release
 *    stores after X's head): its head load sees X, which read() returns or
 *    leaves behind, lowering the mark to at most ts.
 * This holds as far as clock reads are ordered by the barriers, as with
 * the TSC (rdtsc_ordered) and arm64's counter (isb); user space counts any
 * record that still arrives late (TraceStats.outOfOrder).
 */
static __always_inline u64 msd_ts_begin(struct msd_ring *r)
{
	/* smp_mb() orders the bound before the clock read (and everything earlier) */
	WRITE_ONCE(r->inflight, r->last_ts);
	smp_mb();
	return ktime_get_mono_fast_ns();
}

static __always_inline void msd_ts_end(struct msd_ring *r)
{
	smp_store_release(&r->inflight, MSD_TS_IDLE);
}

/* Publish what was reserved up to newhead; msd_commit() for an event. */
static __always_inline void msd_publish(struct msd_ring *r, u64 newhead, u64 ts, bool wake)
{
	smp_store_release(&r->head, newhead);
	r->last_ts = ts;
	if (unlikely(newhead >= r->next_wake)) {
		r->next_wake = newhead + r->wake_bytes;
		if (wake)
			irq_work_queue(&r->wake_work);
	}
}

static __always_inline void msd_commit(struct msd_ring *r, u64 newhead, u64 ts, bool wake)
{
	msd_publish(r, newhead, ts, wake);
	r->recorded++;
}

static __always_inline void msd_fill_hdr(struct msd_rec_hdr *h, u16 size, u16 kind, u32 flags,
					 long nr, u64 ts, struct task_struct *tsk, u32 cpu)
{
	h->size = size;
	h->kind = kind;
	h->nr = (s32)nr;
	h->ts = ts;
	h->tgid = tsk->tgid;
	h->tid = tsk->pid;
	h->cpu = cpu;
	h->flags = flags;
	memcpy(h->comm, tsk->comm, MSD_COMM_LEN);
}

/*
 * Reserve a record, preceded by a DROP record when earlier ones were lost.
 * Counts the attempt; on failure counts the drop.
 */
static __always_inline void *msd_begin(struct msd_ring *r, u32 len, u64 ts, u64 *newhead)
{
	struct msd_rec_drop *d;
	void *rec;

	r->seen++;
	if (likely(!r->lost_pending)) {
		rec = msd_reserve(r, len, newhead);
		if (likely(rec))
			return rec;
		goto lost;
	}
	d = msd_reserve(r, sizeof(*d) + len, newhead);
	if (!d)
		goto lost;
	memset(&d->hdr, 0, sizeof(d->hdr));
	d->hdr.size = sizeof(*d);
	d->hdr.kind = MSD_REC_DROP;
	d->hdr.ts = ts;
	d->hdr.cpu = r->cpu;
	d->lost = r->lost_pending;
	r->lost_pending = 0;
	return d + 1;
lost:
	r->dropped++;
	r->lost_pending++;
	return NULL;
}

/*
 * Backpressure: a call that leaves its ring more than half full makes its
 * thread wait for the reader on its way back to user space (block.c).
 */
static __always_inline void msd_block_check(struct msd_ring *r)
{
	if (unlikely(msd_filter.block_ms) && r->head - READ_ONCE(r->tail) > r->size / 2)
		msd_block_arm(r->cpu);
}

/*
 * A SYSCALL record of a call that never returned to user space, with no
 * items (the task's memory may not be ours to read): ts is now, enter_ts
 * the entry, args from regs when the task is still in that call.
 */
static void msd_put_unfinished(struct msd_ring *r, struct task_struct *tsk, int key,
			       u64 enter_ts, struct pt_regs *regs, bool wake)
{
	struct msd_rec_syscall *rec;
	bool compat = key & MSD_NR_COMPAT;
	int nr = key & ~MSD_NR_COMPAT;
	u64 newhead, ts;

	ts = msd_ts_begin(r);
	rec = msd_begin(r, sizeof(*rec), ts, &newhead);
	if (rec) {
		if (regs && syscall_get_nr(tsk, regs) == nr)
			msd_get_args(tsk, regs, (unsigned long *)rec->args, compat);
		else
			memset(rec->args, 0, sizeof(rec->args));
		rec->ret = 0;
		rec->enter_ts = enter_ts;
		msd_fill_hdr(&rec->hdr, sizeof(*rec), MSD_REC_SYSCALL,
			     MSD_RF_UNFINISHED | msd_rf(compat), nr, ts, tsk, r->cpu);
		msd_commit(r, newhead, ts, wake);
	}
	msd_ts_end(r);
}

/* ---- probes ------------------------------------------------------------- */

/*
 * Reserve `max` bytes, let fill() write at most that, publish what it wrote.
 * A record is filled in place: no copy of user memory goes anywhere else.
 */
static void msd_sys_enter(void *data, struct pt_regs *regs, long id)
{
	struct task_struct *tsk = current;
	const struct msd_sc *sc;
	struct msd_rec_enter *rec;
	struct msd_task *t = NULL;
	struct msd_ring *r;
	bool unpaired = false, compat = msd_compat_call();
	int key = msd_key(id, compat);
	u64 newhead, ts;
	u32 max, size;
	char *end;

	if (likely(!msd_match(tsk, id, compat)))
		return;
	sc = msd_sc_of(id, compat);
	if (!msd_filter.both && !(sc && (sc->flags & MSD_SC_NORET))) {
		t = msd_task_get(tsk->pid);
		if (likely(t)) {
			if (likely(!sc || !(sc->flags & MSD_SC_ENTER))) {
				/* the entry time only: no record, no ring */
				if (sc && unlikely(sc->flags & MSD_SC_KEEP)) {
					if (msd_sc_alen(sc))
						msd_alen_save(t, tsk, regs, sc, id, compat);
					if (sc->flags & MSD_SC_SAVE)
						msd_saved_keep(t, tsk, regs, sc, key);
				}
				if (unlikely(key == MSD_KEY_RT_SIGRETURN))
					msd_sigmask_keep(t, regs, key);
				WRITE_ONCE(t->nr, key);
				WRITE_ONCE(t->ts, ktime_get_mono_fast_ns());
				return;
			}
		} else {
			unpaired = true;
		}
	} else if (msd_filter.both && sc && msd_sc_alen(sc)) {
		/* a slot for the length alone: the EXIT record copies the address */
		struct msd_task *a = msd_task_get(tsk->pid);

		if (a)
			msd_alen_save(a, tsk, regs, sc, id, compat);
	}
	preempt_disable_notrace();
	r = this_cpu_ptr(msd_rings);
	if (unlikely(unpaired))
		r->unpaired++;
	max = sizeof(*rec);
	if (sc)
		max += msd_capture_max(sc, MSD_CAPTURE_IN, msd_filter.snaplen);
	ts = msd_ts_begin(r);
	rec = msd_begin(r, max, ts, &newhead);
	if (rec) {
		/* straight into the record; the copiers read them back from there */
		msd_get_args(tsk, regs, (unsigned long *)rec->args, compat);
		end = (char *)(rec + 1);
		if (sc)
			end = msd_capture(end, sc, MSD_CAPTURE_IN, (unsigned long *)rec->args, 0,
					  msd_filter.snaplen, MSD_ALEN_NONE, NULL);
		size = end - (char *)rec;
		msd_fill_hdr(&rec->hdr, size, MSD_REC_ENTER, msd_rf(compat), id, ts, tsk, r->cpu);
		msd_commit(r, newhead - (max - size), ts, true);
	}
	msd_ts_end(r);
	preempt_enable_notrace();
	/* execve: its ENTER record and the SYSCALL record at exit share the entry time */
	if (t) {
		WRITE_ONCE(t->nr, key);
		WRITE_ONCE(t->ts, ts);
	}
}

/*
 * A call ending in one of the kernel's restart codes (or -EINTR) with a
 * fatal signal pending does not return: the thread dies on its way out.
 */
static __always_inline bool msd_dies_in_call(struct task_struct *tsk, long ret)
{
	return (ret == -EINTR || (ret <= -ERESTARTSYS && ret >= -ERESTART_RESTARTBLOCK)) &&
	       fatal_signal_pending(tsk);
}

/* ---- dumps (-e read=, -e write=) --------------------------------------- */

static __always_inline bool msd_dump_has(const unsigned long *set, bool not, int fd)
{
	return (fd < MSD_DUMP_FDS && test_bit(fd, set)) != not;
}

/*
 * A DATA record's header and fixed part, and the zeroes after its data_len
 * bytes of data (already in place) to the record's size, which it returns.
 */
static u32 msd_data_fill(struct msd_rec_data *d, u32 rf, long id, u64 ts, struct task_struct *tsk,
			 u32 cpu, u64 addr, u64 total, u64 off, u32 data_len, u16 flags)
{
	u32 size = sizeof(*d) + ALIGN(data_len, 8);

	memset((char *)(d + 1) + data_len, 0, ALIGN(data_len, 8) - data_len);
	msd_fill_hdr(&d->hdr, size, MSD_REC_DATA, rf, id, ts, tsk, cpu);
	d->addr = addr;
	d->total = total;
	d->offset = off;
	d->len = data_len;
	d->flags = flags;
	d->reserved = 0;
	return size;
}

/*
 * The DATA records of a dumped call (my_sysdig_abi.h, struct msd_rec_data),
 * right after the call's own record was committed on r at ts, preemption
 * still disabled: args are the call's (only fd, buffer and count are read,
 * before anything is reserved), ret its result. Off the common path: the
 * caller tests msd_filter.dump and the call's MSD_SC_DUMP flag first.
 */
static noinline void msd_put_dump(struct msd_ring *r, const struct msd_sc *sc,
				  struct task_struct *tsk, long id, u32 rf, u64 ts,
				  const unsigned long *args, long ret)
{
	int fd = (int)args[0];
	u64 addr = args[1], total, off, limit;
	u32 dflags = 0;
	u64 newhead;

	if (fd < 0)
		return;
	if (sc->flags & MSD_SC_DUMPW) {
		if (!(msd_filter.dump & MSD_DUMP_WRITE) ||
		    !msd_dump_has(msd_filter.dump_write, msd_filter.dump & MSD_DUMP_WRITE_NOT, fd))
			return;
		total = args[2];
	} else {
		if (!(msd_filter.dump & MSD_DUMP_READ) || ret <= 0 ||
		    !msd_dump_has(msd_filter.dump_read, msd_filter.dump & MSD_DUMP_READ_NOT, fd))
			return;
		total = ret;
		dflags = MSD_DF_READ;
	}
	/* as strace: no dump of a length or an end that wraps */
	if (!total || total + 16 < total || addr + total < addr)
		return;
	limit = min_t(u64, (r->size / 2) & ~(u64)(MSD_DUMP_FETCH - 1), MSD_DUMP_MAX);
	for (off = 0; off < total; off += MSD_DUMP_FETCH) {
		u32 unit = min_t(u64, total - off, MSD_DUMP_FETCH);
		u32 n1 = min_t(u32, unit, MSD_DUMP_CHUNK), n2 = unit - n1;
		u32 s1 = sizeof(struct msd_rec_data) + ALIGN(n1, 8);
		u32 s2 = n2 ? sizeof(struct msd_rec_data) + ALIGN(n2, 8) : 0;
		struct msd_rec_data *d1, *d2;
		u32 end_flag = 0;

		if (off >= limit)
			end_flag = MSD_DF_LIMIT;
		d1 = msd_reserve(r, end_flag ? sizeof(*d1) : s1 + s2, &newhead);
		if (!d1) {
			r->dropped++;
			r->lost_pending++;
			return;
		}
		if (!end_flag) {
			d2 = (void *)d1 + s1;
			if (copy_from_user_nofault(d1 + 1, (const void __user *)(addr + off), n1) ||
			    (n2 && copy_from_user_nofault(d2 + 1,
							  (const void __user *)(addr + off + n1), n2))) {
				end_flag = MSD_DF_FAULT;
				newhead -= s1 + s2 - sizeof(*d1);
			}
		}
		if (end_flag) {
			msd_data_fill(d1, rf, id, ts, tsk, r->cpu, addr, total, off, 0, dflags | end_flag);
			msd_publish(r, newhead, ts, true);
			return;
		}
		msd_data_fill(d1, rf, id, ts, tsk, r->cpu, addr, total, off, n1, dflags);
		if (n2)
			msd_data_fill(d2, rf, id, ts, tsk, r->cpu, addr, total, off + n1, n2, dflags);
		msd_publish(r, newhead, ts, true);
	}
}

/*
 * A completed syscall as a SCAP record: its sysdig events, written by
 * kmod/scap.c from the registers and the call's memory (code from
 * msd_scap_code()).
 */
static void msd_put_scap(struct task_struct *tsk, struct pt_regs *regs, long id, long ret,
			 const struct msd_sc *sc, u32 code, u32 cap_max, u32 max, u64 enter_ts,
			 int alen, const struct msd_saved *sv)
{
	unsigned long args[MSD_NARGS];
	struct msd_rec_hdr *h;
	struct msd_ring *r;
	u64 newhead, ts, off = msd_filter.rt_offset;
	u32 size, flags = 0;
	char *end;

	syscall_get_arguments(tsk, regs, args);
	preempt_disable_notrace();
	r = this_cpu_ptr(msd_rings);
	ts = msd_ts_begin(r);
	h = msd_begin(r, max, ts, &newhead);
	if (h) {
		end = msd_scap_write((char *)(h + 1), sc, code, cap_max, id, args, ret, enter_ts + off,
				     ts + off, tsk->pid, r->cpu, msd_filter.snaplen, alen, sv);
		size = end - (char *)h;
		if (size % MSD_REC_ALIGN) {
			memset(end, 0, MSD_REC_ALIGN - size % MSD_REC_ALIGN);
			size = ALIGN(size, MSD_REC_ALIGN);
			flags = MSD_RF_PAD4;
		}
		msd_fill_hdr(h, size, MSD_REC_SCAP, flags, id, ts, tsk, r->cpu);
		msd_commit(r, newhead - (max - size), ts, true);
		if (unlikely(msd_filter.dump) && sc && (sc->flags & MSD_SC_DUMP))
			msd_put_dump(r, sc, tsk, id, 0, ts, args, ret);
	}
	msd_block_check(r);
	msd_ts_end(r);
	preempt_enable_notrace();
}

/* Whether a pairing slot's key is an execve or execveat of either ABI. */
static __always_inline bool msd_key_is_exec(int key)
{
	return key == MSD_NATIVE_EXECVE || key == MSD_NATIVE_EXECVEAT ||
	       key == (MSD_COMPAT_EXECVE | MSD_NR_COMPAT) ||
	       key == (MSD_COMPAT_EXECVEAT | MSD_NR_COMPAT);
}

/*
 * The number and ABI of the call whose exit this is: *id and
 * msd_compat_call()'s, except after an execve that switched between a
 * 32-bit and a 64-bit program (compat.h, MSD_EXEC_FLIPS_ABI): x86_64 then
 * shows the new ABI's execve number and flag, arm64 the old number with the
 * new flag. The thread's pairing slot holds the entry's; it is looked at only
 * for a successful call with the number such an exit shows (x86_64: a
 * native execve or a compat one; arm64: a compat fcntl64 or socket, a
 * native setxattr).
 */
static __always_inline bool msd_exit_abi(struct task_struct *tsk, long *id, long ret, bool compat)
{
	struct msd_task *t;
	int key;

	if (!MSD_EXEC_FLIPS_ABI || ret != 0)
		return compat;
	if (!msd_exec_exit_nr(*id, compat))
		return compat;
	t = msd_task_find(tsk->pid);
	if (!t || !READ_ONCE(t->ts))
		return compat;
	key = READ_ONCE(t->nr);
	if (key == msd_key(*id, compat) || !msd_key_is_exec(key) ||
	    !(key & MSD_NR_COMPAT) == !compat)
		return compat;
	*id = key & ~MSD_NR_COMPAT;
	return key & MSD_NR_COMPAT;
}

static void msd_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct task_struct *tsk = current;
	long id = syscall_get_nr(tsk, regs);
	bool compat = msd_compat_call();
	bool mask = false;
	const struct msd_sc *sc;
	unsigned long args[MSD_NARGS];
	unsigned int which = MSD_CAPTURE_OUT;
	struct msd_ring *r;
	u64 newhead, ts, enter_ts = 0;
	u32 fixed, max, size, flags = 0;
	int alen = MSD_ALEN_NONE;
	const struct msd_saved *sv = &msd_saved_none;
	void *rec;
	char *end;

	if (unlikely(id == -1)) {
		if (!msd_filter.both && msd_task_selected(tsk))
			id = msd_sigreturn_exit(tsk, compat);
	} else {
		compat = msd_exit_abi(tsk, &id, ret, compat);
	}
	if (likely(!msd_match(tsk, id, compat)))
		return;
	sc = msd_sc_of(id, compat);
	if (!msd_filter.both || (sc && unlikely(sc->flags & MSD_SC_KEEP))) {
		/* one lookup of the thread's slot for the entry time and what the entry kept */
		struct msd_task *t = msd_task_find(tsk->pid);
		int key = msd_key(id, compat);

		if (sc && unlikely(sc->flags & MSD_SC_KEEP)) {
			if (msd_sc_alen(sc))
				alen = msd_alen_take(t, key);
			if (sc->flags & MSD_SC_SAVE)
				sv = msd_saved_take(t, key);
		}
		if (unlikely(key == MSD_KEY_RT_SIGRETURN) && !msd_filter.both) {
			sv = msd_saved_take(t, key);
			mask = sv->len || sv->flags;
		}
		if (!msd_filter.both && likely(t) && t->ts && t->nr == key) {
			enter_ts = t->ts;
			WRITE_ONCE(t->ts, 0);
			/* execve's inputs went with its ENTER record */
			if (!sc || !(sc->flags & MSD_SC_ENTER))
				which |= MSD_CAPTURE_IN;
			if (unlikely(msd_dies_in_call(tsk, ret))) {
				flags = MSD_RF_UNFINISHED;
				which &= ~MSD_CAPTURE_OUT;
			}
		}
	}
	/* compat calls stay SYSCALL records: kmod/scap_table.h has native numbers */
	if (msd_filter.scap && enter_ts && !flags && !compat) {
		u32 code = msd_scap_code(id), cap_max = 0;

		if (code) {
			if (sc)
				cap_max = msd_capture_max(sc, MSD_CAPTURE_IN | MSD_CAPTURE_OUT,
							  msd_filter.snaplen);
			max = msd_scap_max(code, cap_max);
			if (max) {
				msd_put_scap(tsk, regs, id, ret, sc, code, cap_max, max, enter_ts,
					     alen, sv);
				return;
			}
		}
	}
	fixed = enter_ts ? sizeof(struct msd_rec_syscall) : sizeof(struct msd_rec_exit);
	preempt_disable_notrace();
	r = this_cpu_ptr(msd_rings);
	max = fixed;
	if (sc)
		max += msd_capture_max(sc, which, msd_filter.snaplen);
	if (unlikely(mask))
		max += MSD_ITEM_SZ(8);
	ts = msd_ts_begin(r);
	rec = msd_begin(r, max, ts, &newhead);
	if (rec) {
		unsigned long *argp = args;

		if (enter_ts) {
			struct msd_rec_syscall *s = rec;

			/* straight into the record, as at entry */
			argp = (unsigned long *)s->args;
			msd_get_args(tsk, regs, argp, compat);
			s->ret = flags ? 0 : ret;
			s->enter_ts = enter_ts;
		} else {
			((struct msd_rec_exit *)rec)->ret = ret;
			if (sc)
				msd_get_args(tsk, regs, args, compat);
		}
		end = (char *)rec + fixed;
		if (sc && which)
			end = msd_capture(end, sc, which, argp, ret, msd_filter.snaplen, alen, sv);
		/* rt_sigreturn's mask, as its frame held it at entry: the item of its argument 0 */
		if (unlikely(mask))
			end = msd_put_saved(end, 0, sv);
		size = end - (char *)rec;
		msd_fill_hdr(rec, size, enter_ts ? MSD_REC_SYSCALL : MSD_REC_EXIT,
			     flags | msd_rf(compat), id, ts, tsk, r->cpu);
		msd_commit(r, newhead - (max - size), ts, true);
		if (unlikely(msd_filter.dump) && sc && (sc->flags & MSD_SC_DUMP) && !flags)
			msd_put_dump(r, sc, tsk, id, msd_rf(compat), ts, argp, ret);
	}
	msd_block_check(r);
	msd_ts_end(r);
	preempt_enable_notrace();
}

static void msd_follow(struct task_struct *parent, struct task_struct *child);

/*
 * The child's return from the parent's clone(), 0, where the architecture
 * does not report it (compat.h: MSD_SYNTH_CHILD_RETURN). Runs in the
 * parent before the child is woken, so it precedes the child's own events.
 */
static void msd_child_return(struct task_struct *child)
{
	struct msd_rec_exit *rec;
	struct msd_ring *r;
	u64 newhead, ts;
	bool compat;
	long id;

	/*
	 * A kernel thread's own children (user-mode helpers forked by a
	 * kworker) come from no syscall: its registers hold none, and nr 0
	 * would show as a phantom io_setup.
	 */
	if ((child->flags | current->flags) & PF_KTHREAD)
		return;
#ifdef PF_IO_WORKER
	if (child->flags & PF_IO_WORKER)
		return;	/* io_uring's workers never return to user space */
#endif
	id = syscall_get_nr(current, task_pt_regs(current));
	compat = msd_compat_call();	/* the parent's clone, whose return this is */
	if (id < 0 || !msd_match(child, id, compat))
		return;
	preempt_disable_notrace();
	r = this_cpu_ptr(msd_rings);
	ts = msd_ts_begin(r);
	rec = msd_begin(r, sizeof(*rec), ts, &newhead);
	if (rec) {
		msd_fill_hdr(&rec->hdr, sizeof(*rec), MSD_REC_EXIT, msd_rf(compat), id, ts, child,
			     r->cpu);
		rec->ret = 0;
		msd_commit(r, newhead, ts, true);
	}
	msd_ts_end(r);
	preempt_enable_notrace();
}

static void msd_fork(void *data, struct task_struct *parent, struct task_struct *child)
{
	msd_follow(parent, child);	/* first: a followed child's return is then selected */
	if (MSD_SYNTH_CHILD_RETURN)
		msd_child_return(child);
}

/* A child of a selected process is traced from its first syscall. */
static void msd_follow(struct task_struct *parent, struct task_struct *child)
{
	const struct msd_kfilter *f = &msd_filter;

	if (!f->follow)
		return;
	if (child->tgid == parent->tgid)
		return;	/* a new thread: already covered by its group */
	if (parent->tgid == msd_consumer_tgid) {
		if (!f->children)
			return;
	} else if (!msd_task_selected(parent)) {
		return;
	}
	if (msd_pid_insert(child->tgid)) {
		preempt_disable_notrace();
		this_cpu_inc(msd_rings->follow_full);
		preempt_enable_notrace();
	}
}

/* Whether the thread's signals and exit are recorded (MSD_F_SIGNALS, MSD_F_EXITS). */
static __always_inline bool msd_task_recorded(struct task_struct *tsk)
{
	if (tsk->tgid == msd_consumer_tgid || (tsk->flags & PF_KTHREAD))
		return false;
	if (msd_task_selected(tsk))
		return true;
	/* a thread exiting after its group was found dead */
	return msd_filter.use_pids && (tsk->flags & PF_EXITING) && msd_pid_lookup_dying(tsk->tgid);
}

/* A PROCEXIT record of the exiting thread p (current). */
static void msd_put_procexit(struct task_struct *p, bool group_dead)
{
	struct msd_rec_procexit *rec;
	struct msd_ring *r;
	u64 newhead, ts;

	preempt_disable_notrace();
	r = this_cpu_ptr(msd_rings);
	ts = msd_ts_begin(r);
	rec = msd_begin(r, sizeof(*rec), ts, &newhead);
	if (rec) {
		msd_fill_hdr(&rec->hdr, sizeof(*rec), MSD_REC_PROCEXIT, 0, 0, ts, p, r->cpu);
		rec->exit_code = p->exit_code;
		rec->group_dead = group_dead;
		msd_commit(r, newhead, ts, true);
	}
	msd_ts_end(r);
	preempt_enable_notrace();
}

/*
 * A thread's pairing slot is freed when it exits; a thread group's pid slot
 * once its last thread exits, so both are reused. do_exit() has set
 * p->exit_code before this tracepoint.
 */
static void msd_process_exit(MSD_EXIT_PROBE_ARGS)
{
	struct msd_task *t = msd_task_find(p->pid);
	bool group_dead = atomic_read(&p->signal->live) == 0;

	/* a thread that dies inside a traced call: the call never returns */
	if (t && READ_ONCE(t->ts) && !(p->flags & PF_KTHREAD)) {
		preempt_disable_notrace();
		msd_put_unfinished(this_cpu_ptr(msd_rings), p, READ_ONCE(t->nr), t->ts,
				   task_pt_regs(p), true);
		preempt_enable_notrace();
	}
	/* before the pid slot goes: it is what selects a followed child */
	if (msd_filter.exits && msd_task_recorded(p))
		msd_put_procexit(p, group_dead);
	msd_task_release(t, p->pid);
	if (group_dead)
		msd_pid_remove(p->tgid);
}

/* A SIGNAL record of sig for tsk, with its siginfo and action. */
static void msd_put_signal(struct task_struct *tsk, int sig, struct kernel_siginfo *info,
			   struct k_sigaction *ka)
{
	struct msd_rec_signal *rec;
	struct msd_ring *r;
	u64 newhead, ts;

	preempt_disable_notrace();
	r = this_cpu_ptr(msd_rings);
	ts = msd_ts_begin(r);
	rec = msd_begin(r, sizeof(*rec), ts, &newhead);
	if (rec) {
		msd_fill_hdr(&rec->hdr, sizeof(*rec), MSD_REC_SIGNAL, 0, sig, ts, tsk, r->cpu);
		memset(rec->fields, 0, sizeof(rec->fields));
		if (info == SEND_SIG_PRIV) {
			rec->code = SI_KERNEL;
			rec->si_errno = 0;
		} else {
			rec->code = info->si_code;
			rec->si_errno = info->si_errno;
			memcpy(rec->fields, &info->_sifields,
			       min(sizeof(rec->fields), sizeof(info->_sifields)));
		}
		rec->handler = ka ? (unsigned long)ka->sa.sa_handler : 0;
		rec->sa_flags = ka ? ka->sa.sa_flags : 0;
		msd_commit(r, newhead, ts, true);
	}
	msd_ts_end(r);
	preempt_enable_notrace();
}

/*
 * signal_deliver: current is about to run a handler for sig or take its
 * default action (get_signal(), siglock held, interrupts off: nothing here
 * sleeps or locks). The SIGKILL of a group exit comes with SEND_SIG_NOINFO
 * and is left out; its thread's PROCEXIT record says how it ended.
 */
static void msd_signal(void *data, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	if (likely(!msd_filter.signals) || info == SEND_SIG_NOINFO || !msd_task_recorded(current))
		return;
	msd_put_signal(current, sig, info, ka);
}

/* signal_generate's result for a signal discarded at once (include/trace/events/signal.h) */
#define MSD_TRACE_SIGNAL_IGNORED	1

/*
 * signal_generate: a signal sent to task. One its action ignores (SIGCHLD's,
 * SIGWINCH's, SIGURG's default action, or SIG_IGN) is discarded here and
 * never reaches signal_deliver; strace shows it all the same (a traced
 * task's signals are never ignored), so it gets its SIGNAL record here, for
 * the thread it was sent to. Not for a group already exiting, whose signals
 * are discarded too. The caller holds task's siglock, interrupts off.
 */
static void msd_signal_generate(void *data, int sig, struct kernel_siginfo *info,
				struct task_struct *task, int group, int result)
{
	if (likely(!msd_filter.signals) || result != MSD_TRACE_SIGNAL_IGNORED ||
	    info == SEND_SIG_NOINFO || sig < 1 || sig > _NSIG ||
	    (task->signal->flags & SIGNAL_GROUP_EXIT) || !msd_task_recorded(task))
		return;
	msd_put_signal(task, sig, info, &task->sighand->action[sig - 1]);
}

/* ---- registration ------------------------------------------------------- */

static void msd_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sys_enter"))
		msd_tp_enter = tp;
	else if (!strcmp(tp->name, "sys_exit"))
		msd_tp_exit = tp;
	else if (!strcmp(tp->name, "sched_process_fork"))
		msd_tp_fork = tp;
	else if (!strcmp(tp->name, "sched_process_exit"))
		msd_tp_pexit = tp;
	else if (!strcmp(tp->name, "signal_deliver"))
		msd_tp_signal = tp;
	else if (!strcmp(tp->name, "signal_generate"))
		msd_tp_siggen = tp;
}

int msd_probes_init(void)
{
	for_each_kernel_tracepoint(msd_find_tp, NULL);
	if (!msd_tp_enter || !msd_tp_exit || !msd_tp_fork || !msd_tp_pexit || !msd_tp_signal ||
	    !msd_tp_siggen) {
		pr_err("syscall, sched or signal tracepoints not found (CONFIG_FTRACE_SYSCALLS?)\n");
		return -ENOENT;
	}
	return 0;
}

/* Waits for the rings' queued reader wakeups, before they are reset or freed. */
static void msd_wakeups_sync(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		irq_work_sync(&per_cpu_ptr(msd_rings, cpu)->wake_work);
}

int msd_probes_start(void)
{
	int err;

	err = tracepoint_probe_register(msd_tp_fork, msd_fork, NULL);
	if (err)
		goto err_fork;
	err = tracepoint_probe_register(msd_tp_pexit, msd_process_exit, NULL);
	if (err)
		goto err_pexit;
	err = tracepoint_probe_register(msd_tp_signal, msd_signal, NULL);
	if (err)
		goto err_signal;
	err = tracepoint_probe_register(msd_tp_siggen, msd_signal_generate, NULL);
	if (err)
		goto err_siggen;
	err = tracepoint_probe_register(msd_tp_enter, msd_sys_enter, NULL);
	if (err)
		goto err_enter;
	err = tracepoint_probe_register(msd_tp_exit, msd_sys_exit, NULL);
	if (err)
		goto err_exit;
	return 0;

err_exit:
	tracepoint_probe_unregister(msd_tp_enter, msd_sys_enter, NULL);
err_enter:
	tracepoint_probe_unregister(msd_tp_siggen, msd_signal_generate, NULL);
err_siggen:
	tracepoint_probe_unregister(msd_tp_signal, msd_signal, NULL);
err_signal:
	tracepoint_probe_unregister(msd_tp_pexit, msd_process_exit, NULL);
err_pexit:
	tracepoint_probe_unregister(msd_tp_fork, msd_fork, NULL);
err_fork:
	/* as msd_probes_stop(): the probes that ran may have queued wakeups */
	tracepoint_synchronize_unregister();
	msd_wakeups_sync();
	return err;
}

/*
 * With the probes gone: every thread whose slot holds an entry time is still
 * in that call (or left it after the exit probe went). Each gets an
 * unfinished SYSCALL record, its arguments read from its saved registers
 * while a reference keeps the task. No probe writes any more, so the rings
 * are ours: the records go round the CPUs' rings, all stamped now.
 */
static void msd_unfinished_all(void)
{
	unsigned int i, cpu = cpumask_first(cpu_possible_mask);

	for (i = 0; i < MSD_TASK_SLOTS; i++) {
		struct msd_task *t = &msd_tasks[i];
		struct task_struct *tsk = NULL;
		int tid = READ_ONCE(t->tid);
		struct pid *pid;

		if (tid <= 0 || !READ_ONCE(t->ts))
			continue;
		rcu_read_lock();
		pid = find_pid_ns(tid, &init_pid_ns);
		if (pid)
			tsk = pid_task(pid, PIDTYPE_PID);
		if (tsk)
			get_task_struct(tsk);
		rcu_read_unlock();
		/* a task in another call by now (its slot outlived an execve) is skipped */
		if (tsk && syscall_get_nr(tsk, task_pt_regs(tsk)) == (t->nr & ~MSD_NR_COMPAT)) {
			msd_put_unfinished(per_cpu_ptr(msd_rings, cpu), tsk, t->nr, t->ts,
					   task_pt_regs(tsk), false);
			cpu = cpumask_next(cpu, cpu_possible_mask);
			if (cpu >= nr_cpu_ids)
				cpu = cpumask_first(cpu_possible_mask);
		}
		if (tsk)
			put_task_struct(tsk);
		WRITE_ONCE(t->ts, 0);
	}
}

/*
 * After this returns no probe runs any more, the calls still in progress
 * have their records and the rings are quiescent.
 */
void msd_probes_stop(void)
{
	tracepoint_probe_unregister(msd_tp_exit, msd_sys_exit, NULL);
	tracepoint_probe_unregister(msd_tp_enter, msd_sys_enter, NULL);
	tracepoint_probe_unregister(msd_tp_siggen, msd_signal_generate, NULL);
	tracepoint_probe_unregister(msd_tp_signal, msd_signal, NULL);
	tracepoint_probe_unregister(msd_tp_pexit, msd_process_exit, NULL);
	tracepoint_probe_unregister(msd_tp_fork, msd_fork, NULL);
	tracepoint_synchronize_unregister();
	if (!msd_filter.both)
		msd_unfinished_all();
	msd_wakeups_sync();
}
