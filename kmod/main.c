// SPDX-License-Identifier: GPL-2.0
/*
 * my_sysdig: records the syscalls of selected processes into per-CPU rings
 * that user space drains through /dev/my_sysdig.
 *
 * The parameters keep the original module's interface: loaded with pid=N or
 * proc_name=NAME, that filter is what a reader gets until it sets its own.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/threads.h>
#include <linux/string.h>
#include "my_sysdig.h"

static int msd_param_pid;
module_param_named(pid, msd_param_pid, int, 0444);
MODULE_PARM_DESC(pid, "trace this process (thread group id) by default");

static char *msd_param_proc_name;
module_param_named(proc_name, msd_param_proc_name, charp, 0444);
MODULE_PARM_DESC(proc_name, "trace processes with this name by default (first 15 characters)");

unsigned int msd_param_bufsize_kb = 1024;
module_param_named(bufsize_kb, msd_param_bufsize_kb, uint, 0444);
MODULE_PARM_DESC(bufsize_kb, "per-CPU ring size in KiB (128..262144, rounded up to a power of two)");

struct msd_filter msd_default_filter;

static int __init msd_params_check(void)
{
	struct msd_filter *f = &msd_default_filter;

	f->snaplen = MSD_SNAPLEN_DEFAULT;
	if (msd_param_bufsize_kb < MSD_BUF_KB_MIN || msd_param_bufsize_kb > MSD_BUF_KB_MAX) {
		pr_err("bufsize_kb=%u out of range %u..%u\n", msd_param_bufsize_kb, MSD_BUF_KB_MIN,
		       MSD_BUF_KB_MAX);
		return -EINVAL;
	}
	if (msd_param_pid < 0 || msd_param_pid > PID_MAX_LIMIT) {
		pr_err("pid=%d is not a valid process id\n", msd_param_pid);
		return -EINVAL;
	}
	if (msd_param_pid) {
		f->flags |= MSD_F_PIDS;
		f->npids = 1;
		f->pids[0] = msd_param_pid;
	}
	if (msd_param_proc_name) {
		size_t len = strlen(msd_param_proc_name);

		if (!len) {
			pr_err("proc_name is empty\n");
			return -EINVAL;
		}
		if (len >= MSD_COMM_LEN)
			pr_notice("proc_name=%s is longer than %d characters: matching the first %d\n",
				  msd_param_proc_name, MSD_COMM_LEN - 1, MSD_COMM_LEN - 1);
		strscpy(f->comm, msd_param_proc_name, MSD_COMM_LEN);
		f->flags |= MSD_F_COMM;
	}
	return 0;
}

static int __init msd_init(void)
{
	int err;

	err = msd_params_check();
	if (err)
		return err;
	err = msd_probes_init();
	if (err)
		return err;
	msd_rings = alloc_percpu(struct msd_ring);
	if (!msd_rings)
		return -ENOMEM;
	err = msd_dev_init();
	if (err)
		goto err_dev;
	pr_info("loaded, ABI %d, %u KiB per CPU\n", MSD_ABI_VERSION, msd_param_bufsize_kb);
	return 0;

err_dev:
	free_percpu(msd_rings);
	return err;
}

static void __exit msd_exit(void)
{
	/* an open reader holds a module reference: no probe can be registered here */
	msd_dev_exit();
	free_percpu(msd_rings);
	pr_info("unloaded\n");
}

module_init(msd_init);
module_exit(msd_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Low-overhead syscall recorder for selected processes");
MODULE_VERSION("0.1.0");
