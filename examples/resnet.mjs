// Recipe: load a timm resnet's state_dict, classify in eval mode, and fine-tune it in train mode.
//
// fixtures/models/resnet/resnet18_tiny.pt was written by PyTorch (tools/fixtures/models_cases/
// resnet.py) with
//   model = timm.models.resnet.ResNet(BasicBlock, [2, 2, 2, 2], num_classes=10, channels=(8, 16, 32, 64))
//   torch.save(model.state_dict(), "resnet18_tiny.pt")
// timm's resnet18 with an eighth of its stage widths, so the file stays small (its 7x7 stem stays
// 64 wide, so layer1.0 has a downsample too). Here torch.nn rebuilds the
// same module tree (timm's attribute names, so the keys conv1.weight, bn1.running_mean,
// layer2.0.downsample.0.weight, ..., fc.bias line up), the model gives PyTorch's logits in eval
// mode, and five SGD steps in train mode give PyTorch's losses and BatchNorm running statistics.
//
//   pnpm build && node examples/resnet.mjs
import { decodeValue, loadFixture } from '@wick/testing';
import * as torch from '@wick/torch';

const { nn } = torch;
const F = nn.functional;
const FOLDER = new URL('../fixtures/models/resnet/', import.meta.url);

// timm's BasicBlock: two 3x3 convolutions with BatchNorm, added to the input (through a 1x1
// convolution and BatchNorm where the block changes the stride or the width).
class BasicBlock extends nn.Module {
  constructor(inplanes, planes, stride) {
    super();
    this.conv1 = new nn.Conv2d(inplanes, planes, 3, { stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.act1 = new nn.ReLU();
    this.conv2 = new nn.Conv2d(planes, planes, 3, { padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);
    this.act2 = new nn.ReLU();
    if (stride !== 1 || inplanes !== planes) {
      this.downsample = new nn.Sequential(new nn.Conv2d(inplanes, planes, 1, { stride, bias: false }), new nn.BatchNorm2d(planes));
    }
  }

  forward(x) {
    const out = this.bn2(this.conv2(this.act1(this.bn1(this.conv1(x)))));
    const shortcut = this.downsample ? this.downsample(x) : x;
    return this.act2(out.add(shortcut));
  }
}

/** The architecture, read from the weights themselves: widths, blocks per stage, classes. */
function architecture(stateDict) {
  const stages = [1, 2, 3, 4];
  const blocks = (stage) => new Set([...stateDict.keys()].filter((k) => k.startsWith(`layer${stage}.`)).map((k) => k.split('.')[1]));
  return {
    stemWidth: stateDict.get('conv1.weight').shape[0],
    channels: stages.map((stage) => stateDict.get(`layer${stage}.0.conv1.weight`).shape[0]),
    layers: stages.map((stage) => blocks(stage).size),
    numClasses: stateDict.get('fc.weight').shape[0],
  };
}

class ResNet extends nn.Module {
  /** layers: blocks per stage; channels: each stage's width; stemWidth: the first convolution's. */
  constructor({ layers, channels, stemWidth, numClasses }) {
    super();
    this.conv1 = new nn.Conv2d(3, stemWidth, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = new nn.BatchNorm2d(stemWidth);
    this.act1 = new nn.ReLU();
    this.maxpool = new nn.MaxPool2d(3, 2, 1);
    let inplanes = stemWidth;
    channels.forEach((planes, stage) => {
      // The first block of each stage after the first halves the resolution.
      const blocks = Array.from({ length: layers[stage] }, (_, i) =>
        new BasicBlock(i === 0 ? inplanes : planes, planes, i === 0 && stage > 0 ? 2 : 1));
      this[`layer${stage + 1}`] = new nn.Sequential(...blocks);
      inplanes = planes;
    });
    this.global_pool = new nn.Sequential(new nn.AdaptiveAvgPool2d(1), new nn.Flatten(1));
    this.fc = new nn.Linear(inplanes, numClasses);
  }

  forward(x) {
    x = this.maxpool(this.act1(this.bn1(this.conv1(x))));
    x = this.layer4(this.layer3(this.layer2(this.layer1(x))));
    return this.fc(this.global_pool(x));
  }
}

const worstError = (actual, expected) => actual.sub(expected).abs().max().item();

export function main({ log = console.log } = {}) {
  // torch.load gives the state_dict as a Map<string, Tensor>, in PyTorch's key order.
  const stateDict = torch.load(new URL('resnet18_tiny.pt', FOLDER).pathname);
  const arch = architecture(stateDict);
  const model = new ResNet(arch);
  model.load_state_dict(stateDict); // strict: a missing or unexpected key throws
  const parameters = model.parameters().reduce((n, p) => n + p.numel(), 0);
  log(`resnet: stem ${arch.stemWidth}, stages ${arch.channels.join('/')} wide, ${arch.layers.join('/')} blocks, ${parameters} parameters`);

  const recorded = loadFixture('models/resnet/outputs.msgpack');
  // Eval mode: BatchNorm normalises with its running statistics.
  model.eval();
  const { eval: ev, train } = recorded;
  const logits = torch.no_grad(() => model(decodeValue(ev.input).value));
  const logitsError = worstError(logits, decodeValue(ev.logits).value);
  log(`eval logits [${logits.shape.join(', ')}]: worst error vs PyTorch ${logitsError.toExponential(2)} (bound ${ev.tol.toExponential(2)})`);

  // Train mode: BatchNorm normalises with the batch's statistics and updates its running ones.
  model.train();
  const x = decodeValue(train.input).value;
  const labels = decodeValue(train.labels).value;
  const opt = new torch.optim.SGD(model.parameters(), { lr: train.lr, momentum: train.momentum });
  const losses = [];
  for (let step = 0; step < train.losses.length; step++) {
    opt.zero_grad();
    const loss = F.cross_entropy(model(x), labels);
    loss.backward();
    opt.step();
    losses.push(loss.item());
    log(`step ${step + 1}  loss ${losses[step].toFixed(6)}  (PyTorch ${train.losses[step].toFixed(6)})`);
  }

  // Every BatchNorm's running_mean, running_var and num_batches_tracked after the steps.
  const buffers = new Map(model.named_buffers());
  let buffersError = 0;
  for (const [key, encoded] of train.buffers) {
    buffersError = Math.max(buffersError, worstError(buffers.get(key).double(), decodeValue(encoded).value.double()));
  }
  const lossError = Math.max(...losses.map((l, i) => Math.abs(l - train.losses[i])));
  log(`worst loss error ${lossError.toExponential(2)}, worst running-stat error ${buffersError.toExponential(2)} (bound ${train.tol.toExponential(2)})`);
  return { logits, losses, buffers, worst: { logits: logitsError, losses: lossError, buffers: buffersError } };
}

if (import.meta.url === `file://${process.argv[1]}`) main();
