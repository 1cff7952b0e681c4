// nn.utils.rnn: PackedSequence and the functions that build and undo it. Every data movement is
// one index_select over the rows of a flattened tensor, so the layout logic lives in index lists.
import { type DType, Tensor, ValueError, cat, full, tensor as makeTensor } from '@wick/tensor';

/**
 * Sequences of different lengths packed time step by time step: at step t the rows for the
 * batch_sizes[t] sequences still running, longest first. sorted_indices maps the packed batch
 * order to the caller's order (set when the caller's batch was not sorted by length).
 */
export class PackedSequence {
  readonly sorted_indices: Tensor | null;
  readonly unsorted_indices: Tensor | null;

  constructor(
    readonly data: Tensor,
    readonly batch_sizes: Tensor,
    sorted_indices: Tensor | null = null,
    unsorted_indices: Tensor | null = null,
  ) {
    this.sorted_indices = sorted_indices;
    this.unsorted_indices = unsorted_indices ?? (sorted_indices === null ? null : invert_permutation(sorted_indices));
  }

  /** The same packing around new data (same row layout). */
  withData(data: Tensor): PackedSequence {
    return new PackedSequence(data, this.batch_sizes, this.sorted_indices, this.unsorted_indices);
  }

  to(dtype: DType): PackedSequence {
    return this.withData(this.data.to(dtype));
  }
  float(): PackedSequence {
    return this.to('float32');
  }
  double(): PackedSequence {
    return this.to('float64');
  }

  /** batch_sizes as numbers (batch_sizes is always a CPU int64 tensor, as in PyTorch). */
  batchSizes(): number[] {
    return Array.from(this.batch_sizes.dataSync(), Number);
  }

  /** PyTorch's PackedSequence is a named tuple: `const [data, batch_sizes] = packed` works too. */
  *[Symbol.iterator](): Iterator<Tensor | null> {
    yield this.data;
    yield this.batch_sizes;
    yield this.sorted_indices;
    yield this.unsorted_indices;
  }

  toString(): string {
    const opt = (t: Tensor | null) => (t === null ? 'None' : String(t));
    return `PackedSequence(data=${String(this.data)}, batch_sizes=${String(this.batch_sizes)}, sorted_indices=${opt(this.sorted_indices)}, unsorted_indices=${opt(this.unsorted_indices)})`;
  }
}

const int64 = (values: readonly number[]): Tensor => makeTensor([...values], { dtype: 'int64' });
const toNumbers = (t: Tensor | readonly number[]): number[] => (t instanceof Tensor ? Array.from(t.dataSync(), Number) : [...t]);

export function invert_permutation(permutation: Tensor): Tensor {
  const p = toNumbers(permutation);
  const inverse = new Array<number>(p.length);
  p.forEach((v, i) => (inverse[v] = i));
  return int64(inverse);
}

export interface PackOptions {
  batch_first?: boolean;
  enforce_sorted?: boolean;
}

/**
 * Packs a padded batch ([T, B, *], or [B, T, *] with batch_first) whose sequences have the given
 * lengths. With enforce_sorted false the batch is first ordered by decreasing length.
 */
export function pack_padded_sequence(input: Tensor, lengths: Tensor | readonly number[], opts: PackOptions = {}): PackedSequence {
  const batchFirst = opts.batch_first ?? false;
  let lens = toNumbers(lengths);
  let sortedIndices: Tensor | null = null;
  let x = input;
  const batchDim = batchFirst ? 0 : 1;
  if (!(opts.enforce_sorted ?? true)) {
    // NOTE: a stable sort, so equal lengths keep their order; PyTorch's CPU sort does the same.
    const order = lens.map((_, i) => i).sort((a, b) => lens[b]! - lens[a]! || a - b);
    sortedIndices = int64(order);
    lens = order.map((i) => lens[i]!);
    x = x.index_select(batchDim, sortedIndices);
  } else if (lens.some((l, i) => i > 0 && l > lens[i - 1]!)) {
    throw new ValueError(
      '`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.',
    );
  }
  if (batchFirst) x = x.transpose(0, 1);
  const [steps, batch] = x.shape as [number, number];
  if (lens.length !== batch) throw new ValueError(`Expected \`len(lengths)\` to be equal to batch_size, but got ${lens.length} (batch_size=${batch})`);
  if (lens.some((l) => l <= 0)) throw new ValueError("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0");
  if (lens[0]! > steps) throw new ValueError(`pack_padded_sequence: the longest length ${lens[0]} exceeds the padded length ${steps}`);
  const batchSizes: number[] = [];
  const rows: number[] = [];
  for (let t = 0; t < lens[0]!; t++) {
    let bs = 0;
    while (bs < batch && lens[bs]! > t) rows.push(t * batch + bs++);
    batchSizes.push(bs);
  }
  const flat = x.reshape([steps * batch, ...x.shape.slice(2)]);
  return new PackedSequence(flat.index_select(0, int64(rows)), int64(batchSizes), sortedIndices, null);
}

