// The enums and versions of PyTorch's export schema (torch/_export/serde/schema.py, 2.13:
// SCHEMA_VERSION (8, 20)) and the pt2 archive (torch/export/pt2_archive), as wick reads them.
import { type DType, isDType } from '@wick/tensor';
import { ExportError } from './errors.js';

/** The schema's major version this reader understands; minor versions only add fields. */
export const SCHEMA_MAJOR = 8;
/** The archive version torch.export.save writes (and torch.export.load insists on). */
export const ARCHIVE_VERSION = '0';

/** schema.ScalarType → PyTorch's dtype name. */
const SCALAR_TYPES: Readonly<Record<number, string>> = {
  1: 'uint8', 2: 'int8', 3: 'int16', 4: 'int32', 5: 'int64', 6: 'float16', 7: 'float32', 8: 'float64',
  9: 'complex32', 10: 'complex64', 11: 'complex128', 12: 'bool', 13: 'bfloat16', 28: 'uint16',
  29: 'float8_e4m3fn', 30: 'float8_e5m2', 31: 'float8_e4m3fnuz', 32: 'float8_e5m2fnuz', 33: 'float8_e8m0fnu',
  34: 'uint32', 35: 'uint64',
};

/** The wick dtype of a serialized ScalarType; one wick lacks (complex32) or an unknown number is refused by name. */
export function dtypeOf(scalarType: number, where: string): DType {
  const name = SCALAR_TYPES[scalarType];
  if (name === undefined) throw new ExportError(`${where}: unknown scalar type ${scalarType} in the export schema`);
  if (!isDType(name)) throw new ExportError(`${where}: torch.${name} is not a dtype wick has`);
  return name;
}

/** schema.Layout → wick's layout names (only strided tensors run). */
const LAYOUTS: Readonly<Record<number, string>> = {
  1: 'sparse_coo', 2: 'sparse_csr', 3: 'sparse_csc', 4: 'sparse_bsr', 5: 'sparse_bsc', 6: '_mkldnn', 7: 'strided',
};

export function layoutOf(layout: number, where: string): string {
  const name = LAYOUTS[layout];
  if (name === undefined) throw new ExportError(`${where}: unknown layout ${layout} in the export schema`);
  return name;
}

/** schema.MemoryFormat → PyTorch's memory format names. */
const MEMORY_FORMATS: Readonly<Record<number, string>> = {
  1: 'contiguous_format', 2: 'channels_last', 3: 'channels_last_3d', 4: 'preserve_format',
};

export function memoryFormatOf(format: number, where: string): string {
  const name = MEMORY_FORMATS[format];
  if (name === undefined) throw new ExportError(`${where}: unknown memory format ${format} in the export schema`);
  return name;
}
