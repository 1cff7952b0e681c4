export interface PortTrainingLoopOptions {
  /** A case of fixtures/training/gru.msgpack: adam/float32, sgd_momentum/float32, adam/float64, sgd_momentum/float64. */
  name?: string;
  steps?: number;
  log?: (line: string) => void;
}

/** Runs PyTorch's GRU training loop, ported line by line, from the fixture's initial weights. */
export function main(options?: PortTrainingLoopOptions): { losses: number[]; pytorchLosses: number[]; tol: number };
