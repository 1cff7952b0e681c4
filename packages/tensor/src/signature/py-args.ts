/**
 * The TypeScript side of Python's call rules. `PyArgs<P, O>` is every way Python lets a function
 * whose positional parameters are P be called: all of P in order, or any prefix of P followed by
 * one options object O holding the rest (and the keyword-only parameters) by name.
 *
 *   (...args: PyArgs<[input: Tensor, dim: number, dtype?: DType | null], SoftmaxOptions>)
 *   softmax(x, 1)  softmax(x, 1, { dtype })  softmax(x, { dim: 1 })  softmax({ input: x, dim: 1 })
 *
 * Which names are required when not given positionally is checked when the call binds.
 */
export type PyArgs<P extends unknown[], O extends object> = P | WithOptions<Required<P>, O>;

type WithOptions<R extends unknown[], O> = R extends [...infer Init, unknown]
  ? [...R, options: O] | WithOptions<Init, O>
  : [options: O];
