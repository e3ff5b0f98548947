/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MY_SYSDIG_SCAP_H
#define MY_SYSDIG_SCAP_H

#include <linux/types.h>
#include <linux/compat.h>
#include "capture.h"

/* The pieces of sysdig's capture format the module writes (docs/scap-format.md). */
#define MSD_SCAP_EV_V2		0x216	/* event block, version 2 */
#define MSD_SCAP_GENERIC_E	0
#define MSD_SCAP_GENERIC_X	1

/* msd_scap_sc: a value with this bit is a plan number (kmod/scap_plans.h), else PPM_SC + 1. */
#define MSD_SCAP_PLAN		0x8000U
/* Parameters of a dedicated event before msd and items, at most. */
#define MSD_SCAP_PLAN_NP	6

/*
 * By syscall number: sysdig's PPM_SC code + 1 (GENERIC_E and GENERIC_X),
 * MSD_SCAP_PLAN | n (the dedicated events of plan n), 0 (no events).
 */
extern const u16 msd_scap_sc[MSD_NR_MAX];

/*
 * Whether syscall nr's completed calls become SCAP records: its entry of
 * msd_scap_sc, or 0 (a dedicated sysdig event the module does not fill,
 * execve's entry record, a 32-bit task).
 */
static __always_inline u32 msd_scap_code(long nr)
{
	if ((unsigned long)nr >= MSD_NR_MAX || in_compat_syscall())
		return 0;
	return msd_scap_sc[nr];
}

u32 msd_scap_max(u32 code, u32 cap_max);
char *msd_scap_write(char *p, const struct msd_sc *sc, u32 code, u32 cap_max, long nr,
		     const unsigned long *args, long ret, u64 enter_rt, u64 exit_rt,
		     u32 tid, u32 cpu, u32 snaplen, int alen,
		       const struct msd_saved *sv);

#endif /* MY_SYSDIG_SCAP_H */
