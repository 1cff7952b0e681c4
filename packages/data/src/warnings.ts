// Python's warnings.warn as torch.utils.data uses it: PyTorch warns (and goes on) where an argument
// cannot take effect, e.g. pin_memory without an accelerator. Like Python's default filter, each
// warning is shown once; in Node it goes through process.emitWarning, elsewhere console.warn.

const shown = new Set<string>();

type Emitter = { emitWarning?: (message: string, options: { type: string }) => void };

export function warn(message: string, category = 'UserWarning'): void {
  const key = `${category}: ${message}`;
  if (shown.has(key)) return;
  shown.add(key);
  const proc = (globalThis as { process?: Emitter }).process;
  if (typeof proc?.emitWarning === 'function') proc.emitWarning(message, { type: category });
  else console.warn(key);
}

/** Forgets the warnings already shown (for tests that check a warning is given). */
export function resetWarnings(): void {
  shown.clear();
}
