// The per-file scan budget. Scanning is synchronous JavaScript, so a scan in progress cannot be
// interrupted without a worker; instead the budget is checked when a file's scan step returns:
// a file whose scan took longer is reported in `errors` and left unchanged, and the run goes on.
// Files over the size limit (read.ts) are never parsed, which bounds what one file can cost.

export const DEFAULT_SCAN_BUDGET_MS = 10_000;

/** The budget in ms: FLUX_MIGRATE_SCAN_BUDGET_MS when set (tests use it), else 10 s. */
export function scanBudgetMs(): number {
  const raw = process.env.FLUX_MIGRATE_SCAN_BUDGET_MS;
  const value = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_SCAN_BUDGET_MS;
}

export class OverBudget extends Error {
  constructor(took: number, budget: number) {
    super(`took ${(took / 1000).toFixed(2)} s to scan, over the ${budget / 1000} s per-file budget: skipped, left unchanged`);
    this.name = 'OverBudget';
  }
}

let ticks = 0;

/**
 * The budget's clock, in ms: performance.now(), or under FLUX_MIGRATE_TEST_CLOCK=ticks a clock
 * that advances 1 ms each time it is read, so a test can tell a file's own scan (two reads) from a
 * span that covers other files' scans, on a machine of any speed.
 */
export function clock(): number {
  return process.env.FLUX_MIGRATE_TEST_CLOCK === 'ticks' ? ++ticks : performance.now();
}

/** Throws OverBudget when more than the budget has passed since `startedAt` (clock()). */
export function checkBudget(startedAt: number, budget = scanBudgetMs()): void {
  const took = clock() - startedAt;
  if (took > budget) throw new OverBudget(took, budget);
}
