// `--format sarif`: one SARIF 2.1.0 log (for GitHub code scanning and other SARIF viewers): tool
// `flux-migrate`, a rule per edit kind and warning code, repository-relative locations.
import { createRequire } from 'node:module';
import { type Annotation, type ReportInput, annotations } from './locations.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const RULES: Record<string, string> = {
  'edit/base-url': 'An OpenAI client uses the OpenAI base URL: it should use the Flux base URL',
  'edit/api-key': 'An OpenAI client reads the OpenAI key: it should read the Flux key variable',
  'edit/model': 'An OpenAI model id reaches a client that moves to Flux: it should be a Flux model',
  'edit/env': 'A file sets or forwards the OpenAI key, base URL or model for a client that moves to Flux',
  'unsupported-endpoint': 'A call to an endpoint Flux does not serve',
  'azure-client': 'An Azure OpenAI client, left as is',
  'other-provider': 'A client whose base URL points at another provider, left as is',
  'hardcoded-key': 'A literal API key in code',
  'unresolved-model': 'A model value flux-migrate cannot see',
  'unresolved-client': 'A client flux-migrate cannot fully see',
  'unresolved-key': 'A key value flux-migrate cannot see, or a check of the old key variable',
  'unknown-model': 'A model id flux-migrate does not know',
  'model-hint': 'An OpenAI model id not proven to reach an OpenAI call, left as is',
  'skipped-file': 'A file flux-migrate could not read (binary, too large, not UTF-8)',
  'key-still-read': 'Code still reads the OpenAI key after the run',
  'secret-to-create': 'A CI or deployment secret to create or fill with the Flux key',
  'model-name-logic': 'A migrated model value feeds code that depends on OpenAI model names',
  'new-dependency': 'The migrated code imports a package the project may not have installed yet',
  error: 'A file flux-migrate could not read, parse or write',
};

const HELP = 'https://github.com/flux-migrate/flux-migrate#readme';

function level(a: Annotation, mode: ReportInput['mode']): 'error' | 'warning' | 'note' {
  if (a.kind === 'warning') return 'warning';
  return a.kind === 'error' || mode === 'check' ? 'error' : 'note';
}

// A relative URI reference: each path segment percent-encoded.
const uri = (path: string) => path.split('/').map(encodeURIComponent).join('/');

export function sarifReport(input: ReportInput): string {
  const found = annotations(input);
  const ruleIds = [...new Set([...Object.keys(RULES), ...found.map((a) => a.rule)])];
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const location = (a: Annotation) => ({
    physicalLocation: {
      artifactLocation: { uri: uri(a.path), uriBaseId: '%SRCROOT%' },
      ...(a.line && { region: { startLine: a.line, ...(a.column && { startColumn: a.column }) } }),
    },
  });
  const results = found.filter((a) => a.kind !== 'error').map((a) => ({
    ruleId: a.rule,
    ruleIndex: index.get(a.rule)!,
    level: level(a, input.mode),
    message: { text: a.message },
    locations: [location(a)],
  }));
  const failures = found.filter((a) => a.kind === 'error').map((a) => ({ level: 'error', message: { text: `${a.path}: ${a.message}` }, locations: [location(a)] }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'flux-migrate',
            version,
            informationUri: HELP,
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: RULES[id] ?? id }, helpUri: HELP })),
          },
        },
        invocations: [{ executionSuccessful: failures.length === 0, toolExecutionNotifications: failures }],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
