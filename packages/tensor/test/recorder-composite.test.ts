// The recorder's view of composite ops: recorded op by op, or whole through Recorder.composite.
import { afterEach, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { type Recorder, defineComposite, getRecorder, setRecorder } from '../src/ops/table.js';

afterEach(() => setRecorder(null));

// A composite op of this test only: x * 2 + 1 through two recorded ops.
const twiceOp = defineComposite<object>('_test_twice_plus_one', {
  composite: ([x]) => x!.mul(2).add(1),
  derivative: 'composite',
});

describe('Recorder.composite', () => {
  it('without it, the ops of a composite are recorded one by one', () => {
    const seen: string[] = [];
    setRecorder({ record: (op) => seen.push(op) });
    twiceOp.call([torch.tensor([1, 2])], {});
    expect(seen).toEqual(['mul', 'add']);
  });

  it('sees the composite whole, and may run it unrecorded and record it as one op', () => {
    const seen: string[] = [];
    const rec: Recorder = {
      record: (op) => seen.push(op),
      composite(op, inputs, attrs, run) {
        setRecorder(null);
        try {
          const result = run();
          rec.record(op, inputs, attrs, result, false);
          return result;
        } finally {
          setRecorder(rec);
        }
      },
    };
    setRecorder(rec);
    const y = twiceOp.call([torch.tensor([1, 2])], {});
    expect(y.tolist()).toEqual([3, 5]);
    expect(seen).toEqual(['_test_twice_plus_one']);
    expect(getRecorder()).toBe(rec);
  });

  it('may let the composite record its ops (an op it does not map)', () => {
    const seen: string[] = [];
    setRecorder({ record: (op) => seen.push(op), composite: (_op, _i, _a, run) => run() });
    twiceOp.call([torch.tensor([1.5])], {});
    expect(seen).toEqual(['mul', 'add']);
  });
});

describe('getRecorder', () => {
  it('is the recorder setRecorder installed, or null', () => {
    expect(getRecorder()).toBe(null);
    const rec: Recorder = { record: () => {} };
    setRecorder(rec);
    expect(getRecorder()).toBe(rec);
  });
});
