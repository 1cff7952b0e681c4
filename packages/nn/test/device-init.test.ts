// nn on a device: initialisers and modules give the CPU's numbers (the draws are the CPU
// generator's; initialisers that read values to decide run on a CPU stand-in and are copied in),
// and losses and layers refuse mixed devices. Checked with the host-backed stand-in device, which
// refuses every synchronous read. The normalisation layers train there as on the CPU (running
// statistics, momentum=None included) without reading a value.
import { install } from '@wick/autograd';
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { expectWickError, useHostDevice } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';

install();
useHostDevice();

type Device = 'cpu' | 'webgpu';

async function read(ts: readonly Tensor[]): Promise<unknown[]> {
  return Promise.all(ts.map(async (t) => ({ dtype: t.dtype, shape: [...t.shape], values: Array.from(await t.read() as ArrayLike<unknown>) })));
}

/** The program's tensors after the same seed on the CPU and on the device: the same numbers. */
async function expectSame(program: (device: Device) => Tensor[]): Promise<void> {
  const run = async (device: Device) => {
    torch.manual_seed(31);
    const out = program(device);
    for (const t of out) expect(t.device).toBe(device);
    return read([...out, torch.rand([2])]);
  };
  expect(await run('webgpu')).toEqual(await run('cpu'));
}

describe('nn.init on a device equals the CPU', () => {
  const w = (device: Device, shape = [6, 5]) => torch.empty(shape, { device });
  it('uniform_, normal_, constant_, zeros_, ones_, eye_', () => expectSame((d) => [
    nn.init.uniform_(w(d), -2, 3), nn.init.normal_(w(d), 1, 0.5), nn.init.constant_(w(d), 0.25), nn.init.zeros_(w(d)),
    nn.init.ones_(w(d)), nn.init.eye_(w(d)),
  ]));
  it('xavier_uniform_, xavier_normal_, kaiming_uniform_, kaiming_normal_', () => expectSame((d) => [
    nn.init.xavier_uniform_(w(d), 2), nn.init.xavier_normal_(w(d)), nn.init.kaiming_uniform_(w(d), Math.sqrt(5)),
    nn.init.kaiming_normal_(w(d, [4, 3, 2]), 0, 'fan_out', 'relu'),
  ]));
  it('trunc_normal_: redrawing values outside [a, b], and rejection sampling for a narrow tail', () => expectSame((d) => [
    nn.init.trunc_normal_(w(d, [40, 30])),
    nn.init.trunc_normal_(w(d, [40, 30]), 0, 1, 1.5, 3),
    nn.init.trunc_normal_(w(d, [20, 10], ).t(), 0.5, 2, -1, 1),
    nn.init.trunc_normal_(torch.empty([30], { device: d, dtype: 'float64' }), 0, 1, -0.5, 0.5),
  ]));
  it('orthogonal_ (wide and tall), sparse_, dirac_', () => expectSame((d) => [
    nn.init.orthogonal_(w(d, [3, 7]), 1.5), nn.init.orthogonal_(w(d, [7, 3])), nn.init.sparse_(w(d, [8, 4]), 0.5),
    nn.init.dirac_(w(d, [4, 2, 3]), 2),
  ]));
});

describe('modules built on a device equal the CPU', () => {
  it('Linear, Bilinear, Embedding, LayerNorm, RNN, GRU, LSTM, GRUCell, LSTMCell, Conv1d, Conv2d, ConvTranspose2d', () => expectSame((device) => [
    ...new nn.Conv1d(4, 6, 3, { device }).parameters(),
    ...new nn.Conv2d(4, 6, [3, 2], { groups: 2, device }).parameters(),
    ...new nn.ConvTranspose2d(4, 6, 3, { device }).parameters(),
    ...new nn.Linear(4, 3, { device }).parameters(),
    ...new nn.Bilinear(2, 3, 4, { device }).parameters(),
    ...new nn.Embedding(5, 3, { device }).parameters(),
    ...new nn.LayerNorm([3], { device }).parameters(),
    ...new nn.RNN(2, 3, { num_layers: 2, device }).parameters(),
    ...new nn.GRU(2, 3, { bidirectional: true, device }).parameters(),
    ...new nn.LSTM(2, 3, { proj_size: 2, device }).parameters(),
    ...new nn.GRUCell(2, 3, { device }).parameters(),
    ...new nn.LSTMCell(2, 3, { device }).parameters(),
  ]));

  it('dropout (functional and module) draws the CPU mask', () => expectSame((device) => {
    const x = torch.arange(24, { device, dtype: 'float32' }).view([4, 6]);
    const drop = new nn.Dropout(0.4);
    return [nn.functional.dropout(x, 0.3), drop.forward(x), nn.functional.dropout(x.t(), 0.5, true, false)];
  }));

  it('convolutions (their index tensors made on the device), forward and gradients', () => expectSame((device) => {
    const conv = new nn.Conv2d(4, 6, 3, { padding: 'same', groups: 2, padding_mode: 'reflect', device });
    const deconv = new nn.ConvTranspose2d(6, 2, 3, { stride: 2, output_padding: 1, device });
    const conv1 = new nn.Conv1d(4, 3, 2, { stride: 2, device });
    const x = torch.randn([2, 4, 5, 5], { device }).requires_grad_();
    const y = deconv.forward(conv.forward(x));
    const cols = nn.functional.unfold(y, 2, 1, 1, 3);
    const z = nn.functional.fold(cols, [12, 12], 2, 1, 1, 3);
    const w = conv1.forward(x.flatten(2));
    z.sum().add(w.pow(2).sum()).backward();
    return [y, z, w, x.grad!, ...[...conv.parameters(), ...deconv.parameters(), ...conv1.parameters()].map((p) => p.grad!)];
  }));

  it('a GRU with dropout between layers, forward in training mode', () => expectSame((device) => {
    const gru = new nn.GRU(3, 4, { num_layers: 3, dropout: 0.5, device });
    const [out, h] = gru.forward(torch.randn([5, 2, 3], { device }));
    return [out, h as Tensor];
  }));
});

