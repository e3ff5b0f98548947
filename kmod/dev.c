// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/my_sysdig: one reader at a time. ioctls configure and start the
 * trace; read() drains the per-CPU rings in whole records; poll() sleeps
 * until a ring passes its wake mark (batched through irq_work, never a
 * wakeup per record) or tracing stops.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/cpumask.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>
#include <linux/log2.h>
#include <linux/pid.h>
#include <linux/mm.h>
#include <linux/fdtable.h>
#include <linux/seq_file.h>
#include "my_sysdig.h"

DECLARE_WAIT_QUEUE_HEAD(msd_wq);

/* Serialises open, close, ioctl and read; never taken by probes. */
static DEFINE_MUTEX(msd_lock);
/*
 * The one reader: the open file that holds the device, and the fd table it
 * was opened in. NULL when the device is free. Every operation on another
 * file (one the owner has closed while another thread or a forked child
 * still held a reference) gets -EBADF, or end of file from read().
 */
static struct file *msd_owner;
static struct files_struct *msd_owner_files;
static bool msd_running;
static bool msd_stopped;		/* stopped after running: read() ends at empty */
static u32 msd_cur_buf_kb;		/* size of the allocated rings, 0: none */
static struct msd_filter msd_user_filter;
static struct msd_dump msd_user_dump;
static struct msd_block msd_user_block;

static void msd_wake_fn(struct irq_work *work)
{
	wake_up_interruptible(&msd_wq);
}

/* ---- filter ------------------------------------------------------------- */

static int msd_filter_check(const struct msd_filter *f)
{
	u32 i;

	if (f->flags & ~MSD_F_ALL || f->snaplen > MSD_SNAPLEN_MAX)
		return -EINVAL;
	if (f->npids > MSD_MAX_PIDS)
		return -EINVAL;
	if ((f->flags & MSD_F_SCAP) && (f->flags & MSD_F_BOTH))
		return -EINVAL;	/* sysdig events are written for completed syscalls */
	if ((f->flags & MSD_F_PIDS) && f->npids == 0)
		return -EINVAL;
	for (i = 0; i < f->npids; i++)
		if (f->pids[i] == 0 || f->pids[i] > PID_MAX_LIMIT)
			return -EINVAL;
	if (f->flags & MSD_F_COMM) {
		if (!f->comm[0] || strnlen(f->comm, MSD_COMM_LEN) == MSD_COMM_LEN)
			return -EINVAL;
	}
	if (f->buf_kb && (f->buf_kb < MSD_BUF_KB_MIN || f->buf_kb > MSD_BUF_KB_MAX))
		return -EINVAL;
	return 0;
}

/* Called with the probes unregistered. */
static void msd_filter_apply(const struct msd_filter *f)
{
	struct msd_kfilter *k = &msd_filter;
	u32 i;

	memset(k, 0, sizeof(*k));
	k->use_pids = f->flags & MSD_F_PIDS;
	k->use_comm = f->flags & MSD_F_COMM;
	k->children = f->flags & MSD_F_CHILDREN;
	k->select_all = !(f->flags & (MSD_F_PIDS | MSD_F_COMM | MSD_F_CHILDREN));
	/* with every process selected there is nothing to follow into the pid table */
	k->follow = !k->select_all && (f->flags & (MSD_F_FOLLOW | MSD_F_CHILDREN));
	/*
	 * Followed children and the reader's children land in the pid table, which
	 * then selects them too: a child of a process selected by name stays
	 * traced after it execs another program.
	 */
	if (k->follow)
		k->use_pids = true;
	k->use_syscalls = f->flags & MSD_F_SYSCALLS;
	k->both = f->flags & MSD_F_BOTH;
	k->scap = f->flags & MSD_F_SCAP;
	k->signals = f->flags & MSD_F_SIGNALS;
	k->exits = f->flags & MSD_F_EXITS;
	k->rt_offset = f->rt_offset;
	k->snaplen = f->snaplen;
	if (k->use_comm)
		memcpy(k->comm, f->comm, MSD_COMM_LEN);
	if (k->use_syscalls)
		for (i = 0; i < MSD_NR_MAX; i++)
			if (f->syscalls[i / 64] & (1ULL << (i % 64)))
				__set_bit(i, k->syscalls);
	/* calls of 32-bit tasks: my_sysdig_abi.h, struct msd_filter */
	if (f->flags & MSD_F_COMPAT_SYSCALLS) {
		k->compat_mode = MSD_COMPAT_BITMAP;
		for (i = 0; i < MSD_NR_MAX; i++)
			if (f->compat_syscalls[i / 64] & (1ULL << (i % 64)))
				__set_bit(i, k->compat_syscalls);
	} else {
		k->compat_mode = k->use_syscalls ? MSD_COMPAT_NONE : MSD_COMPAT_ALL;
	}
	msd_pids_reset();
	msd_tasks_reset();
	/* the dump sets: their own ioctl, kept until the device is opened again */
	k->dump = msd_user_dump.flags;
	for (i = 0; i < MSD_DUMP_FDS; i++) {
		if (msd_user_dump.read_fds[i / 64] & (1ULL << (i % 64)))
			__set_bit(i, k->dump_read);
		if (msd_user_dump.write_fds[i / 64] & (1ULL << (i % 64)))
			__set_bit(i, k->dump_write);
	}
	k->block_ms = msd_user_block.timeout_ms;
	if (f->flags & MSD_F_PIDS)
		for (i = 0; i < f->npids; i++)
			msd_pid_insert(f->pids[i]);
}

