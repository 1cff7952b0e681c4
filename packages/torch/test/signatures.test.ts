import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { type RecordedOverload, isNamedTensorOverload, mismatch } from './signature-match.js';

// Every signature wick declares, against the one PyTorch 2.13 declares for the same path
// (fixtures/signatures/torch.json, written by tools/fixtures/signatures.py): the same names,
// order, defaults and keyword-only split, or a written reason beside the declaration (its
// `differs` for a difference or a callable PyTorch lacks, `leftOut` for PyTorch overloads it does
// not take; named-tensor overloads are left out everywhere).

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
      const reason = sigs.differs;
      if (theirs === undefined) {
        expect(reason, `PyTorch ${recorded.meta.torch} has no ${path}: say why wick has it (its declaration's differs)`).toBeTypeOf('string');
        return;
      }
      const problems: string[] = [];
      for (const w of sigs.signatures) {
        const why = theirs.map((t) => mismatch(w, t));
        if (why.every((m) => m !== null)) problems.push(`${w.text}: ${why.join('; or ')}`);
      }
      const uncovered = theirs.filter((t) => !isNamedTensorOverload(t) && !sigs.signatures.some((w) => mismatch(w, t) === null));
      if (reason !== null) {
        expect(problems.length, `${path} now matches PyTorch: remove its declaration's differs`).toBeGreaterThan(0);
      } else {
        expect(problems, `${path} differs from PyTorch`).toEqual([]);
      }
      const left = uncovered.map((t) => `(${t.map(([n, k]) => (k === 'keyword_only' ? `*${n}` : n)).join(', ')})`);
      if (sigs.leftOut !== null) {
        expect(left.length, `${path} now takes every PyTorch overload: remove its declaration's leftOut`).toBeGreaterThan(0);
      } else if (reason === null) {
        expect(left, `${path}: PyTorch overloads wick does not take`).toEqual([]);
      }
      if (reason === null && left.length === 0) exact++;
    });
  }
});

afterAll(() => {
  const reasons = declared.filter(([, s]) => s.differs !== null || s.leftOut !== null);
  console.log(`signatures: ${declared.length} callables declared; ${exact} exactly PyTorch's, ${reasons.length} with written differences`);
});
