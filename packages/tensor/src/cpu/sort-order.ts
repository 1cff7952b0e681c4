/**
 * Orderings of a permutation `p` of line positions, by a comparator on positions. PyTorch's CPU
 * sort and topk call C++'s std::sort, std::stable_sort, std::partial_sort and std::nth_element
 * on (value, index) pairs; where equal values may land in more than one order (std::sort,
 * partial_sort, nth_element), the order PyTorch returns is the one GNU libstdc++'s algorithms
 * produce, so these follow the same steps: introsort (median-of-three pivot, unguarded
 * partition, a heap sort past 2*log2(n) levels, a final insertion sort over runs of 16),
 * introselect, and a binary heap for partial_sort. Moving a position here is moving its pair
 * there, so the same comparisons give the same order.
 */

/** Whether the element at line position a goes strictly before the one at b. */
export type Less = (a: number, b: number) => boolean;

/** libstdc++'s _S_threshold: introsort leaves runs of at most this many to insertion sort. */
const THRESHOLD = 16;

const log2 = (n: number) => 31 - Math.clz32(n);

function swap(p: Int32Array, i: number, j: number): void {
  const t = p[i]!;
  p[i] = p[j]!;
  p[j] = t;
}

// --- introsort (std::sort) ------------------------------------------------------------------------

/** p[first, last) ordered by `less`, as std::sort orders it (not stable). */
export function introSort(p: Int32Array, first: number, last: number, less: Less): void {
  if (last - first < 2) return;
  introsortLoop(p, first, last, 2 * log2(last - first), less);
  finalInsertionSort(p, first, last, less);
}

function introsortLoop(p: Int32Array, first: number, last: number, depth: number, less: Less): void {
  while (last - first > THRESHOLD) {
    if (depth === 0) {
      partialSort(p, first, last, last, less);
      return;
    }
    depth--;
    const cut = partitionAroundMedian(p, first, last, less);
    introsortLoop(p, cut, last, depth, less);
    last = cut;
  }
}

/** Moves the median of p[first + 1], the middle and the last to p[first], then partitions around it. */
function partitionAroundMedian(p: Int32Array, first: number, last: number, less: Less): number {
  const mid = first + Math.floor((last - first) / 2);
  medianToFirst(p, first, first + 1, mid, last - 1, less);
  return unguardedPartition(p, first + 1, last, p[first]!, less);
}

function medianToFirst(p: Int32Array, result: number, a: number, b: number, c: number, less: Less): void {
  const pa = p[a]!;
  const pb = p[b]!;
  const pc = p[c]!;
  if (less(pa, pb)) {
    if (less(pb, pc)) swap(p, result, b);
    else if (less(pa, pc)) swap(p, result, c);
    else swap(p, result, a);
  } else if (less(pa, pc)) swap(p, result, a);
  else if (less(pb, pc)) swap(p, result, c);
  else swap(p, result, b);
}

/** Hoare partition of p[first, last) around `pivot`, without bounds checks (the median guards both ends). */
function unguardedPartition(p: Int32Array, first: number, last: number, pivot: number, less: Less): number {
  for (;;) {
    while (less(p[first]!, pivot)) first++;
    last--;
    while (less(pivot, p[last]!)) last--;
    if (!(first < last)) return first;
    swap(p, first, last);
    first++;
  }
}

function finalInsertionSort(p: Int32Array, first: number, last: number, less: Less): void {
  if (last - first > THRESHOLD) {
    insertionSort(p, first, first + THRESHOLD, less);
    for (let i = first + THRESHOLD; i < last; i++) linearInsert(p, i, less);
  } else {
    insertionSort(p, first, last, less);
  }
}

function insertionSort(p: Int32Array, first: number, last: number, less: Less): void {
  for (let i = first + 1; i < last; i++) {
    const v = p[i]!;
    if (less(v, p[first]!)) {
      p.copyWithin(first + 1, first, i);
      p[first] = v;
    } else {
      linearInsert(p, i, less);
    }
  }
}

/** Moves p[at] left past every element it goes strictly before (something before it stops it). */
function linearInsert(p: Int32Array, at: number, less: Less): void {
  const v = p[at]!;
  let next = at - 1;
  while (less(v, p[next]!)) {
    p[at] = p[next]!;
    at = next;
    next--;
  }
  p[at] = v;
}

