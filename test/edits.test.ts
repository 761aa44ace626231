// applyEdits splices edits into the text; an insertion at the very start of a file with a BOM
// goes after the BOM (Python rejects a file whose BOM is not its first bytes).
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../src/pipeline/edits.js';

describe('applyEdits', () => {
  it('splices edits by range, in order', () => {
    expect(applyEdits('abcdef', [{ start: 4, end: 5, text: 'E' }, { start: 0, end: 0, text: '>' }, { start: 1, end: 2, text: 'B' }])).toBe('>aBcdEf');
  });

  it('inserts after a BOM, never before it', () => {
    expect(applyEdits('\uFEFFx = 1\n', [{ start: 0, end: 0, text: 'import os\n' }])).toBe('\uFEFFimport os\nx = 1\n');
    expect(applyEdits('x = 1\n', [{ start: 0, end: 0, text: 'import os\n' }])).toBe('import os\nx = 1\n');
  });

  it('refuses overlapping edits', () => {
    expect(() => applyEdits('abcdef', [{ start: 1, end: 3, text: '' }, { start: 2, end: 4, text: '' }])).toThrow(/overlapping edits/);
  });
});