describe('normalisation layers on a device equal the CPU, reading nothing', () => {
  /** Two training steps and one eval step: outputs, gradients of the input and the parameters, and the buffers after. */
  const steps = (m: nn.Module, shape: number[], device: Device): Tensor[] => {
    m.to(device);
    const out: Tensor[] = [];
    for (const training of [true, true, false]) {
      m.train(training);
      const x = torch.randn(shape, { device }).mul(2).add(0.5).requires_grad_();
      const y = m.forward(x) as Tensor;
      y.mul(torch.randn(y.shape, { device })).sum().backward();
      out.push(y.detach(), x.grad!, ...[...m.parameters()].map((p) => p.grad!), ...m.buffers().map((b) => b.clone()));
    }
    return out;
  };
  it('BatchNorm1d and BatchNorm2d (momentum 0.1 and None): outputs, gradients, running statistics', () => expectSame((device) => [
    ...steps(new nn.BatchNorm1d(3), [6, 3, 2], device),
    ...steps(new nn.BatchNorm2d(3, { momentum: null }), [2, 3, 2, 3], device),
  ]));
  it('InstanceNorm1d (tracked), GroupNorm, RMSNorm, LayerNorm without affine', () => expectSame((device) => [
    ...steps(new nn.InstanceNorm1d(3, { affine: true, track_running_stats: true }), [2, 3, 5], device),
    ...steps(new nn.GroupNorm(2, 4), [2, 4, 3], device),
    ...steps(new nn.RMSNorm(4), [3, 4], device),
    ...steps(new nn.LayerNorm(4, { elementwise_affine: false }), [3, 4], device),
  ]));
});

describe('layers and losses refuse mixed devices', () => {
  const MIXED = (a: string, b: string) => `Expected all tensors to be on the same device, but found at least two devices, ${a} and ${b}!`;
  it('a recurrent module on the device given a CPU input (PyTorch\'s RNN message)', () => {
    const gru = new nn.GRU(2, 3, { device: 'webgpu' });
    expectWickError(() => gru.forward(torch.zeros([4, 1, 2])),
      'Input and parameter tensors are not at the same device, found input tensor at cpu and parameter tensor at webgpu', 'RuntimeError', torch.DeviceError);
  });
  it('Linear on the device given a CPU input', () => {
    const lin = new nn.Linear(2, 3, { device: 'webgpu' });
    expectWickError(() => lin.forward(torch.zeros([1, 2])), MIXED('cpu', 'webgpu'), 'RuntimeError', torch.DeviceError);
  });
  it('mse_loss and cross_entropy with the target on the CPU', () => {
    const input = torch.zeros([2, 3], { device: 'webgpu' });
    expectWickError(() => nn.functional.mse_loss(input, torch.zeros([2, 3])), MIXED('webgpu', 'cpu'), 'RuntimeError', torch.DeviceError);
    expect(() => nn.functional.cross_entropy(input, torch.tensor([0, 1]))).toThrow(torch.DeviceError);
  });
  it('a loss on the device works, and its gradient stays there', async () => {
    const input = torch.tensor([[1, 2, 3], [0, 0, 1]], { dtype: 'float32', device: 'webgpu', requires_grad: true });
    const target = torch.tensor([2, 0], { device: 'webgpu' });
    const loss = nn.functional.cross_entropy(input, target);
    loss.backward();
    expect(loss.device).toBe('webgpu');
    expect(input.grad!.device).toBe('webgpu');
    const onCpu = torch.tensor([[1, 2, 3], [0, 0, 1]], { dtype: 'float32', requires_grad: true });
    nn.functional.cross_entropy(onCpu, torch.tensor([2, 0])).backward();
    expect(Array.from(await input.grad!.read() as ArrayLike<unknown>)).toEqual(Array.from(onCpu.grad!.numpy() as ArrayLike<unknown>));
  });
});

