/**
 * Binding of the C shim (ffi/shim.c) with Deno.dlopen. Every function
 * returns >= 0 on success and -errno on failure.
 *
 * @module
 */
import { BackendError } from "./errors.ts";

const SYMBOLS = {
  msd_open: { parameters: ["buffer"], result: "i32" },
  msd_close: { parameters: ["i32"], result: "i32" },
  msd_version: { parameters: ["i32", "buffer"], result: "i32" },
  msd_info: { parameters: ["i32", "buffer"], result: "i32" },
  msd_set_filter: { parameters: ["i32", "buffer"], result: "i32" },
  msd_set_dump: { parameters: ["i32", "buffer"], result: "i32" },
  msd_set_block: { parameters: ["i32", "u32"], result: "i32" },
  msd_start: { parameters: ["i32"], result: "i32" },
  msd_stop: { parameters: ["i32"], result: "i32" },
  msd_stats: { parameters: ["i32", "buffer"], result: "i32" },
  msd_raw_ioctl: { parameters: ["i32", "u32", "pointer"], result: "i32" },
  msd_raw_read: { parameters: ["i32", "pointer", "u64"], result: "i64" },
  msd_wait: { parameters: ["i32", "i32"], result: "i32", nonblocking: true },
  msd_read: { parameters: ["i32", "buffer", "u64"], result: "i64" },
  msd_abi_layout: { parameters: ["buffer"], result: "i64" },
} as const;

/** The shim's functions. */
export type Shim = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let lib: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;

/** File name of the shim library. */
export const SHIM_NAME = "libmysysdig.so";

/**
 * Where the shim is looked for, in order: $MYSYSDIG_SHIM, next to the
 * executable (a copied release), and ffi/ in the source tree.
 */
export function shimCandidates(): string[] {
  const out: string[] = [];
  const env = Deno.env.get("MYSYSDIG_SHIM");
  if (env) out.push(env);
  const exeDir = Deno.execPath().replace(/\/[^/]*$/, "");
  out.push(`${exeDir}/${SHIM_NAME}`);
  out.push(new URL(`../ffi/${SHIM_NAME}`, import.meta.url).pathname);
  return out;
}

/** Loads the shim once; throws a BackendError naming the paths tried. */
export function loadShim(): Shim {
  if (lib) return lib.symbols;
  const tried: string[] = [];
  for (const path of shimCandidates()) {
    try {
      Deno.statSync(path);
    } catch {
      tried.push(path);
      continue;
    }
    lib = Deno.dlopen(path, SYMBOLS);
    return lib.symbols;
  }
  throw new BackendError(
    `FFI shim ${SHIM_NAME} not found (tried ${tried.join(", ")}): build it with \`make -C ffi\` ` +
      "or set MYSYSDIG_SHIM",
  );
}

/** NUL-terminated UTF-8 copy of a string, for `const char *` parameters. */
export function cstr(s: string): Uint8Array<ArrayBuffer> {
  const b = new TextEncoder().encode(s);
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}
