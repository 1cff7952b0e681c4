// The Q of a Householder QR, computed the way PyTorch 2.13's CPU build computes torch.linalg.qr for
// nn.init.orthogonal_: LAPACK's geqrf then orgqr, both from the MKL 2024.2 linked into the wheel.
// On this machine kind (x86-64 AMD EPYC) MKL runs 16-byte vector kernels: 2 float64 or 4 float32
// lanes, without FMA except in its gemm. Every step below keeps MKL's single-threaded operation
// order, lane split and rounding, so Q carries PyTorch's bits where these steps are all MKL takes
// (checked over a grid of shapes): float32 with at most 20 columns and 10000 rows, 32 columns and
// 24576 elements, or 64 columns and 192 rows (the latter through the blocked orgqr below); float64
// with at most 20 columns and 8000 rows, 32 columns and 12288 elements, or 47 rows. That holds
// every shape whose bits PyTorch gives at any thread count; larger ones MKL splits by thread.
// Beyond it MKL's geqrf and orgqr turn blocked in ways not reproduced here (16-wide geqrf panels,
// 32-wide orgqr blocks with a recursive larft, float64 gemm tiles); Q is then the same matrix up
// to rounding.
import { exactFma32 as fma32 } from '@wick/tensor';

// Matrices are column-major, element (i, j) at i + j*m, as LAPACK sees them. MKL's kernels peel
// rows until an operand reaches a vector boundary, so the element offset of each column modulo
// the lane count decides how a dot product is split; MKL's working copy starts on an aligned base.

/** Rounds a double to the working precision: Math.fround for float32, nothing for float64. */
type Round = (x: number) => number;

interface Precision {
  round: Round;
  /** Elements per 16-byte vector register. */
  lanes: number;
  float32: boolean;
}

const keep: Round = (x) => x;
const precisions = {
  float32: { round: Math.fround, lanes: 4, float32: true },
  float64: { round: keep, lanes: 2, float32: false },
} satisfies Record<string, Precision>;

/**
 * Q (m x n, m >= n, column-major) of A = QR with each column multiplied by the sign of R's
 * diagonal entry, as orthogonal_ does. `a` (column-major m x n) is overwritten.
 */
export function orthogonalQ(a: Float64Array, m: number, n: number, dtype: 'float32' | 'float64'): Float64Array {
  const p = precisions[dtype];
  const tau = geqrf(a, m, n, p);
  const signs = Array.from({ length: n }, (_, j) => Math.sign(a[j + j * m]!));
  orgqr(a, m, n, tau, p);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) a[i + j * m] = a[i + j * m]! * signs[j]!;
  return a;
}

// --- geqrf: one Householder reflector per column -------------------------------------------------

/** MKL's choice of unblocked geqrf kernel, made once per matrix (mapped by experiment). */
type Path = 'short' | 'square' | 'tall';

function pathFor(m: number, n: number): Path {
  if (m <= 20) return 'short';
  if (m === n || (m >= 51 && m <= 64 && n >= 21)) return 'square';
  return 'tall';
}

function geqrf(a: Float64Array, m: number, n: number, p: Precision): Float64Array {
  const tau = new Float64Array(n);
  const path = pathFor(m, n);
  for (let j = 0; j < n; j++) {
    if (path === 'tall') tau[j] = reflectTall(a, m, n, j, p);
    else tau[j] = reflectScaled(a, m, n, j, p, path);
  }
  return tau;
}

/** beta and tau of the reflector taking (alpha, x) to (beta, 0), LAPACK's larfg formulas. */
function reflector(alpha: number, xnorm: number, r: Round): [beta: number, tau: number] {
  // beta = -copysign(|(alpha, x)|, alpha): a -0 alpha counts as negative.
  const negative = alpha < 0 || Object.is(alpha, -0);
  const beta = (negative ? 1 : -1) * lapy2(alpha, xnorm, r);
  return [beta, r(r(beta - alpha) / beta)];
}

