import { expectRaises } from '@wick/testing';
import { expect } from 'vitest';
import * as torch from '../src/index.js';

// What the tests that quote PyTorch calls share: each case's expectation is PyTorch 2.13's (the
// Python expression quoted above it was run in PyTorch and its result or error recorded).

/** Calls that TypeScript would refuse (wrong types, missing arguments) go through these. */
export const fn = (f: unknown) => f as (...args: unknown[]) => unknown;
export const call = (self: object, method: string, ...args: unknown[]): unknown =>
  Reflect.apply(Reflect.get(self, method) as (...a: unknown[]) => unknown, self, args);
export const bad = (v: unknown) => v as never;

/** A tensor as PyTorch printed it: shape, dtype and values. */
export interface Spec {
  shape: number[];
  values: unknown;
  dtype: string;
}

export function same(t: unknown, s: Spec): void {
  expect(t).toBeInstanceOf(torch.Tensor);
  const x = t as torch.Tensor;
  expect(x.shape).toEqual(s.shape);
  expect(x.dtype).toBe(s.dtype);
  expect(x.tolist()).toEqual(s.values);
}

export function sameList(ts: unknown, specs: Spec[]): void {
  expect(Array.isArray(ts)).toBe(true);
  const list = ts as torch.Tensor[];
  expect(list.length).toBe(specs.length);
  list.forEach((t, i) => same(t, specs[i]!));
}

/** f raises PyTorch's exception type with its exact message. */
export const raises = expectRaises;

/** What f threw: its class name, message (and the message's first line) and PyTorch exception type. */
export function thrown(f: () => unknown): { name: string; message: string; type: string; first: string } {
  try {
    f();
  } catch (e) {
    const err = e as torch.WickError;
    return { name: err.name, message: err.message, type: err.pytorchType, first: err.message.split('\n')[0]! };
  }
  throw new Error('expected an error');
}
