import * as torch from '../tensor/src/index.ts';
import * as nn from './src/index.ts';
import { no_grad } from '../autograd/src/index.ts';
import { wasm } from '../tensor/src/cpu/wasm/runtime.ts';
import { layerForward } from '../tensor/src/cpu/wasm/recurrent.ts';
const r = wasm()!;
const mat = (t: any) => { t = t.contiguous(); return { data: t.storage.data, offset: t.offset, rows: t.shape[0], cols: t.shape.length > 1 ? t.shape[1] : t.shape[0], rs: t.shape.length > 1 ? t.strides[0] : 0, cs: t.shape.length > 1 ? t.strides[1] : t.strides[0] }; };
const vec = (t: any) => ({ data: t.storage.data, offset: t.offset, rows: 1, cols: t.shape[0], rs: 0, cs: t.strides[0] });
for (const [mode, I, H, T, B, proj] of [['GRU', 256, 256, 100, 32, 0], ['LSTM', 256, 256, 100, 32, 0], ['GRU', 256, 256, 100, 1, 0], ['LSTM', 7, 9, 5, 3, 4], ['GRU', 3, 5, 4, 1, 0]] as const) {
  torch.manual_seed(0);
  const m = mode === 'GRU' ? new nn.GRU(I, H) : new nn.LSTM(I, H, { proj_size: proj });
  const x = torch.randn([T, B, I]);
  for (const reverse of [false, true]) {
    const xr = reverse ? x.flip([0]) : x;
    const [ref] = no_grad(() => m.forward(xr)) as any;
    const out = proj || H;
    const w = { w_ih: mat(m.weight_ih_l0), w_hh: mat(m.weight_hh_l0), b_ih: vec(m.bias_ih_l0), b_hh: vec(m.bias_hh_l0), w_hr: proj ? mat(m.weight_hr_l0) : null };
    const run = (ws: boolean) => layerForward(r, mode, mat(x.reshape([T * B, I])), new Array(T).fill(B), mat(torch.zeros([B, out])), mode === 'LSTM' ? mat(torch.zeros([B, H])) : null, w as any, reverse, ws);
    run(false);
    const t1 = performance.now(); for (let i = 0; i < 3; i++) run(false); const tw = (performance.now() - t1) / 3;
    const t2 = performance.now(); const res = run(true); const tws = performance.now() - t2;
    let got = torch.tensor(Array.from(res.output)).view([T, B, out]);
    if (reverse) got = got.flip([0]);
    const d = got.sub(ref).abs().max().item();
    console.log(mode, I, H, T, B, proj, 'reverse', reverse, 'maxdiff', d.toExponential(2), `fused ${tw.toFixed(1)}ms, with workspace ${tws.toFixed(1)}ms`);
  }
}
process.exit(0);
