// Color only where it helps: a terminal, unless the user says otherwise.
import { Chalk } from 'chalk';

/**
 * Whether to color the output, as the usual conventions have it: `--color` / `--no-color` win;
 * then NO_COLOR (set: no color), then FORCE_COLOR (set and not 0/false: color), then a terminal.
 */
export function wantColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY;
}

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export function makePaint(color: boolean): Paint {
  const c = new Chalk({ level: color ? 1 : 0 });
  return { bold: c.bold, dim: c.dim, red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan };
}
