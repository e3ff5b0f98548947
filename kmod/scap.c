// SPDX-License-Identifier: GPL-2.0
/*
 * Completed syscalls as sysdig's own events (MSD_F_SCAP): the GENERIC_E and
 * GENERIC_X blocks a capture file holds, written straight into the ring, so
 * that user space copies them to the file without looking at a parameter.
 * The layout is the one src/scap/writer.ts writes for the same call from a
 * SYSCALL record (kmod/my_sysdig_abi.h, MSD_REC_SCAP); the guest tests hold
 * the two to the same file. Runs on the per-syscall path: no lock, no
 * allocation, every byte written.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include "my_sysdig.h"
#include "scap.h"

#define SCAP(nr_, code_) [nr_] = (code_) + 1
#define PLAN(nr_, n_) [nr_] = MSD_SCAP_PLAN | (n_)

/* Syscall number -> PPM_SC code + 1 or plan: generated from src/syscalls/spec.ts. */
const u16 msd_scap_sc[MSD_NR_MAX] = {
#include "scap_table.h"
};

/*
 * A dedicated event pair: its types, and per parameter before msd and items
 * where its value comes from (source | argument) and its fixed width (0:
 * variable). Generated from src/scap/plans.ts, the capture writer's own.
 */
struct msd_scap_plan {
	u16 ev[2];
	u8 np[2];
	u8 code[2][MSD_SCAP_PLAN_NP];
	u8 width[2][MSD_SCAP_PLAN_NP];
};

static const struct msd_scap_plan msd_scap_plans[] = {
#include "scap_plans.h"
};

/* Sources of a plan's parameters, as src/scap/plans.ts numbers them. */
#define MSD_S_I32	0x10	/* the argument as a C int, sign-extended to 8 bytes */
#define MSD_S_U32	0x20	/* the argument's low 32 bits */
#define MSD_S_RET	0x30	/* the result */
#define MSD_S_DATA	0x70	/* the argument's copied buffer, or nothing */
#define MSD_S_ZERO	0x90	/* zeros of the parameter's width */

/*
 * Room before a dedicated enter event's items are first captured: the
 * block and event headers (36), the lengths of the most parameters (16),
 * their fixed values (48), the longest msd (56), rounded up to 8; then a
 * data parameter of at most the captured bytes.
 */
#define MSD_SCAP_SCRATCH	160

/* Capture files are little-endian; these stores take any alignment. */
static __always_inline void msd_put16(char *p, u16 v)
{
	__le16 x = cpu_to_le16(v);

	memcpy(p, &x, sizeof(x));
}

static __always_inline void msd_put32(char *p, u32 v)
{
	__le32 x = cpu_to_le32(v);

	memcpy(p, &x, sizeof(x));
}

static __always_inline void msd_put64(char *p, u64 v)
{
	__le64 x = cpu_to_le64(v);

	memcpy(p, &x, sizeof(x));
}

/*
 * The module's items in [p, end) (struct msd_item, data padded to 8) in
 * the capture's encoding at q <= p: the same 8-byte header with the flags
 * in one byte, the data unpadded, at most MSD_SCAP_ITEMS_MAX bytes in all
 * (an item cut there is marked truncated). Returns the end.
 */
static char *msd_scap_items(char *q, char *p, char *end)
{
	char *limit = q + MSD_SCAP_ITEMS_MAX;

	while (p + sizeof(struct msd_item) <= end) {
		struct msd_item it = *(struct msd_item *)p;
		u32 n = it.len;
		u8 f = it.flags & MSD_IF_FAULT;

		if (q + sizeof(it) > limit)
			break;
		if (n > limit - q - sizeof(it))
			n = limit - q - sizeof(it);
		if ((it.flags & MSD_IF_TRUNC) || n < it.len)
			f |= MSD_IF_TRUNC;
		q[0] = n & 0xff;
		q[1] = n >> 8;
		q[2] = it.arg;
		q[3] = it.type;
		q[4] = f;
		q[5] = q[6] = q[7] = 0;
		memmove(q + sizeof(it), p + sizeof(it), n);
		q += sizeof(it) + n;
		p += MSD_ITEM_SZ(it.len);
	}
	return q;
}

/*
 * Ends the block begun at b whose event ends at end: the event's length,
 * padding, the trailing and the block's lengths. Returns the block's end.
 */
static __always_inline char *msd_scap_close(char *b, char *end)
{
	u32 total;

	msd_put32(b + 26, end - b - 10);
	while ((end - b + 4) & 3)
		*end++ = 0;
	total = end - b + 4;
	msd_put32(end, total);
	msd_put32(b + 4, total);
	return end + 4;
}

