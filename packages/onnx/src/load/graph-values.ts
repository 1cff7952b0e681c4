// The graph's declared inputs and outputs: name, wick dtype and dims (a size, a symbolic name, or
// null where the file leaves a dimension unnamed), as ONNX's ValueInfoProto gives them.
import type { DType } from '@wick/tensor';
import { dtypeOfOnnx, onnxTypeName } from '../dtypes.js';
import { OnnxError } from '../errors.js';
import { type OnnxTypes, int64 } from '../proto.js';

export interface GraphValue {
  name: string;
  /** The element type; null when the file declares none. */
  dtype: DType | null;
  /** Each dimension's size, its symbolic name (dim_param), or null; null for an unknown rank. */
  dims: (number | string | null)[] | null;
}

export function graphValue(info: OnnxTypes.IValueInfoProto): GraphValue {
  const name = info.name ?? '';
  const tensor = info.type?.tensorType;
  if (info.type && !tensor) throw new OnnxError(`graph value '${name}' is not a tensor (sequences, maps and optionals are not supported)`);
  const elem = tensor?.elemType ?? 0;
  const dtype = elem === 0 ? null : dtypeOfOnnx(elem);
  if (dtype === undefined) throw new OnnxError(`graph value '${name}' has element type ${onnxTypeName(elem)}, which wick has no dtype for`);
  const dims = tensor?.shape
    ? (tensor.shape.dim ?? []).map((d) => {
      // `value` names the oneof member the file set (decoded messages default the other).
      const set = (d as OnnxTypes.TensorShapeProto.Dimension).value;
      return set === 'dimValue' ? int64(d.dimValue) : set === 'dimParam' ? d.dimParam! : null;
    })
    : null;
  return { name, dtype, dims };
}

/** A value's type as text: float32 [batch, 5, 4]. */
export function describeValue(v: GraphValue): string {
  const dims = v.dims === null ? '(any rank)' : `[${v.dims.map((d) => d ?? '?').join(', ')}]`;
  return `${v.dtype ?? '(any dtype)'} ${dims}`;
}