/**
 * The 'short' and 'square' kernels: the norm of x by the scaled sum of squares, then the update
 * of the later columns by a dot product each ('short') or by one gemv ('square').
 */
function reflectScaled(a: Float64Array, m: number, n: number, j: number, p: Precision, path: 'short' | 'square'): number {
  const r = p.round;
  const top = j + j * m;
  const len = m - j - 1;
  if (len === 0) return 0;
  // The two kernels order the rescaling step's multiplications differently, by dtype.
  const xnorm = scaledNorm(a, top + 1, len, r, (path === 'short') === p.float32);
  if (xnorm === 0) return 0;
  const alpha = a[top]!;
  const [beta, tau] = reflector(alpha, xnorm, r);
  const pivot = r(alpha - beta);
  // NOTE: the float32 short kernel (and a float64 2x2) divides; the others multiply by 1/pivot.
  const divide = path === 'short' && (p.float32 || (m === 2 && n === 2));
  const inverse = r(1 / pivot);
  for (let i = top + 1; i <= top + len; i++) a[i] = divide ? r(a[i]! / pivot) : r(a[i]! * inverse);
  a[top] = beta;
  if (j === n - 1) return tau;
  // v = (1, x / pivot): a copy with the leading 1, at the alignment of column j's diagonal.
  const v = new Float64Array(len + 1);
  v[0] = 1;
  v.set(a.subarray(top + 1, top + 1 + len), 1);
  if (path === 'short') {
    for (let k = j + 1; k < n; k++) {
      const col = j + k * m;
      const w = p.float32 ? dot(a, col, v, 0, len + 1, 0, 1, 1, 1, r) : dot(a, col, v, 0, len + 1, 0, 2, 2, 2, r);
      const t = r(tau * w);
      addScaled(a, col, v, 0, len + 1, -t, r);
    }
  } else {
    const w = gemvT(a, j + (j + 1) * m, m, len + 1, n - j - 1, v, 0, top, p);
    for (let k = j + 1; k < n; k++) {
      const col = j + k * m;
      const t = r(-tau * w[k - j - 1]!);
      addScaled(a, col, v, 0, len + 1, t, r);
    }
  }
  return tau;
}

/**
 * The 'tall' kernel: one gemv of the trailing block with the unscaled x gives both |x|^2 (its
 * first entry) and every later column's dot product with x, reused after scaling.
 */
function reflectTall(a: Float64Array, m: number, n: number, j: number, p: Precision): number {
  const r = p.round;
  const top = j + j * m;
  const len = m - j - 1;
  if (len === 0) return 0;
  const y = gemvT(a, top + 1, m, len, n - j, a, top + 1, top + 1, p);
  const xnorm = r(Math.sqrt(y[0]!));
  if (xnorm === 0) return 0;
  const alpha = a[top]!;
  const [beta, tau] = reflector(alpha, xnorm, r);
  const inverse = r(1 / r(alpha - beta));
  for (let i = top + 1; i <= top + len; i++) a[i] = r(a[i]! * inverse);
  a[top] = beta;
  for (let k = j + 1; k < n; k++) {
    const col = j + k * m;
    const t = r(tau * r(a[col]! + r(y[k - j]! * inverse)));
    a[col] = r(a[col]! - t);
    addScaled(a, col + 1, a, top + 1, len, -t, r);
  }
  return tau;
}

// --- orgqr: Q from the reflectors, last one first -------------------------------------------------

function orgqr(a: Float64Array, m: number, n: number, tau: Float64Array, p: Precision): void {
  if (p.float32 && n > BLOCK_CROSSOVER && n <= 64) orgqrBlocked(a, m, n, tau);
  else org2r(a, m, 0, n, tau, p);
}

/**
 * LAPACK's unblocked org2r on the diagonal block of columns [c0, cEnd) (rows c0 to m), applying
 * reflectors cEnd-1 down to c0 to the block's own columns only.
 */
