import { type Bound, type SignatureOptions } from '../signature/bind.js';
import { SIGNATURE, type WithMethod, declare } from '../signature/declare.js';

type Reasons = Pick<SignatureOptions, 'differs' | 'leftOut'>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;

export interface PairOptions {
  /** Reasons for the torch.* declaration only (PyTorch's overloads of the two differ). */
  fn?: Reasons;
  /** The Tensor method's own overloads (self first) and reasons, where they are not the function's. */
  method?: Reasons & { texts?: string | readonly string[] };
}

/**
 * A torch.* function and its Tensor method, declared separately where PyTorch's two differ: torch.add
 * has a deprecated overload that Tensor.add lacks, torch.pow takes a number base that Tensor.pow
 * cannot. (defineFunction's { method: true } serves the functions whose two agree.)
 */
export function defineFunctionAndMethod<F extends AnyFn>(
  name: string,
  texts: string | readonly string[],
  impl: (a: Bound) => ReturnType<F>,
  opts: PairOptions = {},
): WithMethod<F> {
  const sig = declare(`torch.${name}`, texts, opts.fn ?? {});
  const { texts: methodTexts, ...methodReasons } = opts.method ?? {};
  const methodSig = declare(`Tensor.${name}`, methodTexts ?? texts, { ...methodReasons, self: true });
  const fn = ((...args: unknown[]) => impl(sig.bind(args))) as WithMethod<F>;
  const method = (self: unknown, args: readonly unknown[]) => impl(methodSig.bind(args, self));
  Object.defineProperties(fn, { name: { value: name }, [SIGNATURE]: { value: sig }, method: { value: method } });
  return fn;
}

/**
 * A Tensor method with no torch.* twin, as a function of (self, the method's arguments): binds
 * them by the method's declared signature, then runs `impl` on the bound arguments.
 */
export function defineTensorMethod<R>(
  name: string,
  texts: string | readonly string[],
  impl: (a: Bound) => R,
  reasons: Reasons = {},
): (self: unknown, args: readonly unknown[]) => R {
  const sig = declare(`Tensor.${name}`, texts, { ...reasons, self: true });
  return (self, args) => impl(sig.bind(args, self));
}
