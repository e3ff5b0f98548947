/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version differences, one shim each, naming the change it covers.
 * Nothing outside this file tests LINUX_VERSION_CODE.
 */
#ifndef MY_SYSDIG_COMPAT_H
#define MY_SYSDIG_COMPAT_H

#include <linux/version.h>
#include <linux/sched.h>

/*
 * sched_process_exit gained a `bool group_dead` argument in v6.16
 * ("sched: Add group_dead to sched_process_exit tracepoint"). The probe
 * signature has to match the tracepoint's prototype exactly.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
#define MSD_EXIT_PROBE_ARGS	void *data, struct task_struct *p, bool group_dead
#else
#define MSD_EXIT_PROBE_ARGS	void *data, struct task_struct *p
#endif

/*
 * Since v6.13 ("tracing: Allow system call tracepoints to handle page
 * faults") syscall tracepoint probes run with preemption enabled. The probes
 * use per-CPU rings, so they disable preemption themselves on every kernel;
 * on older kernels that is a nested, nearly free increment.
 */

/*
 * A new task's return from clone()/fork() is a sys_exit event on x86_64
 * (ret_from_fork leaves through syscall_exit_to_user_mode()) but not on
 * arm64, whose ret_from_fork goes straight to ret_to_user without
 * syscall_trace_exit(), on every kernel so far. The probes then report the
 * child's return themselves, from sched_process_fork, as falco's driver
 * does on arm64 (CAPTURE_SCHED_PROC_FORK).
 */
#ifdef CONFIG_ARM64
#define MSD_SYNTH_CHILD_RETURN	1
#else
#define MSD_SYNTH_CHILD_RETURN	0
#endif

#endif /* MY_SYSDIG_COMPAT_H */
