// pytorch/examples' MNIST training loop (mnist/main.py: train() and test() over DataLoaders, SGD with
// StepLR), scaled down to random data and an MLP, as a user ports it: the model is made right after
// torch.manual_seed, so its initial weights, every shuffled epoch and every dropout mask come from
// the one global generator, as in PyTorch. Each batch's loss must be PyTorch's (within the case's
// bound: four times PyTorch's own float32 deviation from a float64 twin), the test accuracy exactly
// PyTorch's, and torch.rand(3) after training PyTorch's bits. Recorded by tools/fixtures/data_cases.py.
import { compareTensors, decodeValue, loadFixture } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

const { DataLoader, TensorDataset } = torch.utils.data;
const F = torch.nn.functional;

class Net extends torch.nn.Module {
  declare fc1: torch.nn.Linear;
  declare fc2: torch.nn.Linear;

  constructor() {
    super();
    this.fc1 = new torch.nn.Linear(20, 32);
    this.fc2 = new torch.nn.Linear(32, 4);
  }

  override forward(x: Tensor): Tensor {
    x = F.relu(this.fc1(x));
    x = F.dropout(x, 0.25, this.training);
    x = this.fc2(x);
    return F.log_softmax(x, 1);
  }
}

const decode = (v: unknown) => decodeValue(v).value as Tensor;

describe('MNIST-style training over a shuffled DataLoader, against PyTorch', () => {
  const c = loadFixture('data/mnist.msgpack').cases[0]!;

  it('initial weights, per-batch losses, test accuracy and the generator afterwards', () => {
    torch.manual_seed(Number(c.seed));
    const model = new Net();
    const init = model.state_dict();
    for (const [key, encoded] of c.init as [string, unknown][]) {
      expect(compareTensors(init.get(key)!, decode(encoded)).problem ?? 'ok', key).toBe('ok');
    }
    const train_loader = new DataLoader(new TensorDataset(decode(c.x), decode(c.y)), { batch_size: 16, shuffle: true });
    const test_set = new TensorDataset(decode(c.x_test), decode(c.y_test));
    const test_loader = new DataLoader(test_set, 32);
    const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.5 });
    const scheduler = new torch.optim.lr_scheduler.StepLR(optimizer, 1, { gamma: 0.7 });

    const losses: number[] = [];
    const testLosses: number[] = [];
    const correct: number[] = [];
    for (let epoch = 1; epoch <= 3; epoch++) {
      model.train();
      for (const [data, target] of train_loader) {
        optimizer.zero_grad();
        const loss = F.nll_loss(model(data!), target!);
        loss.backward();
        optimizer.step();
        losses.push(loss.item() as number);
      }
      model.eval();
      let testLoss = 0;
      let right = 0;
      torch.no_grad(() => {
        for (const [data, target] of test_loader) {
          const output = model(data!);
          testLoss += F.nll_loss(output, target!, { reduction: 'sum' }).item() as number;
          const pred = output.argmax(1, true);
          right += Number(pred.eq(target!.view_as(pred)).sum().item());
        }
      });
      testLosses.push(testLoss / test_set.length); // len(test_loader.dataset)
      correct.push(right);
      scheduler.step();
    }

    expect(train_loader.length).toBe(6);
    const tol = { atol: Number(c.tol) };
    const asTensor = (v: number[]) => torch.tensor(v, { dtype: 'float64' });
    const agreement = compareTensors(asTensor(losses), asTensor(c.losses as number[]), tol);
    console.log(`data-mnist: worst loss error ${agreement.worstAbs.toExponential(2)} (bound ${c.tol})`);
    expect(agreement.problem ?? 'ok', 'losses').toBe('ok');
    const testAgreement = compareTensors(asTensor(testLosses), asTensor(c.test_losses as number[]), tol);
    expect(testAgreement.problem ?? 'ok', 'test losses').toBe('ok');
    expect(correct).toEqual((c.correct as number[]).map(Number));
    const after = decode(c.after);
    expect(compareTensors(torch.rand(3), after).problem ?? 'ok', 'torch.rand(3) after training').toBe('ok');
  });
});
