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

/*
 * Whether the current syscall came through the 32-bit compat entry, whose
 * numbers are another table's (i386's, arm EABI's): MSD_RF_COMPAT. On
 * x86_64 that is an ia32 call (int 0x80, sysenter, syscall from a 32-bit
 * code segment: TS_COMPAT in the thread's status, cleared only on the way
 * back to user space, after sys_exit); x32 calls are not compat here, their
 * numbers are x86_64's with __X32_SYSCALL_BIT, above MSD_NR_MAX. On arm64
 * it is a call of an AArch32 task (TIF_32BIT). execve changes either: see
 * MSD_EXEC_FLIPS_ABI. Cheap: one flag test.
 */
#if defined(CONFIG_X86_64) && defined(CONFIG_IA32_EMULATION)
#include <asm/compat.h>
#define msd_compat_call()	in_ia32_syscall()
#elif defined(CONFIG_ARM64) && defined(CONFIG_COMPAT)
#include <linux/compat.h>
#define msd_compat_call()	is_compat_task()
#else
#define msd_compat_call()	false
#endif

/*
 * A successful execve switches the task's ABI to the new program's before
 * sys_exit, while the syscall number register keeps the old ABI's number:
 * arm64 decides compat-ness by the task's personality (TIF_32BIT), and
 * x86_64's set_personality_ia32() sets TS_COMPAT for the new 32-bit
 * program's "first return to user space". The probes take the ABI of the
 * entry then (probe.c, msd_exit_abi()), from the thread's pairing slot.
 */
#if defined(CONFIG_X86_64) && defined(CONFIG_IA32_EMULATION)
#define MSD_EXEC_FLIPS_ABI	1
#define MSD_NATIVE_EXECVE	59	/* x86_64 */
#define MSD_NATIVE_EXECVEAT	322
#define MSD_COMPAT_EXECVE	11	/* i386 */
#define MSD_COMPAT_EXECVEAT	358
/* What such an exit shows: the new ABI's execve (set_personality_*() sets orig_ax) */
#define msd_exec_exit_nr(id, compat)	((compat) ? (id) == 11 : (id) == 59)
#elif defined(CONFIG_ARM64) && defined(CONFIG_COMPAT)
#define MSD_EXEC_FLIPS_ABI	1
#define MSD_NATIVE_EXECVE	221	/* arm64 */
#define MSD_NATIVE_EXECVEAT	281
#define MSD_COMPAT_EXECVE	11	/* arm EABI */
#define MSD_COMPAT_EXECVEAT	387
/* What such an exit shows: the old ABI's number under the new ABI's flag */
#define msd_exec_exit_nr(id, compat)	((compat) ? (id) == 221 || (id) == 281 : \
					 (id) == 11 || (id) == 387)
#else
#define MSD_EXEC_FLIPS_ABI	0
#define MSD_NATIVE_EXECVE	(-1)
#define MSD_NATIVE_EXECVEAT	(-1)
#define MSD_COMPAT_EXECVE	(-1)
#define MSD_COMPAT_EXECVEAT	(-1)
#define msd_exec_exit_nr(id, compat)	false
#endif

/*
 * rt_sigreturn restores the signal mask its frame holds (struct rt_sigframe,
 * arch/x86/include/asm/sigframe.h and arch/arm64/kernel/signal.c): where that
 * mask lies from the stack pointer at the call's entry. x86_64's frame starts
 * with the return address the handler's `ret` popped (the kernel reads the
 * frame at sp - sizeof(long)): its ucontext is at sp. arm64's frame is at sp,
 * its siginfo first. Native calls only; MSD_SIGFRAME_MASK undefined: none.
 */
#if defined(CONFIG_X86_64)
#include <asm/ucontext.h>
#define MSD_SIGFRAME_MASK	offsetof(struct ucontext, uc_sigmask)
#elif defined(CONFIG_ARM64)
#include <asm/ucontext.h>
#define MSD_SIGFRAME_MASK	(sizeof(struct siginfo) + offsetof(struct ucontext, uc_sigmask))
#endif

#endif /* MY_SYSDIG_COMPAT_H */
