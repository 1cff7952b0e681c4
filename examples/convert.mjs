// Recipe: convert a PyTorch checkpoint to .safetensors and back, with the `wick` command.
//
// On the command line (`pnpm exec wick` here after `pnpm build`; `npx wick` with @wick/cli installed):
//
//   wick inspect model.pt                        # every key with dtype, shape, size; the totals
//   wick convert model.pt model.safetensors      # nested dicts flatten to dotted names
//   wick convert model.safetensors model.pt      # a state_dict PyTorch's torch.load reads
//   wick convert checkpoint.pt model.safetensors --key model   # the state_dict inside a checkpoint
//
// The same command runs in-process through run() from '@wick/cli', as below; in code,
// torch.safetensors.save/load and torch.save/load do it without the CLI. This converts PyTorch's
// checkpoint fixtures/demo/char_gru.pt both ways in a temporary folder and checks that every
// tensor comes back bit for bit.
//
//   pnpm build && node examples/convert.mjs [file.pt]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { run } from '@wick/cli';
import * as torch from '@wick/torch';

/** A tensor's elements as raw bytes in logical order: NaN payloads and -0 included. */
function bytesOf(t) {
  const c = t.contiguous();
  const data = c.storage.data; // the typed array behind a CPU tensor (float16: its Uint16 bits)
  const size = c.element_size();
  return new Uint8Array(data.buffer, data.byteOffset + c.storage_offset() * size, c.numel() * size);
}

/** Nested dicts of tensors as one Map with dotted names, as `wick convert` names them. */
function flatten(value, prefix = '', out = new Map()) {
  if (value instanceof torch.Tensor) return out.set(prefix, value);
  for (const [k, v] of value) flatten(v, prefix ? `${prefix}.${k}` : String(k), out);
  return out;
}

function sameBits(a, b) {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return false;
  const x = bytesOf(a);
  const y = bytesOf(b);
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}

export function main({ input = new URL('../fixtures/demo/char_gru.pt', import.meta.url).pathname, log = console.log } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wick-convert-'));
  const io = { out: log, err: log };
  try {
    const st = join(dir, basename(input).replace(/\.[^.]*$/, '.safetensors'));
    const back = join(dir, 'roundtrip.pt');
    // wick convert char_gru.pt char_gru.safetensors; then back again
    if (run(['convert', input, st], io) !== 0) throw new Error(`wick convert ${input} failed`);
    if (run(['convert', st, back], io) !== 0) throw new Error(`wick convert ${st} failed`);
    run(['inspect', st], io);
    log(`sizes: ${statSync(input).size} B (.pt) -> ${statSync(st).size} B (.safetensors) -> ${statSync(back).size} B (.pt)`);

    // Check: the tensors read from each file, key by key, bit for bit.
    const original = flatten(torch.load(input));
    const viaSafetensors = torch.safetensors.load(st); // Map<string, Tensor>
    const roundTrip = torch.load(back);
    let identical = 0;
    for (const [name, t] of original) {
      const a = viaSafetensors.get(name);
      const b = roundTrip.get(name);
      if (a && b && sameBits(t, a) && sameBits(t, b)) identical++;
      else log(`  ${name}: DIFFERS after the round trip`);
    }
    const sameKeys = roundTrip.size === original.size && viaSafetensors.size === original.size;
    log(`${identical}/${original.size} tensors identical bit for bit after .pt -> .safetensors -> .pt${sameKeys ? '' : ' (key sets differ)'}`);
    return { tensors: original.size, identical, sameKeys };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = main({ input: process.argv[2] });
  if (r.identical !== r.tensors || !r.sameKeys) process.exitCode = 1;
}