describe('embedding with max_norm on a device', () => {
  it('renormalises the looked-up rows as the CPU does, without reading the indices', () => expectSame((device) => {
    const weight = torch.randn([6, 4], { device }).mul(3);
    const idx = torch.tensor([[1, 4, 1], [0, 5, 4]], { device });
    const out = nn.functional.embedding(idx, weight, null, 1.1);
    const l1 = nn.functional.embedding(idx, weight.clone(), null, 0.7, 1);
    return [out, weight, l1];
  }));
});

describe('packed sequences on a device', () => {
  it("lengths must be a CPU tensor (PyTorch's _pack_padded_sequence check)", () => {
    const x = torch.zeros([3, 2, 1], { device: 'webgpu' });
    expectWickError(() => nn.utils.rnn.pack_padded_sequence(x, torch.tensor([3, 2], { device: 'webgpu' })),
      "'lengths' argument should be a 1D CPU int64 tensor, but got 1D webgpu Long tensor", 'RuntimeError', torch.DeviceError);
  });
  it('a GRU over a packed device sequence (unsorted, CPU lengths) equals the CPU, and unpacks', () => expectSame((device) => {
    const gru = new nn.GRU(1, 2, { device });
    const x = torch.randn([3, 3, 1], { device });
    const packed = nn.utils.rnn.pack_padded_sequence(x, torch.tensor([2, 3, 1]), false, false);
    const [out, h] = gru.forward(packed);
    const [padded, lengths] = nn.utils.rnn.pad_packed_sequence(out as nn.utils.rnn.PackedSequence);
    // The lengths come back on the CPU, in the caller's order, as PyTorch's do.
    expect(lengths.device).toBe('cpu');
    expect(lengths.tolist()).toEqual([2, 3, 1]);
    const parts = nn.utils.rnn.unpack_sequence(nn.utils.rnn.pack_sequence([x.select(1, 0), x.select(1, 1).narrow(0, 0, 2)], false));
    expect(parts.map((p) => p.shape)).toEqual([[3, 1], [2, 1]]);
    return [padded, h as Tensor, ...parts];
  }));
});

describe('attention and transformers on a device', () => {
  it('scaled_dot_product_attention (bool mask, causal, gqa, dropout) equals the CPU', () => expectSame((device) => {
    const [q, k, v] = [torch.randn([2, 4, 3, 8], { device }), torch.randn([2, 2, 5, 8], { device }), torch.randn([2, 2, 5, 6], { device })];
    const mask = torch.rand([3, 5], { device }).gt(0.3);
    const F = nn.functional;
    return [F.scaled_dot_product_attention(q, k, v, mask, { enable_gqa: true }),
      F.scaled_dot_product_attention(q, k, v, null, 0.3, true, { enable_gqa: true })];
  }));
  it('a Transformer built on the device, forward in training mode (dropout) and backward, equals the CPU', () => expectSame((device) => {
    const model = new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 16, device });
    const [src, tgt] = [torch.randn([5, 2, 8], { device }), torch.randn([3, 2, 8], { device })];
    const pad = torch.tensor([[false, false, false, true, true], [false, false, false, false, false]], { device });
    const out = model(src, tgt, { tgt_mask: nn.Transformer.generate_square_subsequent_mask(3, device), src_key_padding_mask: pad });
    out.sum().backward();
    return [out, ...model.parameters().map((p) => p.grad!)];
  }));
  it('MultiheadAttention with weights, masks, bias_kv and zero_attn equals the CPU', () => expectSame((device) => {
    const mha = new nn.MultiheadAttention(8, 2, { add_bias_kv: true, add_zero_attn: true, kdim: 6, batch_first: true, device });
    const [q, k, v] = [torch.randn([2, 4, 8], { device }), torch.randn([2, 5, 6], { device }), torch.randn([2, 5, 8], { device })];
    const pad = torch.tensor([[false, true, false, false, false], [false, false, false, false, true]], { device });
    const [out, weights] = mha(q, k, v, pad, true, torch.rand([4, 5], { device }).gt(0.8));
    return [out, weights!];
  }));
});
