// @wick/optim: PyTorch's optimizers (torch.optim) with their state_dict layout, and the common
// learning-rate schedulers (torch.optim.lr_scheduler). Numbers follow PyTorch's single-tensor
// CPU implementations op for op. Every constructor and method binds its arguments through the
// shared binder with PyTorch's signature (positional in PyTorch's order, or by name).
export { Optimizer } from './optimizer.js';
export type {
  Closure, NamedParam, OptimizerArgs, OptimizerStateDict, ParamGroup, ParamGroupInput, ParamState, Params, StepArgs,
} from './optimizer.js';
export { SGD } from './sgd.js';
export type { SGDArgs, SGDOptions } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export type { AdamArgs, AdamOptions, AdamWArgs, AdamWOptions } from './adam.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropArgs, RMSpropOptions } from './rmsprop.js';
export { Adagrad } from './adagrad.js';
export type { AdagradArgs, AdagradOptions } from './adagrad.js';
export { LBFGS } from './lbfgs.js';
export type { LBFGSArgs, LBFGSOptions } from './lbfgs.js';
export * as lr_scheduler from './lr-scheduler.js';
