// nn.utils.rnn: PackedSequence and the functions that build and undo it. Every data movement is
// one index_select over the rows of a flattened tensor, so the layout logic lives in index lists.
import {
  type DType, type Device, DeviceError, type PyArgs, NO_MATCH, Tensor, type TorchDevice, ValueError, arange, cat, declare, defineArgType,
  defineFunction, empty_like, full, isDType, tensor as makeTensor,
} from '@wick/tensor';
import { atenName } from '../functional/binary-loss.js';
import { ModuleTypeError } from '../errors.js';
import { PY_FUNCTION, PY_METHOD } from '../signatures.js';

const NS = { ...PY_FUNCTION, namespace: 'nn.utils.rnn' } as const;
const RECORDED_ARGS = 'PyTorch declares (*args, **kwargs) and passes them on to Tensor.to';
const TO_TAIL = 'bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None';

const sig = {
  init: declare('nn.utils.rnn.PackedSequence.__init__',
    'PackedSequence.__new__(Tensor|Tensor[] data, Tensor? batch_sizes=None, Tensor? sorted_indices=None, Tensor? unsorted_indices=None)', {
      ...PY_METHOD,
      differs: "PyTorch declares these in PackedSequence.__new__ (its messages name __new__); the __init__ recorded is the (*args, **kwargs) it inherits",
    }),
  // PyTorch binds to()'s arguments with Tensor.to's parser (on an empty tensor like data): its
  // overloads and messages. copy and memory_format change nothing there either: the result is
  // this PackedSequence whenever the device and dtype stay.
  to: declare('nn.utils.rnn.PackedSequence.to', [
    `to(Device? device=None, ScalarType? dtype=None, ${TO_TAIL})`,
    `to(ScalarType dtype, ${TO_TAIL})`,
    `to(Tensor other, ${TO_TAIL})`,
  ], { differs: RECORDED_ARGS }),
  cpu: declare('nn.utils.rnn.PackedSequence.cpu', 'PackedSequence.cpu()', {
    ...PY_METHOD,
    differs: "PyTorch passes (*args, **kwargs) on to Tensor.cpu, whose only parameter is memory_format; wick's tensors have one memory format",
  }),
};

/** double(), float(), ...: to(dtype=...) with no arguments of their own. */
const conversions: Record<string, DType> = {
  double: 'float64', float: 'float32', half: 'float16', long: 'int64', int: 'int32', short: 'int16', char: 'int8', byte: 'uint8',
};
const conversionSigs = new Map(Object.keys(conversions).map((m) => [m, declare(`nn.utils.rnn.PackedSequence.${m}`, `PackedSequence.${m}()`, PY_METHOD)]));

type ToArgs =
  | PyArgs<[device?: Device | TorchDevice | null, dtype?: DType | null, non_blocking?: boolean, copy?: boolean],
    { device?: Device | TorchDevice | null; dtype?: DType | null; non_blocking?: boolean; copy?: boolean; memory_format?: string | null }>
  | PyArgs<[dtype: DType, non_blocking?: boolean, copy?: boolean], { dtype?: DType; non_blocking?: boolean; copy?: boolean; memory_format?: string | null }>
  | PyArgs<[other: Tensor, non_blocking?: boolean, copy?: boolean], { other?: Tensor; non_blocking?: boolean; copy?: boolean; memory_format?: string | null }>;

/**
 * Sequences of different lengths packed time step by time step: at step t the rows for the
 * batch_sizes[t] sequences still running, longest first. sorted_indices maps the packed batch
 * order to the caller's order (set when the caller's batch was not sorted by length).
 */
export class PackedSequence {
  readonly data: Tensor;
  readonly batch_sizes: Tensor;
  readonly sorted_indices: Tensor | null;
  readonly unsorted_indices: Tensor | null;

