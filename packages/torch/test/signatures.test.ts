import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { differences, overloadsLeftOut } from './signature-differences.js';
import { type RecordedOverload, isNamedTensorOverload, mismatch } from './signature-match.js';

// Every signature wick declares, against the one PyTorch 2.13 declares for the same path
// (fixtures/signatures/torch.json, written by tools/fixtures/signatures.py): the same names,
// order, defaults and keyword-only split, or a written reason in signature-differences.ts.

const recorded = JSON.parse(readFileSync(new URL('../../../fixtures/signatures/torch.json', import.meta.url), 'utf8')) as {
  meta: { torch: string };
  signatures: Record<string, RecordedOverload[]>;
};

const declared = [...torch.declaredSignatures()];
let exact = 0;

describe("each declared signature is PyTorch's", () => {
  for (const [path, sigs] of declared) {
    it(path, () => {
      const theirs = recorded.signatures[path];
      const reason = differences[path];
      if (theirs === undefined) {
        expect(reason, `PyTorch ${recorded.meta.torch} has no ${path}: say why wick has it in signature-differences.ts`).toBeTypeOf('string');
        return;
      }
      const problems: string[] = [];
      for (const w of sigs.signatures) {
        const why = theirs.map((t) => mismatch(w, t));
        if (why.every((m) => m !== null)) problems.push(`${w.text}: ${why.join('; or ')}`);
      }
      const uncovered = theirs.filter((t) => !isNamedTensorOverload(t) && !sigs.signatures.some((w) => mismatch(w, t) === null));
      if (reason !== undefined) {
        expect(problems.length, `${path} now matches PyTorch: remove its entry from signature-differences.ts`).toBeGreaterThan(0);
      } else {
        expect(problems, `${path} differs from PyTorch`).toEqual([]);
      }
      const left = uncovered.map((t) => `(${t.map(([n, k]) => (k === 'keyword_only' ? `*${n}` : n)).join(', ')})`);
      if (overloadsLeftOut[path] !== undefined) {
        expect(left.length, `${path} now takes every PyTorch overload: remove it from overloadsLeftOut`).toBeGreaterThan(0);
      } else {
        expect(left, `${path}: PyTorch overloads wick does not take`).toEqual([]);
      }
      if (reason === undefined && left.length === 0) exact++;
    });
  }

  it('lists no difference for a path nothing declares', () => {
    const paths = new Set(declared.map(([p]) => p));
    expect(Object.keys(differences).filter((p) => !paths.has(p))).toEqual([]);
    expect(Object.keys(overloadsLeftOut).filter((p) => !paths.has(p))).toEqual([]);
  });
});

afterAll(() => {
  const reasons = Object.keys(differences).length + Object.keys(overloadsLeftOut).length;
  console.log(`signatures: ${declared.length} callables declared; ${exact} exactly PyTorch's, ${reasons} written differences`);
});
