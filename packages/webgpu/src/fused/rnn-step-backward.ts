// The gate gradients of one time step as one dispatch (one thread per (batch row, hidden unit)),
// from the workspace the forward step wrote (rnn-step.ts). The gradient reaching the step's h is
// the carried dh plus the step's output gradient; with a projection (LSTM proj_size) the kernel
// also takes it through W_hr (a dot product over P per thread) and keeps it for W_hr's gradient.
// Writes the pre-activation gate gradients of the input projection (dgi) and, for GRU whose n
// block differs, of the hidden projection (dgh); updates LSTM's dc in place and GRU's direct
// term dh * z. The caller then adds dgh W_hh into dh (the step's second dispatch).
import type { Tensor } from '@wick/tensor';
import type { Context } from '../context.js';
import { entryCode, groupsFor } from '../wgsl/strided.js';
import { bind, ld, st } from './operands.js';
import { type Mode, gateCount } from './rnn-step.js';

export interface StepGradTensors {
  ws: Tensor; // [rows, W]
  dh: Tensor; // [B, P]: the carried gradient of h
  gOut: Tensor; // [rows, P]
  dgi: Tensor; // [rows, G]
  dgh: Tensor | null; // [rows, G] (GRU only)
  dc: Tensor | null; // [B, H] (LSTM)
  w_hr: Tensor | null; // [P, H] (projection)
  dhAll: Tensor | null; // [rows, P]: the gradient of each step's output h (projection)
}

function gradCode(mode: Mode, n: Record<string, string>): string {
  const dgi = (k: number, v: string) => st(n.dgi!, `dgiRow + ${k}u * H + j`, v);
  if (mode === 'GRU') {
    const dgh = (k: number, v: string) => st(n.dgh!, `dghRow + ${k}u * H + j`, v);
    return `let prev = ${ld(n.ws!, 'wsRow + j')};
  let r = ${ld(n.ws!, 'wsRow + H + j')};
  let z = ${ld(n.ws!, 'wsRow + 2u * H + j')};
  let nn = ${ld(n.ws!, 'wsRow + 3u * H + j')};
  let hn = ${ld(n.ws!, 'wsRow + 4u * H + j')};
  let dnPre = d * (1.0 - z) * (1.0 - nn * nn);
  let dzPre = d * (prev - nn) * z * (1.0 - z);
  let drPre = dnPre * hn * r * (1.0 - r);
  ${dgi(0, 'drPre')}
  ${dgi(1, 'dzPre')}
  ${dgi(2, 'dnPre')}
  ${dgh(0, 'drPre')}
  ${dgh(1, 'dzPre')}
  ${dgh(2, 'dnPre * r')}
  ${st(n.dh!, 'dhIdx', 'd * z')}`;
  }
  if (mode === 'LSTM') {
    return `let base = wsRow + Pw;
  let cPrev = ${ld(n.ws!, 'base + j')};
  let ig = ${ld(n.ws!, 'base + H + j')};
  let fg = ${ld(n.ws!, 'base + 2u * H + j')};
  let gg = ${ld(n.ws!, 'base + 3u * H + j')};
  let og = ${ld(n.ws!, 'base + 4u * H + j')};
  let tc = tanh_f32(${ld(n.ws!, 'base + 5u * H + j')});
  let ci = P[9] + b * H + j;
  let dct = ${ld(n.dc!, 'ci')} + d * og * (1.0 - tc * tc);
  ${dgi(0, 'dct * gg * ig * (1.0 - ig)')}
  ${dgi(1, 'dct * cPrev * fg * (1.0 - fg)')}
  ${dgi(2, 'dct * ig * (1.0 - gg * gg)')}
  ${dgi(3, 'd * tc * og * (1.0 - og)')}
  ${st(n.dc!, 'ci', 'dct * fg')}`;
  }
  const v = ld(n.ws!, 'wsRow + H + j');
  return mode === 'RNN_RELU' ? dgi(0, `select(0.0, d, ${v} > 0.0)`) : `let v = ${v};
  ${dgi(0, 'd * (1.0 - v * v)')}`;
}

/** Encodes one step's gate gradients; rows: the step's batch rows and their first row. */
export function encodeStepGrad(ctx: Context, mode: Mode, t: StepGradTensors, bs: number, off: number, H: number, P: number, W: number): void {
  const threads = bs * H;
  if (threads === 0) return;
  const G = gateCount[mode] * H;
  const proj = t.w_hr !== null;
  const o = bind([t.ws, t.dh, t.gOut, t.dgi, t.dgh, t.dc, t.w_hr, t.dhAll]);
  const [ws, dh, gOut, dgi, dgh, dc, whr, dhAll] = o.names as string[];
  const names = { ws: ws!, dh: dh!, dgi: dgi!, dgh: dgh!, dc: dc! };
  const key = `rnn-step-grad|${mode}|${o.key}`;
  const pipeline = ctx.pipeline(key, () => `${o.decls}
${entryCode('P[0] * P[1]')}
  let H = P[1];
  let Pw = P[2];
  let b = i / H;
  let j = i % H;
  let wsRow = P[3] + b * P[4];
  let dhIdx = P[5] + b * Pw + j;
  let gRow = P[6] + b * Pw;
  let dgiRow = P[7] + b * ${gateCount[mode]}u * H;
  let dghRow = P[8] + b * ${gateCount[mode]}u * H;
  ${proj
    ? `var d = 0.0;
  for (var p = 0u; p < Pw; p = p + 1u) {
    d = d + (${ld(dh!, 'P[5] + b * Pw + p')} + ${ld(gOut!, 'gRow + p')}) * ${ld(whr!, 'P[10] + p * H + j')};
  }
  if (j < Pw) { ${st(dhAll!, 'P[11] + b * Pw + j', `${ld(dh!, 'dhIdx')} + ${ld(gOut!, 'gRow + j')}`)} }`
    : `let d = ${ld(dh!, 'dhIdx')} + ${ld(gOut!, 'gRow + j')};`}
  ${gradCode(mode, names)}
}`);
  const params = [
    bs, H, P, t.ws.offset + off * W, W, t.dh.offset, t.gOut.offset + off * P,
    t.dgi.offset + off * G, (t.dgh?.offset ?? 0) + off * G, t.dc?.offset ?? 0, t.w_hr?.offset ?? 0, (t.dhAll?.offset ?? 0) + off * P,
  ];
  ctx.queue.dispatch(pipeline, o.buffers, params, groupsFor(threads));
}