function org2r(a: Float64Array, m: number, c0: number, cEnd: number, tau: Float64Array, p: Precision): void {
  const r = p.round;
  for (let i = cEnd - 1; i >= c0; i--) {
    const top = i + i * m;
    const len = m - i;
    const minusTau = -tau[i]!;
    if (i < cEnd - 1) {
      a[top] = 1;
      const w = gemvT(a, i + (i + 1) * m, m, len, cEnd - i - 1, a, top, top, p);
      for (let k = i + 1; k < cEnd; k++) {
        const col = i + k * m;
        const t = r(minusTau * w[k - i - 1]!);
        addScaled(a, col, a, top, len, t, r);
      }
    }
    for (let row = 1; row < len; row++) a[top + row] = r(minusTau * a[top + row]!);
    a[top] = r(1 - tau[i]!);
    a.fill(0, c0 + i * m, top);
  }
}

// MKL's blocked orgqr, as measured for float32 with 33 to 64 columns: blocks of 16 reflectors,
// the last columns from the crossover on by org2r, then each earlier block's reflectors applied
// to the columns after it as one block reflector H = I - V T V^T (LAPACK's larft and larfb), with
// MKL's gemm (one FMA chain per element) and trmm (halves, then 8-wide leaves without FMA).
const BLOCK_CROSSOVER = 32;
const BLOCK = 16;
const LEAF = 8;

function orgqrBlocked(a: Float64Array, m: number, n: number, tau: Float64Array): void {
  const p = precisions.float32;
  const first = Math.floor((n - BLOCK_CROSSOVER - 1) / BLOCK) * BLOCK;
  const tail = Math.min(n, first + BLOCK);
  for (let col = tail; col < n; col++) a.fill(0, col * m, col * m + tail);
  org2r(a, m, tail, n, tau, p);
  for (let i = first; i >= 0; i -= BLOCK) {
    applyBlockReflector(a, m, n, i, blockTriangle(a, m, i, tau));
    org2r(a, m, i, i + BLOCK, tau, p);
    for (let col = i; col < i + BLOCK; col++) a.fill(0, col * m, col * m + i);
  }
}

/**
 * LAPACK's larft (forward, columnwise), level-2 form: T (BLOCK x BLOCK, column-major, upper) with
 * H_i ... H_{i+15} = I - V T V^T, where V holds the block's reflectors (unit diagonal, read from a).
 */
function blockTriangle(a: Float64Array, m: number, i: number, tau: Float64Array): Float64Array {
  const r = Math.fround;
  const t = new Float64Array(BLOCK * BLOCK);
  const v = (row: number, col: number) => a[i + row + (i + col) * m]!; // below the diagonal only
  for (let j = 0; j < BLOCK; j++) {
    const tj = tau[i + j]!;
    if (tj === 0) continue;
    const below = m - i - j - 1;
    const g = below > 0 && j > 0 ? gemvT(a, i + j + 1 + i * m, m, below, j, a, i + j + 1 + (i + j) * m, i + j + 1 + (i + j) * m, precisions.float32) : new Float64Array(j);
    const col = new Float64Array(j);
    for (let q = 0; q < j; q++) col[q] = r(r(-tj * v(j, q)) + r(-tj * g[q]!));
    // col = T[0:j, 0:j] col (trmv, upper, non-unit), column by column; zero entries skipped.
    for (let c = 0; c < j; c++) {
      const x = col[c]!;
      if (x !== 0) for (let q = 0; q < c; q++) col[q] = r(col[q]! + r(x * t[q + c * BLOCK]!));
      col[c] = r(col[c]! * t[c + c * BLOCK]!);
    }
    t.set(col, j * BLOCK);
    t[j + j * BLOCK] = tj;
  }
  return t;
}

/**
 * LAPACK's larfb (left, no transpose, forward, columnwise) on the columns after block i, whose
 * top BLOCK rows (C1) are zero in orgqr: W = C2^T V2, W = W T^T, C2 -= V2 W^T, W = W V1^T, C1 = -W^T.
 * W is nc x BLOCK, row-major (W[c][j] at c * BLOCK + j).
 */