/* ---- rings -------------------------------------------------------------- */

static void msd_rings_free(void)
{
	int cpu;

	if (!msd_cur_buf_kb)
		return;
	for_each_possible_cpu(cpu) {
		struct msd_ring *r = per_cpu_ptr(msd_rings, cpu);

		vfree(r->data);
		r->data = NULL;
	}
	msd_cur_buf_kb = 0;
}

/*
 * The rings are allocated for every possible CPU, which boards and VMs may
 * report many more of than they have: the total may take at most half of
 * the memory available when they are allocated (si_mem_available(), what
 * /proc/meminfo calls MemAvailable), so that a large --buffer-size never
 * drives the machine into the OOM killer. -E2BIG tells user space which
 * limit it met.
 */
static int msd_rings_fit(u32 size)
{
	u64 need = (u64)size * num_possible_cpus();
	u64 avail = (u64)si_mem_available() << PAGE_SHIFT;

	return need > avail / 2 ? -E2BIG : 0;
}

static int msd_rings_alloc(u32 buf_kb)
{
	u32 size = roundup_pow_of_two(buf_kb * 1024);
	int cpu, err;

	if (msd_cur_buf_kb != buf_kb) {
		msd_rings_free();
		err = msd_rings_fit(size);
		if (err)
			return err;
	}
	for_each_possible_cpu(cpu) {
		struct msd_ring *r = per_cpu_ptr(msd_rings, cpu);
		char *data = r->data;

		if (!data) {
			/* zeroed: no byte of it reaches user space unwritten */
			data = vzalloc_node(size, cpu_to_node(cpu));
			if (!data) {
				msd_cur_buf_kb = buf_kb;
				msd_rings_free();
				return -ENOMEM;
			}
		}
		memset(r, 0, sizeof(*r));
		r->data = data;
		r->size = size;
		r->cpu = cpu;
		r->inflight = MSD_TS_IDLE;
		/* wake the reader when a ring is a quarter full */
		r->wake_bytes = size / 4;
		r->next_wake = r->wake_bytes;
		init_irq_work(&r->wake_work, msd_wake_fn);
	}
	msd_cur_buf_kb = buf_kb;
	return 0;
}

static bool msd_data_ready(void)
{
	int cpu;

	if (!msd_cur_buf_kb)
		return false;
	for_each_possible_cpu(cpu) {
		struct msd_ring *r = per_cpu_ptr(msd_rings, cpu);

		if (smp_load_acquire(&r->head) != r->tail)
			return true;
	}
	return false;
}

/* ---- start / stop --------------------------------------------------------- */

static int msd_start(void)
{
	u32 buf_kb = msd_user_filter.buf_kb ?: msd_param_bufsize_kb;
	int err;

	if (msd_running)
		return -EBUSY;
	err = msd_rings_alloc(buf_kb);
	if (err)
		return err;
	msd_filter_apply(&msd_user_filter);
	msd_consumer_tgid = current->tgid;
	msd_stopped = false;
	msd_block_start(msd_filter.block_ms);
	err = msd_probes_start();
	if (err) {
		msd_block_stop();
		return err;
	}
	msd_running = true;
	return 0;
}

