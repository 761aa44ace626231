// AI SDK provider registries and custom providers (`ai`): `createProviderRegistry({ openai, ... })`
// hands out models by `providerId:modelId` strings (`registry.languageModel("openai:gpt-4o")`), and
// `customProvider({ languageModels: { fast: openai("gpt-4o-mini") }, fallbackProvider: openai })`
// maps its own ids (aliases) to models and sends any other id to its fallback provider.
// (ai `registry/provider-registry.ts`: the id is split at the first separator, ':' unless the
// `separator` option says otherwise; `custom-provider.ts`: an id among the provider's own models
// is an alias, anything else goes to `fallbackProvider`.)
// Each id that reaches an @ai-sdk/openai provider becomes a use of it, as `openai("gpt-4o")` is
// (src/scan/js/frameworks/aiSdk.ts): the provider gets the Flux URL and key (its registry key
// stays `openai`), and the model part of the id becomes a Flux id (`openai:flux-auto`). An id
// for another provider, or an alias, is left as it is.
import { type JsContext, consumeStrings, moduleOf } from '../context.js';
import { define, definedValue, findProperty, valueSources } from '../resolve.js';
import { type Node, type Scope, type Site, memberName, propName, stringValue, unwrap } from '../scope.js';
import { libraryExport } from './shared.js';

const AI = /^ai$/;
const MAX_DEPTH = 8;

/** The registry's model getters, and the endpoint Flux does not serve for each that is not a language model. */
export const REGISTRY_METHODS: Record<string, string | undefined> = {
  languageModel: undefined,
  textEmbeddingModel: 'embeddings', embeddingModel: 'embeddings',
  imageModel: 'images', transcriptionModel: 'audio transcription', speechModel: 'text to speech', rerankingModel: 'reranking',
};
// customProvider's option holding each kind's own models.
const CUSTOM_MODELS: Record<string, string[]> = {
  languageModel: ['languageModels'],
  textEmbeddingModel: ['textEmbeddingModels', 'embeddingModels'], embeddingModel: ['embeddingModels', 'textEmbeddingModels'],
  imageModel: ['imageModels'], transcriptionModel: ['transcriptionModels'], speechModel: ['speechModels'], rerankingModel: ['rerankingModels'],
};

/** A model id reaching an OpenAI provider through a registry: the literal and where in it the model id starts. */
export interface RegistryId {
  literal: Node;
  offset: number;
}

/** What the registry code reports to the AI SDK scanner, per provider. */
export interface RegistryUse<P> {
  provider: P;
  site: Site;
  callee: string;
  unsupported?: string;
  /** The id, when it was seen; otherwise what it comes from. */
  id?: RegistryId;
  unresolved?: string;
}

type Target<P> =
  | { kind: 'openai'; provider: P }
  | { kind: 'registry'; entries: Map<string, Target<P>>; open: boolean; separator: string }
  | { kind: 'custom'; own: Map<string, Set<string>>; fallback?: Target<P> }
  | { kind: 'other' };

/**
 * Every model id the files of the run ask a registry or custom provider for, attributed to the
 * @ai-sdk/openai provider it reaches (`providerOf` says which expression is one).
 */
export function registryUses<P>(mods: JsContext[], providerOf: (expr: Node, scope: Scope) => P | undefined): RegistryUse<P>[] {
  const made = new Map<Node, Target<P>>();
  const uses: RegistryUse<P>[] = [];

  const targetOf = (expr: Node | undefined, scope: Scope, depth = 0): Target<P> => {
    const node = unwrap(expr);
    if (!node || depth > MAX_DEPTH) return { kind: 'other' };
    const provider = providerOf(node, scope);
    if (provider) return { kind: 'openai', provider };
    if (node.type === 'CallExpression') {
      const known = made.get(node);
      if (known) return known;
      const name = libraryExport(node.callee, scope, AI)?.replace(/^experimental_/, '');
      if (name === 'createProviderRegistry') {
        const target: Target<P> = { kind: 'registry', entries: new Map(), open: false, separator: separatorOf(node.arguments[1], scope) };
        made.set(node, target);
        const obj = objectOf(node.arguments[0], scope);
        if (!obj) target.open = true;
        for (const p of obj?.node.properties ?? []) {
          const key = p.type === 'ObjectProperty' ? propName(p) : undefined;
          if (key === undefined) target.open = true;
          else target.entries.set(key, targetOf(p.value, obj!.scope, depth + 1));
        }
        return target;
      }
      if (name === 'customProvider') {
        const target: Target<P> = { kind: 'custom', own: new Map() };
        made.set(node, target);
        const obj = objectOf(node.arguments[0], scope);
        for (const p of obj?.node.properties ?? []) {
          const key = p.type === 'ObjectProperty' ? propName(p) : undefined;
          if (key === 'fallbackProvider') target.fallback = targetOf(p.value, obj!.scope, depth + 1);
          else if (key) {
            const models = objectOf(p.value, obj!.scope);
            // Its own ids are aliases callers ask for (`"gpt-4o-reasoning-high"`), not ids sent to OpenAI.
            for (const m of models?.node.properties ?? []) if (m.key?.type === 'StringLiteral') moduleOf(models!.scope).consumed.add(m.key);
            target.own.set(key, new Set((models?.node.properties ?? []).map((m: Node) => propName(m)).filter((k: string | undefined): k is string => k !== undefined)));
          }
        }
        return target;
      }
      return { kind: 'other' };
    }
    if (node.type === 'Identifier') {
      const d = define(node.name, scope);
      const known = d && definedValue(d);
      if (known) return targetOf(known.value, known.scope, depth + 1);
    }
    return { kind: 'other' };
  };

  for (const ctx of mods) {
    if (!/Provider|customProvider|Registry|registry/.test(ctx.text)) continue;
    for (const site of ctx.index.calls) {
      const callee = unwrap(site.node.callee);
      const method = callee ? memberName(callee) : undefined;
      if (!method || !(method in REGISTRY_METHODS)) continue;
      const target = targetOf(callee!.object, site.scope);
      if (target.kind !== 'registry' && target.kind !== 'custom') continue;
      const use = { site, callee: ctx.text.slice(callee!.start, callee!.end), unsupported: REGISTRY_METHODS[method] };
      const arg = site.node.arguments[0];
      const ids = idsOf(arg, site.scope, ctx, target.kind === 'registry' ? target.separator : undefined);
      for (const { literal, offset, key } of ids.literals) {
        const reached = key === undefined ? target : target.kind === 'registry' ? target.entries.get(key) : undefined;
        attribute(reached, stringValue(literal)!.slice(offset), method, (provider) => uses.push({ ...use, provider, id: { literal, offset } }), literal, ctx);
      }
      // An id it cannot see may be any provider's: each OpenAI provider it could reach is told.
      if (ids.unresolved) for (const provider of reachable(target)) uses.push({ ...use, provider, unresolved: ids.unresolved });
    }
  }
  return uses;
}

