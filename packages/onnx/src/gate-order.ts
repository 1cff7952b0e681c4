// The gate blocks of the recurrent layers' weights: PyTorch stacks GRU's as r, z, n and LSTM's as
// i, f, g, o; ONNX's GRU takes z, r, h and its LSTM i, o, f, c. Export and load reorder with the
// one table below and its inverse.

export type RecurrentOp = 'GRU' | 'LSTM' | 'RNN';

/** PyTorch's gate block at each of ONNX's gate positions. */
export const ONNX_GATES: Readonly<Record<RecurrentOp, readonly number[]>> = { GRU: [1, 0, 2], LSTM: [0, 3, 1, 2], RNN: [0] };

/** ONNX's gate block at each of PyTorch's gate positions (the inverse permutation). */
export function torchGates(op: RecurrentOp): number[] {
  const onnx = ONNX_GATES[op];
  const inverse = new Array<number>(onnx.length);
  onnx.forEach((torchBlock, onnxBlock) => (inverse[torchBlock] = onnxBlock));
  return inverse;
}