static void msd_stop(void)
{
	if (!msd_running)
		return;
	msd_probes_stop();
	/* no thread waits for the rings any more: they may be freed */
	msd_block_stop();
	msd_running = false;
	msd_stopped = true;
	wake_up_interruptible(&msd_wq);
}

/* ---- file operations ------------------------------------------------------ */

/*
 * Who may trace: the device hands out every traced process's paths and
 * buffers, so its mode alone (a relaxed udev rule, a bind mount into a
 * container, an fd passed over a socket) must not decide. As perf and bpf
 * do, the opener needs CAP_PERFMON or CAP_SYS_ADMIN in the initial user
 * namespace (perfmon_capable()).
 */
static int msd_open(struct inode *inode, struct file *file)
{
	if (!perfmon_capable())
		return -EPERM;
	mutex_lock(&msd_lock);
	if (msd_owner) {
		mutex_unlock(&msd_lock);
		return -EBUSY;
	}
	msd_owner = file;
	msd_owner_files = current->files;
	msd_user_filter = msd_default_filter;
	memset(&msd_user_dump, 0, sizeof(msd_user_dump));
	memset(&msd_user_block, 0, sizeof(msd_user_block));
	msd_stopped = false;
	mutex_unlock(&msd_lock);
	return nonseekable_open(inode, file);
}

/* Stops tracing and frees the device for the next reader. Called with msd_lock held. */
static void msd_detach(void)
{
	msd_stop();
	msd_rings_free();
	msd_owner = NULL;
	msd_owner_files = NULL;
	msd_stopped = false;
	/* a reader still asleep on the old file wakes up to end of file */
	wake_up_interruptible(&msd_wq);
}

static int msd_same_file(const void *file, struct file *f, unsigned int fd)
{
	return f == file;
}

/*
 * Every close() of a descriptor of the device. The last reference to the
 * file, which ends in msd_release(), can outlive the owner's close(): a
 * syscall on it in another thread (a read() asleep in the module, a poll()
 * or ioctl() in progress), or a child forked before it was closed and not
 * yet past its exec, holds one. Then a new open() right after close()
 * returned found the device busy. So the device is freed here, as soon as
 * the fd table that opened it has no descriptor of it left, and what still
 * holds the old file finds it detached.
 */
static int msd_flush(struct file *file, fl_owner_t id)
{
	mutex_lock(&msd_lock);
	if (file == msd_owner && id == msd_owner_files &&
	    !iterate_fd(msd_owner_files, 0, msd_same_file, file))
		msd_detach();
	mutex_unlock(&msd_lock);
	return 0;
}

static int msd_release(struct inode *inode, struct file *file)
{
	mutex_lock(&msd_lock);
	if (file == msd_owner)
		msd_detach();
	mutex_unlock(&msd_lock);
	return 0;
}

static void msd_sum_stats(struct msd_stats *st, int cpu)
{
	struct msd_ring *r = per_cpu_ptr(msd_rings, cpu);

	st->seen += READ_ONCE(r->seen);
	st->recorded += READ_ONCE(r->recorded);
	st->dropped += READ_ONCE(r->dropped);
	st->follow_full += READ_ONCE(r->follow_full);
	st->unpaired += READ_ONCE(r->unpaired);
}

static long msd_get_stats(struct msd_stats __user *up)
{
	struct msd_stats st;
	u32 cpu;
	int c;

	if (get_user(cpu, &up->cpu))
		return -EFAULT;
	memset(&st, 0, sizeof(st));
	st.cpu = cpu;
	if (cpu == MSD_ALL_CPUS) {
		st.online = !!msd_cur_buf_kb;
		if (msd_cur_buf_kb)
			for_each_possible_cpu(c)
				msd_sum_stats(&st, c);
	} else if (cpu >= nr_cpu_ids) {
		return -EINVAL;
	} else if (cpu_possible(cpu) && msd_cur_buf_kb) {
		st.online = 1;
		msd_sum_stats(&st, cpu);
	}
	return copy_to_user(up, &st, sizeof(st)) ? -EFAULT : 0;
}

