// The Python libraries built on the OpenAI API that reach it without (only) the `openai` package's
// client calls: one analyzer per library, each in its own file here, over the same module index,
// with the same findings and warnings as the `openai` SDK (base URL, key, model; endpoints Flux does
// not serve warned; another provider's URL left alone). Each recognises its library by its import.
import type { PyContext } from '../context.js';
import { scanCrewAI } from './crewai.js';
import { scanDspy } from './dspy.js';
import { scanHaystack } from './haystack.js';
import { scanInstructor } from './instructor.js';
import { scanLiteLLM } from './litellm.js';
import { scanLlamaIndex } from './llamaindex.js';
import { scanOpenAIAgents } from './openaiAgents.js';
import { scanPydanticAI } from './pydanticAi.js';
import { reportUnsentUrls, scanRawHttp } from './rawHttp.js';

type Analyzer = (ctx: PyContext) => void;

const ANALYZERS: Analyzer[] = [scanLiteLLM, scanOpenAIAgents, scanLlamaIndex, scanPydanticAI, scanDspy, scanCrewAI, scanHaystack, scanInstructor, scanRawHttp];

export function scanPythonFrameworks(ctx: PyContext): void {
  for (const analyze of ANALYZERS) analyze(ctx);
}

/** What the analyzers report once every module of the run has been analyzed. */
export function settlePythonFrameworks(ctx: PyContext): void {
  reportUnsentUrls(ctx);
}
