// What torch.export emits besides ATen ops: Python's arithmetic on SymInts/SymBools/SymFloats
// and tuple access. This is the closed list of PyTorch's serializer (_SYM_OPS in
// torch/_export/serde/serialize.py) plus _operator.getitem; every other callable is refused.
import { ExportError } from './errors.js';
import type { AtenValue } from './aten/types.js';

type Scalar = number | boolean;
type ShapeFn = (args: readonly AtenValue[]) => AtenValue;

function scalar(v: AtenValue | undefined, target: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new ExportError(`${target} takes numbers, found ${v === null ? 'None' : typeof v}`);
}

function binary(f: (a: number, b: number) => Scalar): (target: string) => ShapeFn {
  return (target) => (args) => f(scalar(args[0], target), scalar(args[1], target));
}

function unary(f: (a: number) => Scalar): (target: string) => ShapeFn {
  return (target) => (args) => f(scalar(args[0], target));
}

function floorDiv(a: number, b: number): number {
  if (b === 0) throw new ExportError('integer division or modulo by zero in a shape computation');
  return Math.floor(a / b);
}

function pyMod(a: number, b: number): number {
  if (b === 0) throw new ExportError('integer division or modulo by zero in a shape computation');
  return ((a % b) + b) % b;
}

const MAKERS: Readonly<Record<string, (target: string) => ShapeFn>> = {
  '_operator.add': binary((a, b) => a + b),
  '_operator.sub': binary((a, b) => a - b),
  '_operator.mul': binary((a, b) => a * b),
  '_operator.floordiv': binary(floorDiv),
  '_operator.truediv': binary((a, b) => a / b),
  '_operator.mod': binary(pyMod),
  '_operator.pow': binary((a, b) => a ** b),
  '_operator.lshift': binary((a, b) => a * 2 ** b),
  '_operator.rshift': binary((a, b) => Math.floor(a / 2 ** b)),
  '_operator.eq': binary((a, b) => a === b),
  '_operator.ne': binary((a, b) => a !== b),
  '_operator.lt': binary((a, b) => a < b),
  '_operator.le': binary((a, b) => a <= b),
  '_operator.gt': binary((a, b) => a > b),
  '_operator.ge': binary((a, b) => a >= b),
  '_operator.and_': binary((a, b) => Boolean(a) && Boolean(b)),
  '_operator.or_': binary((a, b) => Boolean(a) || Boolean(b)),
  '_operator.neg': unary((a) => -a),
  '_operator.pos': unary((a) => a),
  'math.trunc': unary(Math.trunc),
  'torch.sym_not': unary((a) => !a),
  'torch.sym_int': unary(Math.trunc),
  'torch.sym_float': unary((a) => a),
  'torch.sym_sqrt': unary(Math.sqrt),
  'torch.sym_max': binary(Math.max),
  'torch.sym_min': binary(Math.min),
  'torch.sym_ite': (target) => (args) => (scalar(args[0], target) ? args[1]! : args[2]!),
  '_operator.getitem': (target) => (args) => {
    const [seq, i] = args;
    if (!Array.isArray(seq)) throw new ExportError(`${target} takes a tuple or list, found ${typeof seq}`);
    const index = scalar(i, target);
    const item = (seq as readonly AtenValue[]).at(index);
    if (item === undefined) throw new ExportError(`${target}: index ${index} out of range for ${seq.length} items`);
    return item;
  },
};

/** The Python callable a node names, when it is one of torch.export's shape operators. */
export function shapeOp(target: string): ShapeFn | undefined {
  const make = Object.hasOwn(MAKERS, target) ? MAKERS[target] : undefined;
  return make?.(target);
}
