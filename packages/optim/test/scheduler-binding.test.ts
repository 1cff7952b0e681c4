// The schedulers called as PyTorch users call them: positionally, by name, mixed, and wrongly,
// and the deprecated step(epoch). Every expected value and message was printed by PyTorch 2.13
// for the same call (o() is SGD([p], lr=0.1)).
import { install } from '@wick/autograd';
import { beforeAll, describe, expect, it } from 'vitest';
import { SGD, lr_scheduler } from '../src/index.js';
import { argumentError, param, pytorchError } from './binding.js';

const { CosineAnnealingLR, ExponentialLR, LRScheduler, LambdaLR, StepLR } = lr_scheduler;

beforeAll(() => install());

const o = () => new SGD([param()], 0.1);

/** The lrs after optimizer.step() then scheduler.step(epoch) for each epoch. */
function withEpochs(s: lr_scheduler.LRScheduler, epochs: number[]): number[] {
  return epochs.map((epoch) => {
    s.optimizer.step();
    s.step(epoch);
    return s.get_last_lr()[0]!;
  });
}

describe('positional, by name and mixed', () => {
  it('StepLR(o(), 2, 0.5), StepLR(optimizer=o(), step_size=2, gamma=0.5), StepLR(o(), 2, gamma=0.5)', () => {
    for (const s of [new StepLR(o(), 2, 0.5), new StepLR({ optimizer: o(), step_size: 2, gamma: 0.5 }), new StepLR(o(), 2, { gamma: 0.5 })]) {
      expect(withEpochs(s, [1, 2, 3, 4])).toEqual([0.1, 0.05, 0.05, 0.025]);
    }
  });
  it('ExponentialLR, CosineAnnealingLR and LambdaLR by name', () => {
    expect(new ExponentialLR({ optimizer: o(), gamma: 0.5 }).gamma).toBe(0.5);
    expect(new CosineAnnealingLR(o(), 10, { eta_min: 0.01 }).eta_min).toBe(0.01);
    expect(new LambdaLR({ optimizer: o(), lr_lambda: () => 0.5 }).get_last_lr()).toEqual([0.05]);
  });
  it("state_dict has PyTorch's keys and values", () => {
    const base = { base_lrs: [0.1], last_epoch: 0, _step_count: 1, _is_initial: false, _get_lr_called_within_step: false, _last_lr: [0.1] };
    expect([...new StepLR(o(), 2).state_dict()]).toEqual(Object.entries({ step_size: 2, gamma: 0.1, ...base }));
    expect([...new ExponentialLR(o(), 0.9).state_dict()]).toEqual(Object.entries({ gamma: 0.9, ...base }));
    expect([...new CosineAnnealingLR(o(), 10).state_dict()]).toEqual(Object.entries({ T_max: 10, eta_min: 0, ...base }));
    expect([...new LambdaLR(o(), () => 1).state_dict()]).toEqual(Object.entries({ ...base, lr_lambdas: [null] }));
  });
  it('load_state_dict positionally and by name, and keeps keys it does not know (as PyTorch does)', () => {
    const s = new StepLR(o(), 2);
    s.load_state_dict({ step_size: 3, last_epoch: 5 });
    s.load_state_dict({ state_dict: new Map<string, unknown>([['gamma', 0.5], ['verbose', false]]) });
    expect([s.step_size, s.last_epoch, s.gamma]).toEqual([3, 5, 0.5]);
    expect(s.state_dict().get('verbose')).toBe(false);
  });
});

describe("the deprecated step(epoch): PyTorch's closed forms where a scheduler has one", () => {
  it('StepLR(o(), 2, 0.5) at epochs 3, 4, 1, 7, 2', () => {
    expect(withEpochs(new StepLR(o(), 2, 0.5), [3, 4, 1, 7, 2])).toEqual([0.05, 0.025, 0.1, 0.0125, 0.05]);
    const s = new StepLR(o(), 2, 0.5);
    s.step({ epoch: 3 });
    expect(s.get_last_lr()).toEqual([0.05]);
    expect(argumentError(() => s.step(1.5))).toBe("LRScheduler.step(): argument 'epoch' (position 1) must be int, not float");
  });
  it('ExponentialLR(o(), 0.5) at epochs 3, 1, 2, 2', () => {
    expect(withEpochs(new ExponentialLR(o(), 0.5), [3, 1, 2, 2])).toEqual([0.0125, 0.05, 0.025, 0.025]);
  });
  it('CosineAnnealingLR(o(), 5, 0.01) at epochs 3, 1, 7, 2', () => {
    expect(withEpochs(new CosineAnnealingLR(o(), 5, 0.01), [3, 1, 7, 2])).toEqual([
      0.04109423525312737, 0.09140576474687263, 0.041094235253127366, 0.06890576474687264,
    ]);
  });
  it("LambdaLR(o(), lambda e: 1 / (e + 1)) at epochs 3, 1, 7, 2 (no closed form: get_lr at that epoch), and stepped plainly", () => {
    expect(withEpochs(new LambdaLR(o(), (e) => 1 / (e + 1)), [3, 1, 7, 2])).toEqual([0.025, 0.05, 0.0125, 0.03333333333333333]);
    expect(withEpochs(new LambdaLR(o(), (e) => 1 / (e + 1)), [3, 1, 7, 2].map(() => null as never))).toEqual([0.05, 0.03333333333333333, 0.025, 0.020000000000000004]);
  });
});

