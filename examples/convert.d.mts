export interface ConvertOptions {
  /** The checkpoint to convert (a state_dict, possibly nested); default fixtures/demo/char_gru.pt. */
  input?: string;
  log?: (line: string) => void;
}

/** Converts `input` to .safetensors and back with `wick convert` in a temporary folder and counts the tensors that come back bit for bit. */
export function main(options?: ConvertOptions): { tensors: number; identical: number; sameKeys: boolean };