// The provider a model id reaches from a target, if it is an OpenAI provider.
function attribute<P>(target: Target<P> | undefined, modelId: string, method: string, found: (p: P) => void, literal: Node, ctx: JsContext, depth = 0): void {
  if (target?.kind === 'openai') return found(target.provider);
  if (target?.kind === 'custom' && depth < MAX_DEPTH) {
    const own = (CUSTOM_MODELS[method] ?? []).some((k) => target.own.get(k)?.has(modelId));
    if (!own && target.fallback) return attribute(target.fallback, modelId, method, found, literal, ctx, depth + 1);
  }
  // Another provider's id, or an alias of a custom provider: not an OpenAI model id.
  consumeStrings(ctx, literal);
}

function reachable<P>(target: Target<P>, depth = 0): P[] {
  if (depth > MAX_DEPTH) return [];
  if (target.kind === 'openai') return [target.provider];
  if (target.kind === 'registry') return [...target.entries.values()].flatMap((t) => reachable(t, depth + 1));
  if (target.kind === 'custom' && target.fallback) return reachable(target.fallback, depth + 1);
  return [];
}

/**
 * The literals an id argument can be, each with the registry key it names and where its model id
 * starts: `"openai:gpt-4o"` (here or in a constant), and `` `openai:${model}` `` whose model part
 * comes from literals of its own.
 */
function idsOf(arg: Node | undefined, scope: Scope, ctx: JsContext, separator: string | undefined): { literals: { literal: Node; offset: number; key?: string }[]; unresolved?: string } {
  const node = unwrap(arg);
  if (node?.type === 'TemplateLiteral' && separator !== undefined && node.expressions.length === 1 && node.quasis[1].value.cooked === '') {
    const head: string = node.quasis[0].value.cooked ?? '';
    if (head.endsWith(separator) && head.indexOf(separator) === head.length - separator.length) {
      const key = head.slice(0, -separator.length);
      const inner = valueSources(node.expressions[0], scope, ctx);
      return { literals: inner.literals.map((literal) => ({ literal, offset: 0, key })), unresolved: inner.unresolved };
    }
  }
  const sources = valueSources(arg, scope, { text: moduleOf(scope).text, index: moduleOf(scope).index });
  const literals: { literal: Node; offset: number; key?: string }[] = [];
  for (const literal of sources.literals) {
    const id = stringValue(literal)!;
    if (separator === undefined) {
      literals.push({ literal, offset: 0 });
      continue;
    }
    const at = id.indexOf(separator);
    if (at > 0) literals.push({ literal, offset: at + separator.length, key: id.slice(0, at) });
  }
  return { literals, unresolved: sources.unresolved };
}

// `createProviderRegistry(providers, { separator: " > " })`.
function separatorOf(options: Node | undefined, scope: Scope): string {
  const obj = objectOf(options, scope);
  const prop = obj && findProperty(obj.node, 'separator');
  return (prop && stringValue(unwrap(prop.value))) ?? ':';
}

// An object literal, written here or held in a constant.
function objectOf(expr: Node | undefined, scope: Scope, depth = 0): { node: Node; scope: Scope } | undefined {
  const node = unwrap(expr);
  if (node?.type === 'ObjectExpression') return { node, scope };
  if (node?.type === 'Identifier' && depth < MAX_DEPTH) {
    const d = define(node.name, scope);
    const known = d && definedValue(d);
    if (known) return objectOf(known.value, known.scope, depth + 1);
  }
  return undefined;
}
