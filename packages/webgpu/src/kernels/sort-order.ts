// WGSL ports of the GNU libstdc++ orderings that PyTorch's CPU sort and topk call (std::sort's
// introsort, std::partial_sort, std::nth_element), step for step as packages/tensor's
// cpu/sort-order.ts follows them, so that equal elements come out in the order PyTorch's CPU
// kernels give. They permute `p`, a line's positions held in buffer `order` from word `pb`, and
// compare positions with `lessp(a, b)`, which the kernel defines. One thread runs one line.
// Indices are i32 (as the C++ iterators' differences are); the one recursion, introsort's, runs
// over a stack of ranges: the two parts of a partition are independent, so the order in which
// they are sorted changes nothing, and keeping the larger part on the stack bounds it by log2(n).

export const SORT_ORDER_WGSL = `
var<private> pb: u32;
fn pget(i: i32) -> i32 { return i32(order[pb + u32(i)]); }
fn pset(i: i32, v: i32) { order[pb + u32(i)] = u32(v); }
fn pswap(i: i32, j: i32) { let t = pget(i); pset(i, pget(j)); pset(j, t); }
fn ilog2(n: i32) -> i32 { return 31 - i32(countLeadingZeros(u32(n))); }

fn linear_insert(at0: i32) {
  let v = pget(at0);
  var at = at0;
  var next = at - 1;
  while (lessp(v, pget(next))) { pset(at, pget(next)); at = next; next = next - 1; }
  pset(at, v);
}

fn insertion_sort(first: i32, last: i32) {
  for (var i = first + 1; i < last; i = i + 1) {
    let v = pget(i);
    if (lessp(v, pget(first))) {
      for (var j = i; j > first; j = j - 1) { pset(j, pget(j - 1)); }
      pset(first, v);
    } else {
      linear_insert(i);
    }
  }
}

fn final_insertion_sort(first: i32, last: i32) {
  if (last - first > 16) {
    insertion_sort(first, first + 16);
    for (var i = first + 16; i < last; i = i + 1) { linear_insert(i); }
  } else {
    insertion_sort(first, last);
  }
}

fn median_to_first(result: i32, a: i32, b: i32, c: i32) {
  let pa = pget(a);
  let pb_ = pget(b);
  let pc = pget(c);
  if (lessp(pa, pb_)) {
    if (lessp(pb_, pc)) { pswap(result, b); }
    else if (lessp(pa, pc)) { pswap(result, c); }
    else { pswap(result, a); }
  } else if (lessp(pa, pc)) { pswap(result, a); }
  else if (lessp(pb_, pc)) { pswap(result, c); }
  else { pswap(result, b); }
}

fn unguarded_partition(first0: i32, last0: i32, pivot: i32) -> i32 {
  var first = first0;
  var last = last0;
  loop {
    while (lessp(pget(first), pivot)) { first = first + 1; }
    last = last - 1;
    while (lessp(pivot, pget(last))) { last = last - 1; }
    if (!(first < last)) { return first; }
    pswap(first, last);
    first = first + 1;
  }
}

fn partition_around_median(first: i32, last: i32) -> i32 {
  let mid = first + (last - first) / 2;
  median_to_first(first, first + 1, mid, last - 1);
  return unguarded_partition(first + 1, last, pget(first));
}

fn adjust_heap(first: i32, hole0: i32, len: i32, v: i32) {
  let top = hole0;
  var hole = hole0;
  var child = hole0;
  while (child < (len - 1) / 2) {
    child = 2 * (child + 1);
    if (lessp(pget(first + child), pget(first + child - 1))) { child = child - 1; }
    pset(first + hole, pget(first + child));
    hole = child;
  }
  if ((len & 1) == 0 && child == (len - 2) / 2) {
    child = 2 * (child + 1);
    pset(first + hole, pget(first + child - 1));
    hole = child - 1;
  }
  var parent = (hole - 1) / 2;
  while (hole > top && lessp(pget(first + parent), v)) {
    pset(first + hole, pget(first + parent));
    hole = parent;
    parent = (hole - 1) / 2;
  }
  pset(first + hole, v);
}

fn make_heap(first: i32, last: i32) {
  let len = last - first;
  if (len < 2) { return; }
  for (var parent = (len - 2) / 2; parent >= 0; parent = parent - 1) {
    adjust_heap(first, parent, len, pget(first + parent));
  }
}

fn pop_heap(first: i32, last: i32, result: i32) {
  let v = pget(result);
  pset(result, pget(first));
  adjust_heap(first, 0, last - first, v);
}

fn heap_select(first: i32, middle: i32, last: i32) {
  make_heap(first, middle);
  for (var i = middle; i < last; i = i + 1) {
    if (lessp(pget(i), pget(first))) { pop_heap(first, middle, i); }
  }
}

fn partial_sort(first: i32, middle: i32, last: i32) {
  heap_select(first, middle, last);
  for (var end = middle; end - first > 1; ) {
    end = end - 1;
    pop_heap(first, end, end);
  }
}

fn intro_sort(first0: i32, last0: i32) {
  if (last0 - first0 < 2) { return; }
  var stack: array<vec3<i32>, 40>;
  var top = 0;
  stack[0] = vec3<i32>(first0, last0, 2 * ilog2(last0 - first0));
  top = 1;
  while (top > 0) {
    top = top - 1;
    var first = stack[top].x;
    var last = stack[top].y;
    var depth = stack[top].z;
    while (last - first > 16) {
      if (depth == 0) { partial_sort(first, last, last); break; }
      depth = depth - 1;
      let cut = partition_around_median(first, last);
      if (last - cut > cut - first) {
        stack[top] = vec3<i32>(cut, last, depth);
        last = cut;
      } else {
        stack[top] = vec3<i32>(first, cut, depth);
        first = cut;
      }
      top = top + 1;
    }
  }
  final_insertion_sort(first0, last0);
}

fn nth_element(first0: i32, nth: i32, last0: i32) {
  var first = first0;
  var last = last0;
  if (first == last || nth == last) { return; }
  var depth = 2 * ilog2(last - first);
  while (last - first > 3) {
    if (depth == 0) {
      heap_select(first, nth + 1, last);
      pswap(first, nth);
      return;
    }
    depth = depth - 1;
    let cut = partition_around_median(first, last);
    if (cut <= nth) { first = cut; } else { last = cut; }
  }
  insertion_sort(first, last);
}
`;
