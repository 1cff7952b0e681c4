// Cases that do not pass on the device, by fixture file and reason.
//
// KNOWN_FAILURES: cases that fail because of library code (packages/tensor, autograd, nn, optim)
// that does not yet keep to device discipline. They run with `it.fails`, so a fix makes them fail
// here: delete the entry then.
//
// NOT_ON_A_DEVICE: cases whose recorded PyTorch behaviour cannot hold on an asynchronous device by
// design (a synchronous read, a repr that shows values, an error that only a kernel reading the
// values could raise); they are skipped with the reason.

type Table = Record<string, Record<string, readonly string[]>>;

export const KNOWN_FAILURES: Table = {};

export const NOT_ON_A_DEVICE: Table = {};

/** One file's entries as case name -> reason, the form the fixture runners take. */
function byCase(table: Table, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [reason, names] of Object.entries(table[file] ?? {})) for (const name of names) out[name] = reason;
  return out;
}

export const knownFailures = (file: string): Record<string, string> => byCase(KNOWN_FAILURES, file);
export const notOnADevice = (file: string): Record<string, string> => byCase(NOT_ON_A_DEVICE, file);
