// The one data model every stage shares. A scanner reports findings (a value it saw that
// should change, with the edits that change it) and warnings; the plan fills in the model
// choices; everything the user sees (diff, JSON, summary) is derived from these.

export type EditKind = 'base-url' | 'api-key' | 'model' | 'env';

export type WarningCode =
  | 'unsupported-endpoint'
  | 'azure-client'
  | 'other-provider'
  | 'hardcoded-key'
  | 'unresolved-model'
  | 'unresolved-client'
  | 'unresolved-key'
  | 'unknown-model'
  | 'model-hint'
  | 'skipped-file'
  | 'key-still-read'
  | 'secret-to-create'
  | 'model-name-logic'
  | 'new-dependency';

/** A range of the original text and what replaces it (start === end: an insertion). */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Finding {
  kind: EditKind;
  /** 1-based line where the value is reported. */
  line: number;
  /** The value as seen (secrets already masked). */
  before: string;
  /** The new value; for models it is filled in by the plan. */
  after: string;
  /** Why it is changed: the call or client it reaches. */
  why: string[];
  /** What it changes in the text; for models it is filled in by the plan. */
  edits: Edit[];
  /**
   * Models only: the literal to rewrite, with its quote character, and what the new id is written
   * after (`openai/` for tools that name the provider in the id: a LiteLLM proxy, Aider).
   */
  literal?: { start: number; end: number; quote: string; prefix?: string };
  /**
   * Models only, instead of `literal`: a union type of model ids (`"gpt-4o" | "gpt-4o-mini"`) that
   * types a migrated value; the Flux id chosen for `before` is added to it at `at`, after `sep`
   * (once per union and id; ids in `present` are there already).
   */
  union?: { at: number; sep: string; quote: string; present: string[] };
  /**
   * Key-name findings in files that set, forward or document the key (env, YAML, Dockerfile,
   * Markdown, ...): the edits to make instead of `edits` when code still reads the old name after
   * the run, adding the Flux key beside the old one. The run's one key plan
   * (src/pipeline/keyPlan.ts) picks `edits` (rename) or `beside` for every such finding.
   */
  beside?: Edit[];
  /**
   * A client a non-code file defines itself (a LiteLLM proxy's model entry, a Continue model): its
   * base URL, key and model move together, whatever the run's key plan says about the code.
   */
  ownClient?: boolean;
  /**
   * A code edit in a file that otherwise follows the key plan: a Markdown code block migrated by
   * its language's scanner (src/scan/markdown/) is applied as code is, whatever the plan.
   */
  snippet?: boolean;
}

export interface Warning {
  code: WarningCode;
  line: number;
  message: string;
}

/** A place where code reads an env variable by name (not a mention in a string, URL or comment). */
export interface KeyRead {
  name: string;
  line: number;
  /** The read's range in the text: a read inside an edited span is gone after the run. */
  start: number;
  end: number;
}

/** What a scanner says about one file. */
export interface FileScan {
  findings: Finding[];
  warnings: Warning[];
  /** Code scanners: the env reads of the key names, for the run's key plan. */
  keyReads?: KeyRead[];
  /**
   * Literals seen in a key position (an `apiKey` value, an env read's default, an Authorization
   * header), whatever their shape: masked in every output (src/secrets.ts). Reported, not
   * registered by the scanner, because a scan may run in a worker thread.
   */
  secrets?: string[];
}

/** Settings every scanner reads. */
export interface ScanOptions {
  baseUrl: string;
  keyEnv: string;
  /** The run's roots (absolute): files code imports are followed only under them (JSON configs). */
  roots?: string[];
}

/** One file after planning: its text before and after, and what was found. */
export interface FileResult {
  path: string;
  /** Path as shown to the user (relative to the current directory). */
  display: string;
  before: string;
  after: string;
  findings: Finding[];
  warnings: Warning[];
}

export interface FileError {
  path: string;
  message: string;
}