describe("called wrongly: PyTorch's messages", () => {
  it('constructors', () => {
    expect(argumentError(() => new (StepLR as unknown as new (o: unknown) => unknown)(o()))).toBe("StepLR.__init__() missing 1 required positional argument: 'step_size'");
    expect(argumentError(() => new StepLR(o(), 2, 0.5, -1, 1 as never))).toBe('StepLR.__init__() takes from 3 to 5 positional arguments but 6 were given');
    expect(argumentError(() => new StepLR(o(), 2, { gamma: 0.5, foo: 1 } as never))).toBe("StepLR.__init__() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => new StepLR(o(), 2, { step_size: 3 }))).toBe("StepLR.__init__() got multiple values for argument 'step_size'");
    expect(argumentError(() => new ExponentialLR({ optimizer: o() }))).toBe("ExponentialLR.__init__() missing 1 required positional argument: 'gamma'");
    expect(argumentError(() => new CosineAnnealingLR({ optimizer: o() }))).toBe("CosineAnnealingLR.__init__() missing 1 required positional argument: 'T_max'");
    expect(argumentError(() => new LambdaLR({ optimizer: o() }))).toBe("LambdaLR.__init__() missing 1 required positional argument: 'lr_lambda'");
    expect(argumentError(() => new LRScheduler(o(), { foo: 1 } as never))).toBe("LRScheduler.__init__() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => new StepLR(o(), 2.5))).toBe("StepLR.__init__(): argument 'step_size' (position 2) must be int, not float");
  });
  it("PyTorch's own checks", () => {
    expect(() => new StepLR([param()] as never, 2)).toThrow(new TypeError('list is not an Optimizer'));
    expect(pytorchError(() => new LambdaLR(o(), [() => 1, () => 2]), 'ValueError')).toBe('Expected 1 lr_lambdas, but got 2');
    expect(() => new StepLR(o(), 2, { last_epoch: 3 })).toThrow("param 'initial_lr' is not specified in param_groups[0] when resuming scheduler with last_epoch >= 0.");
    // LRScheduler(o()): the base class's get_lr is not implemented.
    expect(pytorchError(() => new LRScheduler(o()), 'NotImplementedError')).toBe('');
  });
  it('methods', () => {
    const s = new StepLR(o(), 2);
    expect(argumentError(() => s.get_last_lr(1 as never))).toBe('LRScheduler.get_last_lr() takes 1 positional argument but 2 were given');
    expect(argumentError(() => s.get_lr({ foo: 1 } as never))).toBe("StepLR.get_lr() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => s.step({ foo: 1 } as never))).toBe("LRScheduler.step() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => s.step(1, 2 as never))).toBe('LRScheduler.step() takes from 1 to 2 positional arguments but 3 were given');
    expect(argumentError(() => s.state_dict({ foo: 1 } as never))).toBe("LRScheduler.state_dict() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => (s.load_state_dict as () => void)())).toBe("LRScheduler.load_state_dict() missing 1 required positional argument: 'state_dict'");
    expect(argumentError(() => s.load_state_dict({ foo: 1 }))).toBe("LRScheduler.load_state_dict() got an unexpected keyword argument 'foo'");
    const l = new LambdaLR(o(), () => 1);
    expect(argumentError(() => l.state_dict({ foo: 1 } as never))).toBe("LambdaLR.state_dict() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => l.load_state_dict({ foo: 1 }))).toBe("LambdaLR.load_state_dict() got an unexpected keyword argument 'foo'");
    expect(argumentError(() => l.get_lr({ foo: 1 } as never))).toBe("LambdaLR.get_lr() got an unexpected keyword argument 'foo'");
  });
});
