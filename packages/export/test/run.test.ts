// Programs saved by PyTorch 2.13's torch.export.save (fixtures/export-core) run in wick with
// PyTorch's outputs: default and core-ATen graphs, dynamic dims, buffer mutation, SymInt outputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor, zeros } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { ExportError } from '../src/errors.js';
import { loadProgram } from '../src/load.js';
import { type TensorRecord, type ValueRecord, bytesOf, cases, dir, program, toTensor } from './helpers.js';
import { ATEN_OPS } from '../src/aten/index.js';

// float32 through linear/addmm/GRU in another summation order than PyTorch's: 1e-5 absolute and relative.
const ATOL = 1e-5;
const RTOL = 1e-5;

function expectValue(actual: unknown, expected: ValueRecord, at: string): void {
  if (typeof expected === 'number') {
    expect(actual, at).toBe(expected);
    return;
  }
  expect(actual, at).toBeInstanceOf(Tensor);
  const t = actual as Tensor;
  expect(t.dtype, at).toBe(expected.dtype);
  expect([...t.shape], at).toEqual(expected.shape);
  const values = t.flatten().tolist() as number[];
  values.forEach((v, i) => {
    const e = expected.values[i]!;
    expect(Math.abs(v - e), `${at}[${i}]: ${v} vs ${e}`).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(e));
  });
}

describe('programs run with PyTorch outputs', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const m = program(c.file).module();
      const inputs = c.inputs.map(toTensor);
      c.outputs.forEach((expected, call) => {
        const out = m(...inputs);
        if (c.single) {
          expectValue(out, expected[0]!, `${name} call ${call}`);
        } else {
          expect(Array.isArray(out)).toBe(true);
          expect((out as unknown[]).length).toBe(expected.length);
          expected.forEach((e, i) => expectValue((out as unknown[])[i], e, `${name} call ${call} output ${i}`));
        }
      });
      if (c.state_dict !== undefined) {
        const sd = m.state_dict();
        expect([...sd.keys()]).toEqual(Object.keys(c.state_dict));
        for (const [k, v] of Object.entries(c.state_dict)) expectValue(sd.get(k), v, `${name} state_dict ${k}`);
      }
    });
  }
});

describe('buffer mutation', () => {
  for (const file of ['counter.pt2', 'counter_core.pt2']) {
    it(`${file}: steps and the non-persistent total update in place, call after call`, () => {
      const m = program(file).module();
      const steps = m.get_buffer('steps')!;
      const x = toTensor(cases.counter!.inputs[0]!);
      m(x);
      m(x);
      expect(m.get_buffer('steps')).toBe(steps);
      expect(steps.item()).toBe(2);
      expect([...m.state_dict().keys()]).toEqual(['steps', 'fc.weight', 'fc.bias']);
      expect([...m.named_buffers()].map(([k]) => k)).toEqual(['steps', 'total']);
    });
  }
});

describe('symbolic dims', () => {
  it('binds each dim from the input and checks its range', () => {
    const m = program('tokens_dynamic.pt2').module();
    const x = toTensor(cases.tokens_dynamic!.inputs[0]!);
    expect((m(x) as unknown[])[1]).toBe(15);
    expect(() => m(x.reshape([1, 15, 4]))).toThrow(new ExportError('Expected input at x.shape[0] to be >= 2, but got 1'));
    expect(() => m(zeros([17, 1, 4]))).toThrow('Expected input at x.shape[0] to be <= 16, but got 17');
    expect(() => m(x.reshape([3, 5, 2, 2]))).toThrow('Unexpected number of dimensions in input at x.shape: expected 3, but got 4');
    expect(() => m(x.reshape([3, 10, 2]))).toThrow('Expected input at x.shape[2] to be equal to 4, but got 2');
  });

  it('a static dim of another program stays static', () => {
    const m = program('gru.pt2').module();
    const x = toTensor(cases.gru!.inputs[0]!);
    expect(() => m(x.narrow(0, 0, 2))).toThrow('Expected input at x.shape[0] to be equal to 3, but got 2');
  });

  it('range_constraints as the file has them', () => {
    expect(program('tokens_dynamic.pt2').range_constraints).toEqual(
      new Map([['s77', { min_val: 2, max_val: 16 }], ['s27', { min_val: 1, max_val: 32 }]]),
    );
    expect(program('mlp.pt2').range_constraints.size).toBe(0);
  });
});

