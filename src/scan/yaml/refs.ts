// References to variables inside YAML values: `${NAME}`, `${NAME:-default}`, `${NAME:?message}`,
// `$NAME`, `$(NAME)` (Compose, GitLab, Kubernetes), `${{ secrets.NAME }}` / `vars.` / `env.` /
// `inputs.` (GitHub Actions, Continue), `os.environ/NAME` (LiteLLM) and `{{ env "NAME" }}` (helmfile).

export interface Ref {
  name: string;
  /** The name's span in the file. */
  start: number;
  end: number;
  /** `${{ x.NAME }}`: which context (`secrets`, `vars`, `env`, `inputs`). */
  context?: string;
  /** `${NAME:-default}` and the like: the modifier (`:-`, `-`, `:?`, ...) and the text after it. */
  modifier?: { op: string; start: number; end: number };
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const EXPRESSION = /\$\{\{([^}]*)\}\}/g;
const IN_EXPRESSION = new RegExp(`\\b(secrets|vars|env|inputs)\\.(${NAME})\\b`, 'g');
// `${NAME:default}` (no dash) is how app settings loaders write a default (private-gpt, Spring).
const BRACED = new RegExp(`\\$\\{(${NAME})(?:(:[-?+=]?|[-?+=])([^}]*))?\\}`, 'g');
const BARE = new RegExp(`\\$(${NAME})`, 'g');
const PARENS = new RegExp(`\\$\\((${NAME})\\)`, 'g');
const LITELLM = new RegExp(`^os\\.environ/(${NAME})$`);
// Go templates that read the environment (helmfile: `{{ requiredEnv "NAME" }}`, `{{ env "NAME" }}`).
const TEMPLATE_ENV = new RegExp(`\\{\\{-?[^}]*?\\b(?:requiredEnv|env)\\s+"(${NAME})"`, 'g');

/** The references in `value`, which starts at offset `base` of the file. */
export function refsIn(value: string, base: number): Ref[] {
  const refs: Ref[] = [];
  const taken: [number, number][] = [];
  for (const m of value.matchAll(EXPRESSION)) {
    taken.push([m.index!, m.index! + m[0].length]);
    const inner = m.index! + 3;
    for (const t of m[1].matchAll(IN_EXPRESSION)) {
      const start = base + inner + t.index! + t[1].length + 1;
      refs.push({ name: t[2], start, end: start + t[2].length, context: t[1] });
    }
  }
  const free = (i: number) => !taken.some(([a, b]) => i >= a && i < b);
  for (const m of value.matchAll(BRACED)) {
    if (!free(m.index!)) continue;
    taken.push([m.index!, m.index! + m[0].length]);
    const start = base + m.index! + 2;
    const ref: Ref = { name: m[1], start, end: start + m[1].length };
    if (m[2]) ref.modifier = { op: m[2], start: ref.end + m[2].length, end: ref.end + m[2].length + m[3].length };
    refs.push(ref);
  }
  for (const re of [PARENS, BARE]) {
    for (const m of value.matchAll(re)) {
      if (!free(m.index!)) continue;
      taken.push([m.index!, m.index! + m[0].length]);
      const start = base + m.index! + (re === PARENS ? 2 : 1);
      refs.push({ name: m[1], start, end: start + m[1].length });
    }
  }
  for (const m of value.matchAll(TEMPLATE_ENV)) {
    const start = base + m.index! + m[0].length - m[1].length - 1;
    refs.push({ name: m[1], start, end: start + m[1].length, context: 'template' });
  }
  const litellm = LITELLM.exec(value);
  if (litellm) refs.push({ name: litellm[1], start: base + value.length - litellm[1].length, end: base + value.length, context: 'os.environ' });
  return refs.sort((a, b) => a.start - b.start);
}

/** A reference that gives a default (`${NAME:-value}`, `${NAME-value}`, `${NAME:value}`): the default's span. */
export function fallbackOf(ref: Ref): { start: number; end: number } | undefined {
  return ref.modifier && /^:?-$|^:$/.test(ref.modifier.op) ? { start: ref.modifier.start, end: ref.modifier.end } : undefined;
}

/** Whether the value is nothing but references (no literal part that could be a secret). */
export function onlyRefs(value: string): boolean {
  return !value.replace(EXPRESSION, '').replace(BRACED, '').replace(PARENS, '').replace(BARE, '').replace(/^os\.environ\/\S+$/, '').trim();
}
