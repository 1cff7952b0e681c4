// torch.save to bytes: the zip layout of PyTorch's writer with a protocol-2 data.pkl that uses
// only what torch.load(weights_only=True) accepts. Tensors that share a Storage share one
// `data/<key>` record, and each keeps its own offset, shape and strides (views stay views).

import { QuantizedTensor, SparseTensor, Storage, Tensor, ValueError, isPlainObject, itemsize } from '@wick/tensor';
import { encodeUtf8, hostLittleEndian } from './bytes.js';
import { DTYPE_STORAGE_CLASS } from './dtypes.js';
import { Pickler } from './pickle/pickler.js';
import { op } from './pickle/opcodes.js';
import { Complex, type PyDict, isTuple } from './pickle/values.js';
import { isParameter } from './rebuild.js';
import { crc32 } from './zip/crc32.js';
import { ZipWriter } from './zip/write.js';

export interface SaveOptions {
  /** The folder every record sits in; torch.save names it after the file ('model.pt' → 'model'). */
  archive_name?: string;
}

const BATCH = 1000; // pickle's batch size for APPENDS/SETITEMS
/** Python's recursion limit, which bounds how deep its pickler (and so torch.save) nests. */
const MAX_DEPTH = 1000;

/** The storage classes torch.save writes for quantized tensors. */
const QUANTIZED_STORAGE_CLASS = {
  qint8: 'QInt8Storage', quint8: 'QUInt8Storage', qint32: 'QInt32Storage', quint4x2: 'QUInt4x2Storage', quint2x4: 'QUInt2x4Storage',
} as const;

function storageBytes(s: Storage): Uint8Array {
  if (s.data === null) throw new ValueError(`torch.save needs tensors on the CPU, but got a tensor on ${s.device}`);
  return new Uint8Array(s.data.buffer, s.data.byteOffset, s.data.byteLength);
}

class TorchPickler {
  readonly p = new Pickler();
  readonly storages = new Map<Storage, string>();
  private depth = 0;

  dump(obj: unknown): Uint8Array {
    this.p.proto();
    this.value(obj);
    return this.p.stop();
  }

  private tupleOf(items: readonly unknown[], memoize = true): void {
    const p = this.p;
    if (items.length === 0) {
      p.byte(op.EMPTY_TUPLE);
      return;
    }
    if (items.length > 3) p.byte(op.MARK);
    for (const x of items) this.value(x);
    p.byte(items.length === 1 ? op.TUPLE1 : items.length === 2 ? op.TUPLE2 : items.length === 3 ? op.TUPLE3 : op.TUPLE);
    if (memoize) p.put({});
  }

  private emptyOrderedDict(): void {
    this.p.global('collections', 'OrderedDict');
    this.p.byte(op.EMPTY_TUPLE);
    this.p.byte(op.REDUCE);
    this.p.put({});
  }

  /** A string Python's pickler memoizes once and then refers to (torch.save's 'storage' and 'cpu'). */
  private sharedStr(text: string): void {
    const tag = `\u0000str:${text}`;
    if (this.p.get(tag)) return;
    this.p.str(text);
    this.p.put(tag);
  }

  /**
   * ('storage', <class>, key, 'cpu', numel); `cls` names a quantized storage class (QInt8Storage),
   * and a dtype without a typed class (uint16/32/64, float8) is an UntypedStorage counted in bytes.
   */
  private persistentId(s: Storage, cls: string | undefined = DTYPE_STORAGE_CLASS[s.dtype]): void {
    const p = this.p;
    if (p.get(s)) return;
    let key = this.storages.get(s);
    if (key === undefined) {
      key = String(this.storages.size);
      this.storages.set(s, key);
    }
    p.byte(op.MARK);
    this.sharedStr('storage');
    if (cls === undefined) p.global('torch.storage', 'UntypedStorage');
    else p.global('torch', cls);
    p.str(key);
    p.put({});
    this.sharedStr('cpu');
    p.int(cls === undefined ? s.length * itemsize(s.dtype) : s.length);
    p.byte(op.TUPLE);
    p.put(s);
  }

  private tensor(t: Tensor): void {
    const p = this.p;
    storageBytes(t.storage); // fail early on a non-CPU tensor
    const param = isParameter(t);
    if (param) p.global('torch._utils', '_rebuild_parameter');
    if (param) p.byte(op.MARK);
    // NOTE: torch.save writes dtypes without a typed storage class (uint16/32/64, float8) through
    // _rebuild_tensor_v3, which takes the dtype as its last argument.
    const v3 = DTYPE_STORAGE_CLASS[t.dtype] === undefined;
    p.global('torch._utils', v3 ? '_rebuild_tensor_v3' : '_rebuild_tensor_v2');
    p.byte(op.MARK);
    this.persistentId(t.storage);
    p.byte(op.BINPERSID);
    p.int(t.offset);
    this.tupleOf(t.shape);
    this.tupleOf(t.strides);
    p.bool(param ? false : t.requires_grad);
    this.emptyOrderedDict();
    if (v3) p.global('torch', t.dtype);
    p.byte(op.TUPLE);
    p.put({});
    p.byte(op.REDUCE);
    if (param) {
      // The parameter's data is an object of its own; a plain tensor is memoized once, below.
      p.put({});
      p.bool(t.requires_grad);
      this.emptyOrderedDict();
      p.byte(op.TUPLE);
      p.put({});
      p.byte(op.REDUCE);
    }
    p.put(t);
  }