  constructor(
    ...args: PyArgs<[data: Tensor | readonly [Tensor, Tensor], batch_sizes?: Tensor | null, sorted_indices?: Tensor | null,
      unsorted_indices?: Tensor | null], { data?: Tensor | readonly [Tensor, Tensor]; batch_sizes?: Tensor | null;
      sorted_indices?: Tensor | null; unsorted_indices?: Tensor | null }>
  ) {
    const a = sig.init.bind(args);
    const data: Tensor | Tensor[] = a.data;
    const sorted: Tensor | null = a.sorted_indices;
    if (a.batch_sizes !== null) {
      if (!(data instanceof Tensor)) throw new ModuleTypeError(`data must be a Tensor when batch_sizes is given, not ${Array.isArray(data) ? 'list' : typeof data}`);
      if ((a.batch_sizes as Tensor).device !== 'cpu') {
        throw new ValueError(
          'batch_sizes should always be on CPU. Instances of PackedSequence should never be created manually. They should be '
            + 'instantiated by functions like pack_sequence and pack_padded_sequences in nn.utils.rnn. '
            + 'https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence', 'ValueError',
        );
      }
      this.data = data;
      this.batch_sizes = a.batch_sizes;
    } else {
      // PackedSequence((data, batch_sizes), sorted_indices=...): PyTorch asserts the pair.
      if (!Array.isArray(data) || data.length !== 2) throw new ValueError('PackedSequence: data must be a (data, batch_sizes) pair', 'AssertionError');
      [this.data, this.batch_sizes] = data as [Tensor, Tensor];
    }
    this.sorted_indices = sorted;
    this.unsorted_indices = a.unsorted_indices ?? (sorted === null ? null : invertPermutation(sorted));
  }

  /** The same packing around new data (same row layout). */
  withData(data: Tensor): PackedSequence {
    return new PackedSequence(data, this.batch_sizes, this.sorted_indices, this.unsorted_indices);
  }

  /**
   * data moved and/or converted as Tensor.to would (the index tensors follow a device change);
   * this PackedSequence itself when neither changes.
   */
  to(...args: ToArgs): PackedSequence {
    const a = sig.to.bind(args);
    const other: Tensor | undefined = a.other;
    const device: Device = other?.device ?? a.device ?? this.data.device;
    const dtype: DType = other?.dtype ?? a.dtype ?? this.data.dtype;
    return this.movedTo(device, dtype);
  }

  cpu(...args: []): PackedSequence {
    sig.cpu.bind(args);
    return this.movedTo('cpu', this.data.dtype);
  }

  double(...args: []): PackedSequence {
    return this.convertedTo('double', args);
  }

  float(...args: []): PackedSequence {
    return this.convertedTo('float', args);
  }

  half(...args: []): PackedSequence {
    return this.convertedTo('half', args);
  }

  long(...args: []): PackedSequence {
    return this.convertedTo('long', args);
  }

  int(...args: []): PackedSequence {
    return this.convertedTo('int', args);
  }

  short(...args: []): PackedSequence {
    return this.convertedTo('short', args);
  }

  char(...args: []): PackedSequence {
    return this.convertedTo('char', args);
  }

  byte(...args: []): PackedSequence {
    return this.convertedTo('byte', args);
  }

  private convertedTo(name: string, args: readonly unknown[]): PackedSequence {
    conversionSigs.get(name)!.bind(args);
    return this.movedTo(this.data.device, conversions[name]!);
  }

