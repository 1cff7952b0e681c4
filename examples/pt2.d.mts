export interface Pt2Options {
  log?: (line: string) => void;
}

/**
 * Loads two programs PyTorch saved with torch.export.save (fixtures/export: a classifier with
 * dynamic batch and sequence dims in the core-ATen graph, an Embedding + LSTM language model in
 * the default graph) and runs each through ep.module() on PyTorch's recorded inputs.
 */
export function main(options?: Pt2Options): { name: string; worst: number; bound: number; runs: number }[];
