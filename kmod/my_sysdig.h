/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MY_SYSDIG_H
#define MY_SYSDIG_H

#include <linux/types.h>
#include <linux/percpu.h>
#include <linux/irq_work.h>
#include <linux/wait.h>
#include <linux/cache.h>
#include "my_sysdig_abi.h"
#include "capture.h"

/*
 * One ring per CPU, single producer (the probes on that CPU, preemption
 * disabled; at MSD_IOC_STOP, with the probes gone, the stopping ioctl) and
 * single consumer (read() under msd_lock). head and tail are byte positions
 * that only grow; the data offset is pos & (size - 1). A record never wraps:
 * the producer pads to the end of the buffer first.
 *
 * inflight is MSD_TS_IDLE, or while the producer writes a record a bound
 * below that record's timestamp (the timestamp of the ring's last record),
 * for read()'s BATCH mark: see msd_ts_begin() in probe.c and msd_read().
 */
#define MSD_TS_IDLE		U64_MAX

struct msd_ring {
	/* producer */
	u64 head ____cacheline_aligned;
	u64 inflight;
	u64 last_ts;		/* timestamp of the last record committed */
	u64 next_wake;
	u64 seen;
	u64 recorded;
	u64 dropped;
	u64 lost_pending;
	u64 follow_full;
	u64 unpaired;
	/* consumer */
	u64 tail ____cacheline_aligned;
	u64 rpos;		/* read() position, published to tail when the read succeeds */
	/* fixed while running */
	char *data;
	u32 size;
	u32 cpu;
	u32 wake_bytes;
	struct irq_work wake_work;
};

/* Internal record kind: filler at the end of a ring, never reaches user space. */
#define MSD_REC_PAD		0
#define MSD_REC_ALIGN		8

/* The filter in the form the probes use. */
struct msd_kfilter {
	bool select_all;
	bool use_pids;
	bool use_comm;
	bool follow;
	bool children;
	bool use_syscalls;
	bool both;		/* ENTER and EXIT records; else pair into SYSCALL */
	bool scap;		/* SCAP records for the syscalls kmod/scap.c writes */
	bool signals;		/* SIGNAL records */
	bool exits;		/* PROCEXIT records */
	u32 snaplen;
	u64 rt_offset;		/* CLOCK_REALTIME - CLOCK_MONOTONIC for SCAP times */
	char comm[MSD_COMM_LEN];
	unsigned long syscalls[BITS_TO_LONGS(MSD_NR_MAX)];
	/* compat calls: MSD_COMPAT_ALL, _NONE or _BITMAP (compat_syscalls) */
	u8 compat_mode;
	unsigned long compat_syscalls[BITS_TO_LONGS(MSD_NR_MAX)];
	/* dumps (MSD_IOC_SET_DUMP): MSD_DUMP_* flags, 0: none */
	u32 dump;
	unsigned long dump_read[BITS_TO_LONGS(MSD_DUMP_FDS)];
	unsigned long dump_write[BITS_TO_LONGS(MSD_DUMP_FDS)];
	/* MSD_IOC_SET_BLOCK: 0, threads never wait for the reader */
	u32 block_ms;
};

#define MSD_COMPAT_ALL		0
#define MSD_COMPAT_NONE		1
#define MSD_COMPAT_BITMAP	2

/* Table of traced thread group ids: the requested ones and followed children. */
#define MSD_PID_BITS		10
#define MSD_PID_SLOTS		(1U << MSD_PID_BITS)
#define MSD_PID_PROBES		16
#define MSD_PID_FREE		0
#define MSD_PID_GONE		(-1)

/*
 * Per-thread pairing slots: the entry time of the syscall a thread is in,
 * so that its exit writes one SYSCALL record. A slot belongs to a thread
 * from its first traced syscall until it exits (sched_process_exit), and
 * only that thread writes its nr and ts: claiming is the one cmpxchg.
 */
#define MSD_TASK_BITS		12
#define MSD_TASK_SLOTS		(1U << MSD_TASK_BITS)
#define MSD_TASK_PROBES		32

/* In a slot's nr and anr: the call was a compat one (the 32-bit ABI's number). */
#define MSD_NR_COMPAT		(1 << 30)

struct msd_task {
	int tid;		/* MSD_PID_FREE, MSD_PID_GONE or the owner */
	int nr;			/* the call's number, | MSD_NR_COMPAT for a compat call */
	u64 ts;			/* entry time, 0: not in a traced syscall */
	int anr;		/* the call whose entry read alen (-1: taken) */
	int alen;		/* its socket address buffer's length (capture.h) */
	int snr;		/* the call whose entry kept sv (-1: taken) */
	struct msd_saved sv;	/* its TIMEOUT structure at entry (capture.h) */
};

extern struct msd_kfilter msd_filter;
extern pid_t msd_consumer_tgid;
extern struct msd_ring __percpu *msd_rings;
extern wait_queue_head_t msd_wq;
extern unsigned int msd_param_bufsize_kb;
extern struct msd_filter msd_default_filter;

int msd_probes_init(void);
int msd_probes_start(void);
void msd_probes_stop(void);
void msd_pids_reset(void);
void msd_tasks_reset(void);
int msd_pid_insert(pid_t tgid);

/* block.c: traced threads waiting for the reader (MSD_IOC_SET_BLOCK) */
struct seq_file;
void msd_block_arm(u32 cpu);
void msd_block_wake(void);
void msd_block_start(u32 timeout_ms);
void msd_block_stop(void);
void msd_block_show(struct seq_file *m);

int msd_dev_init(void);
void msd_dev_exit(void);

#endif /* MY_SYSDIG_H */