  private movedTo(device: Device, dtype: DType): PackedSequence {
    if (device === this.data.device && dtype === this.data.dtype) return this;
    let data = this.data.to(device);
    if (isDType(dtype) && dtype !== data.dtype) data = data.to(dtype);
    const follow = (t: Tensor | null) => (t === null ? null : rememberPermutation(t.to(device), permutationOnHost(t)));
    return new PackedSequence(data, this.batch_sizes, follow(this.sorted_indices), follow(this.unsorted_indices));
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

defineArgType('PackedSequence', { label: 'PackedSequence', coerce: (v) => (v instanceof PackedSequence ? v : NO_MATCH) });

/** Batch sizes as numbers, from PyTorch's batch_sizes tensor (always a CPU int64 tensor). */
export function batchSizesOf(t: Tensor): number[] {
  return (t.tolist() as (number | bigint)[]).map(Number);
}

/**
 * Host copies of the permutations wick puts on a device (sorted_indices, unsorted_indices), by
 * tensor: the lengths pad_packed_sequence returns are reordered by one on the CPU, where PyTorch
 * reads the device tensor back.
 */
const hostPermutations = new WeakMap<Tensor, readonly number[]>();

function rememberPermutation(t: Tensor, values: readonly number[] | null): Tensor {
  if (values !== null && t.device !== 'cpu') hostPermutations.set(t, values);
  return t;
}

/** A permutation's values: read from a CPU tensor, or the host copy of a device one (null if none). */
function permutationOnHost(t: Tensor): readonly number[] | null {
  return t.device === 'cpu' ? batchSizesOf(t) : (hostPermutations.get(t) ?? null);
}

/** An index list as an int64 tensor: on the CPU (batch_sizes, lengths), or on the device of the data it indexes. */
const int64 = (values: readonly number[], device: Device = 'cpu'): Tensor => makeTensor([...values], { dtype: 'int64', device });

export const invert_permutation = defineFunction<
  (...args: PyArgs<[permutation: Tensor | null], { permutation?: Tensor | null }>) => Tensor | null
>('invert_permutation', 'invert_permutation(Tensor? permutation)', (a) => (a.permutation === null ? null : invertPermutation(a.permutation)), NS);

/** The inverse permutation: output[permutation[i]] = i, in permutation's dtype (PyTorch's scatter_). */
function invertPermutation(permutation: Tensor): Tensor {
  return empty_like(permutation).scatter_(0, permutation, arange(permutation.numel(), { device: permutation.device }));
}

export interface PackOptions {
  input?: Tensor;
  lengths?: Tensor | readonly number[];
  batch_first?: boolean;
  enforce_sorted?: boolean;
}

export const pack_padded_sequence = defineFunction<
  (...args: PyArgs<[input: Tensor, lengths: Tensor | readonly number[], batch_first?: boolean, enforce_sorted?: boolean], PackOptions>) => PackedSequence
>('pack_padded_sequence', 'pack_padded_sequence(Tensor input, Value lengths, bool batch_first=False, bool enforce_sorted=True)',
  (a) => packPadded(a.input, integerLengths(a.lengths), a.batch_first, a.enforce_sorted), NS);

/**
 * The lengths as integers. PyTorch converts a list with torch.as_tensor(lengths, dtype=int64),
 * which refuses NaN but truncates 2.5 to 2 (and a float tensor with .to(int64), likewise);
 * NOTE: wick takes integer lengths only, as PyTorch documents them: a fraction is a TypeError.
 */
function integerLengths(lengths: unknown): number[] {
  const fromTensor = lengths instanceof Tensor;
  if (!fromTensor && !Array.isArray(lengths)) {
    throw new ModuleTypeError(`pack_padded_sequence(): argument 'lengths' must be a Tensor or a list of ints, not ${typeNameOf(lengths)}`);
  }
  if (fromTensor && lengths.device !== 'cpu') {
    // PyTorch's _pack_padded_sequence check: the lengths decide the batch sizes, read on the host.
    throw new DeviceError(
      `'lengths' argument should be a 1D CPU int64 tensor, but got ${lengths.ndim}D ${lengths.device} ${atenName(lengths.dtype)} tensor`,
    );
  }
  const values: unknown[] = fromTensor ? ((lengths as Tensor).reshape([-1]).tolist() as unknown[]) : (lengths as unknown[]);
  return values.map((v, i) => {
    const n = typeof v === 'bigint' ? Number(v) : v instanceof Tensor && v.numel() === 1 && !v.is_floating_point() ? Number(v.item()) : v;
    if (typeof n === 'number' && Number.isInteger(n)) return n;
    if (typeof n === 'number' && !Number.isFinite(n)) throw new ValueError('value cannot be converted to type int64 without overflow');
    const what = fromTensor ? `${String(n)}` : `element of type ${typeNameOf(v)}`;
    throw new ModuleTypeError(`pack_padded_sequence(): argument 'lengths' must be a tuple of ints, but found ${what} at pos ${i + 1}`);
  });
}

function typeNameOf(v: unknown): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof Tensor) return 'Tensor';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'string' ? 'str' : typeof v;
}