function applyBlockReflector(a: Float64Array, m: number, n: number, i: number, t: Float64Array): void {
  const r = Math.fround;
  const c2Row = i + BLOCK;
  const rows = m - c2Row;
  const nc = n - c2Row;
  if (nc <= 0) return;
  const c2 = (row: number, c: number) => c2Row + row + (c2Row + c) * m;
  const v2 = (row: number, j: number) => a[c2Row + row + (i + j) * m]!;
  const v1 = (j: number, q: number) => (j === q ? 1 : j > q ? a[i + j + (i + q) * m]! : 0);
  const tt = (row: number, col: number) => t[row + col * BLOCK]!;
  // W = C2^T V2: one FMA chain per element, rows ascending (+0 turns a -0 sum into +0, as MKL's does).
  const w = new Float64Array(nc * BLOCK);
  for (let c = 0; c < nc; c++) {
    for (let j = 0; j < BLOCK; j++) {
      let acc = 0;
      for (let row = 0; row < rows; row++) acc = fma32(a[c2(row, c)]!, v2(row, j), acc);
      w[c * BLOCK + j] = acc + 0;
    }
  }
  trmmUpperTransposed(w, nc, tt);
  for (let c = 0; c < nc; c++) {
    for (let row = 0; row < rows; row++) {
      let acc = 0;
      for (let l = 0; l < BLOCK; l++) acc = fma32(v2(row, l), w[c * BLOCK + l]!, acc);
      a[c2(row, c)] = r(a[c2(row, c)]! - acc);
    }
  }
  trmmUnitLowerTransposed(w, nc, v1);
  for (let c = 0; c < nc; c++) for (let j = 0; j < BLOCK; j++) a[i + j + (c2Row + c) * m] = 0 - w[c * BLOCK + j]!;
}

/**
 * W = W T^T (T upper, non-unit), as MKL's trmm splits it: the first half's 8-wide leaf, plus the
 * second half's contribution by gemm, then the second half's leaf; every read of the original W.
 */
function trmmUpperTransposed(w: Float64Array, nc: number, t: (row: number, col: number) => number): void {
  const r = Math.fround;
  for (let c = 0; c < nc; c++) {
    const row = w.slice(c * BLOCK, (c + 1) * BLOCK);
    for (let j = 0; j < BLOCK; j++) {
      const leafEnd = j < LEAF ? LEAF : BLOCK;
      let acc = r(t(j, j) * row[j]!);
      for (let q = j + 1; q < leafEnd; q++) acc = r(acc + r(t(j, q) * row[q]!));
      if (j < LEAF) {
        let g = 0;
        for (let q = LEAF; q < BLOCK; q++) g = fma32(row[q]!, t(j, q), g);
        acc = r(acc + g);
      }
      w[c * BLOCK + j] = acc;
    }
  }
}

/**
 * W = W V1^T (V1 unit lower), as MKL's trmm splits it: the second half's leaf (terms taken from
 * the diagonal downwards), plus the first half's contribution by gemm, then the first half's leaf.
 */
function trmmUnitLowerTransposed(w: Float64Array, nc: number, v1: (j: number, q: number) => number): void {
  const r = Math.fround;
  for (let c = 0; c < nc; c++) {
    const row = w.slice(c * BLOCK, (c + 1) * BLOCK);
    for (let j = 0; j < BLOCK; j++) {
      const leafStart = j < LEAF ? 0 : LEAF;
      let acc = row[j]!;
      for (let q = j - 1; q >= leafStart; q--) acc = r(acc + r(v1(j, q) * row[q]!));
      if (j >= LEAF) {
        let g = 0;
        for (let q = 0; q < LEAF; q++) g = fma32(row[q]!, v1(j, q), g);
        acc = r(acc + g);
      }
      w[c * BLOCK + j] = acc;
    }
  }
}

