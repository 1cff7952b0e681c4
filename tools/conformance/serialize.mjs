// fixtures/serialize: every file torch.save / safetensors wrote loads to PyTorch's tensors bit for
// bit (each tensor of the recorded tree), every corrupt file is refused with the named error, and
// files at the parser's limits (a 1 MB int, deep nesting) load to what PyTorch read.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import * as torch from '@wick/torch';
import { compareTensors, decodeBase, fixturesDir } from '@wick/testing';

const exact = { ok: true, worstUlp: 0, worstAbs: 0 };
const differs = (problem) => ({ ok: false, worstUlp: 0, worstAbs: 0, problem });

/** Walks PyTorch's tagged tree (serialize_cases/encode_tree.py) beside the loaded value. */
function walk(expected, got, total) {
  if (expected === null || typeof expected !== 'object' || !('$' in expected)) return;
  if (expected.$ === 'tensor') {
    if (!(got instanceof torch.Tensor)) return Object.assign(total, differs('expected a tensor'));
    const a = compareTensors(got, decodeBase({ dtype: expected.dtype, shape: expected.shape, data: expected.data }));
    total.tensors++;
    if (!a.ok && total.ok) Object.assign(total, { ok: false, problem: a.problem });
  } else if (expected.$ === 'dict' && got instanceof Map) {
    const byKey = new Map([...got].map(([k, v]) => [String(k), v]));
    for (const [k, v] of expected.items) walk(v, byKey.get(String(k)), total);
  } else if ((expected.$ === 'list' || expected.$ === 'tuple') && Array.isArray(got)) {
    expected.items.forEach((v, i) => walk(v, got[i], total));
  }
}

/**
 * An accepted file too big to record as a value (serialize_cases/hostile_scale.py): a huge int by
 * its sign and the SHA-256 of its hex digits, a deep list by its depth.
 */
function scaleAgrees(value, scale) {
  if (scale.long) {
    if (typeof value !== 'bigint') return differs(`expected a Python int, got ${typeof value}`);
    const digits = (value < 0n ? -value : value).toString(16);
    const same = value < 0n === scale.long.negative && digits.length === scale.long.hex_digits
      && createHash('sha256').update(digits).digest('hex') === scale.long.hex_sha256;
    return same ? exact : differs('the int differs');
  }
  if (scale.depth !== undefined) {
    let depth = 1;
    for (let list = value; list.length > 0; list = list[0]) depth++;
    return depth === scale.depth ? exact : differs(`depth ${depth}, expected ${scale.depth}`);
  }
  return exact;
}

export function run(note) {
  const dir = join(fixturesDir(), 'serialize');
  const { cases } = decode(readFileSync(join(dir, 'expected.msgpack')), { useBigInt64: true });
  for (const c of cases) {
    const open = () => {
      const bytes = readFileSync(join(dir, c.file));
      return c.kind === 'safetensors' ? torch.safetensors.load(bytes) : torch.load(bytes);
    };
    const row = c.kind === 'safetensors' ? 'safetensors.load' : 'torch.load';
    if (c.scale !== undefined) {
      note(`${row}: files at the parser's limits`, () => scaleAgrees(open(), c.scale));
    } else if (c.value !== undefined) {
      note(row, () => {
        const total = { ...exact, tensors: 0 };
        walk(c.value, open(), total);
        return total;
      });
    } else {
      note(`${row}: refusals of corrupt files`, () => {
        try {
          open();
        } catch (e) {
          return torch.WickError.isInstance(e) && e.name === c.error.class && e.message.includes(c.error.message) ? exact : differs(`threw ${String(e)}`);
        }
        return differs('no error');
      });
    }
  }
}
