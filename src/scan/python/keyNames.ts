// In step with the clients: once a file reads the Flux key for its clients, the places in it that
// set or test OPENAI_API_KEY by name (`os.environ["OPENAI_API_KEY"] = getpass()`,
// `_set_env("OPENAI_API_KEY")`, `if "OPENAI_API_KEY" not in os.environ`) are renamed too, so the
// file never sets one name and reads another. A file that still needs OPENAI_API_KEY (a client
// left on OpenAI) keeps them.
import type { PyContext } from './context.js';
import { renameEnvName } from './openaiSdk.js';
import { namesEnvVar } from './osenv.js';
import { stringValue } from './tree.js';

export function renameKeyEnvNames(ctx: PyContext): void {
  if (!ctx.movedKey || ctx.keepsOpenAIKey) return;
  for (const s of ctx.index.strings) {
    if (stringValue(s) !== 'OPENAI_API_KEY' || !namesEnvVar(ctx, s)) continue;
    renameEnvName(ctx, s, `in step with the clients moved to ${ctx.options.keyEnv}`);
  }
}