export interface PadPackedOptions {
  batch_first?: boolean;
  padding_value?: number;
  total_length?: number | null;
}

/** Undoes pack_padded_sequence: [padded, lengths], in the caller's original batch order. */
export function pad_packed_sequence(sequence: PackedSequence, opts: PadPackedOptions = {}): [Tensor, Tensor] {
  const batchSizes = sequence.batchSizes();
  const maxLen = batchSizes.length;
  const batch = batchSizes[0] ?? 0;
  let steps = maxLen;
  if (opts.total_length !== undefined && opts.total_length !== null) {
    if (opts.total_length < maxLen) {
      throw new ValueError(
        `Expected total_length to be at least the length of the longest sequence in input, but got total_length=${opts.total_length} and max sequence length being ${maxLen}`,
        'ValueError',
      );
    }
    steps = opts.total_length;
  }
  const data = sequence.data;
  const n = data.shape[0]!;
  const feature = data.shape.slice(1);
  // Row n of the source is the padding row; every (t, b) past a sequence's end selects it.
  const padRow = full([1, ...feature], opts.padding_value ?? 0, { dtype: data.dtype, device: data.device });
  const source = cat([data, padRow], 0);
  const rows = new Array<number>(steps * batch).fill(n);
  const lengths = new Array<number>(batch).fill(0);
  let offset = 0;
  batchSizes.forEach((bs, t) => {
    for (let b = 0; b < bs; b++) {
      rows[t * batch + b] = offset + b;
      lengths[b] = t + 1;
    }
    offset += bs;
  });
  let padded = source.index_select(0, int64(rows)).view([steps, batch, ...feature]);
  let lengthsOut = int64(lengths);
  if (sequence.unsorted_indices !== null) {
    padded = padded.index_select(1, sequence.unsorted_indices);
    lengthsOut = lengthsOut.index_select(0, sequence.unsorted_indices);
  }
  return [opts.batch_first ? padded.transpose(0, 1) : padded, lengthsOut];
}

export interface PadSequenceOptions {
  batch_first?: boolean;
  padding_value?: number;
  padding_side?: 'right' | 'left';
}

/** Stacks sequences of shape [L_i, *] into [max L, B, *] (or [B, max L, *]), padding the ends. */
export function pad_sequence(sequences: readonly Tensor[], opts: PadSequenceOptions = {}): Tensor {
  if (sequences.length === 0) throw new ValueError('received an empty list of sequences');
  const side = opts.padding_side ?? 'right';
  if (side !== 'right' && side !== 'left') throw new ValueError(`Expected padding_side to be one of left or right, but got ${String(side)}.`);
  const first = sequences[0]!;
  const feature = first.shape.slice(1);
  const lens = sequences.map((s) => s.shape[0]!);
  const maxLen = Math.max(...lens);
  const batch = sequences.length;
  const total = lens.reduce((a, b) => a + b, 0);
  const padRow = full([1, ...feature], opts.padding_value ?? 0, { dtype: first.dtype, device: first.device });
  const source = cat([...sequences, padRow], 0);
  const rows = new Array<number>(maxLen * batch).fill(total);
  let offset = 0;
  lens.forEach((len, b) => {
    const start = side === 'right' ? 0 : maxLen - len;
    for (let i = 0; i < len; i++) rows[(start + i) * batch + b] = offset + i;
    offset += len;
  });
  const padded = source.index_select(0, int64(rows)).view([maxLen, batch, ...feature]);
  return opts.batch_first ? padded.transpose(0, 1).contiguous() : padded;
}

/** pack_padded_sequence(pad_sequence(sequences), their lengths). */
export function pack_sequence(sequences: readonly Tensor[], opts: { enforce_sorted?: boolean } = {}): PackedSequence {
  const lengths = sequences.map((s) => s.shape[0]!);
  return pack_padded_sequence(pad_sequence(sequences), lengths, { enforce_sorted: opts.enforce_sorted ?? true });
}
