/**
 * Typed errors. cli.ts turns them into exit codes in one place: a
 * {@linkcode UsageError} exits 2, any other {@linkcode MsdError} exits 1.
 *
 * @module
 */

/** An error whose message tells the user what to do. */
export class MsdError extends Error {
  /** Process exit status the CLI uses for this error. */
  exitCode = 1;
  /** An error with a message for the user. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MsdError";
  }
}

/** A bad flag or argument: exit status 2. */
export class UsageError extends MsdError {
  /** A usage error; exit status 2. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
    this.exitCode = 2;
  }
}

/** The kernel side (module, tracefs) is missing or refused a request. */
export class BackendError extends MsdError {
  /** A backend error; exit status 1. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BackendError";
  }
}
