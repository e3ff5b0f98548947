/**
 * Entry point of the release artefacts (`make dist`, tools/dist.sh): the
 * CLI, with the FFI shim found where the artefact keeps it.
 *
 * - Offline bundle (`deno run mysysdig.js`): the shim sits next to the
 *   bundle and the Deno binary, which src/ffi.ts already looks at.
 * - `deno compile` executable: the shim is embedded (`--include`); glibc's
 *   dlopen needs a real file, so it is written once per run to a private
 *   temporary directory (mode 0700) and removed at exit.
 *
 * An explicit MYSYSDIG_SHIM always wins.
 *
 * @module
 */
import { main } from "../cli.ts";
import { SHIM_NAME } from "../src/ffi.ts";

/** Runs the CLI; `embedded` is the shim's URL in a compiled executable. */
export async function run(embedded: URL): Promise<number> {
  let tmp: string | undefined;
  if (Deno.build.standalone && !Deno.env.get("MYSYSDIG_SHIM")) {
    let bytes: Uint8Array | undefined;
    try {
      bytes = Deno.readFileSync(embedded);
    } catch { /* not embedded: next to the executable, as src/ffi.ts looks */ }
    if (bytes) {
      tmp = Deno.makeTempDirSync({ prefix: "mysysdig-" });
      Deno.chmodSync(tmp, 0o700);
      const path = `${tmp}/${SHIM_NAME}`;
      Deno.writeFileSync(path, bytes, { mode: 0o500 });
      Deno.env.set("MYSYSDIG_SHIM", path);
      globalThis.addEventListener("unload", () => {
        try {
          Deno.removeSync(tmp!, { recursive: true });
        } catch { /* already gone */ }
      });
    }
  }
  return await main(Deno.args);
}
