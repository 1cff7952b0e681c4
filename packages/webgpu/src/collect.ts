// JavaScript frees a tensor's GPU memory only after the garbage collector finds its storage
// unreachable, and the collector runs by the size of the JavaScript heap, which a GPU tensor barely
// touches (a few hundred bytes of objects for megabytes of GPU memory). So the pool asks for a
// collection itself when it has handed out many bytes since the last one (buffers.ts). Node can
// collect on request (V8's gc, exposed at run time); a browser page cannot, and relies on the
// collector's own timing and on dispose().

type NodeProcess = { getBuiltinModule?(id: string): unknown };

/** A synchronous full collection where the platform allows one (Node >= 20.16), else null. */
export function forcedCollector(): (() => void) | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return () => void exposed();
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return null;
  const v8 = proc.getBuiltinModule('v8') as { setFlagsFromString(flags: string): void };
  const vm = proc.getBuiltinModule('vm') as { runInNewContext(code: string): unknown };
  // The flag exposes gc in contexts made after it is set; the main context keeps its globals.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  return typeof gc === 'function' ? () => void gc() : null;
}
