// The Q of a Householder QR, computed the way PyTorch 2.13's CPU build computes torch.linalg.qr for
// nn.init.orthogonal_: LAPACK's geqrf then orgqr, both from the MKL 2024.2 linked into the wheel.
// On this machine kind (x86-64 AMD EPYC) MKL runs 16-byte vector kernels without FMA: 2 float64
// or 4 float32 lanes. Every step below keeps MKL's operation order, lane split and rounding, so Q
// carries PyTorch's bits for factorisations with at most 32 columns (float64: also any size with
// at most 47 rows). Beyond that MKL's orgqr switches to a blocked, GEMM-based method that is not
// reproduced here; Q is then the same orthogonal matrix up to rounding.
//
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
      for (let i = 0; i <= len; i++) a[col + i] = r(a[col + i]! - r(t * v[i]!));
    }
  } else {
    const w = gemvT(a, j + (j + 1) * m, m, len + 1, n - j - 1, v, 0, top, p);
    for (let k = j + 1; k < n; k++) {
      const col = j + k * m;
      const t = r(-tau * w[k - j - 1]!);
      for (let i = 0; i <= len; i++) a[col + i] = r(a[col + i]! + r(v[i]! * t));
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
    for (let i = 1; i <= len; i++) a[col + i] = r(a[col + i]! - r(t * a[top + i]!));
  }
  return tau;
}

// --- orgqr: Q from the reflectors, last one first -------------------------------------------------

function orgqr(a: Float64Array, m: number, n: number, tau: Float64Array, p: Precision): void {
  const r = p.round;
  for (let i = n - 1; i >= 0; i--) {
    const top = i + i * m;
    const len = m - i;
    const minusTau = -tau[i]!;
    if (i < n - 1) {
      a[top] = 1;
      const w = gemvT(a, i + (i + 1) * m, m, len, n - i - 1, a, top, top, p);
      for (let k = i + 1; k < n; k++) {
        const col = i + k * m;
        const t = r(minusTau * w[k - i - 1]!);
        for (let row = 0; row < len; row++) a[col + row] = r(a[col + row]! + r(a[top + row]! * t));
      }
    }
    for (let row = 1; row < len; row++) a[top + row] = r(minusTau * a[top + row]!);
    a[top] = r(1 - tau[i]!);
    a.fill(0, i * m, top);
  }
}

// --- the BLAS-level pieces ------------------------------------------------------------------------

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
 */
function dot(a: Float64Array, aStart: number, x: Float64Array, xStart: number, len: number, peel: number, nLanes: number, block: number, width: number, r: Round): number {
  const lanes = lanesScratch.fill(0, 0, nLanes);
  let i = 0;
  for (; i < Math.min(peel, len); i++) lanes[0] = r(lanes[0]! + r(a[aStart + i]! * x[xStart + i]!));
  for (; len - i >= block; i += block) {
    for (let q = 0; q < block; q++) lanes[q % nLanes] = r(lanes[q % nLanes]! + r(a[aStart + i + q]! * x[xStart + i + q]!));
  }
  for (let regs = nLanes / width; regs > 1; regs /= 2) {
    for (let g = 0; g < regs / 2; g++) {
      for (let k = 0; k < width; k++) lanes[g * width + k] = r(lanes[2 * g * width + k]! + lanes[(2 * g + 1) * width + k]!);
    }
  }
  for (let half = width / 2; half >= 1; half /= 2) {
    for (let k = 0; k < half; k++) lanes[k] = r(lanes[k]! + lanes[k + half]!);
  }
  let s = lanes[0]!;
  for (; i < len; i++) s = r(s + r(a[aStart + i]! * x[xStart + i]!));
  return s;
}