static long msd_get_info(struct msd_info __user *up)
{
	struct msd_info *info;
	long ret = 0;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	info->abi_version = MSD_ABI_VERSION;
	info->ncpus = nr_cpu_ids;
	info->buf_kb = msd_param_bufsize_kb;
	info->max_pids = MSD_MAX_PIDS;
	info->nr_max = MSD_NR_MAX;
	info->running = msd_running;
	info->realtime_offset = ktime_get_real_ns() - ktime_get_ns();
	info->defaults = msd_default_filter;
	if (copy_to_user(up, info, sizeof(*info)))
		ret = -EFAULT;
	kfree(info);
	return ret;
}

static long msd_set_filter(const struct msd_filter __user *up)
{
	struct msd_filter *f;
	long ret;

	if (msd_running)
		return -EBUSY;
	f = memdup_user(up, sizeof(*f));
	if (IS_ERR(f))
		return PTR_ERR(f);
	ret = msd_filter_check(f);
	if (!ret)
		msd_user_filter = *f;
	kfree(f);
	return ret;
}

static long msd_set_dump(const struct msd_dump __user *up)
{
	struct msd_dump d;

	if (msd_running)
		return -EBUSY;
	if (copy_from_user(&d, up, sizeof(d)))
		return -EFAULT;
	if (d.flags & ~MSD_DUMP_ALL || d.reserved)
		return -EINVAL;
	msd_user_dump = d;
	return 0;
}

static long msd_set_block(const struct msd_block __user *up)
{
	struct msd_block b;

	if (msd_running)
		return -EBUSY;
	if (copy_from_user(&b, up, sizeof(b)))
		return -EFAULT;
	if (b.timeout_ms > MSD_BLOCK_MAX_MS || b.reserved)
		return -EINVAL;
	msd_user_block = b;
	return 0;
}

static long msd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *up = (void __user *)arg;
	long ret;

	mutex_lock(&msd_lock);
	if (file != msd_owner) {
		/* the owner closed it; another thread or child still held it */
		mutex_unlock(&msd_lock);
		return -EBADF;
	}
	switch (cmd) {
	case MSD_IOC_VERSION:
		ret = put_user((u32)MSD_ABI_VERSION, (u32 __user *)up);
		break;
	case MSD_IOC_INFO:
		ret = msd_get_info(up);
		break;
	case MSD_IOC_SET_FILTER:
		ret = msd_set_filter(up);
		break;
	case MSD_IOC_START:
		ret = msd_start();
		break;
	case MSD_IOC_STOP:
		msd_stop();
		ret = 0;
		break;
	case MSD_IOC_STATS:
		ret = msd_get_stats(up);
		break;
	case MSD_IOC_SET_DUMP:
		ret = msd_set_dump(up);
		break;
	case MSD_IOC_SET_BLOCK:
		ret = msd_set_block(up);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&msd_lock);
	return ret;
}

/*
 * Copy whole records of one ring into ubuf: at most len bytes, and none
 * whose timestamp is past limit. Returns the bytes copied or -EFAULT.
 *
 * Records never wrap: one that would is preceded by a PAD record filling the
 * ring to its end, and one that fits exactly ends at r->size with the next
 * at offset 0. Each pass gathers the records contiguous from pos up to the
 * head, a PAD, the end of the ring or the limit, and copies them in one go.
 *
 * The drain moves r->rpos only: the records stay in the ring (the producer
 * cannot reuse their space) until msd_read() publishes the new tails, once
 * the whole read, its BATCH record included, reached user space.
 */
static ssize_t msd_drain_ring(struct msd_ring *r, char __user *ubuf, size_t len, u64 limit)
{
	u64 head = smp_load_acquire(&r->head);
	u64 pos = r->rpos;
	size_t done = 0;

	while (pos < head) {
		u32 off = pos & (r->size - 1);
		u32 room = r->size - off;	/* bytes up to the end of the ring */
		u32 span = 0, pad = 0;
		bool stop = false;

		while (pos + span < head && span < room) {
			struct msd_rec_hdr *h = (struct msd_rec_hdr *)(r->data + off + span);
			u32 sz = h->size;

			if (unlikely(sz < MSD_REC_ALIGN || sz % MSD_REC_ALIGN ||
				     sz > room - span || pos + span + sz > head)) {
				/* cannot happen unless memory is corrupt: resync */
				pr_err_ratelimited("ring corrupt at %llu, resetting\n", pos + span);
				r->rpos = head;
				return done;
			}
			if (h->kind == MSD_REC_PAD) {
				pad = sz;
				break;
			}
			if (done + span + sz > len || h->ts > limit) {
				stop = true;
				break;
			}
			span += sz;
		}
		if (span) {
			if (copy_to_user(ubuf + done, r->data + off, span))
				return -EFAULT;
			done += span;
			pos += span;
		}
		if (stop)
			break;
		pos += pad;
	}
	r->rpos = pos;
	return done;
}

