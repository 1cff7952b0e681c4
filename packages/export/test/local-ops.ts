// A small op table for this package's own tests only (the real one is ATEN_OPS, src/aten): the
// ops the fixtures of fixtures/export-core use, each a call into wick's own ops.
import { functional as F } from '@wick/nn';
import { type DType, Tensor, gru, zeros } from '@wick/tensor';
import type { AtenArgs, AtenOp } from '../src/aten/types.js';

const t = (a: AtenArgs, name: string): Tensor => a[name] as Tensor;
const n = (a: AtenArgs, name: string): number => a[name] as number;

export const LOCAL_OPS: ReadonlyMap<string, AtenOp> = new Map<string, AtenOp>([
  ['aten.linear.default', (a) => F.linear(t(a, 'input'), t(a, 'weight'), (a.bias ?? null) as Tensor | null)],
  ['aten.softmax.int', (a) => F.softmax(t(a, 'self'), n(a, 'dim'))],
  ['aten._softmax.default', (a) => F.softmax(t(a, 'self'), n(a, 'dim'))],
  ['aten.zeros.default', (a) => zeros(a.size as number[], { dtype: (a.dtype ?? 'float32') as DType })],
  ['aten.gru.input', (a) => gru(t(a, 'input'), t(a, 'hx'), a.params as Tensor[], a.has_biases as boolean, n(a, 'num_layers'),
    n(a, 'dropout'), a.train as boolean, a.bidirectional as boolean, a.batch_first as boolean)],
  ['aten.add.Tensor', (a) => t(a, 'self').add(a.other as Tensor | number, { alpha: (a.alpha ?? 1) as number })],
  ['aten.add_.Tensor', (a) => t(a, 'self').add_(a.other as Tensor | number, { alpha: (a.alpha ?? 1) as number })],
  ['aten.select.int', (a) => t(a, 'self').select(n(a, 'dim'), n(a, 'index'))],
  ['aten.permute.default', (a) => t(a, 'self').permute(a.dims as number[])],
  ['aten.view.default', (a) => t(a, 'self').view(a.size as number[])],
  ['aten.addmm.default', (a) => t(a, 'self').addmm(t(a, 'mat1'), t(a, 'mat2'), { beta: (a.beta ?? 1) as number, alpha: (a.alpha ?? 1) as number })],
]);
