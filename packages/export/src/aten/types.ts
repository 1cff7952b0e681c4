// The contract between the graph interpreter and the ATen op table: the interpreter decodes a
// node's arguments (by their schema names) into these values and calls the op's entry.
import type { DType, Tensor } from '@wick/tensor';

/**
 * A decoded argument or result: tensors, Python scalars (SymInts resolved to numbers), strings
 * (devices as 'cpu'; layouts and memory formats by wick's names: 'strided', 'contiguous_format'),
 * dtypes, lists, None.
 */
export type AtenValue = Tensor | number | boolean | string | DType | null | readonly AtenValue[];

/** A node's arguments by their ATen schema names (positional and keyword-only alike). */
export type AtenArgs = Readonly<Record<string, AtenValue>>;

/** One ATen overload (`aten.linear.default`): its result from its named arguments. */
export type AtenOp = (args: AtenArgs) => AtenValue;