// --- the BLAS-level pieces ------------------------------------------------------------------------

/**
 * y[yi + q] = r(y[yi + q] + r(x[xi + q] * t)) for q in [0, n): the rank-1 updates. Adding the
 * product with -t is the same as subtracting it with t (negation is exact, rounding symmetric).
 */
function addScaled(y: Float64Array, yi: number, x: Float64Array, xi: number, n: number, t: number, r: Round): void {
  for (let q = 0; q < n; q++) y[yi + q] = r(y[yi + q]! + r(x[xi + q]! * t));
}

/** sqrt(x^2 + y^2) without overflow, LAPACK's lapy2. */
function lapy2(x: number, y: number, r: Round): number {
  const w = Math.max(Math.abs(x), Math.abs(y));
  const z = Math.min(Math.abs(x), Math.abs(y));
  if (z === 0) return w;
  const q = r(z / w);
  return r(w * r(Math.sqrt(r(1 + r(q * q)))));
}

/**
 * The scaled Euclidean norm of older LAPACK's nrm2: scale * sqrt(ssq), rescaling ssq whenever a
 * larger element appears. `groupedRescale` picks (ssq * t) * t over ssq * (t * t).
 */
function scaledNorm(x: Float64Array, start: number, len: number, r: Round, groupedRescale: boolean): number {
  let scale = 0;
  let ssq = 1;
  for (let i = start; i < start + len; i++) {
    const v = Math.abs(x[i]!);
    if (v === 0) continue;
    if (scale < v) {
      const t = r(scale / v);
      ssq = r(1 + (groupedRescale ? r(r(ssq * t) * t) : r(ssq * r(t * t))));
      scale = v;
    } else {
      const t = r(v / scale);
      ssq = r(ssq + r(t * t));
    }
  }
  return r(scale * r(Math.sqrt(ssq)));
}

/**
 * y = A^T x for a block of `cols` columns of `rows` rows (column c at a[aStart + c*lda]), as MKL's
 * gemv 'T' kernel splits it: columns four at a time, each peeling rows up to the vector boundary
 * of the group's last column; then a two-column and a one-column kernel peeling up to x's boundary.
 * `xAlign` is x's element offset in an aligned buffer.
 */
function gemvT(a: Float64Array, aStart: number, lda: number, rows: number, cols: number, x: Float64Array, xStart: number, xAlign: number, p: Precision): Float64Array {
  const y = new Float64Array(cols);
  const w = p.lanes;
  let c = 0;
  for (; cols - c >= 4; c += 4) {
    const peel = w - ((aStart + (c + 3) * lda) % w);
    for (let k = c; k < c + 4; k++) y[k] = dot(a, aStart + k * lda, x, xStart, rows, peel, w, w, w, p.round);
  }
  const peel = w - (xAlign % w);
  if (cols - c >= 2) {
    y[c] = dot(a, aStart + c * lda, x, xStart, rows, peel, 2 * w, 8, w, p.round);
    y[c + 1] = dot(a, aStart + (c + 1) * lda, x, xStart, rows, peel, w, 8, w, p.round);
    c += 2;
  }
  if (cols - c === 1) y[c] = dot(a, aStart + c * lda, x, xStart, rows, peel, 8, 8, w, p.round);
  return y;
}

const lanesScratch = new Float64Array(8);

/**
 * One dot product as a vector kernel computes it: the first `peel` products summed into lane 0,
 * then blocks of `block` products spread over `nLanes` lanes, the lanes reduced (registers of
 * `width` lanes added pairwise, then halves of the last register), then the leftover products.
 * nLanes is a power of two dividing block.
 */