  /** A sparse tensor as Tensor.__reduce_ex__ writes it: _rebuild_sparse_tensor(layout, parts). */
  private sparse(t: SparseTensor): void {
    const p = this.p;
    const { indices, values, coalesced } = t.parts;
    p.global('torch._utils', '_rebuild_sparse_tensor');
    p.global('torch.serialization', '_get_layout');
    p.str(`torch.${t.layout}`);
    p.put({});
    p.byte(op.TUPLE1);
    p.put({});
    p.byte(op.REDUCE);
    p.put({});
    p.byte(op.MARK);
    for (const part of indices) this.value(part);
    this.value(values);
    this.size(t.shape);
    if (t.layout === 'sparse_coo') p.bool(coalesced);
    p.byte(op.TUPLE);
    p.put({});
    p.byte(op.TUPLE2);
    p.put({});
    p.byte(op.REDUCE);
    p.put(t);
  }

  /** torch.Size(shape). */
  private size(shape: readonly number[]): void {
    this.p.global('torch', 'Size');
    this.tupleOf(shape);
    this.p.byte(op.TUPLE1);
    this.p.put({});
    this.p.byte(op.REDUCE);
    this.p.put({});
  }

  /** A quantized tensor as Tensor.__reduce_ex__ writes it: _rebuild_qtensor(storage, ..., quantizer_params, ...). */
  private quantized(t: QuantizedTensor): void {
    const p = this.p;
    storageBytes(t.storage);
    p.global('torch._utils', '_rebuild_qtensor');
    p.byte(op.MARK);
    this.persistentId(t.storage, QUANTIZED_STORAGE_CLASS[t.dtype]);
    p.byte(op.BINPERSID);
    p.int(t.offset);
    this.tupleOf(t.shape);
    this.tupleOf(t.strides);
    if (t.qscheme() === 'per_tensor_affine') {
      p.global('torch', 'per_tensor_affine');
      p.float(t.q_scale());
      p.int(t.q_zero_point());
      p.byte(op.TUPLE3);
    } else {
      // NOTE: torch.save writes per_channel_affine whatever the per-channel scheme.
      p.byte(op.MARK);
      p.global('torch', 'per_channel_affine');
      this.value(t.q_per_channel_scales());
      this.value(t.q_per_channel_zero_points());
      p.int(t.q_per_channel_axis());
      p.byte(op.TUPLE);
    }
    p.put({});
    p.bool(false);
    this.emptyOrderedDict();
    p.byte(op.TUPLE);
    p.put({});
    p.byte(op.REDUCE);
    p.put(t);
  }

  private entries(items: Iterable<[unknown, unknown]>): void {
    const p = this.p;
    let batch: [unknown, unknown][] = [];
    const flush = (): void => {
      if (batch.length === 1) {
        this.value(batch[0]![0]);
        this.value(batch[0]![1]);
        p.byte(op.SETITEM);
      } else if (batch.length > 1) {
        p.byte(op.MARK);
        for (const [k, v] of batch) {
          this.value(k);
          this.value(v);
        }
        p.byte(op.SETITEMS);
      }
      batch = [];
    };
    for (const kv of items) {
      batch.push(kv);
      if (batch.length === BATCH) flush();
    }
    flush();
  }

  private list(items: readonly unknown[]): void {
    const p = this.p;
    for (let i = 0; i < items.length; i += BATCH) {
      const chunk = items.slice(i, i + BATCH);
      if (chunk.length === 1) {
        this.value(chunk[0]);
        p.byte(op.APPEND);
      } else {
        p.byte(op.MARK);
        for (const x of chunk) this.value(x);
        p.byte(op.APPENDS);
      }
    }
  }

  /**
   * One value, nested at most MAX_DEPTH deep. NOTE: a container holding itself is fine (the memo
   * writes it once and BINGETs it after, as Python's pickle does); only depth is limited, where
   * Python's pickler raises RecursionError, instead of overflowing the JS stack.
   */
  value(v: unknown): void {
    if (this.depth === MAX_DEPTH) {
      throw new ValueError(`maximum recursion depth exceeded while pickling an object: torch.save nests values at most ${MAX_DEPTH} deep`);
    }
    this.depth++;
    try {
      this.valueInside(v);
    } finally {
      this.depth--;
    }
  }

