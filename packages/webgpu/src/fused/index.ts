// The webgpu kernels of the recurrent ops (per-device kernels of the op table): float32 only, as
// WGSL has no float64; any other dtype runs the op's composite.
import { type RnnLayerAttrs, type Tensor, registerKernel, runComposite } from '@wick/tensor';
import { contextOf } from '../webgpu-backend.js';
import { fusedGruCell, fusedGruCellBackward, fusedLstmCell, fusedLstmCellBackward } from './cells.js';
import { rnnLayerBackward, rnnLayerForward } from './rnn-layer.js';

interface FusedAttrs {
  has_bias: boolean;
}
type LstmBackwardAttrs = FusedAttrs & { has_grad_hy: boolean; has_grad_cy: boolean };

const allFloat32 = (inputs: readonly Tensor[]): boolean => inputs.every((t) => t.dtype === 'float32');

/** Registers the kernels on device 'webgpu' (the backend's `webgpu()` calls this). */
export function registerFusedKernels(): void {
  const take = <A extends object>(name: string, kernel: (inputs: readonly Tensor[], a: A) => Tensor[]) =>
    registerKernel<A>(name, 'webgpu', (inputs, a) => (allFloat32(inputs) ? kernel(inputs, a) : runComposite(name, inputs, a)));
  take<RnnLayerAttrs>('_rnn_layer', (inputs, a) => rnnLayerForward(contextOf(), inputs, a));
  take<RnnLayerAttrs>('_rnn_layer_backward', (inputs, a) => rnnLayerBackward(contextOf(), inputs, a));
  take<FusedAttrs>('_thnn_fused_gru_cell', (inputs, a) => fusedGruCell(contextOf(), inputs, a.has_bias));
  take<FusedAttrs>('_thnn_fused_lstm_cell', (inputs, a) => fusedLstmCell(contextOf(), inputs, a.has_bias));
  take<FusedAttrs>('_thnn_fused_gru_cell_backward', (inputs, a) => fusedGruCellBackward(contextOf(), inputs, a.has_bias));
  take<LstmBackwardAttrs>('_thnn_fused_lstm_cell_backward_impl', (inputs, a) => fusedLstmCellBackward(contextOf(), inputs, a));
}
