// The recurrent kernels on webgpu (src/fused/): nn.GRU / nn.LSTM / nn.RNN forward and backward on
// the device against the same modules on the CPU, PyTorch's fixtures (autograd/rnn, nn/rnn) run
// through the device, the fused cells against the CPU and against their composite on the device,
// and the dispatches per step.
//
// Tolerance against the CPU (float32): an element agrees within 8 ULP or 1e-5 absolute. The
// adapter's exp (behind sigmoid and tanh) differs from the CPU's by a few ULP, and its dot products
// over H <= 32 terms add in another order than the CPU's GEMM (each about K * 2^-24 of the sum of
// |terms|, ~2e-6 at these sizes); over T <= 8 steps and a sum over <= 32 rows for the weight
// gradients (magnitudes below ~10) that stays under 1e-5. The PyTorch fixtures keep their own
// per-case tolerance (4x PyTorch's own float32 error against float64).
import { backward, grad, install, no_grad } from '@wick/autograd';
import * as nn from '@wick/nn';
import { PackedSequence } from '@wick/nn';
import * as torch from '@wick/tensor';
import { type RnnLayerAttrs, type RnnMode, Storage, Tensor, contiguousStrides } from '@wick/tensor';
import { type FixtureCase, type Tolerance, compareTensors, compareValue, decodeValue, loadFixture } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.js';
import { useWebGpu } from './gpu.js';

const TOL: Tolerance = { ulp: 8, atol: 1e-5 };

let ctx: Context;
beforeAll(async () => {
  install();
  ctx = (await useWebGpu()).ctx;
});

/** A webgpu tensor's values as a CPU tensor (CPU tensors as they are). */
async function host(t: Tensor): Promise<Tensor> {
  if (t.device === 'cpu') return t;
  const data = (await t.read()) as Float32Array;
  return new Tensor(Storage.cpu(t.dtype, data), t.shape, contiguousStrides(t.shape), 0);
}

/** Results (tensors, lists, PackedSequence, null) with every tensor on the CPU. */
async function hostAll(v: unknown): Promise<unknown> {
  if (v instanceof Tensor) return host(v);
  if (v instanceof PackedSequence) return hostAll([v.data, v.batch_sizes]);
  if (Array.isArray(v)) return Promise.all(v.map(hostAll));
  return v;
}

async function expectClose(actual: unknown, expected: unknown, what: string, tol: Tolerance = TOL): Promise<void> {
  const a = await hostAll(actual);
  const e = await hostAll(expected);
  const agreement = compareAll(a, e, tol);
  expect(agreement, what).toBe('ok');
}

