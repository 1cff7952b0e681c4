import { WickError } from '@wick/tensor';

/** Misuse of autograd (backward twice, in-place on a saved tensor, ...). PyTorch: RuntimeError. */
export class AutogradError extends WickError {}
