// `--format github`: GitHub Actions workflow commands, one a line on stdout
// (`::error file=P,line=N,col=C,title=T::message`), so each finding is annotated on the PR.
// A needed edit is an error under --check and a notice otherwise; a warning is a warning.
import { type Annotation, type ReportInput, annotations } from './locations.js';

// https://github.com/actions/toolkit (command.ts): how data and property values are escaped.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function command(a: Annotation, mode: ReportInput['mode']): string {
  const level = a.kind === 'warning' ? 'warning' : a.kind === 'error' || mode === 'check' ? 'error' : 'notice';
  const props = [`file=${property(a.path)}`];
  if (a.line) props.push(`line=${a.line}`);
  if (a.column) props.push(`col=${a.column}`);
  props.push(`title=${property(`flux-migrate ${a.rule}`)}`);
  return `::${level} ${props.join(',')}::${data(a.message)}`;
}

export function githubReport(input: ReportInput): string {
  return annotations(input).map((a) => command(a, input.mode) + '\n').join('');
}
