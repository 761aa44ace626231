// Ctrl-C (SIGINT) during a run: the run stops at the next file boundary (never in the middle of
// writing a file: writes are atomic anyway), says how many files were written, and exits 130.
// A second Ctrl-C exits at once.

export const INTERRUPTED_EXIT = 130;

export interface Interrupt {
  readonly requested: boolean;
  dispose(): void;
}

export function watchInterrupt(): Interrupt {
  let requested = false;
  const handler = () => {
    if (requested) process.exit(INTERRUPTED_EXIT);
    requested = true;
  };
  process.on('SIGINT', handler);
  return {
    get requested() {
      return requested;
    },
    dispose: () => void process.off('SIGINT', handler),
  };
}

export function interruptedMessage(written: number, toWrite: number): string {
  if (toWrite === 0 || written === 0) return 'flux-migrate: interrupted: no file was changed.\n';
  return `flux-migrate: interrupted: ${written} of ${toWrite} files written (each one whole); the other ${toWrite - written} are unchanged. Run again to finish.\n`;
}