/*
 * The timestamp of ring r's next record in this read, U64_MAX when it has
 * none (the reader owns the tail; PAD records are stepped over). A size that
 * cannot be gives 0: the drain that follows finds the corruption and resyncs.
 */
static u64 msd_next_ts(struct msd_ring *r)
{
	u64 head = smp_load_acquire(&r->head);
	u64 pos = r->rpos;

	while (pos < head) {
		struct msd_rec_hdr *h = (struct msd_rec_hdr *)(r->data + (pos & (r->size - 1)));

		if (unlikely(h->size < MSD_REC_ALIGN || h->size % MSD_REC_ALIGN))
			return 0;
		if (h->kind != MSD_REC_PAD)
			return h->ts;
		pos += h->size;
	}
	return U64_MAX;
}

/* First CPU the next read() looks at, rotating so that none always wins ties. */
static unsigned int msd_read_first;

/*
 * How far past the next-oldest CPU's first record one CPU's run may go in a
 * read: long copies, while user space holds back (until a later mark) no
 * more than this stretch of any CPU's records.
 */
#define MSD_READ_SLACK_NS	(1000 * 1000)

/*
 * Draining in time order: each step copies a run of the CPU whose next
 * record is the oldest, up to the next-oldest CPU's first record (plus the
 * slack). A read then returns every CPU's records of the same stretch of
 * time, so the mark that ends it (the oldest record left behind) releases
 * nearly all of them: user space holds what came in during the read, never
 * a backlog of one CPU while it waits for another's older records. Draining
 * equal shares of bytes instead let that backlog grow without bound whenever
 * the CPUs' records covered different times (a task that migrated, one CPU
 * busier than another), and draining CPU 0 first let one flooding CPU starve
 * the others. A CPU's records are never returned ahead of older ones on
 * another CPU by more than the slack, so none is starved.
 */
/*
 * How long a blocking read() sleeps before it looks at the rings again. The
 * producers wake the reader only when a ring passes its wake mark (a quarter
 * full), so records of a quiet process could otherwise wait there for good
 * while read() slept; poll() users have their own timeout.
 */
#define MSD_READ_WAIT		(HZ / 10)

/* Publishes the read positions of every ring: their records left for user space. */
static void msd_read_commit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct msd_ring *r = per_cpu_ptr(msd_rings, cpu);

		smp_store_release(&r->tail, r->rpos);
	}
	/* threads waiting for room (MSD_IOC_SET_BLOCK) */
	msd_block_wake();
}