/** compareValue on CPU tensors (the fixtures' encoded tensors, or tensors of the CPU run). */
function compareAll(actual: unknown, expected: unknown, tol: Tolerance): string {
  if (expected instanceof Tensor) {
    if (!(actual instanceof Tensor)) return `expected a tensor, got ${String(actual)}`;
    const r = compareTensors(actual, expected, tol);
    return r.ok ? 'ok' : r.problem!;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `expected a list of ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const r = compareAll(actual[i], expected[i], tol);
      if (r !== 'ok') return `[${i}] ${r}`;
    }
    return 'ok';
  }
  if (expected === null || expected === undefined) return actual === null || actual === undefined ? 'ok' : `expected nothing, got ${String(actual)}`;
  const r = compareValue(actual, expected, tol);
  return r.ok ? 'ok' : r.problem!;
}

const floatsOf = (v: unknown): Tensor[] =>
  v instanceof PackedSequence ? [v.data] : v instanceof Tensor ? (v.is_floating_point() ? [v] : []) : Array.isArray(v) ? v.flatMap(floatsOf) : [];

type Make = () => nn.Module;

/**
 * One module twice from one seed, the second moved to webgpu; the same inputs (leaves on each
 * device) forward, then backward with the same output gradients. Compares outputs, input
 * gradients and parameter gradients.
 */
async function sameOnBoth(make: Make, inputs: (device: 'cpu' | 'webgpu') => { args: unknown[]; leaves: Tensor[] }): Promise<void> {
  torch.manual_seed(3);
  const cpu = make();
  torch.manual_seed(3);
  const dev = make().to('webgpu');
  const a = inputs('cpu');
  const b = inputs('webgpu');
  const outCpu = cpu.forward(...a.args);
  const outDev = dev.forward(...b.args);
  await expectClose(outDev, outCpu, 'forward');
  const fc = floatsOf(outCpu);
  const fd = floatsOf(outDev);
  torch.manual_seed(4);
  const gradsCpu = fc.map((t) => torch.randn(t.shape as number[]));
  backward(fc, gradsCpu);
  backward(fd, gradsCpu.map((g) => g.to('webgpu')));
  const wanted = (leaves: Tensor[]) => leaves.filter((l) => l.requires_grad).map((l) => l.grad);
  await expectClose(wanted(b.leaves), wanted(a.leaves), 'input gradients');
  const pc = [...cpu.named_parameters()];
  const pd = new Map(dev.named_parameters());
  expect(pc.length).toBeGreaterThan(0);
  await expectClose(pc.map(([n]) => pd.get(n)!.grad), pc.map(([, p]) => p.grad), 'parameter gradients');
}

/** Tensors of the given shapes, the same values on both devices, each a leaf that requires grad. */
function leavesOf(seed: number, shapes: number[][], device: 'cpu' | 'webgpu'): Tensor[] {
  torch.manual_seed(seed);
  return shapes.map((s) => torch.randn(s).to(device).requires_grad_());
}

describe('nn modules on webgpu against the CPU', () => {
  it('GRU: 2 layers, bidirectional, with h0', async () => {
    await sameOnBoth(() => new nn.GRU(6, 7, 2, { bidirectional: true }), (device) => {
      const [x, h0] = leavesOf(1, [[5, 3, 6], [4, 3, 7]], device);
      return { args: [x, h0], leaves: [x!, h0!] };
    });
  });

  it('GRU: batch_first, no bias, no h0, B = 1', async () => {
    await sameOnBoth(() => new nn.GRU(4, 5, { batch_first: true, bias: false }), (device) => {
      const [x] = leavesOf(2, [[1, 7, 4]], device);
      return { args: [x], leaves: [x!] };
    });
  });

  it('LSTM: proj_size, batch_first, with (h0, c0)', async () => {
    await sameOnBoth(() => new nn.LSTM(5, 8, { proj_size: 3, batch_first: true }), (device) => {
      const [x, h0, c0] = leavesOf(3, [[4, 6, 5], [1, 4, 3], [1, 4, 8]], device);
      return { args: [x, [h0, c0]], leaves: [x!, h0!, c0!] };
    });
  });

  it('GRU large enough for the tiled products (input projection with bias, weight gradients)', async () => {
    await sameOnBoth(() => new nn.GRU(40, 33, { batch_first: true }), (device) => {
      const [x] = leavesOf(6, [[5, 8, 40]], device);
      return { args: [x], leaves: [x!] };
    });
  });

  it('LSTM: 2 layers, bidirectional, H = 32', async () => {
    await sameOnBoth(() => new nn.LSTM(3, 32, 2, { bidirectional: true }), (device) => {
      const [x] = leavesOf(4, [[8, 2, 3]], device);
      return { args: [x], leaves: [x!] };
    });
  });

  it('RNN tanh (2 layers) and relu (bidirectional)', async () => {
    await sameOnBoth(() => new nn.RNN(4, 6, 2), (device) => {
      const [x, h0] = leavesOf(5, [[8, 2, 4], [2, 2, 6]], device);
      return { args: [x, h0], leaves: [x!, h0!] };
    });
    await sameOnBoth(() => new nn.RNN(4, 6, { nonlinearity: 'relu', bidirectional: true }), (device) => {
      const [x] = leavesOf(6, [[5, 3, 4]], device);
      return { args: [x], leaves: [x!] };
    });
  });

  // Packed on the CPU (the batch sizes stay there, as PyTorch requires), the data then on each device.
  const packedData = (lengths: number[], I: number, device: 'cpu' | 'webgpu') => {
    torch.manual_seed(7);
    const padded = torch.randn([lengths[0]!, lengths.length, I]);
    const packed = nn.utils.rnn.pack_padded_sequence(padded, lengths);
    const data = packed.data.to(device).requires_grad_();
    return { data, seq: new PackedSequence(data, packed.batch_sizes) };
  };

  it('GRU on a packed sequence: 2 layers, bidirectional', async () => {
    await sameOnBoth(() => new nn.GRU(4, 5, 2, { bidirectional: true }), (device) => {
      const { data, seq } = packedData([6, 4, 4, 1], 4, device);
      return { args: [seq], leaves: [data] };
    });
  });

  it('LSTM with proj_size on a packed sequence, bidirectional', async () => {
    await sameOnBoth(() => new nn.LSTM(3, 6, { proj_size: 2, bidirectional: true }), (device) => {
      const { data, seq } = packedData([5, 5, 3, 2], 3, device);
      return { args: [seq], leaves: [data] };
    });
  });

  it('RNN relu on a packed sequence', async () => {
    await sameOnBoth(() => new nn.RNN(3, 4, { nonlinearity: 'relu' }), (device) => {
      const { data, seq } = packedData([4, 2, 1], 3, device);
      return { args: [seq], leaves: [data] };
    });
  });
});

/** Random inputs of one _rnn_layer call: [x, h0, (c0), w_ih, w_hh, b_ih, b_hh, (w_hr)]. */
function layerInputs(mode: RnnMode, batchSizes: number[], H: number, proj = 0): Tensor[] {
  const P = proj || H;
  const G = { RNN_TANH: 1, RNN_RELU: 1, GRU: 3, LSTM: 4 }[mode] * H;
  const rows = batchSizes.reduce((a, b) => a + b, 0);
  const r = (...shape: number[]) => torch.randn(shape).mul(0.5);
  const inputs = [r(rows, 3), r(batchSizes[0]!, P)];
  if (mode === 'LSTM') inputs.push(r(batchSizes[0]!, H));
  inputs.push(r(G, 3), r(G, P), r(G), r(G));
  if (proj) inputs.push(r(P, H));
  return inputs;
}

describe('_rnn_layer on webgpu', () => {
  const cases: [string, RnnMode, number, boolean, number][] = [
    ['GRU', 'GRU', 1, false, 0],
    ['GRU reverse', 'GRU', 1, true, 0],
    ['LSTM', 'LSTM', 1, false, 0],
    ['LSTM proj', 'LSTM', 2, false, 2],
    ['LSTM proj reverse', 'LSTM', 2, true, 2],
    ['RNN_TANH', 'RNN_TANH', 1, false, 0],
  ];
  for (const [name, mode, perStep, reverse, proj] of cases) {
    it(`${name}: ${perStep} dispatch(es) per step forward, 2 per step backward`, async () => {
      torch.manual_seed(1);
      const counts: number[] = [];
      const backCounts: number[] = [];
      for (const T of [4, 8]) {
        const inputs = layerInputs(mode, new Array<number>(T).fill(3), 5, proj).map((t) => t.to('webgpu'));
        const attrs: RnnLayerAttrs = { mode, batch_sizes: new Array<number>(T).fill(3), reverse, has_biases: true, has_proj: proj > 0 };
        const before = ctx.queue.dispatches;
        const out = no_grad(() => torch.rnnLayer(inputs, attrs));
        counts.push(ctx.queue.dispatches - before);
        const k = mode === 'LSTM' ? 3 : 2;
        const weights = [inputs[k]!, inputs[k + 1]!, ...(proj ? [inputs[inputs.length - 1]!] : [])];
        const grads = out.slice(0, out.length - 1).map((t) => torch.ones(t.shape as number[]).to('webgpu'));
        const start = ctx.queue.dispatches;
        torch.rnnLayerBackwardOp.callMulti([inputs[0]!, ...weights, out[out.length - 1]!, ...grads], attrs);
        backCounts.push(ctx.queue.dispatches - start);
        await out[0]!.read();
      }
      // Four more steps: four more step dispatches (or eight with the projection), nothing else.
      expect(counts[1]! - counts[0]!).toBe(4 * perStep);
      expect(backCounts[1]! - backCounts[0]!).toBe(4 * 2);
    });
  }

  it('the workspace matches the CPU kernel\'s, and backward from it matches the CPU\'s', async () => {
    for (const [mode, sizes, reverse, proj] of [['GRU', [3, 3, 2, 1], true, 0], ['LSTM', [3, 2, 1], false, 2]] as [RnnMode, number[], boolean, number][]) {
      torch.manual_seed(2);
      const inputs = layerInputs(mode, sizes, 5, proj).map((t) => t.requires_grad_());
      const attrs: RnnLayerAttrs = { mode, batch_sizes: sizes, reverse, has_biases: true, has_proj: proj > 0 };
      // Recorded, so that the CPU kernel keeps its workspace too.
      const cpu = torch.rnnLayer(inputs, attrs).map((t) => t.detach());
      const dev = no_grad(() => torch.rnnLayer(inputs.map((t) => t.detach().to('webgpu')), attrs));
      await expectClose(dev, cpu, `${mode} forward and workspace`);
      const k = mode === 'LSTM' ? 3 : 2;
      const pick = (all: Tensor[]) => [all[0]!, all[k]!, all[k + 1]!, ...(proj ? [all[all.length - 1]!] : [])];
      torch.manual_seed(3);
      const grads = cpu.slice(0, cpu.length - 1).map((t) => torch.randn(t.shape as number[]));
      const base = inputs.map((t) => t.detach());
      const gc = torch.rnnLayerBackwardOp.callMulti([...pick(base), cpu[cpu.length - 1]!, ...grads], attrs);
      const gd = torch.rnnLayerBackwardOp.callMulti([...pick(base).map((t) => t.to('webgpu')), cpu[cpu.length - 1]!.to('webgpu'), ...grads.map((g) => g.to('webgpu'))], attrs);
      await expectClose(gd, gc, `${mode} backward`);
    }
  });

  it('the kernel agrees with the composite on the device', async () => {
    for (const [mode, sizes, reverse, proj] of [['GRU', [3, 2, 2, 1], false, 0], ['LSTM', [3, 3, 1], true, 2], ['RNN_RELU', [2, 1], false, 0]] as [RnnMode, number[], boolean, number][]) {
      torch.manual_seed(5);
      const inputs = layerInputs(mode, sizes, 4, proj).map((t) => t.to('webgpu'));
      const attrs: RnnLayerAttrs = { mode, batch_sizes: sizes, reverse, has_biases: true, has_proj: proj > 0 };
      const kernel = no_grad(() => torch.rnnLayer(inputs, attrs));
      const saved = torch.kernelFor('_rnn_layer', 'webgpu')!;
      torch.unregisterKernel('_rnn_layer', 'webgpu');
      try {
        const composite = no_grad(() => torch.rnnLayer(inputs, attrs));
        await expectClose(kernel.slice(0, -1), composite.slice(0, -1), mode);
      } finally {
        torch.registerKernel('_rnn_layer', 'webgpu', saved);
      }
    }
  });
});

describe('fused cells on webgpu', () => {
  const cellInputs = (chunks: number, B: number, H: number) => {
    torch.manual_seed(8);
    return [torch.randn([B, chunks * H]), torch.randn([B, chunks * H]), torch.randn([B, H]), torch.randn([chunks * H]), torch.randn([chunks * H])];
  };
  const onDevice = (ts: Tensor[]) => ts.map((t) => t.to('webgpu'));

  it('_thnn_fused_gru_cell and its backward, with and without biases', async () => {
    for (const B of [1, 3]) {
      const [ig, hg, hx, bi, bh] = cellInputs(3, B, 7) as [Tensor, Tensor, Tensor, Tensor, Tensor];
      const [dig, dhg, dhx, dbi, dbh] = onDevice([ig, hg, hx, bi, bh]) as [Tensor, Tensor, Tensor, Tensor, Tensor];
      const cpu = torch._thnn_fused_gru_cell(ig, hg, hx, bi, bh);
      const dev = torch._thnn_fused_gru_cell(dig, dhg, dhx, dbi, dbh);
      await expectClose(dev, cpu, 'gru cell');
      await expectClose(torch._thnn_fused_gru_cell(dig, dhg, dhx), torch._thnn_fused_gru_cell(ig, hg, hx), 'gru cell without biases');
      const g = torch.randn([B, 7]);
      for (const hasBias of [true, false]) {
        const want = torch._thnn_fused_gru_cell_backward(g, cpu[1], hasBias);
        const got = torch._thnn_fused_gru_cell_backward({ grad_hy: g.to('webgpu'), workspace: dev[1], has_bias: hasBias });
        await expectClose(got, want, `gru cell backward, has_bias ${hasBias}`);
      }
    }
  });

  it('_thnn_fused_lstm_cell and its backward, either gradient absent', async () => {
    const [ig, hg, cx, bi, bh] = cellInputs(4, 3, 6) as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const [dig, dhg, dcx, dbi, dbh] = onDevice([ig, hg, cx, bi, bh]) as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const cpu = torch._thnn_fused_lstm_cell(ig, hg, cx, bi, bh);
    const dev = torch._thnn_fused_lstm_cell(dig, dhg, dcx, dbi, dbh);
    await expectClose(dev, cpu, 'lstm cell');
    await expectClose(torch._thnn_fused_lstm_cell(dig, dhg, dcx), torch._thnn_fused_lstm_cell(ig, hg, cx), 'lstm cell without biases');
    const ghy = torch.randn([3, 6]);
    const gcy = torch.randn([3, 6]);
    for (const [h, c] of [[ghy, gcy], [ghy, null], [null, gcy]] as [Tensor | null, Tensor | null][]) {
      const want = torch._thnn_fused_lstm_cell_backward_impl(h, c, cx, cpu[1], cpu[2], true);
      const got = torch._thnn_fused_lstm_cell_backward_impl(h?.to('webgpu') ?? null, c?.to('webgpu') ?? null, dcx, dev[1], dev[2], true);
      await expectClose(got, want, `lstm cell backward (grad_hy ${h !== null}, grad_cy ${c !== null})`);
    }
  });

  it('each cell kernel agrees with its composite on the device', async () => {
    const [ig, hg, hx, bi, bh] = onDevice(cellInputs(3, 2, 5)) as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const [lig, lhg, cx, lbi, lbh] = onDevice(cellInputs(4, 2, 5)) as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const g = torch.randn([2, 5]).to('webgpu');
    const run = () => {
      const gru = torch._thnn_fused_gru_cell(ig, hg, hx, bi, bh);
      const lstm = torch._thnn_fused_lstm_cell(lig, lhg, cx, lbi, lbh);
      // Without biases: the composites' bias sums need the backend's reduce.
      return [gru, lstm, torch._thnn_fused_gru_cell_backward(g, gru[1], false), torch._thnn_fused_lstm_cell_backward_impl(g, g, cx, lstm[1], lstm[2], false)];
    };
    const kernels = run();
    const names = ['_thnn_fused_gru_cell', '_thnn_fused_lstm_cell', '_thnn_fused_gru_cell_backward', '_thnn_fused_lstm_cell_backward_impl'];
    const saved = names.map((n) => torch.kernelFor(n, 'webgpu')!);
    const dispatches = ctx.queue.dispatches;
    names.forEach((n) => torch.unregisterKernel(n, 'webgpu'));
    try {
      const composites = run();
      // The composites take many more dispatches than the kernels' one each.
      expect(ctx.queue.dispatches - dispatches).toBeGreaterThan(8);
      await expectClose(kernels, composites, 'kernels against composites');
    } finally {
      names.forEach((n, i) => torch.registerKernel(n, 'webgpu', saved[i]!));
    }
  });
});

/** Fixture values on the device: float tensors moved, everything else (batch sizes) as it is. */
function toDevice(v: unknown, leaf: boolean): { value: unknown; leaves: Tensor[] } {
  if (v instanceof Tensor) {
    if (!v.is_floating_point()) return { value: v, leaves: [] };
    const t = v.to('webgpu');
    if (leaf) t.requires_grad_();
    return { value: t, leaves: leaf ? [t] : [] };
  }
  if (Array.isArray(v)) {
    const parts = v.map((x) => toDevice(x, leaf));
    return { value: parts.map((p) => p.value), leaves: parts.flatMap((p) => p.leaves) };
  }
  return { value: v, leaves: [] };
}

const functions: Record<string, (...args: never[]) => unknown> = {
  gru: torch.gru as never,
  lstm: torch.lstm as never,
  rnn_tanh: torch.rnn_tanh as never,
  rnn_relu: torch.rnn_relu as never,
  'graph.fused_gru': ((ig: Tensor, hg: Tensor, hx: Tensor, bi: Tensor, bh: Tensor) => torch._thnn_fused_gru_cell(ig, hg, hx, bi, bh)) as never,
  'graph.fused_lstm': ((ig: Tensor, hg: Tensor, cx: Tensor, bi: Tensor, bh: Tensor) => torch._thnn_fused_lstm_cell(ig, hg, cx, bi, bh)) as never,
};

describe('fixtures/autograd/rnn.msgpack through webgpu (float32)', () => {
  // The cell functions (gru_cell, ...) and second derivatives run op-level products (matmul), and
  // dropout draws random numbers: neither has a webgpu kernel yet.
  const cases = loadFixture('autograd/rnn.msgpack').cases.filter((c) => c.name.includes('/float32') && c.fn in functions);
  it('has the cases', () => expect(cases.length).toBe(21));
  for (const c of cases) {
    it(c.name, async () => {
      const wrt = new Set((c.wrt as number[] | undefined) ?? []);
      const args = (c.args ?? []).map((a, i) => toDevice(decodeValue(a).value, wrt.has(i)));
      const kwargs = c.kwargs && Object.keys(c.kwargs).length > 0 ? [toDevice(decodeValue(c.kwargs).value, false).value] : [];
      const result = (functions[c.fn] as (...a: unknown[]) => unknown)(...args.map((a) => a.value), ...kwargs);
      const tol = c.tol ?? {};
      await expectClose(result, decodeValue(c.out).value, 'forward', tol);
      const outputs = floatsOf(result);
      const gradOutputs = ((c.grad_outputs as unknown[]) ?? []).map((g) => (decodeValue(g).value as Tensor).to('webgpu'));
      const got = grad(outputs, args.flatMap((a) => a.leaves), { grad_outputs: gradOutputs, allow_unused: true });
      const expected = (c.grads as unknown[]).filter((_, i) => wrt.has(i)).flatMap((g) => (Array.isArray(g) ? g : [g]));
      await expectClose(got, expected.map((g) => decodeValue(g).value), 'gradients', tol);
    });
  }
});

interface Pack {
  pack: { padded: unknown; lengths: unknown; batch_first: boolean; enforce_sorted: boolean };
}

/** A module case's input on the device: tensors, [h, c], or a pack (packed on the CPU, its data moved). */
function moduleInput(v: unknown, leaf: boolean): { value: unknown; leaves: Tensor[]; packs: Pack['pack'][] } {
  if (v !== null && typeof v === 'object' && 'pack' in v) {
    const p = (v as Pack).pack;
    const padded = decodeValue(p.padded).value as Tensor;
    const lengths = decodeValue(p.lengths).value as number[];
    const packed = nn.utils.rnn.pack_padded_sequence(padded, lengths, { batch_first: p.batch_first, enforce_sorted: p.enforce_sorted });
    const data = packed.data.to('webgpu').requires_grad_();
    return { value: new PackedSequence(data, packed.batch_sizes), leaves: [data], packs: [p] };
  }
  if (Array.isArray(v)) {
    const parts = v.map((x) => moduleInput(x, leaf));
    return { value: parts.map((p) => p.value), leaves: parts.flatMap((p) => p.leaves), packs: parts.flatMap((p) => p.packs) };
  }
  const moved = toDevice(decodeValue(v).value, leaf);
  return { ...moved, packs: [] };
}

describe('fixtures/nn/rnn.msgpack through webgpu (float32 RNN, GRU, LSTM)', () => {
  const usable = (c: FixtureCase) => {
    if (c.kind !== 'module' || c.dtype !== 'float32' || !['RNN', 'GRU', 'LSTM'].includes(String(c.module))) return false;
    // An unsorted pack permutes the states with index_select; dropout in training draws random numbers.
    const text = JSON.stringify(c.inputs, (_, x: unknown) => (x instanceof Uint8Array || typeof x === 'bigint' ? 0 : x));
    if (text.includes('"enforce_sorted":false')) return false;
    return !(c.training && Number((c.kwargs as { dropout?: number } | undefined)?.dropout ?? 0) > 0);
  };
  const cases = loadFixture('nn/rnn.msgpack').cases.filter(usable);
  it('has the cases', () => expect(cases.length).toBeGreaterThan(60));
  for (const c of cases) {
    it(c.name, async () => {
      const args = decodeValue(c.args ?? []).value as unknown[];
      const kwargs = c.kwargs && Object.keys(c.kwargs).length > 0 ? [decodeValue(c.kwargs).value] : [];
      const ctor = Reflect.get(nn, String(c.module)) as new (...a: unknown[]) => nn.Module;
      const m = new ctor(...args, ...kwargs);
      m.load_state_dict(new Map((c.state_dict as [string, unknown][]).map(([k, t]) => [k, decodeValue(t).value as Tensor])));
      m.train(Boolean(c.training));
      m.to('webgpu');
      const inputs = (c.inputs as unknown[]).map((v) => moduleInput(v, true));
      const out = m.forward(...inputs.map((i) => i.value));
      const expectedOut = (c.out as unknown[]).map((o) => (o !== null && typeof o === 'object' && 'packed_sequence' in o ? (o as { packed_sequence: unknown[] }).packed_sequence.slice(0, 2) : o));
      await expectClose(out, decodeValue(expectedOut).value, 'forward', c.tol ?? {});
      if (!c.grads) return;
      const fs = floatsOf(out);
      backward(fs, (c.grad_outputs as unknown[]).map((w) => (decodeValue(w).value as Tensor).to('webgpu')));
      const tol = { ulp: 4, atol: Number(c.grad_tol) };
      const g = c.grads as { inputs: unknown[]; params: [string, unknown][] };
      const named = new Map(m.named_parameters());
      await expectClose(g.params.map(([n]) => named.get(n)!.grad), g.params.map(([, t]) => decodeValue(t).value), 'parameter gradients', tol);
      // A packed input's gradient is the padded one's, packed the same way.
      const expectedInputs = g.inputs.map((e, i) => {
        const pack = inputs[i]!.packs[0];
        const value = decodeValue(e).value;
        if (pack === undefined) return value;
        const lengths = decodeValue(pack.lengths).value as number[];
        return nn.utils.rnn.pack_padded_sequence(value as Tensor, lengths, { batch_first: pack.batch_first, enforce_sorted: pack.enforce_sorted }).data;
      });
      const gotInputs = inputs.slice(0, expectedInputs.length).map((i) => (Array.isArray(i.value) ? i.leaves.map((l) => l.grad) : (i.leaves[0]?.grad ?? null)));
      await expectClose(gotInputs, expectedInputs, 'input gradients', tol);
    });
  }
});