  private valueInside(v: unknown): void {
    const p = this.p;
    if (v === null || v === undefined) return p.none();
    if (typeof v === 'boolean') return p.bool(v);
    if (typeof v === 'bigint') return p.int(v);
    if (typeof v === 'number') {
      // NOTE: JS has one number type; integral values are written as Python ints (-0 stays a float).
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) return p.int(v);
      return p.float(v);
    }
    if (typeof v === 'string') {
      // Python memoizes every str it writes (each key of a state_dict is an object of its own).
      p.str(v);
      return p.put({});
    }
    if (typeof v !== 'object') throw new ValueError(`torch.save cannot write a value of type ${typeof v}`);
    if (p.get(v)) return;
    if (v instanceof Tensor) return this.tensor(v);
    if (v instanceof SparseTensor) return this.sparse(v);
    if (v instanceof QuantizedTensor) return this.quantized(v);
    if (isTuple(v)) {
      this.tupleOf(v, false);
      return p.put(v);
    }
    if (Array.isArray(v)) {
      p.byte(op.EMPTY_LIST);
      p.put(v);
      return this.list(v);
    }
    if (v instanceof Map) {
      const meta = (v as PyDict)._metadata;
      if (meta === undefined) {
        p.byte(op.EMPTY_DICT);
        p.put(v);
        return this.entries(v);
      }
      // A state_dict: OrderedDict with its `_metadata` attribute restored by BUILD.
      p.global('collections', 'OrderedDict');
      p.byte(op.EMPTY_TUPLE);
      p.byte(op.REDUCE);
      p.put(v);
      this.entries(v);
      p.byte(op.EMPTY_DICT);
      p.put({});
      this.entries([['_metadata', meta]]);
      p.byte(op.BUILD);
      return;
    }
    if (v instanceof Set) {
      p.global('builtins', 'set');
      p.byte(op.EMPTY_LIST);
      p.put({});
      this.list([...v]);
      p.byte(op.TUPLE1);
      p.put({});
      p.byte(op.REDUCE);
      return p.put(v);
    }
    if (v instanceof Complex) {
      p.global('builtins', 'complex');
      p.float(v.re);
      p.float(v.im);
      p.byte(op.TUPLE2);
      p.put({});
      p.byte(op.REDUCE);
      return p.put(v);
    }
    if (v instanceof Uint8Array) {
      // bytes, as Python 3 writes them at protocol 2: _codecs.encode(<latin-1 text>, 'latin1').
      p.global('_codecs', 'encode');
      let text = '';
      for (let i = 0; i < v.length; i++) text += String.fromCharCode(v[i]!);
      p.str(text);
      p.put({});
      p.str('latin1');
      p.put({});
      p.byte(op.TUPLE2);
      p.put({});
      p.byte(op.REDUCE);
      return p.put(v);
    }
    if (isPlainObject(v)) {
      p.byte(op.EMPTY_DICT);
      p.put(v);
      return this.entries(Object.entries(v));
    }
    throw new ValueError(`torch.save cannot write a value of type ${v.constructor?.name ?? 'object'}`);
  }
}

/** 20 decimal digits of a 64-bit FNV-1a hash (for .data/serialization_id). */
function digits20(parts: readonly (string | number)[]): string {
  let h = 0xcbf29ce484222325n;
  for (const part of parts) {
    for (const b of encodeUtf8(String(part))) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString().padStart(20, '0');
}

/** torch.save(obj) into the bytes of a .pt file. */
export function save(obj: unknown, options: SaveOptions = {}): Uint8Array {
  const folder = options.archive_name ?? 'archive';
  const pickler = new TorchPickler();
  const pkl = pickler.dump(obj);
  const zip = new ZipWriter();
  const names: string[] = [];
  const crcs: number[] = [];
  const add = (name: string, data: Uint8Array): void => {
    zip.add(`${folder}/${name}`, data);
    names.push(name);
    crcs.push(crc32(data));
  };
  add('data.pkl', pkl);
  add('.format_version', encodeUtf8('1'));
  add('.storage_alignment', encodeUtf8('64'));
  add('byteorder', encodeUtf8(hostLittleEndian ? 'little' : 'big'));
  for (const [storage, key] of pickler.storages) add(`data/${key}`, storageBytes(storage));
  add('version', encodeUtf8('3\n'));
  // torch never checks this id; ours is deterministic for identical content, as torch's is.
  add('.data/serialization_id', encodeUtf8(digits20(names) + digits20(crcs)));
  return zip.finish();
}

/** The archive folder torch.save uses for a file path: its base name without the last extension. */
export function archiveNameFor(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const name = dot > 0 ? base.slice(0, dot) : base;
  // torch hands the writer a Python stream for non-ASCII paths, and the folder becomes 'archive'.
  return name === '' || /[^\x20-\x7e]/.test(name) ? 'archive' : name;
}
