// The order in which PyTorch's CPU topk(k, largest=True, sorted=True) returns its indices, ties
// included. PyTorch pairs each value with its index and selects with libstdc++'s algorithms, whose
// comparator sees only the values: when k * 64 <= n it calls std::partial_sort (a heap of the
// first k, then a heap sort), otherwise std::nth_element (introselect) on the (k-1)-th place and
// std::sort (introsort, then insertion sort) of the k-1 places before it. Equal values therefore
// come back in the order these algorithms happen to leave them (e.g. [0, 3, 5, 4, 2, 1] for six
// values of which only the first is non-zero), which multinomial without replacement exposes for
// every zero-probability category. The steps below are those algorithms' (GCC's libstdc++),
// swap for swap. "Before" is PyTorch's comparator for largest: NaN first, then greater.

/** One selection's working queue: values and their original indices, moved together. */
export class SelectQueue {
  readonly values: Float64Array;
  readonly indices: Int32Array;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
    this.indices = new Int32Array(capacity);
  }

  /**
   * The indices of the k largest of values[0..n) (n <= capacity, 1 <= k <= n) in PyTorch's order,
   * written to out[outOffset ..]. values is copied, not changed.
   */
  topk(values: ArrayLike<number>, n: number, k: number, out: Float64Array, outOffset: number): void {
    for (let j = 0; j < n; j++) {
      this.values[j] = values[j]!;
      this.indices[j] = j;
    }
    if (k * 64 <= n) {
      this.partialSort(0, k, n);
    } else {
      this.nthElement(0, k - 1, n);
      this.sort(0, k - 1);
    }
    for (let j = 0; j < k; j++) out[outOffset + j] = this.indices[j]!;
  }

  // --- element moves ---------------------------------------------------------------------------

  private before(i: number, j: number): boolean {
    return isBefore(this.values[i]!, this.values[j]!);
  }

  private swap(i: number, j: number): void {
    const v = this.values[i]!;
    this.values[i] = this.values[j]!;
    this.values[j] = v;
    const x = this.indices[i]!;
    this.indices[i] = this.indices[j]!;
    this.indices[j] = x;
  }

  private move(to: number, from: number): void {
    this.values[to] = this.values[from]!;
    this.indices[to] = this.indices[from]!;
  }

  private set(to: number, value: number, index: number): void {
    this.values[to] = value;
    this.indices[to] = index;
  }

  // --- heaps (std::make_heap, __adjust_heap, __push_heap, __pop_heap) ---------------------------

  /** Sifts the hole at first+hole down to a leaf, then pushes (value, index) up from there. */
  private adjustHeap(first: number, hole: number, len: number, value: number, index: number): void {
    const top = hole;
    let child = hole;
    while (child < Math.floor((len - 1) / 2)) {
      child = 2 * (child + 1);
      if (this.before(first + child, first + child - 1)) child--;
      this.move(first + hole, first + child);
      hole = child;
    }
    if ((len & 1) === 0 && child === Math.floor((len - 2) / 2)) {
      child = 2 * (child + 1);
      this.move(first + hole, first + child - 1);
      hole = child - 1;
    }
    let parent = Math.floor((hole - 1) / 2);
    while (hole > top && isBefore(this.values[first + parent]!, value)) {
      this.move(first + hole, first + parent);
      hole = parent;
      parent = Math.floor((hole - 1) / 2);
    }
    this.set(first + hole, value, index);
  }

  private makeHeap(first: number, last: number): void {
    const len = last - first;
    if (len < 2) return;
    for (let parent = Math.floor((len - 2) / 2); ; parent--) {
      this.adjustHeap(first, parent, len, this.values[first + parent]!, this.indices[first + parent]!);
      if (parent === 0) return;
    }
  }

  /** Moves the heap's top to `result` and re-heaps with result's old element. */
  private popHeap(first: number, last: number, result: number): void {
    const value = this.values[result]!;
    const index = this.indices[result]!;
    this.move(result, first);
    this.adjustHeap(first, 0, last - first, value, index);
  }

  private heapSelect(first: number, middle: number, last: number): void {
    this.makeHeap(first, middle);
    for (let i = middle; i < last; i++) if (this.before(i, first)) this.popHeap(first, middle, i);
  }

  private sortHeap(first: number, last: number): void {
    while (last - first > 1) {
      last--;
      this.popHeap(first, last, last);
    }
  }

  private partialSort(first: number, middle: number, last: number): void {
    this.heapSelect(first, middle, last);
    this.sortHeap(first, middle);
  }

  // --- partitioning (__move_median_to_first, __unguarded_partition) ----------------------------

  private moveMedianToFirst(result: number, a: number, b: number, c: number): void {
    if (this.before(a, b)) {
      if (this.before(b, c)) this.swap(result, b);
      else if (this.before(a, c)) this.swap(result, c);
      else this.swap(result, a);
    } else if (this.before(a, c)) {
      this.swap(result, a);
    } else if (this.before(b, c)) {
      this.swap(result, c);
    } else {
      this.swap(result, b);
    }
  }

  private unguardedPartition(first: number, last: number, pivot: number): number {
    for (;;) {
      while (this.before(first, pivot)) first++;
      last--;
      while (this.before(pivot, last)) last--;
      if (!(first < last)) return first;
      this.swap(first, last);
      first++;
    }
  }

  private partitionPivot(first: number, last: number): number {
    const mid = first + Math.floor((last - first) / 2);
    this.moveMedianToFirst(first, first + 1, mid, last - 1);
    return this.unguardedPartition(first + 1, last, first);
  }

  // --- insertion sorts --------------------------------------------------------------------------

  private unguardedLinearInsert(last: number): void {
    const value = this.values[last]!;
    const index = this.indices[last]!;
    let next = last - 1;
    while (isBefore(value, this.values[next]!)) {
      this.move(last, next);
      last = next;
      next--;
    }
    this.set(last, value, index);
  }

  private insertionSort(first: number, last: number): void {
    if (first === last) return;
    for (let i = first + 1; i < last; i++) {
      if (this.before(i, first)) {
        // The new smallest: shift [first, i) up by one (std::move_backward).
        const value = this.values[i]!;
        const index = this.indices[i]!;
        for (let j = i; j > first; j--) this.move(j, j - 1);
        this.set(first, value, index);
      } else {
        this.unguardedLinearInsert(i);
      }
    }
  }

  // --- std::nth_element and std::sort ------------------------------------------------------------

  private nthElement(first: number, nth: number, last: number): void {
    if (first === last || nth === last) return;
    let depth = 2 * log2Floor(last - first);
    while (last - first > 3) {
      if (depth === 0) {
        this.heapSelect(first, nth + 1, last);
        this.swap(first, nth);
        return;
      }
      depth--;
      const cut = this.partitionPivot(first, last);
      if (cut <= nth) first = cut;
      else last = cut;
    }
    this.insertionSort(first, last);
  }

  private sort(first: number, last: number): void {
    if (first === last) return;
    this.introsortLoop(first, last, 2 * log2Floor(last - first));
    if (last - first > THRESHOLD) {
      this.insertionSort(first, first + THRESHOLD);
      for (let i = first + THRESHOLD; i < last; i++) this.unguardedLinearInsert(i);
    } else {
      this.insertionSort(first, last);
    }
  }

  private introsortLoop(first: number, last: number, depth: number): void {
    while (last - first > THRESHOLD) {
      if (depth === 0) {
        this.partialSort(first, last, last);
        return;
      }
      depth--;
      const cut = this.partitionPivot(first, last);
      this.introsortLoop(cut, last, depth);
      last = cut;
    }
  }
}

/** libstdc++'s _S_threshold: introsort leaves runs this short to the final insertion sort. */
const THRESHOLD = 16;

/** PyTorch's comparator for topk(largest=True): a NaN before any number, else the greater first. */
function isBefore(x: number, y: number): boolean {
  return (x !== x && y === y) || x > y;
}

function log2Floor(n: number): number {
  return 31 - Math.clz32(n);
}
