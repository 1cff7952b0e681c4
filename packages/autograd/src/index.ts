// @wick/autograd: reverse-mode automatic differentiation as a layer over @wick/tensor. Call
// install() once (the @wick/torch umbrella does) to make ops record a graph.
export { install, uninstall } from './install.js';
export { backward, grad } from './api.js';
export type { GradOptions } from './api.js';
export { no_grad, enable_grad, set_grad_enabled, is_grad_enabled } from './grad-mode.js';
export { Node, SavedTensor } from './node.js';
export type { Edge } from './node.js';
export { AccumulateGrad } from './accumulate.js';
export { AutogradError } from './errors.js';
export { derivatives, nonDifferentiable } from './derivatives/index.js';
export type { Ctx, Derivative, Formula } from './derivatives/index.js';
export { Function, FunctionCtx } from './function.js';
export { gradcheck, gradgradcheck, GradcheckError } from './gradcheck.js';
export type { GradcheckOptions } from './gradcheck.js';
