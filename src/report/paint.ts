// Color only where it helps: a TTY, without NO_COLOR or --no-color.
import { Chalk } from 'chalk';

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
