// One time step of a recurrent layer as one dispatch: each thread is one (batch row, hidden unit),
// computes its gates' h_prev W_hh^T + b_hh as dot products over the h width read from storage (as
// onnxruntime's WebGPU GRU does), adds the step's input projection, and writes the new state, the
// step's output row and the workspace row the backward reads (cpu/rnn-gates.ts's layout):
//   RNN:  [h_prev (H), h (H)]
//   GRU:  [h_prev (H), r, z, n, hn (H each)]                       hn = W_hn h_prev + b_hn
//   LSTM: [h_prev (P), c_prev, i, f, g, o, c, hpre (H each)]       hpre = o * tanh(c), before W_hr
// h_prev is read from the previous step's output rows (the state is not rewritten in place: other
// threads of the dispatch still read it); rows that previous step did not run (the first step,
// or sequences joining a reverse direction) read the initial state.
import type { Tensor } from '@wick/tensor';
import type { Context } from '../context.js';
import { entryCode, groupsFor } from '../wgsl/strided.js';
import { bind, ld, st } from './operands.js';

export type Mode = 'RNN_TANH' | 'RNN_RELU' | 'GRU' | 'LSTM';

export const gateCount: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, GRU: 3, LSTM: 4 };

/** The tensors of one layer's forward steps (all contiguous float32). */
export interface StepTensors {
  gi: Tensor; // [rows, G]: every step's input projection, b_ih included
  w_hhT: Tensor; // [P, G]: W_hh transposed
  b_hh: Tensor | null; // [G]
  out: Tensor; // [rows, P]: the steps' outputs
  h0: Tensor; // [B, P]
  ws: Tensor; // [rows, W]
  c: Tensor | null; // [B, H]: LSTM's cell state, updated in place
}

/** Where one step's rows are: its own, and the previous step's (prevRows = 0: none). */
export interface StepRows {
  bs: number;
  off: number;
  prevRows: number;
  prevOff: number;
}

/** The gate math of a mode, given acc0.. (h_prev W_hh^T + b_hh per gate), gi(k), prev, and the row indices. */
function gateCode(mode: Mode, n: Record<string, string>, proj: boolean): string {
  const gi = (k: number) => ld(n.gi!, `giRow + ${k}u * H + j`);
  const wsAt = (k: string) => `wsRow + ${k}`;
  if (mode === 'GRU') {
    return `let r = sigmoid_f32(${gi(0)} + acc0);
  let z = sigmoid_f32(${gi(1)} + acc1);
  let nn = tanh_f32(${gi(2)} + r * acc2);
  ${st(n.ws!, wsAt('H + j'), 'r')}
  ${st(n.ws!, wsAt('2u * H + j'), 'z')}
  ${st(n.ws!, wsAt('3u * H + j'), 'nn')}
  ${st(n.ws!, wsAt('4u * H + j'), 'acc2')}
  ${st(n.out!, 'outRow + j', '(own - nn) * z + nn')}`;
  }
  if (mode === 'LSTM') {
    return `let ig = sigmoid_f32(acc0 + ${gi(0)});
  let fg = sigmoid_f32(acc1 + ${gi(1)});
  let gg = tanh_f32(acc2 + ${gi(2)});
  let og = sigmoid_f32(acc3 + ${gi(3)});
  let ci = P[12] + b * H + j;
  let cPrev = ${ld(n.c!, 'ci')};
  let cy = fg * cPrev + ig * gg;
  let hpre = og * tanh_f32(cy);
  let base = wsRow + Pw;
  ${st(n.ws!, 'base + j', 'cPrev')}
  ${st(n.ws!, 'base + H + j', 'ig')}
  ${st(n.ws!, 'base + 2u * H + j', 'fg')}
  ${st(n.ws!, 'base + 3u * H + j', 'gg')}
  ${st(n.ws!, 'base + 4u * H + j', 'og')}
  ${st(n.ws!, 'base + 5u * H + j', 'cy')}
  ${st(n.ws!, 'base + 6u * H + j', 'hpre')}
  ${st(n.c!, 'ci', 'cy')}
  ${proj ? '' : st(n.out!, 'outRow + j', 'hpre')}`;
  }
  const act = mode === 'RNN_RELU' ? 'max(pre, 0.0)' : 'tanh_f32(pre)';
  return `let pre = acc0 + ${gi(0)};
  let v = ${act};
  ${st(n.ws!, wsAt('H + j'), 'v')}
  ${st(n.out!, 'outRow + j', 'v')}`;
}

/**
 * Encodes one step. With a projection (LSTM proj_size), the step leaves hpre in the workspace and
 * the caller projects it into the output rows (the step's second dispatch).
 */
export function encodeStep(ctx: Context, mode: Mode, t: StepTensors, rows: StepRows, H: number, P: number, W: number): void {
  const threads = rows.bs * H;
  if (threads === 0) return;
  const G = gateCount[mode];
  const proj = P !== H;
  const o = bind([t.gi, t.w_hhT, t.b_hh, t.out, t.h0, t.ws, t.c]);
  const [gi, whh, bhh, out, h0, ws, c] = o.names as string[];
  const names = { gi: gi!, out: out!, ws: ws!, c: c! };
  const key = `rnn-step|${mode}|${t.b_hh === null ? '' : 'bias'}|${proj ? 'proj' : ''}|${o.key}`;
  const accs = Array.from({ length: G }, (_, k) => k);
  const pipeline = ctx.pipeline(key, () => `${o.decls}
${entryCode('P[0] * P[1]')}
  let H = P[1];
  let Pw = P[2];
  let b = i / H;
  let j = i % H;
  let giRow = P[3] + b * ${G}u * H;
  let outRow = P[6] + b * Pw;
  let wsRow = P[10] + b * P[11];
  let fromPrev = b < P[7];
  let hRow = select(P[9] + b * Pw, P[8] + b * Pw, fromPrev);
  ${accs.map((k) => `var acc${k} = ${t.b_hh === null ? '0.0' : ld(bhh!, `P[5] + ${k}u * H + j`)};`).join('\n  ')}
  for (var p = 0u; p < Pw; p = p + 1u) {
    var hv: f32;
    if (fromPrev) { hv = ${ld(out!, 'hRow + p')}; } else { hv = ${ld(h0!, 'hRow + p')}; }
    ${accs.map((k) => `acc${k} = acc${k} + hv * ${ld(whh!, `P[4] + p * ${G}u * H + ${k}u * H + j`)};`).join('\n    ')}
  }
  var own = 0.0;
  if (j < Pw) {
    if (fromPrev) { own = ${ld(out!, 'hRow + j')}; } else { own = ${ld(h0!, 'hRow + j')}; }
    ${st(ws!, 'wsRow + j', 'own')}
  }
  ${gateCode(mode, names, proj)}
}`);
  const G3 = G * H;
  // P: [rows, H, P, gi row 0, W_hh^T, b_hh, out row 0, rows from the previous step, its out row 0,
  // h0, workspace row 0, workspace width, c] (element offsets).
  const params = [
    rows.bs, H, P,
    t.gi.offset + rows.off * G3, t.w_hhT.offset, t.b_hh?.offset ?? 0,
    t.out.offset + rows.off * P, rows.prevRows, t.out.offset + rows.prevOff * P, t.h0.offset,
    t.ws.offset + rows.off * W, W, t.c?.offset ?? 0,
  ];
  ctx.queue.dispatch(pipeline, o.buffers, params, groupsFor(threads));
}
