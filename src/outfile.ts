/**
 * Output files as a tool run by root must open them: regular files are created or left 0600 (a
 * trace holds other users' paths and data), a symbolic link planted at the name is refused rather than
 * followed, and an existing regular file is truncated only when it is the caller's own and has
 * no other name (a hard link to someone else's file), unless the user asks for it (`--clobber`).
 * The checks look at the file that was opened, not at the name, so a file swapped between a
 * check and the open cannot slip through.
 *
 * @module
 */
import fs from "node:fs";
import { MsdError } from "./errors.ts";

/** Options of {@linkcode openOutputFile}. */
export interface OutputFileOptions {
  /** Truncate an existing file even when another user owns it or it has other hard links. */
  clobber?: boolean;
}

/** An output file opened by {@linkcode openOutputFile}. */
export class OutputFile {
  /** The name it was opened by. */
  readonly path: string;
  readonly #fd: number;
  #closed = false;

  /** Wraps an open file descriptor. */
  constructor(path: string, fd: number) {
    this.path = path;
    this.#fd = fd;
  }

  /** Writes some of `p`; returns how many bytes were written. */
  writeSync(p: Uint8Array): number {
    return fs.writeSync(this.#fd, p);
  }

  /** Cuts the file to `len` bytes. */
  truncateSync(len: number): void {
    fs.ftruncateSync(this.#fd, len);
  }

  /** Closes the file; a second call does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    fs.closeSync(this.#fd);
  }
}

function errCode(e: unknown): string | undefined {
  return (e as { code?: string }).code;
}

/**
 * Opens `path` for writing, as the module comment says. Throws an {@linkcode MsdError} with a
 * message naming the fix.
 *
 * @example
 * ```ts ignore
 * const f = openOutputFile("/tmp/trace.txt");
 * f.writeSync(new TextEncoder().encode("hello\n"));
 * f.close();
 * ```
 */
export function openOutputFile(path: string, opts: OutputFileOptions = {}): OutputFile {
  const C = fs.constants; // node opens every file close-on-exec
  let fd: number;
  try {
    fd = fs.openSync(path, C.O_WRONLY | C.O_CREAT | C.O_NOFOLLOW, 0o600);
  } catch (e) {
    if (errCode(e) === "ELOOP") {
      throw new MsdError(
        `refusing to write ${path}: it is a symbolic link (remove it, or name the file it ` +
          "points to)",
      );
    }
    throw new MsdError(`cannot open output file ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isFile()) {
      const uid = Deno.uid();
      if (!opts.clobber && uid !== null && st.uid !== uid) {
        throw new MsdError(
          `refusing to overwrite ${path}: it belongs to uid ${st.uid}, not to this user ` +
            "(remove it, or pass --clobber)",
        );
      }
      if (!opts.clobber && st.nlink > 1) {
        throw new MsdError(
          `refusing to overwrite ${path}: it has ${st.nlink} hard links, so other names would ` +
            "change too (remove it, or pass --clobber)",
        );
      }
      fs.ftruncateSync(fd, 0);
      // an existing file keeps its owner but not a mode that lets others read the trace
      if ((st.mode & 0o7777) !== 0o600) fs.fchmodSync(fd, 0o600);
    }
  } catch (e) {
    fs.closeSync(fd);
    if (e instanceof MsdError) throw e;
    throw new MsdError(`cannot open output file ${path}: ${(e as Error).message}`, { cause: e });
  }
  return new OutputFile(path, fd);
}
