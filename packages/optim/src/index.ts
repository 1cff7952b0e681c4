// @wick/optim: PyTorch's optimizers (torch.optim) with their state_dict layout, and the common
// learning-rate schedulers (torch.optim.lr_scheduler). Numbers follow PyTorch's single-tensor
// CPU implementations op for op.
export { Optimizer } from './optimizer.js';
export type { Closure, NamedParam, OptimizerStateDict, ParamGroup, ParamGroupInput, ParamState, Params } from './optimizer.js';
export { SGD } from './sgd.js';
export type { SGDOptions } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export type { AdamOptions } from './adam.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropOptions } from './rmsprop.js';
export { Adagrad } from './adagrad.js';
export type { AdagradOptions } from './adagrad.js';
export { LBFGS } from './lbfgs.js';
export type { LBFGSOptions } from './lbfgs.js';
export * as lr_scheduler from './lr-scheduler.js';