// --- heaps (std::partial_sort) -------------------------------------------------------------------

/** The first (middle - first) of p[first, last) in order, as std::partial_sort leaves them. */
export function partialSort(p: Int32Array, first: number, middle: number, last: number, less: Less): void {
  heapSelect(p, first, middle, last, less);
  // Sort the heap: pop its top to the end, shrinking it by one each time.
  for (let end = middle; end - first > 1; ) {
    end--;
    popHeap(p, first, end, end, less);
  }
}

/** A max-heap (by `less`) of p[first, middle) holding the smallest elements of p[first, last). */
function heapSelect(p: Int32Array, first: number, middle: number, last: number, less: Less): void {
  makeHeap(p, first, middle, less);
  for (let i = middle; i < last; i++) {
    if (less(p[i]!, p[first]!)) popHeap(p, first, middle, i, less);
  }
}

function makeHeap(p: Int32Array, first: number, last: number, less: Less): void {
  const len = last - first;
  if (len < 2) return;
  for (let parent = Math.floor((len - 2) / 2); ; parent--) {
    adjustHeap(p, first, parent, len, p[first + parent]!, less);
    if (parent === 0) return;
  }
}

/** Swaps the heap's top out to p[result] and sifts p[result]'s old element in from the top. */
function popHeap(p: Int32Array, first: number, last: number, result: number, less: Less): void {
  const v = p[result]!;
  p[result] = p[first]!;
  adjustHeap(p, first, 0, last - first, v, less);
}

/** Fills the hole at `hole` by moving the larger child up to the bottom, then sifts `v` up from there. */
function adjustHeap(p: Int32Array, first: number, hole: number, len: number, v: number, less: Less): void {
  const top = hole;
  let child = hole;
  while (child < Math.floor((len - 1) / 2)) {
    child = 2 * (child + 1);
    if (less(p[first + child]!, p[first + child - 1]!)) child--;
    p[first + hole] = p[first + child]!;
    hole = child;
  }
  if ((len & 1) === 0 && child === (len - 2) / 2) {
    child = 2 * (child + 1);
    p[first + hole] = p[first + child - 1]!;
    hole = child - 1;
  }
  let parent = Math.floor((hole - 1) / 2);
  while (hole > top && less(p[first + parent]!, v)) {
    p[first + hole] = p[first + parent]!;
    hole = parent;
    parent = Math.floor((hole - 1) / 2);
  }
  p[first + hole] = v;
}

// --- introselect (std::nth_element) --------------------------------------------------------------

/**
 * p[nth] becomes the element sorted order puts there, with nothing after it going before it and
 * nothing before it going after it, as std::nth_element leaves p.
 */
export function nthElement(p: Int32Array, first: number, nth: number, last: number, less: Less): void {
  if (first === last || nth === last) return;
  let depth = 2 * log2(last - first);
  while (last - first > 3) {
    if (depth === 0) {
      heapSelect(p, first, nth + 1, last, less);
      swap(p, first, nth);
      return;
    }
    depth--;
    const cut = partitionAroundMedian(p, first, last, less);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(p, first, last, less);
}

// --- stable sort (std::stable_sort) --------------------------------------------------------------

const RUN = 16;

/**
 * p[0, n) ordered by `less`, equal elements keeping their order: the one order std::stable_sort
 * can give. Insertion-sorted runs, then merges through `tmp` (n elements).
 */
export function stableSort(p: Int32Array, n: number, tmp: Int32Array, less: Less): void {
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const v = p[i]!;
      let j = i - 1;
      for (; j >= lo && less(v, p[j]!); j--) p[j + 1] = p[j]!;
      p[j + 1] = v;
    }
  }
  let from = p;
  let to = tmp;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      // Take from the right run only when it goes strictly before: ties keep their order.
      while (i < mid && j < hi) to[k++] = less(from[j]!, from[i]!) ? from[j++]! : from[i++]!;
      while (i < mid) to[k++] = from[i++]!;
      while (j < hi) to[k++] = from[j++]!;
    }
    [from, to] = [to, from];
  }
  if (from !== p) p.set(from.subarray(0, n));
}
