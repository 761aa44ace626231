// Which OpenAI SDK resources Flux serves: chat completions, responses and models
// (flux-migration-guide.txt, "What stays the same"). Paths are SDK property chains,
// `client.chat.completions.create` -> ['chat', 'completions', 'create']; snake_case is accepted.

export type Endpoint =
  | { kind: 'model-call'; name: string } // takes a `model` Flux must serve
  | { kind: 'supported'; name: string }
  | { kind: 'unsupported'; name: string }
  | { kind: 'other' };

const MODEL_CALLS = new Set([
  'chat.completions.create', 'chat.completions.parse', 'chat.completions.stream', 'chat.completions.runTools',
  'beta.chat.completions.parse', 'beta.chat.completions.stream', 'beta.chat.completions.runTools', 'beta.chat.completions.create',
  'responses.create', 'responses.parse', 'responses.stream',
  'beta.responses.create', 'beta.responses.parse', 'beta.responses.stream',
]);

const SUPPORTED_ROOTS = new Set(['chat', 'responses', 'models', 'beta.chat', 'beta.responses']);

const UNSUPPORTED_ROOTS = new Set([
  'embeddings', 'images', 'audio', 'files', 'fineTuning', 'batches', 'moderations', 'completions', 'uploads',
  'vectorStores', 'realtime', 'containers', 'evals', 'graders', 'conversations', 'videos',
  'beta.assistants', 'beta.threads', 'beta.vectorStores', 'beta.realtime', 'beta.chatkit',
]);

// The openai v3 SDK (`new OpenAIApi(new Configuration(...))`) had one method per endpoint.
const V3: Record<string, Endpoint['kind']> = {
  createChatCompletion: 'model-call',
  listModels: 'supported',
  retrieveModel: 'supported',
};

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function classifyEndpoint(path: string[]): Endpoint {
  if (path.length === 1 && /^(create|list|retrieve|delete|cancel|download)[A-Z]/.test(path[0])) {
    const kind = V3[path[0]] ?? 'unsupported';
    return kind === 'other' ? { kind } : { kind, name: path[0] };
  }
  if (path.length < 2) return { kind: 'other' };
  const parts = path.map(camel);
  const name = parts.join('.');
  if (MODEL_CALLS.has(name)) return { kind: 'model-call', name };
  const root2 = parts.slice(0, 2).join('.');
  if (UNSUPPORTED_ROOTS.has(root2) || (parts[0] !== 'beta' && UNSUPPORTED_ROOTS.has(parts[0]))) return { kind: 'unsupported', name };
  if (SUPPORTED_ROOTS.has(root2) || SUPPORTED_ROOTS.has(parts[0])) return { kind: 'supported', name };
  return { kind: 'other' };
}

/** The resource name to show in a warning: `embeddings.create` -> `embeddings`. */
export function resourceOf(name: string): string {
  const parts = name.split('.');
  return parts[0] === 'beta' ? parts.slice(0, 2).join('.') : parts[0];
}
