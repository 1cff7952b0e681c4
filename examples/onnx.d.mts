export interface OnnxOptions {
  /** Where to write the exported file as well (Node), or null. */
  out?: string | null;
  log?: (line: string) => void;
}

/**
 * Exports a wick GRU tagger to ONNX and runs the file back in wick at another size, then runs the
 * ONNX file PyTorch exported for a GRU model (fixtures/onnx/gru.dynamo.onnx) on its recorded inputs.
 */
export function main(options?: OnnxOptions): {
  bytes: Uint8Array;
  /** The worst absolute difference between the loaded export and the module, at another size. */
  roundTrip: number;
  /** The worst absolute error of PyTorch's exported model run in wick, against PyTorch's outputs. */
  pytorchWorst: number;
  /** The fixture's float32 bound for that error. */
  bound: number;
};
