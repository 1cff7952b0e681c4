import { afterEach, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { type SetPrintOptions, get_printoptions, set_printoptions } from '../src/format.js';

// Every expected string below is repr() of the same tensor in PyTorch 2.13 (the Python expression
// is given with each case). Inputs built from typed arrays hold exactly PyTorch's float32 values:
// i / 7 rounded once to float32 is what PyTorch's float32 division gives.

const f32 = (n: number, f: (i: number) => number) => torch.tensor(Float32Array.from({ length: n }, (_, i) => f(i)));
const f64 = (n: number, f: (i: number) => number) => torch.tensor(Float64Array.from({ length: n }, (_, i) => f(i)));

afterEach(() => set_printoptions({ profile: 'default' }));

describe('format matches PyTorch repr with default print options', () => {
  const cases: [string, string, () => torch.Tensor, string][] = [
    ["int64 vector", "torch.tensor([1, 2, 3])", () => torch.tensor([1, 2, 3]), "tensor([1, 2, 3])"],
    ["float32 fixed notation", "torch.tensor([1.5, 2.25, -3.0])", () => torch.tensor([1.5, 2.25, -3.0]), "tensor([ 1.5000,  2.2500, -3.0000])"],
    ["float32 integer mode", "torch.tensor([1., 2., -30.])", () => torch.tensor([1, 2, -30], { dtype: torch.float32 }), "tensor([  1.,   2., -30.])"],
    ["negative zero, fixed", "torch.tensor([-0., 1.5])", () => torch.tensor([-0, 1.5]), "tensor([-0.0000, 1.5000])"],
    ["negative zero, integer mode", "torch.tensor([-0., 1.])", () => torch.tensor([-0, 1], { dtype: torch.float32 }), "tensor([-0., 1.])"],
    ["sci: tiny value", "torch.tensor([1e-5, 1.0])", () => torch.tensor([1e-5, 1.0]), "tensor([1.0000e-05, 1.0000e+00])"],
    ["sci: huge value", "torch.tensor([1e9, 1.0])", () => torch.tensor([1e9, 1], { dtype: torch.float32 }), "tensor([1.0000e+09, 1.0000e+00])"],
    ["sci: ratio over 1000", "torch.tensor([0.001, 2.0])", () => torch.tensor([0.001, 2.0]), "tensor([1.0000e-03, 2.0000e+00])"],
    ["sci in integer mode", "torch.tensor([1e10, 1.])", () => torch.tensor([1e10, 1], { dtype: torch.float32 }), "tensor([1.0000e+10, 1.0000e+00])"],
    ["nan and inf", "torch.tensor([nan, inf, -inf, 1.5])", () => torch.tensor([NaN, Infinity, -Infinity, 1.5]), "tensor([   nan,    inf,   -inf, 1.5000])"],
    ["only nan and zero", "torch.tensor([nan, 0.])", () => torch.tensor([NaN, 0], { dtype: torch.float32 }), "tensor([nan, 0.])"],
    ["nan in integer mode", "torch.tensor([1., nan])", () => torch.tensor([1, NaN]), "tensor([1., nan])"],
    ["0-dim float", "torch.tensor(1.5)", () => torch.tensor(1.5), "tensor(1.5000)"],
    ["0-dim int", "torch.tensor(7)", () => torch.tensor(7), "tensor(7)"],
    ["0-dim float64", "torch.tensor(2.0, dtype=torch.float64)", () => torch.tensor(2, { dtype: torch.float64 }), "tensor(2., dtype=torch.float64)"],
    ["0-dim bool", "torch.tensor(True)", () => torch.tensor(true), "tensor(True)"],
    ["empty [0]", "torch.zeros(0)", () => torch.zeros(0), "tensor([])"],
    ["empty [0, 3]", "torch.zeros(0, 3)", () => torch.zeros(0, 3), "tensor([], size=(0, 3))"],
    ["empty int64", "torch.zeros(0, dtype=torch.int64)", () => torch.zeros(0, { dtype: torch.int64 }), "tensor([], dtype=torch.int64)"],
    ["empty [2, 0] int32", "torch.zeros(2, 0, dtype=torch.int32)", () => torch.zeros(2, 0, { dtype: torch.int32 }), "tensor([], size=(2, 0), dtype=torch.int32)"],
    ["empty bool", "torch.zeros(0, dtype=torch.bool)", () => torch.zeros(0, { dtype: torch.bool }), "tensor([], dtype=torch.bool)"],
    ["float64 suffix", "torch.tensor([1.5, 2.0], dtype=torch.float64)", () => torch.tensor([1.5, 2.0], { dtype: torch.float64 }), "tensor([1.5000, 2.0000], dtype=torch.float64)"],
    ["int32 matrix", "torch.tensor([[1, -20], [300, 4]], dtype=torch.int32)", () => torch.tensor([[1, -20], [300, 4]], { dtype: torch.int32 }), "tensor([[  1, -20],\n        [300,   4]], dtype=torch.int32)"],
    ["bool vector", "torch.tensor([True, False, True])", () => torch.tensor([true, false, true]), "tensor([ True, False,  True])"],
    ["bool column", "torch.tensor([[True], [False]])", () => torch.tensor([[true], [false]]), "tensor([[ True],\n        [False]])"],
    ["float16 (sci)", "torch.tensor([0.1, 1000.5, -2.0], dtype=torch.float16)", () => torch.tensor([0.1, 1000.5, -2.0], { dtype: torch.float16 }), "tensor([ 9.9976e-02,  1.0005e+03, -2.0000e+00], dtype=torch.float16)"],
    ["bfloat16", "torch.tensor([0.1, 3.14159], dtype=torch.bfloat16)", () => torch.tensor([0.1, 3.14159], { dtype: torch.bfloat16 }), "tensor([0.1001, 3.1406], dtype=torch.bfloat16)"],
    ["float16 integer mode", "torch.ones(2, 2, dtype=torch.float16)", () => torch.ones(2, 2, { dtype: torch.float16 }), "tensor([[1., 1.],\n        [1., 1.]], dtype=torch.float16)"],
    ["int64 beyond 2^53", "torch.tensor([2**62 + 1, -5])", () => torch.tensor([2n ** 62n + 1n, -5n]), "tensor([4611686018427387905,                  -5])"],
    ["int64 extremes", "torch.tensor([-2**63, 2**63 - 1])", () => torch.tensor([-(2n ** 63n), 2n ** 63n - 1n]), "tensor([-9223372036854775808,  9223372036854775807])"],
    ["uint8", "torch.tensor([0, 255], dtype=torch.uint8)", () => torch.tensor([0, 255], { dtype: torch.uint8 }), "tensor([  0, 255], dtype=torch.uint8)"],
    ["int8", "torch.tensor([-128, 127], dtype=torch.int8)", () => torch.tensor([-128, 127], { dtype: torch.int8 }), "tensor([-128,  127], dtype=torch.int8)"],
    ["int16 matrix", "torch.tensor([[-32768, 5], [0, 32767]], dtype=torch.int16)", () => torch.tensor([[-32768, 5], [0, 32767]], { dtype: torch.int16 }), "tensor([[-32768,      5],\n        [     0,  32767]], dtype=torch.int16)"],
    ["matrix of fractions", "torch.arange(12.).reshape(3, 4) / 7", () => f32(12, (i) => i / 7).reshape(3, 4), "tensor([[0.0000, 0.1429, 0.2857, 0.4286],\n        [0.5714, 0.7143, 0.8571, 1.0000],\n        [1.1429, 1.2857, 1.4286, 1.5714]])"],
    ["mixed widths", "torch.tensor([[1.5, -123.25], [0.5, 10.0]])", () => torch.tensor([[1.5, -123.25], [0.5, 10.0]]), "tensor([[   1.5000, -123.2500],\n        [   0.5000,   10.0000]])"],
    ["3-d int", "torch.arange(24).reshape(2, 3, 4)", () => torch.arange(24).reshape(2, 3, 4), "tensor([[[ 0,  1,  2,  3],\n         [ 4,  5,  6,  7],\n         [ 8,  9, 10, 11]],\n\n        [[12, 13, 14, 15],\n         [16, 17, 18, 19],\n         [20, 21, 22, 23]]])"],
    ["4-d float", "torch.arange(16.).reshape(2, 2, 2, 2)", () => f32(16, (i) => i).reshape(2, 2, 2, 2), "tensor([[[[ 0.,  1.],\n          [ 2.,  3.]],\n\n         [[ 4.,  5.],\n          [ 6.,  7.]]],\n\n\n        [[[ 8.,  9.],\n          [10., 11.]],\n\n         [[12., 13.],\n          [14., 15.]]]])"],
    ["summarised 1-d", "torch.arange(2000)", () => torch.arange(2000), "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"],
    ["summarised 2-d, sci, wrapped", "torch.arange(10000.).reshape(100, 100) / 3", () => f32(10000, (i) => i / 3).reshape(100, 100), "tensor([[0.0000e+00, 3.3333e-01, 6.6667e-01,  ..., 3.2333e+01, 3.2667e+01,\n         3.3000e+01],\n        [3.3333e+01, 3.3667e+01, 3.4000e+01,  ..., 6.5667e+01, 6.6000e+01,\n         6.6333e+01],\n        [6.6667e+01, 6.7000e+01, 6.7333e+01,  ..., 9.9000e+01, 9.9333e+01,\n         9.9667e+01],\n        ...,\n        [3.2333e+03, 3.2337e+03, 3.2340e+03,  ..., 3.2657e+03, 3.2660e+03,\n         3.2663e+03],\n        [3.2667e+03, 3.2670e+03, 3.2673e+03,  ..., 3.2990e+03, 3.2993e+03,\n         3.2997e+03],\n        [3.3000e+03, 3.3003e+03, 3.3007e+03,  ..., 3.3323e+03, 3.3327e+03,\n         3.3330e+03]])"],
    ["summarised 3-d", "torch.arange(3000).reshape(10, 10, 30)", () => torch.arange(3000).reshape(10, 10, 30), "tensor([[[   0,    1,    2,  ...,   27,   28,   29],\n         [  30,   31,   32,  ...,   57,   58,   59],\n         [  60,   61,   62,  ...,   87,   88,   89],\n         ...,\n         [ 210,  211,  212,  ...,  237,  238,  239],\n         [ 240,  241,  242,  ...,  267,  268,  269],\n         [ 270,  271,  272,  ...,  297,  298,  299]],\n\n        [[ 300,  301,  302,  ...,  327,  328,  329],\n         [ 330,  331,  332,  ...,  357,  358,  359],\n         [ 360,  361,  362,  ...,  387,  388,  389],\n         ...,\n         [ 510,  511,  512,  ...,  537,  538,  539],\n         [ 540,  541,  542,  ...,  567,  568,  569],\n         [ 570,  571,  572,  ...,  597,  598,  599]],\n\n        [[ 600,  601,  602,  ...,  627,  628,  629],\n         [ 630,  631,  632,  ...,  657,  658,  659],\n         [ 660,  661,  662,  ...,  687,  688,  689],\n         ...,\n         [ 810,  811,  812,  ...,  837,  838,  839],\n         [ 840,  841,  842,  ...,  867,  868,  869],\n         [ 870,  871,  872,  ...,  897,  898,  899]],\n\n        ...,\n\n        [[2100, 2101, 2102,  ..., 2127, 2128, 2129],\n         [2130, 2131, 2132,  ..., 2157, 2158, 2159],\n         [2160, 2161, 2162,  ..., 2187, 2188, 2189],\n         ...,\n         [2310, 2311, 2312,  ..., 2337, 2338, 2339],\n         [2340, 2341, 2342,  ..., 2367, 2368, 2369],\n         [2370, 2371, 2372,  ..., 2397, 2398, 2399]],\n\n        [[2400, 2401, 2402,  ..., 2427, 2428, 2429],\n         [2430, 2431, 2432,  ..., 2457, 2458, 2459],\n         [2460, 2461, 2462,  ..., 2487, 2488, 2489],\n         ...,\n         [2610, 2611, 2612,  ..., 2637, 2638, 2639],\n         [2640, 2641, 2642,  ..., 2667, 2668, 2669],\n         [2670, 2671, 2672,  ..., 2697, 2698, 2699]],\n\n        [[2700, 2701, 2702,  ..., 2727, 2728, 2729],\n         [2730, 2731, 2732,  ..., 2757, 2758, 2759],\n         [2760, 2761, 2762,  ..., 2787, 2788, 2789],\n         ...,\n         [2910, 2911, 2912,  ..., 2937, 2938, 2939],\n         [2940, 2941, 2942,  ..., 2967, 2968, 2969],\n         [2970, 2971, 2972,  ..., 2997, 2998, 2999]]])"],
    ["summarised 1-d float", "torch.arange(1001.) / 4", () => f32(1001, (i) => i / 4), "tensor([  0.0000,   0.2500,   0.5000,  ..., 249.5000, 249.7500, 250.0000])"],
    ["wrapped float vector", "torch.arange(30.) * 1.5", () => f32(30, (i) => i * 1.5), "tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n        12.0000, 13.5000, 15.0000, 16.5000, 18.0000, 19.5000, 21.0000, 22.5000,\n        24.0000, 25.5000, 27.0000, 28.5000, 30.0000, 31.5000, 33.0000, 34.5000,\n        36.0000, 37.5000, 39.0000, 40.5000, 42.0000, 43.5000])"],
    ["wrapped int vector", "torch.arange(40) * 1000", () => torch.arange(0, 40000, 1000), "tensor([    0,  1000,  2000,  3000,  4000,  5000,  6000,  7000,  8000,  9000,\n        10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000, 18000, 19000,\n        20000, 21000, 22000, 23000, 24000, 25000, 26000, 27000, 28000, 29000,\n        30000, 31000, 32000, 33000, 34000, 35000, 36000, 37000, 38000, 39000])"],
    ["wrapped rows of a matrix", "torch.arange(60.).reshape(2, 30) + 0.5", () => f32(60, (i) => i + 0.5).reshape(2, 30), "tensor([[ 0.5000,  1.5000,  2.5000,  3.5000,  4.5000,  5.5000,  6.5000,  7.5000,\n          8.5000,  9.5000, 10.5000, 11.5000, 12.5000, 13.5000, 14.5000, 15.5000,\n         16.5000, 17.5000, 18.5000, 19.5000, 20.5000, 21.5000, 22.5000, 23.5000,\n         24.5000, 25.5000, 26.5000, 27.5000, 28.5000, 29.5000],\n        [30.5000, 31.5000, 32.5000, 33.5000, 34.5000, 35.5000, 36.5000, 37.5000,\n         38.5000, 39.5000, 40.5000, 41.5000, 42.5000, 43.5000, 44.5000, 45.5000,\n         46.5000, 47.5000, 48.5000, 49.5000, 50.5000, 51.5000, 52.5000, 53.5000,\n         54.5000, 55.5000, 56.5000, 57.5000, 58.5000, 59.5000]])"],
    ["sci matrix", "torch.tensor([[1e-8, 1.0], [123456.0, 2.5]])", () => torch.tensor([[1e-8, 1.0], [123456.0, 2.5]]), "tensor([[1.0000e-08, 1.0000e+00],\n        [1.2346e+05, 2.5000e+00]])"],
    ["ties round half to even", "torch.tensor([1.03125, 0.125, 2.5], dtype=torch.float64)", () => torch.tensor([1.03125, 0.125, 2.5], { dtype: torch.float64 }), "tensor([1.0312, 0.1250, 2.5000], dtype=torch.float64)"],
    ["float64 3-digit exponents", "torch.tensor([1e300, -1e-300], dtype=torch.float64)", () => torch.tensor([1e300, -1e-300], { dtype: torch.float64 }), "tensor([ 1.0000e+300, -1.0000e-300], dtype=torch.float64)"],
    ["float32 subnormal", "torch.tensor([1e-45, 1.])", () => torch.tensor([1e-45, 1]), "tensor([1.4013e-45, 1.0000e+00])"],
    ["rounds up to a wider value", "torch.tensor([9.99995, 1.0])", () => torch.tensor([9.99995, 1.0]), "tensor([10.0000,  1.0000])"],
    ["suffix after wrapped rows", "torch.arange(20, dtype=torch.float64) * 1.123", () => f64(20, (i) => i * 1.123), "tensor([ 0.0000,  1.1230,  2.2460,  3.3690,  4.4920,  5.6150,  6.7380,  7.8610,\n         8.9840, 10.1070, 11.2300, 12.3530, 13.4760, 14.5990, 15.7220, 16.8450,\n        17.9680, 19.0910, 20.2140, 21.3370], dtype=torch.float64)"],
    ["suffix on its own line", "torch.arange(16, dtype=torch.int32) * 100000", () => torch.arange(0, 1600000, 100000, { dtype: torch.int32 }), "tensor([      0,  100000,  200000,  300000,  400000,  500000,  600000,  700000,\n         800000,  900000, 1000000, 1100000, 1200000, 1300000, 1400000, 1500000],\n       dtype=torch.int32)"],
    ["transposed view", "torch.arange(6).reshape(2, 3).t()", () => torch.arange(6).reshape(2, 3).t(), "tensor([[0, 3],\n        [1, 4],\n        [2, 5]])"],
    ["strided view", "torch.arange(10.)[1::3]", () => f32(10, (i) => i).slice(0, 1, null, 3), "tensor([1., 4., 7.])"],
    ["large values, fixed", "torch.tensor([12345.678, 0.5])", () => torch.tensor([12345.678, 0.5]), "tensor([1.2346e+04, 5.0000e-01])"],
    ["negative sci", "torch.tensor([-1e-5, -2.0])", () => torch.tensor([-1e-5, -2.0]), "tensor([-1.0000e-05, -2.0000e+00])"],
    ["nan among sci", "torch.tensor([nan, 1e-6, 1.0])", () => torch.tensor([NaN, 1e-6, 1.0]), "tensor([       nan, 1.0000e-06, 1.0000e+00])"],
    ["all zeros", "torch.zeros(2, 3)", () => torch.zeros(2, 3), "tensor([[0., 0., 0.],\n        [0., 0., 0.]])"],
  ];
  it.each(cases)('%s: %s', (_name, _python, make, expected) => {
    expect(String(make())).toBe(expected);
  });
});

describe('set_printoptions', () => {
  const cases: [string, SetPrintOptions, string, () => torch.Tensor, string][] = [
    ["precision 2", { precision: 2 }, "torch.tensor([1.12345, 2.5])", () => torch.tensor([1.12345, 2.5]), "tensor([1.12, 2.50])"],
    ["precision 0", { precision: 0 }, "torch.tensor([1.5, 2.5, 0.25])", () => torch.tensor([1.5, 2.5, 0.25]), "tensor([2, 2, 0])"],
    ["threshold 5", { threshold: 5 }, "torch.arange(10)", () => torch.arange(10), "tensor([0, 1, 2,  ..., 7, 8, 9])"],
    ["edgeitems 1", { threshold: 5, edgeitems: 1 }, "torch.arange(24.).reshape(2, 3, 4)", () => f32(24, (i) => i).reshape(2, 3, 4), "tensor([[[ 0.,  ...,  3.],\n         ...,\n         [ 8.,  ..., 11.]],\n\n        [[12.,  ..., 15.],\n         ...,\n         [20.,  ..., 23.]]])"],
    ["edgeitems 0 (vector)", { threshold: 5, edgeitems: 0 }, "torch.arange(10)", () => torch.arange(10), "tensor([...], size=(10,))"],
    ["edgeitems 0 (matrix)", { threshold: 5, edgeitems: 0 }, "torch.arange(12.).reshape(3, 4)", () => f32(12, (i) => i).reshape(3, 4), "tensor([...], size=(3, 4))"],
    ["edgeitems 0, small tensor", { edgeitems: 0 }, "torch.tensor([1, 2])", () => torch.tensor([1, 2]), "tensor([1, 2], size=(2,))"],
    ["linewidth 20", { linewidth: 20 }, "torch.arange(10.) / 3", () => f32(10, (i) => i / 3), "tensor([0.0000,\n        0.3333,\n        0.6667,\n        1.0000,\n        1.3333,\n        1.6667,\n        2.0000,\n        2.3333,\n        2.6667,\n        3.0000])"],
    ["sci_mode forced on", { sci_mode: true }, "torch.tensor([1.5, 2.0])", () => torch.tensor([1.5, 2.0]), "tensor([1.5000e+00, 2.0000e+00])"],
    ["sci_mode forced off", { sci_mode: false }, "torch.tensor([1e-6, 1e10])", () => torch.tensor([1e-6, 1e10]), "tensor([          0.0000, 10000000000.0000])"],
    ["sci_mode off, beyond 1e21", { sci_mode: false }, "torch.tensor([1e25, 1.5], dtype=torch.float64)", () => torch.tensor([1e25, 1.5], { dtype: torch.float64 }), "tensor([10000000000000000905969664.0000,                          1.5000],\n       dtype=torch.float64)"],
    ["sci_mode forced on, integers", { sci_mode: true }, "torch.tensor([1., 2.])", () => torch.tensor([1, 2], { dtype: torch.float32 }), "tensor([1.0000e+00, 2.0000e+00])"],
    ["profile short", { profile: "short" }, "torch.arange(2000.) / 3", () => f32(2000, (i) => i / 3), "tensor([0.00e+00, 3.33e-01,  ..., 6.66e+02, 6.66e+02])"],
  ];
  it.each(cases)('%s: %s %s', (_name, options, _python, make, expected) => {
    set_printoptions(options);
    expect(String(make())).toBe(expected);
  });

  it("profile 'full' never summarises", () => {
    set_printoptions({ profile: 'full' });
    const s = String(torch.arange(1005));
    expect(s).not.toContain('...');
    expect(s.endsWith(' 1002, 1003, 1004])')).toBe(true);
  });

  it('sci_mode resets to automatic when a call leaves it out, as in PyTorch', () => {
    set_printoptions({ sci_mode: true, precision: 2 });
    set_printoptions({ linewidth: 100 });
    expect(get_printoptions()).toEqual({ precision: 2, threshold: 1000, edgeitems: 3, linewidth: 100, sci_mode: null });
  });
});

describe('autograd suffixes', () => {
  // A grad_fn object is whatever the autograd layer attaches; only its name() is printed.
  const node = (name: string) => ({ name: () => name });

  it('requires_grad=True on a leaf', () => {
    const x = torch.tensor([1, 2], { dtype: torch.float32 }).requires_grad_();
    expect(String(x)).toBe("tensor([1., 2.], requires_grad=True)");
  });

  it('grad_fn=<name> instead of requires_grad on a result', () => {
    const y = torch.tensor([2, 3], { dtype: torch.float32 }).requires_grad_();
    y.grad_fn = node('AddBackward0');
    expect(String(y)).toBe("tensor([2., 3.], grad_fn=<AddBackward0>)");
  });

  it('goes on the last line when it fits', () => {
    const y = f32(60, (i) => i).reshape(2, 30).requires_grad_();
    expect(String(y)).toBe("tensor([[ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n         14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n         28., 29.],\n        [30., 31., 32., 33., 34., 35., 36., 37., 38., 39., 40., 41., 42., 43.,\n         44., 45., 46., 47., 48., 49., 50., 51., 52., 53., 54., 55., 56., 57.,\n         58., 59.]], requires_grad=True)");
  });

  it('dtype and grad_fn share a new line', () => {
    const z = f64(16, (i) => i * 100000).requires_grad_();
    z.grad_fn = node('MulBackward0');
    expect(String(z)).toBe("tensor([      0.,  100000.,  200000.,  300000.,  400000.,  500000.,  600000.,\n         700000.,  800000.,  900000., 1000000., 1100000., 1200000., 1300000.,\n        1400000., 1500000.], dtype=torch.float64, grad_fn=<MulBackward0>)");
  });
});

describe('printing a view reads through its strides without copying', () => {
  it('prints a narrowed view', () => {
    const x = torch.arange(10);
    const v = x.narrow(0, 7, 3);
    expect(String(v)).toBe('tensor([7, 8, 9])');
    expect(v.storage).toBe(x.storage);
  });
});
