// The libraries built on the OpenAI API that reach it without the `openai` package's client
// calls: one analyzer per library, over the same file indexes, with the same findings and
// warnings. They run over every module of the run, as a provider made in one file is used in others.
import type { JsContext } from '../context.js';
import { scanAiSdk } from './aiSdk.js';
import { scanChatGPT } from './chatgpt.js';
import { scanLangChain } from './langchain.js';
import { scanLlamaIndex } from './llamaindex.js';
import { scanOpenAIAgents } from './openaiAgents.js';

export function scanFrameworks(mods: JsContext[]): void {
  scanAiSdk(mods);
  scanLangChain(mods);
  scanOpenAIAgents(mods);
  scanLlamaIndex(mods);
  scanChatGPT(mods);
}
