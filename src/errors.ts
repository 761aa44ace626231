/** A problem the user can fix: printed as one line, never with a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Errors the scanner did not mean (TypeError, RangeError, ...) are named internal errors. */
export function asFileError(error: unknown): Error {
  if (error instanceof Error && (error.constructor === Error || error.name === 'OverBudget')) return error;
  return new Error(`internal error while scanning (${firstLine(error)}): skipped, left unchanged; please report it`);
}

export function firstLine(error: unknown): string {
  const e = error as Error;
  return `${e?.name && e.name !== 'Error' ? e.name + ': ' : ''}${(e?.message ?? String(error)).split('\n')[0]}`;
}
