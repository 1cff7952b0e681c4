// PLACEHOLDER until the pt2-aten branch lands the op table here: an empty ATEN_OPS, so that
// torch.export.load builds and names every ATen op of a graph as missing. Take theirs on merge.
import type { AtenOp } from './types.js';

export const ATEN_OPS: ReadonlyMap<string, AtenOp> = new Map();
