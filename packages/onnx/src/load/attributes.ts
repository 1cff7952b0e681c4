// A node's attributes, read by name with their ONNX types checked. Which attributes an operator
// knows is declared with the operator (ops/registry.ts), so an unknown one is refused before
// anything runs; here a known one is read, or its default taken.
import type { Tensor } from '@wick/tensor';
import { OnnxError } from '../errors.js';
import { type OnnxTypes, int64 } from '../proto.js';
import { noExternalData } from './external-data.js';
import { tensorFromProto } from './tensor-proto.js';

// AttributeProto.AttributeType
const FLOAT = 1, INT = 2, STRING = 3, TENSOR = 4, FLOATS = 6, INTS = 7, STRINGS = 8;
const TYPE_NAME: Record<number, string> = { 1: 'FLOAT', 2: 'INT', 3: 'STRING', 4: 'TENSOR', 5: 'GRAPH', 6: 'FLOATS', 7: 'INTS', 8: 'STRINGS' };

export class Attributes {
  private readonly byName: Map<string, OnnxTypes.IAttributeProto>;

  constructor(readonly node: string, attributes: readonly OnnxTypes.IAttributeProto[]) {
    this.byName = new Map(attributes.map((a) => [a.name ?? '', a]));
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  private get(name: string, type: number): OnnxTypes.IAttributeProto | undefined {
    const a = this.byName.get(name);
    if (a && a.type !== type && a.type) {
      throw new OnnxError(`${this.node}: attribute '${name}' should be ${TYPE_NAME[type]}, found ${TYPE_NAME[a.type] ?? a.type}`);
    }
    return a;
  }

  int(name: string, fallback: number): number {
    const a = this.get(name, INT);
    return a ? int64(a.i) : fallback;
  }

  float(name: string, fallback: number): number {
    const a = this.get(name, FLOAT);
    return a ? (a.f ?? 0) : fallback;
  }

  string(name: string, fallback: string): string {
    const a = this.get(name, STRING);
    return a ? new TextDecoder().decode(a.s ?? new Uint8Array(0)) : fallback;
  }

  ints(name: string): number[] | undefined {
    const a = this.get(name, INTS);
    return a ? (a.ints ?? []).map((v) => int64(v)) : undefined;
  }

  floats(name: string): number[] | undefined {
    const a = this.get(name, FLOATS);
    return a ? [...(a.floats ?? [])] : undefined;
  }

  strings(name: string): string[] | undefined {
    const a = this.get(name, STRINGS);
    return a ? (a.strings ?? []).map((s) => new TextDecoder().decode(s)) : undefined;
  }

  tensor(name: string): Tensor | undefined {
    const a = this.get(name, TENSOR);
    return a?.t ? tensorFromProto(a.t, noExternalData, `${this.node}: attribute '${name}'`) : undefined;
  }

  /** The attribute that must have one value here: a named error for any other. */
  expect(name: string, allowed: readonly (number | string)[], fallback: number | string): void {
    const value = typeof fallback === 'number' ? this.int(name, fallback) : this.string(name, fallback);
    if (!allowed.includes(value)) {
      throw new OnnxError(`${this.node}: attribute ${name}=${JSON.stringify(value)} is not supported by wick (supported: ${allowed.map((v) => JSON.stringify(v)).join(', ')})`);
    }
  }
}
