// Calls that TypeScript's signatures would refuse: the wrong-call tests pass arguments of the wrong
// kind or count on purpose, to reach the binder's own checks and PyTorch's messages.

/** Any function, whatever its parameters. */
export type AnyFn = (...args: never[]) => unknown;
/** Any class, whatever its constructor's parameters. */
export type AnyClass = new (...args: never[]) => unknown;

/** fn(...args), unchecked by the compiler. */
export const callUntyped = (fn: AnyFn, ...args: unknown[]): unknown => Reflect.apply(fn, undefined, args);
/** new cls(...args), unchecked by the compiler. */
export const constructUntyped = (cls: AnyClass, ...args: unknown[]): unknown => Reflect.construct(cls, args);
