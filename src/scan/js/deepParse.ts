// @babel/parser is a recursive-descent parser: code nested a few hundred levels deep (a 400-deep
// object literal) overflows the main thread's stack (V8's ~1 MB limit), although it is valid.
// Such a file is parsed again in a worker thread with a large stack, waited for synchronously
// (parsing is synchronous everywhere it is called). Only files that overflow pay for the worker.
// The tree travels flat (a table of shallow objects that refer to one another by index), as
// passing it nested would overflow the main thread again while it is copied in.
import { createRequire } from 'node:module';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

const STACK_MB = 256;
const TIMEOUT_MS = 60_000;

// CommonJS, evaluated: it runs the same from src/ (tests) and dist/.
const WORKER = `
const { workerData } = require('node:worker_threads');
const { parse } = require(workerData.parser);
const done = new Int32Array(workerData.signal);
let message;
try {
  message = { table: flatten(parse(workerData.text, workerData.options)) };
} catch (error) {
  message = { error: String(error && error.message || error) };
}
try {
  workerData.port.postMessage(message);
} catch (error) {
  workerData.port.postMessage({ error: 'could not pass the syntax tree back: ' + String(error && error.message || error) });
}
Atomics.store(done, 0, 1);
Atomics.notify(done, 0);

function flatten(root) {
  const table = [];
  const ids = new Map();
  const stack = [];
  const ref = (value) => {
    if (value === null || typeof value !== 'object') return value;
    let id = ids.get(value);
    if (id === undefined) {
      id = table.length;
      ids.set(value, id);
      table.push(undefined);
      stack.push(value);
    }
    return { ref: id };
  };
  ref(root);
  while (stack.length) {
    const value = stack.pop();
    const entry = Array.isArray(value) ? value.map(ref) : {};
    if (!Array.isArray(value)) for (const key of Object.keys(value)) entry[key] = ref(value[key]);
    table[ids.get(value)] = entry;
  }
  return table;
}
`;

/** The tree again from its flat table: every object is a `{ ref }` to an entry. */
function unflatten(table: Record<string, unknown>[]): unknown {
  const out = table.map((entry) => (Array.isArray(entry) ? new Array(entry.length) : {})) as Record<string, unknown>[];
  for (let i = 0; i < table.length; i++) {
    const entry = table[i];
    for (const key of Object.keys(entry)) {
      const v = entry[key] as { ref: number } | unknown;
      out[i][key] = v !== null && typeof v === 'object' ? out[(v as { ref: number }).ref] : v;
    }
  }
  return out[0];
}

/** Parses like `parse(text, options)`, on a thread with a large stack; throws the parser's error. */
export function parseDeep(text: string, options: object): unknown {
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const parser = createRequire(import.meta.url).resolve('@babel/parser');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { text, options, parser, signal, port: port2 },
    transferList: [port2],
    resourceLimits: { stackSizeMb: STACK_MB },
  });
  try {
    const result = Atomics.wait(new Int32Array(signal), 0, 0, TIMEOUT_MS);
    const received = receiveMessageOnPort(port1)?.message as { table?: Record<string, unknown>[]; error?: string } | undefined;
    if (result === 'timed-out' || !received) throw new Error('the parser did not finish');
    if (received.error !== undefined) throw new Error(received.error);
    return unflatten(received.table!);
  } finally {
    port1.close();
    void worker.terminate();
  }
}
