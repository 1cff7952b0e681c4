// fixtures/serialize: every file torch.save / safetensors wrote loads to PyTorch's tensors bit for
// bit (each tensor of the recorded tree), every corrupt file is refused with the named error, and
// files at the parser's limits (a 1 MB int, deep nesting) load to what PyTorch read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import * as torch from '@wick/torch';
import { compareTensors, decodeBase, fixturesDir, scaleProblem } from '@wick/testing';

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
      note(`${row}: files at the parser's limits`, () => {
        const problem = scaleProblem(open(), c.scale);
        return problem === null ? exact : differs(problem);
      });
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