/* The block and event headers: block type, CPU, time, thread, event type, parameter count. */
static __always_inline void msd_scap_hdr(char *b, u32 cpu, u64 ts, u32 tid, u16 type, u32 np)
{
	msd_put32(b, MSD_SCAP_EV_V2);
	msd_put16(b + 8, cpu & 0xffff);
	msd_put64(b + 10, ts);
	msd_put32(b + 18, tid);
	msd_put32(b + 22, 0);
	msd_put16(b + 30, type);
	msd_put32(b + 32, np);
}

/*
 * An enter event's msd at q (u32 nr, u32 0, the arguments up to the last
 * non-zero one), its length at len_at. Returns its end.
 */
static __always_inline char *msd_scap_msd_enter(char *q, char *len_at, long nr,
						const unsigned long *args)
{
	u32 n = MSD_NARGS, i;

	while (n && !args[n - 1])
		n--;
	msd_put16(len_at, 8 + 8 * n);
	msd_put32(q, nr);
	msd_put32(q + 4, 0);
	for (i = 0; i < n; i++)
		msd_put64(q + 8 + 8 * i, args[i]);
	return q + 8 + 8 * n;
}

/*
 * An exit event's msd at q (u32 nr, u32 0, the result) and no items, their
 * lengths at len_at. Returns the end.
 */
static __always_inline char *msd_scap_msd_exit(char *q, char *len_at, long nr, long ret)
{
	msd_put16(len_at, 16);
	msd_put16(len_at + 2, 0);
	msd_put32(q, nr);
	msd_put32(q + 4, 0);
	msd_put64(q + 8, ret);
	return q + 16;
}

/*
 * Writes the GENERIC_E and GENERIC_X blocks of a completed syscall at p
 * (8-aligned) and returns their end. code is msd_scap_code()'s; the items
 * are the call's copied memory, inputs and outputs (sc may be NULL). At most
 * MSD_SCAP_FIXED - sizeof(struct msd_rec_hdr) bytes beyond what
 * msd_capture_max() gives for sc.
 */
static char *msd_scap_generic(char *p, const struct msd_sc *sc, u32 code, long nr,
		       const unsigned long *args, long ret, u64 enter_rt, u64 exit_rt,
		       u32 tid, u32 cpu, u32 snaplen, int alen,
		       const struct msd_saved *sv)
{
	char *e = p, *x, *items, *end;

	/* GENERIC_E: ID, nativeID, msd (nr, 0, the arguments), items */
	msd_scap_hdr(e, cpu, enter_rt, tid, MSD_SCAP_GENERIC_E, 4);
	msd_put16(e + 36, 2);
	msd_put16(e + 38, 2);
	msd_put16(e + 44, code - 1);
	msd_put16(e + 46, nr & 0xffff);
	items = msd_scap_msd_enter(e + 48, e + 40, nr, args);	/* 8-aligned, as msd_capture() writes */
	end = items;
	if (sc)
		end = msd_capture(items, sc, MSD_CAPTURE_IN | MSD_CAPTURE_OUT, args, ret, snaplen,
				  alen, sv);
	end = msd_scap_items(items, items, end);
	msd_put16(e + 42, end - items);
	x = msd_scap_close(e, end);
	/* GENERIC_X: ID, msd (nr, 0, the result), no items */
	msd_scap_hdr(x, cpu, exit_rt, tid, MSD_SCAP_GENERIC_X, 3);
	msd_put16(x + 36, 2);
	msd_put16(x + 42, code - 1);
	return msd_scap_close(x, msd_scap_msd_exit(x + 44, x + 38, nr, ret));
}

/*
 * The first item of (arg, type) in [p, end) that holds data or did not
 * fault, as the capture writer's #findItem picks it; NULL if none. Items in
 * the module's encoding (padded) or the capture's.
 */
static const char *msd_scap_find(const char *p, const char *end, u8 arg, u8 type, bool padded)
{
	while (p + sizeof(struct msd_item) <= end) {
		u32 len = (u8)p[0] | (u8)p[1] << 8;

		if ((u8)p[2] == arg && (u8)p[3] == type && (len || !(p[4] & MSD_IF_FAULT)))
			return p;
		p += sizeof(struct msd_item) + (padded ? ALIGN(len, 8) : len);
	}
	return NULL;
}

/*
 * The np parameters of a plan at q, their lengths at lens; a data parameter
 * from the items in [ib, ie). Returns the end.
 */
