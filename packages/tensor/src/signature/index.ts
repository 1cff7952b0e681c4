// How Python signatures become TypeScript (API.md): each public callable declares its PyTorch
// signature once, as text, and one binder applies Python's rules to every call.
export { type ArgType, NO_MATCH, argType, defineArgType, isPlainObject, pyTypeName } from './arg-types.js';
export { type Bound, PY_FUNCTION, PY_METHOD, type SignatureOptions, type Style, Signatures, formatParams } from './bind.js';
export { type Param, type Signature, parseSignature, parseLiteral } from './parse.js';
export { type FunctionOptions, type WithMethod, SIGNATURE, declare, declaredSignatures, defineFunction, defineMethod } from './declare.js';
export type { PyArgs } from './py-args.js';