function dot(a: Float64Array, aStart: number, x: Float64Array, xStart: number, len: number, peel: number, nLanes: number, block: number, width: number, r: Round): number {
  const lanes = lanesScratch.fill(0, 0, nLanes);
  const head = Math.min(peel, len);
  const body = head + Math.floor((len - head) / block) * block;
  let first = 0;
  for (let i = 0; i < head; i++) first = r(first + r(a[aStart + i]! * x[xStart + i]!));
  lanes[0] = first;
  accumulateLanes(lanes, nLanes, a, aStart + head, x, xStart + head, body - head, r);
  for (let regs = nLanes / width; regs > 1; regs /= 2) {
    for (let g = 0; g < regs / 2; g++) {
      for (let k = 0; k < width; k++) lanes[g * width + k] = r(lanes[2 * g * width + k]! + lanes[(2 * g + 1) * width + k]!);
    }
  }
  for (let half = width / 2; half >= 1; half /= 2) {
    for (let k = 0; k < half; k++) lanes[k] = r(lanes[k]! + lanes[k + half]!);
  }
  let s = lanes[0]!;
  for (let i = body; i < len; i++) s = r(s + r(a[aStart + i]! * x[xStart + i]!));
  return s;
}

/**
 * lanes[q mod nLanes] += a[ai + q] * x[xi + q] for q in [0, count), each product and sum rounded;
 * count is a multiple of nLanes. The lanes live in locals while they run (this is the QR's hot
 * loop): one unrolled loop per lane count.
 */
function accumulateLanes(lanes: Float64Array, nLanes: number, a: Float64Array, ai: number, x: Float64Array, xi: number, count: number, r: Round): void {
  let l0 = lanes[0]!;
  if (nLanes === 1) {
    for (let q = 0; q < count; q++) l0 = r(l0 + r(a[ai + q]! * x[xi + q]!));
    lanes[0] = l0;
    return;
  }
  let l1 = lanes[1]!;
  if (nLanes === 2) {
    for (let q = 0; q < count; q += 2) {
      l0 = r(l0 + r(a[ai + q]! * x[xi + q]!));
      l1 = r(l1 + r(a[ai + q + 1]! * x[xi + q + 1]!));
    }
    lanes[0] = l0;
    lanes[1] = l1;
    return;
  }
  let l2 = lanes[2]!;
  let l3 = lanes[3]!;
  if (nLanes === 4) {
    for (let q = 0; q < count; q += 4) {
      l0 = r(l0 + r(a[ai + q]! * x[xi + q]!));
      l1 = r(l1 + r(a[ai + q + 1]! * x[xi + q + 1]!));
      l2 = r(l2 + r(a[ai + q + 2]! * x[xi + q + 2]!));
      l3 = r(l3 + r(a[ai + q + 3]! * x[xi + q + 3]!));
    }
    lanes[0] = l0;
    lanes[1] = l1;
    lanes[2] = l2;
    lanes[3] = l3;
    return;
  }
  let l4 = lanes[4]!;
  let l5 = lanes[5]!;
  let l6 = lanes[6]!;
  let l7 = lanes[7]!;
  for (let q = 0; q < count; q += 8) {
    l0 = r(l0 + r(a[ai + q]! * x[xi + q]!));
    l1 = r(l1 + r(a[ai + q + 1]! * x[xi + q + 1]!));
    l2 = r(l2 + r(a[ai + q + 2]! * x[xi + q + 2]!));
    l3 = r(l3 + r(a[ai + q + 3]! * x[xi + q + 3]!));
    l4 = r(l4 + r(a[ai + q + 4]! * x[xi + q + 4]!));
    l5 = r(l5 + r(a[ai + q + 5]! * x[xi + q + 5]!));
    l6 = r(l6 + r(a[ai + q + 6]! * x[xi + q + 6]!));
    l7 = r(l7 + r(a[ai + q + 7]! * x[xi + q + 7]!));
  }
  lanes[0] = l0;
  lanes[1] = l1;
  lanes[2] = l2;
  lanes[3] = l3;
  lanes[4] = l4;
  lanes[5] = l5;
  lanes[6] = l6;
  lanes[7] = l7;
}
