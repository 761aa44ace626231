// The shell tokenizer: words keep their source ranges through quotes and escapes, each dialect's
// comments and continuations are respected, and nested substitutions are read to a bounded depth.
import { describe, expect, it } from 'vitest';
import { sourceRange, tokenize } from '../src/scan/shell/tokenize.js';

describe('shell tokenizer', () => {
  it('maps an unquoted value back to the source, across quotes and a continued line', () => {
    const text = 'curl -H "Authorization: Bearer $KEY" \\\n  -d \'{"model": "gpt-4o"}\' # comment\n';
    const [cmd] = tokenize(text, 'posix');
    expect(cmd.words.map((w) => w.value)).toEqual(['curl', '-H', 'Authorization: Bearer $KEY', '-d', '{"model": "gpt-4o"}']);
    const body = cmd.words[4];
    const at = body.value.indexOf('gpt-4o');
    const range = sourceRange(body, at, at + 6)!;
    expect(text.slice(range.start, range.end)).toBe('gpt-4o');
  });

  it('reads the commands of $(...) too, in source order', () => {
    const cmds = tokenize('R=$(curl https://x/v1/models)\necho "$R"\n', 'posix');
    expect(cmds.map((c) => c.words[0].value)).toEqual(['R=$(curl https://x/v1/models)', 'curl', 'echo']);
  });

  it('reads nested substitutions 8 levels deep, and no deeper (a file built to be slow stays linear)', () => {
    const nested = (n: number) => '$('.repeat(n) + 'curl u' + ')'.repeat(n);
    expect(tokenize(nested(3), 'posix').some((c) => c.words[0].value === 'curl')).toBe(true);
    expect(tokenize(nested(20), 'posix').length).toBe(9);
    expect(tokenize('$('.repeat(5000), 'posix').length).toBeLessThanOrEqual(9);
  });

  it('keeps PowerShell hashtables spanning lines in one statement, and cmd REM lines out', () => {
    const ps = tokenize('$h = @{\n  "Authorization" = "Bearer $env:OPENAI_API_KEY"\n}\nWrite-Host ok\n', 'powershell');
    expect(ps.map((c) => c.words[0].value)).toEqual(['$h', 'Write-Host']);
    const cmd = tokenize('REM set OPENAI_API_KEY=x\r\nset A=1\r\n', 'cmd');
    expect(cmd.map((c) => c.words.map((w) => w.value).join(' '))).toEqual(['set A=1']);
  });
});
