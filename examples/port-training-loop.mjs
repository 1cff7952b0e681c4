// Recipe: port a PyTorch GRU training loop to JavaScript, line by line.
//
// fixtures/training/gru.msgpack (tools/fixtures/training_cases.py) holds PyTorch's initial weights,
// data and the loss at every step of this loop. The JS below is the Python on its right-hand
// comments, starting from the same weights: the losses come out as PyTorch's, within the bound
// the fixture records (four times PyTorch's own float32-vs-float64 deviation).
//
//   pnpm build && node examples/port-training-loop.mjs
import { decodeValue, loadFixture } from '@wick/testing';
import * as torch from '@wick/torch';

// [[key, encoded tensor], ...] -> the Map that load_state_dict takes (PyTorch's OrderedDict).
const stateDict = (pairs) => new Map(pairs.map(([key, t]) => [key, decodeValue(t).value]));

export function main({ name = 'adam/float32', steps = 20, log = console.log } = {}) {
  const c = loadFixture('training/gru.msgpack').cases.find((k) => k.name === name);
  if (!c) throw new Error(`no case ${name} in fixtures/training/gru.msgpack`);
  const x = decodeValue(c.x).value; //                                     x: [batch, seq, 4]
  const y = decodeValue(c.y).value; //                                     y: [batch, seq, 3]

  // Python keyword arguments become one trailing options object.
  const gru = new torch.nn.GRU(4, 8, { batch_first: true }).to(c.dtype); // gru = nn.GRU(4, 8, batch_first=True).to(dtype)
  const head = new torch.nn.Linear(8, 3).to(c.dtype); //                   head = nn.Linear(8, 3).to(dtype)
  gru.load_state_dict(stateDict(c.gru)); //                                gru.load_state_dict(sd_gru)
  head.load_state_dict(stateDict(c.head)); //                              head.load_state_dict(sd_head)
  const params = [...gru.parameters(), ...head.parameters()]; //           params = list(gru.parameters()) + list(head.parameters())
  const opt = new torch.optim[c.optimizer](params, c.kwargs); //           opt = torch.optim.Adam(params, lr=0.01)

  const losses = []; //                                                    losses = []
  for (let step = 0; step < steps; step++) { //                            for step in range(steps):
    opt.zero_grad(); //                                                        opt.zero_grad()
    const [out] = gru(x); //                                                   out, _ = gru(x)
    const loss = head(out).sub(y).pow(2).mean(); //                            loss = ((head(out) - y) ** 2).mean()
    loss.backward(); //                                                        loss.backward()
    opt.step(); //                                                             opt.step()
    losses.push(loss.item()); //                                               losses.append(loss.item())
    if (step % 5 === 0 || step === steps - 1) {
      log(`step ${String(step + 1).padStart(3)}/${steps}  loss ${losses[step].toFixed(6)}  (PyTorch ${c.losses[step].toFixed(6)})`);
    }
  }
  const worst = Math.max(...losses.map((l, i) => Math.abs(l - c.losses[i])));
  log(`${name}: worst loss difference from PyTorch ${worst.toExponential(2)} (bound ${Number(c.tol).toExponential(2)})`);
  return { losses, pytorchLosses: c.losses.slice(0, steps), tol: Number(c.tol) };
}

if (import.meta.url === `file://${process.argv[1]}`) main();