/**
 * Packs a padded batch ([T, B, *], or [B, T, *] with batch_first) whose sequences have the given
 * lengths. With enforce_sorted false the batch is first ordered by decreasing length.
 */
function packPadded(input: Tensor, lengths: readonly number[], batchFirst: boolean, enforceSorted: boolean): PackedSequence {
  let lens = [...lengths];
  let sortedIndices: Tensor | null = null;
  let x = input;
  const batchDim = batchFirst ? 0 : 1;
  if (!enforceSorted) {
    // NOTE: a stable sort, so equal lengths keep their order; PyTorch's CPU sort does the same.
    const order = lens.map((_, i) => i).sort((a, b) => lens[b]! - lens[a]! || a - b);
    // PyTorch moves sorted_indices to the input's device.
    sortedIndices = rememberPermutation(int64(order, input.device), order);
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
  const packed = new PackedSequence(flat.index_select(0, int64(rows, flat.device)), int64(batchSizes), sortedIndices, null);
  if (packed.unsorted_indices !== null && sortedIndices !== null) {
    const sorted = permutationOnHost(sortedIndices)!;
    const inverse = new Array<number>(sorted.length);
    sorted.forEach((original, i) => { inverse[original] = i; });
    rememberPermutation(packed.unsorted_indices, inverse);
  }
  return packed;
}

export interface PadPackedOptions {
  sequence?: PackedSequence;
  batch_first?: boolean;
  padding_value?: number;
  total_length?: number | null;
}

/** Undoes pack_padded_sequence: [padded, lengths], in the caller's original batch order. */
export const pad_packed_sequence = defineFunction<
  (...args: PyArgs<[sequence: PackedSequence, batch_first?: boolean, padding_value?: number, total_length?: number | null],
    PadPackedOptions>) => [Tensor, Tensor]
>('pad_packed_sequence',
  'pad_packed_sequence(PackedSequence sequence, bool batch_first=False, float padding_value=0.0, int? total_length=None)',
  (a) => padPacked(a.sequence, a.batch_first, a.padding_value, a.total_length), NS);

function padPacked(sequence: PackedSequence, batchFirst: boolean, paddingValue: number, totalLength: number | null): [Tensor, Tensor] {
  const batchSizes = batchSizesOf(sequence.batch_sizes);
  const maxLen = batchSizes.length;
  const batch = batchSizes[0] ?? 0;
  let steps = maxLen;
  if (totalLength !== null) {
    if (totalLength < maxLen) {
      throw new ValueError(
        `Expected total_length to be at least the length of the longest sequence in input, but got total_length=${totalLength} and max sequence length being ${maxLen}`,
        'ValueError',
      );
    }
    steps = totalLength;
  }
  const data = sequence.data;
  const n = data.shape[0]!;
  const feature = data.shape.slice(1);
  // Row n of the source is the padding row; every (t, b) past a sequence's end selects it.
  const padRow = full([1, ...feature], paddingValue, { dtype: data.dtype, device: data.device });
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
  let padded = source.index_select(0, int64(rows, data.device)).view([steps, batch, ...feature]);
  let lengthsOut = int64(lengths);
  const unsorted = sequence.unsorted_indices;
  if (unsorted !== null) {
    padded = padded.index_select(1, unsorted);
    // NOTE: PyTorch reads the permutation back here (lengths[unsorted_indices.cpu()]); a device
    // one is read from the host copy kept when it was made, as reading the device is asynchronous.
    const order = permutationOnHost(unsorted);
    if (order === null) {
      throw new DeviceError(
        `pad_packed_sequence reorders the lengths (on the CPU) by unsorted_indices, which is on '${unsorted.device}' and was not made `
          + 'by pack_padded_sequence or PackedSequence.to: build the PackedSequence with CPU indices',
      );
    }
    lengthsOut = int64(order.map((i) => lengths[i]!));
  }
  return [batchFirst ? padded.transpose(0, 1) : padded, lengthsOut];
}

export interface PadSequenceOptions {
  sequences?: readonly Tensor[];
  batch_first?: boolean;
  padding_value?: number;
  padding_side?: 'right' | 'left';
}

/** Stacks sequences of shape [L_i, *] into [max L, B, *] (or [B, max L, *]), padding the ends. */
export const pad_sequence = defineFunction<
  (...args: PyArgs<[sequences: readonly Tensor[], batch_first?: boolean, padding_value?: number, padding_side?: 'right' | 'left'],
    PadSequenceOptions>) => Tensor
>('pad_sequence', "pad_sequence(Tensor[] sequences, bool batch_first=False, float padding_value=0.0, str padding_side='right')",
  (a) => padSequence(a.sequences, a.batch_first, a.padding_value, a.padding_side), NS);

function padSequence(sequences: readonly Tensor[], batchFirst: boolean, paddingValue: number, side: string): Tensor {
  if (sequences.length === 0) throw new ValueError('received an empty list of sequences');
  if (side !== 'right' && side !== 'left') throw new ValueError(`Expected padding_side to be one of left or right, but got ${side}.`);
  const first = sequences[0]!;
  const feature = first.shape.slice(1);
  const lens = sequences.map((s) => s.shape[0]!);
  const maxLen = Math.max(...lens);
  const batch = sequences.length;
  const total = lens.reduce((a, b) => a + b, 0);
  const padRow = full([1, ...feature], paddingValue, { dtype: first.dtype, device: first.device });
  const source = cat([...sequences, padRow], 0);
  const rows = new Array<number>(maxLen * batch).fill(total);
  let offset = 0;
  lens.forEach((len, b) => {
    const start = side === 'right' ? 0 : maxLen - len;
    for (let i = 0; i < len; i++) rows[(start + i) * batch + b] = offset + i;
    offset += len;
  });
  const padded = source.index_select(0, int64(rows, source.device)).view([maxLen, batch, ...feature]);
  return batchFirst ? padded.transpose(0, 1).contiguous() : padded;
}

/** pack_padded_sequence(pad_sequence(sequences), their lengths). */
export const pack_sequence = defineFunction<
  (...args: PyArgs<[sequences: readonly Tensor[], enforce_sorted?: boolean], { sequences?: readonly Tensor[]; enforce_sorted?: boolean }>) => PackedSequence
>('pack_sequence', 'pack_sequence(Tensor[] sequences, bool enforce_sorted=True)',
  (a) => packPadded(padSequence(a.sequences, false, 0, 'right'), (a.sequences as Tensor[]).map((s) => s.shape[0]!), false, a.enforce_sorted), NS);

/**
 * The sequences of a padded batch, each cut to its length. NOTE: PyTorch's transposes a
 * time-first batch in place (its input is left batch-first afterwards); wick's leaves it alone.
 */
export const unpad_sequence = defineFunction<
  (...args: PyArgs<[padded_sequences: Tensor, lengths: Tensor, batch_first?: boolean],
    { padded_sequences?: Tensor; lengths?: Tensor; batch_first?: boolean }>) => Tensor[]
>('unpad_sequence', 'unpad_sequence(Tensor padded_sequences, Tensor lengths, bool batch_first=False)',
  (a) => unpad(a.padded_sequences, a.lengths, a.batch_first), NS);

function unpad(padded: Tensor, lengths: Tensor, batchFirst: boolean): Tensor[] {
  const batchMajor = batchFirst ? padded : padded.transpose(0, 1);
  const lens = batchSizesOf(lengths);
  if (lens.length !== batchMajor.shape[0]) {
    throw new ValueError(`zip() argument 2 is ${lens.length > batchMajor.shape[0]! ? 'longer' : 'shorter'} than argument 1`, 'ValueError');
  }
  return lens.map((len, b) => batchMajor.select(0, b).narrow(0, 0, Math.min(len, batchMajor.shape[1]!)));
}

/** The sequences of a PackedSequence, in the caller's order. */
export const unpack_sequence = defineFunction<
  (...args: PyArgs<[packed_sequences: PackedSequence], { packed_sequences?: PackedSequence }>) => Tensor[]
>('unpack_sequence', 'unpack_sequence(PackedSequence packed_sequences)', (a) => {
  const [padded, lengths] = padPacked(a.packed_sequences, true, 0, null);
  return unpad(padded, lengths, true);
}, NS);
