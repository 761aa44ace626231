// Masking must not corrupt diffs: placeholders and variable references are not secrets
// (a masked `YOUR_OPENAI_API_KEY` or `process.env.OPENAI_API_KEY` makes the patch fail to apply).
import { describe, expect, it } from 'vitest';
import { maskSecrets, registerSecret } from '../src/secrets.js';

describe('placeholders are not secrets', () => {
  it.each([
    'OPENAI_API_KEY=YOUR_OPENAI_API_KEY',
    'OPENAI_API_KEY=your-api-key-here',
    'OPENAI_API_KEY=<your key>',
    'OPENAI_API_KEY=sk-...',
    '-OPENAI_API_KEY=process.env.OPENAI_API_KEY',
    'API_KEY="${OPENAI_API_KEY}"',
  ])('%s is printed as it is', (line) => {
    expect(maskSecrets(line)).toBe(line);
  });

  it('an env value registered as a secret is masked, a registered placeholder or name is not', () => {
    registerSecret('gsk_live_9f8e7d6c5b4a3210');
    registerSecret('OPENAI_API_KEY');
    registerSecret('process.env.OPENAI_API_KEY');
    expect(maskSecrets('key gsk_live_9f8e7d6c5b4a3210 here')).toBe('key ...3210 here');
    expect(maskSecrets('new OpenAI({ apiKey: process.env.OPENAI_API_KEY })')).toBe('new OpenAI({ apiKey: process.env.OPENAI_API_KEY })');
  });

  it('real-looking values of key variables are still masked', () => {
    expect(maskSecrets('GROQ_API_KEY=gsk_a1B2c3D4e5F6g7H8')).toBe('GROQ_API_KEY=...g7H8');
    expect(maskSecrets('x = "sk-proj-abcdefghijklmnop1234"')).toBe('x = "sk-...1234"');
  });
});
