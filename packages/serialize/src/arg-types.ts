import { NO_MATCH, defineArgType } from '@wick/tensor';

/** A file's contents as the loaders take them: a Uint8Array, an ArrayBuffer or another view. */
export const BYTES = defineArgType('bytes', {
  label: 'bytes',
  coerce: (v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? v : NO_MATCH),
});