static ssize_t msd_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	struct msd_rec_hdr batch;
	unsigned int i, first;
	size_t done = 0;
	int err = 0;
	u64 t0, mark;

	if (len < MSD_READ_MIN)
		return -EINVAL;
	for (;;) {
		mutex_lock(&msd_lock);
		if (file != msd_owner) {
			/* the owner closed the device while this read waited */
			mutex_unlock(&msd_lock);
			return 0;
		}
		if (msd_data_ready())
			break;
		if (!msd_running) {
			mutex_unlock(&msd_lock);
			return msd_stopped || msd_cur_buf_kb ? 0 : -EINVAL;
		}
		mutex_unlock(&msd_lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible_timeout(msd_wq, msd_data_ready() || !msd_running ||
						     READ_ONCE(msd_owner) != file,
						     MSD_READ_WAIT) < 0)
			return -ERESTARTSYS;
	}
	/*
	 * The mark: t0, lowered to the bound of any record being written now
	 * (msd_ts_begin() in probe.c explains the pairing of the barriers) and
	 * to the oldest record left behind. Every bound is loaded before any
	 * head, so that what a drain sees is at least what its bound covers.
	 */
	t0 = ktime_get_mono_fast_ns();
	smp_mb();
	mark = t0;
	for_each_possible_cpu(i) {
		struct msd_ring *r = per_cpu_ptr(msd_rings, i);
		u64 f = smp_load_acquire(&r->inflight);

		if (f < mark)
			mark = f;
		r->rpos = r->tail;
	}
	first = msd_read_first;
	msd_read_first = cpumask_next(first % nr_cpu_ids, cpu_possible_mask);
	if (msd_read_first >= nr_cpu_ids)
		msd_read_first = cpumask_first(cpu_possible_mask);
	len -= sizeof(batch);
	for (;;) {
		struct msd_ring *best = NULL;
		u64 best_ts = U64_MAX, second = U64_MAX, limit;
		ssize_t n;

		for (i = 0; i < nr_cpu_ids; i++) {
			unsigned int cpu = (first + i) % nr_cpu_ids;
			struct msd_ring *r;
			u64 ts;

			if (!cpu_possible(cpu))
				continue;
			r = per_cpu_ptr(msd_rings, cpu);
			ts = msd_next_ts(r);
			if (ts < best_ts) {
				second = best_ts;
				best_ts = ts;
				best = r;
			} else if (ts < second) {
				second = ts;
			}
		}
		if (!best)
			break;
		limit = second > U64_MAX - MSD_READ_SLACK_NS ? U64_MAX : second + MSD_READ_SLACK_NS;
		n = msd_drain_ring(best, ubuf + done, len - done, limit);
		if (n < 0) {
			err = n;
			break;
		}
		if (n == 0)
			break;	/* the oldest record does not fit what is left */
		done += n;
	}
	/* every record still in a ring is at least its ring's next */
	for_each_possible_cpu(i) {
		u64 next = msd_next_ts(per_cpu_ptr(msd_rings, i));

		if (next < mark)
			mark = next;
	}
	memset(&batch, 0, sizeof(batch));
	batch.size = sizeof(batch);
	batch.kind = MSD_REC_BATCH;
	batch.ts = mark;
	/*
	 * All or nothing: a buffer that faults part-way gets -EFAULT and every
	 * record stays in its ring for the next read, so that records never
	 * reach user space without the BATCH mark that orders them.
	 */
	if (!err && copy_to_user(ubuf + done, &batch, sizeof(batch)))
		err = -EFAULT;
	if (!err)
		msd_read_commit();
	mutex_unlock(&msd_lock);
	return err ? err : done + sizeof(batch);
}

static __poll_t msd_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &msd_wq, wait);
	/* a file the owner closed reads as end of file */
	if (READ_ONCE(msd_owner) != file)
		return EPOLLIN | EPOLLRDNORM;
	/* before START nothing is coming yet; after STOP read() ends at empty */
	if (msd_data_ready() || READ_ONCE(msd_stopped))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

/*
 * /proc/PID/fdinfo/FD of the device: whether this file is tracing now (the
 * start ioctl has returned and no stop has come). A snapshot read without the
 * lock, as perf's and bpf's fdinfo are: for people and scripts waiting for a
 * tracer to be live, never for a decision inside the module.
 */
static void msd_show_fdinfo(struct seq_file *m, struct file *file)
{
	bool tracing = READ_ONCE(msd_owner) == file && READ_ONCE(msd_running);

	seq_printf(m, "msd_tracing:\t%d\n", tracing);
	/* backpressure since the last start: waits, those that timed out, no slot free */
	if (READ_ONCE(msd_owner) == file)
		msd_block_show(m);
}

static const struct file_operations msd_fops = {
	.owner = THIS_MODULE,
	.open = msd_open,
	.flush = msd_flush,
	.release = msd_release,
	.read = msd_read,
	.poll = msd_poll,
	.unlocked_ioctl = msd_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.show_fdinfo = msd_show_fdinfo,
};

static struct miscdevice msd_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = MSD_DEVICE_NAME,
	.fops = &msd_fops,
	.mode = 0600,
};

int msd_dev_init(void)
{
	return misc_register(&msd_misc);
}

void msd_dev_exit(void)
{
	misc_deregister(&msd_misc);
}