describe('keyword inputs, derived dims, structured outputs', () => {
  const k = (JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { kwargs_derived: Record<string, TensorRecord | number> }).kwargs_derived;
  const [x, y] = [toTensor(k.x as TensorRecord), toTensor(k.y as TensorRecord)];

  it('takes keyword inputs in a trailing object and builds the dict and list of the out_spec', () => {
    const m = program('kwargs_derived.pt2').module();
    for (const kwargs of [{ y }, new Map([['y', y]])]) {
      const out = m(x, kwargs) as readonly [Map<string, Tensor>, number[]];
      expect(Object.isFrozen(out)).toBe(true);
      expect([...out[0].keys()]).toEqual(['x', 'y']);
      expectValue(out[0].get('x'), k.out_x as TensorRecord, 'x');
      expectValue(out[0].get('y'), k.out_y as TensorRecord, 'y');
      expect(out[1]).toEqual([k.size]);
    }
  });

  it('checks a derived dim against the symbol bound from another input', () => {
    const m = program('kwargs_derived.pt2').module();
    expect(() => m(zeros([5, 4]), { y })).toThrow(new ExportError('Expected input at x.shape[0] to be equal to 2*s17 = 4, but got 5'));
    expect(() => m(zeros([18, 4]), { y: zeros([9, 4]) })).toThrow('Expected input at y.shape[0] to be <= 8, but got 9');
    expect(() => m(x)).toThrow('forward: the input y must be a tensor, found nothing');
    expect(() => m(x, y)).toThrow('forward() takes 1 positional argument but 2 were given');
  });
});

describe('a Python constant input', () => {
  const c = (JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { constant_input: Record<string, TensorRecord | number> }).constant_input;

  it('is passed again unchanged, or refused as PyTorch guards it', () => {
    const m = program('constant_input.pt2').module();
    const x = toTensor(c.x as TensorRecord);
    expectValue(m(x, c.k), c.out as TensorRecord, 'out');
    expect(() => m(x, 4)).toThrow(new ExportError('Guard failed: k == 3'));
    expect(program('constant_input.pt2').graph_signature.input_specs.map((s) => [s.kind, s.name])).toEqual([['USER_INPUT', 'x'], ['USER_INPUT', 'k']]);
  });
});

describe('module() calls', () => {
  it('takes the exported positional inputs only', () => {
    const m = program('mlp.pt2').module();
    const x = toTensor(cases.mlp!.inputs[0]!);
    expect(() => m()).toThrow(new ExportError('forward() takes 1 positional argument but 0 were given'));
    expect(() => m(x, x)).toThrow('forward() takes 1 positional argument but 2 were given');
    expect(() => m(3)).toThrow('forward: the input x must be a tensor, found number');
    expect(() => (program('mlp.pt2').module as (...a: unknown[]) => unknown)(1)).toThrow('ExportedProgram.module() takes no arguments (1 given)');
  });

  it('names every ATen op wick lacks before anything runs', () => {
    expect(program('counter_core.pt2').missing_ops()).toEqual([]);
    const partial = new Map([...ATEN_OPS].filter(([k]) => k !== 'aten.addmm.default' && k !== 'aten.add.Tensor'));
    const ep = loadProgram(bytesOf('counter_core.pt2'), {}, partial);
    expect(ep.missing_ops()).toEqual(['aten.add.Tensor', 'aten.addmm.default']);
    expect(() => ep.module()).toThrow(new ExportError('wick lacks 2 ATen ops this program uses: aten.add.Tensor, aten.addmm.default'));
  });
});