static char *msd_scap_params(char *q, char *lens, const u8 *code, const u8 *width, u32 np,
			     const unsigned long *args, long ret, const char *ib, const char *ie,
			     bool padded)
{
	u32 i;

	for (i = 0; i < np; i++) {
		u32 src = code[i] & 0xf0, len = width[i];
		unsigned long a = args[code[i] & 15];
		const char *it;

		switch (src) {
		case MSD_S_I32:
		case MSD_S_U32:
			/* 4 bytes, as the writer does, whatever the width (later values follow) */
			msd_put32(q, (u32)a);
			if (len == 8)
				msd_put32(q + 4, src == MSD_S_I32 && ((u32)a & 0x80000000U) ? ~0U : 0);
			break;
		case MSD_S_RET:
			msd_put64(q, ret);
			break;
		case MSD_S_DATA:
			it = msd_scap_find(ib, ie, code[i] & 15, MSD_IT_BUF, padded);
			len = it ? ((u8)it[0] | (u8)it[1] << 8) : 0;
			if (len)
				memcpy(q, it + sizeof(struct msd_item), len);
			break;
		default:
			memset(q, 0, len);
		}
		msd_put16(lens + 2 * i, len);
		q += len;
	}
	return q;
}

/*
 * A completed syscall as the dedicated events of plan pl at p (8-aligned),
 * the parameters filled as the capture writer's #rawDedicated fills them.
 * The items are first captured past the room the enter event's parameters
 * can take (MSD_SCAP_SCRATCH + cap_max), then moved down behind its msd.
 */
static char *msd_scap_dedicated(char *p, const struct msd_sc *sc, const struct msd_scap_plan *pl,
				u32 cap_max, long nr, const unsigned long *args, long ret,
				u64 enter_rt, u64 exit_rt, u32 tid, u32 cpu, u32 snaplen, int alen,
		       const struct msd_saved *sv)
{
	char *e = p, *x, *q, *items, *end, *scratch = p + MSD_SCAP_SCRATCH + cap_max;
	char *send = scratch;
	u32 np = pl->np[0];

	if (sc)
		send = msd_capture(scratch, sc, MSD_CAPTURE_IN | MSD_CAPTURE_OUT, args, ret, snaplen,
				   alen, sv);
	msd_scap_hdr(e, cpu, enter_rt, tid, pl->ev[0], np + 2);
	q = msd_scap_params(e + 36 + 2 * (np + 2), e + 36, pl->code[0], pl->width[0], np, args,
			    ret, scratch, send, true);
	items = msd_scap_msd_enter(q, e + 36 + 2 * np, nr, args);
	end = msd_scap_items(items, scratch, send);
	msd_put16(e + 36 + 2 * np + 2, end - items);
	x = msd_scap_close(e, end);

	np = pl->np[1];
	msd_scap_hdr(x, cpu, exit_rt, tid, pl->ev[1], np + 2);
	q = msd_scap_params(x + 36 + 2 * (np + 2), x + 36, pl->code[1], pl->width[1], np, args,
			    ret, items, end, false);
	return msd_scap_close(x, msd_scap_msd_exit(q, x + 36 + 2 * np, nr, ret));
}

/*
 * The most bytes a SCAP record of code (msd_scap_code()) takes, header
 * included, when its items take at most cap_max in the module's encoding;
 * 0 when it must stay a SYSCALL record (more than the largest record, or
 * data a dedicated event repeats could be cut from its items).
 */
u32 msd_scap_max(u32 code, u32 cap_max)
{
	u32 max;

	if (!(code & MSD_SCAP_PLAN))
		return MSD_SCAP_FIXED + cap_max;
	if (cap_max > MSD_SCAP_ITEMS_MAX - sizeof(struct msd_item))
		return 0;
	/* the scratch and its items, the enter block's end, the exit block, padding to 8 */
	max = sizeof(struct msd_rec_hdr) + MSD_SCAP_SCRATCH + 2 * cap_max + 7 +
	      (36 + 2 * (MSD_SCAP_PLAN_NP + 2) + 8 * MSD_SCAP_PLAN_NP + cap_max + 16 + 7) + 4;
	return max <= MSD_REC_WORST ? max : 0;
}

/*
 * Writes the events of a completed syscall at p (8-aligned) in room for
 * msd_scap_max(code, cap_max) and returns their end.
 */
char *msd_scap_write(char *p, const struct msd_sc *sc, u32 code, u32 cap_max, long nr,
		     const unsigned long *args, long ret, u64 enter_rt, u64 exit_rt,
		     u32 tid, u32 cpu, u32 snaplen, int alen,
		       const struct msd_saved *sv)
{
	if (code & MSD_SCAP_PLAN)
		return msd_scap_dedicated(p, sc, &msd_scap_plans[code & ~MSD_SCAP_PLAN], cap_max,
					  nr, args, ret, enter_rt, exit_rt, tid, cpu, snaplen,
					  alen, sv);
	return msd_scap_generic(p, sc, code, nr, args, ret, enter_rt, exit_rt, tid, cpu, snaplen,
				alen, sv);
}
