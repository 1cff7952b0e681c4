import { type Bound, type SignatureOptions, Signatures } from './bind.js';

/**
 * Every declared signature by the path a user reaches it at: `torch.sum`, `Tensor.sum`,
 * `nn.Linear.__init__`, `nn.functional.dropout`, `optim.SGD.__init__`. The signature
 * conformance test walks this map and compares each entry with PyTorch's own signatures.
 */
const registry = new Map<string, Signatures>();

export function declaredSignatures(): ReadonlyMap<string, Signatures> {
  return registry;
}

/** Declares the signatures (overloads, tried in order) of the callable at `path`. */
export function declare(path: string, texts: string | readonly string[], opts: SignatureOptions = {}): Signatures {
  if (registry.has(path)) throw new Error(`the signature of ${path} is declared twice`);
  const s = new Signatures(typeof texts === 'string' ? [texts] : texts, opts);
  registry.set(path, s);
  return s;
}

/** A callable's signatures, attached so that tests and tools can find what a function binds by. */
export const SIGNATURE: unique symbol = Symbol.for('wick.signature');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;

/** A torch.* function that is also a Tensor method: `method(self, args)` binds `this` as self. */
export type WithMethod<F extends AnyFn> = F & {
  readonly [SIGNATURE]: Signatures;
  method(self: unknown, args: readonly unknown[]): ReturnType<F>;
};

export interface FunctionOptions extends Pick<SignatureOptions, 'style' | 'differs' | 'leftOut'> {
  /** Also Tensor.<name>, with the first parameter as self (PyTorch's `variants: function, method`). */
  method?: boolean;
  /** Where the function lives, when not in torch: 'nn.functional', 'nn.init', ... */
  namespace?: string;
}

/**
 * A public function declared once: its PyTorch signature(s) and an implementation that reads the
 * bound arguments by name. `F` is the TypeScript type users see.
 */
export function defineFunction<F extends AnyFn>(name: string, texts: string | readonly string[], impl: (a: Bound) => ReturnType<F>, opts: FunctionOptions = {}): WithMethod<F> {
  const namespace = opts.namespace ?? 'torch';
  const { method: _, namespace: __, ...sigOpts } = opts;
  const sig = declare(`${namespace}.${name}`, texts, sigOpts);
  const methodSig = opts.method ? declare(`Tensor.${name}`, texts, { ...sigOpts, self: true }) : null;
  const fn = ((...args: unknown[]) => impl(sig.bind(args))) as WithMethod<F>;
  const method = (self: unknown, args: readonly unknown[]) => {
    if (methodSig === null) throw new Error(`${name} is not declared as a method`);
    return impl(methodSig.bind(args, self));
  };
  Object.defineProperties(fn, { name: { value: name }, [SIGNATURE]: { value: sig }, method: { value: method } });
  return fn;
}

/** A Tensor method with no torch.* twin (view, to, new_zeros, ...): `self` is the first parameter. */
export function defineMethod(name: string, texts: string | readonly string[], opts: Pick<SignatureOptions, 'differs' | 'leftOut' | 'style'> = {}): Signatures {
  return declare(`Tensor.${name}`, texts, { ...opts, self: true });
}
