import { type SignatureOptions, defineArgType, NO_MATCH } from '@wick/tensor';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

// What nn's declarations share: the options of a Python method (`Linear.__init__`,
// `Linear.forward`: Python's messages, self counted), and the parameter types nn adds.

export const PY_METHOD = { style: 'python', pythonMethod: true } as const satisfies SignatureOptions;
export const PY_FUNCTION = { style: 'python' } as const satisfies SignatureOptions;

defineArgType('Module', { label: 'Module', coerce: (v) => (v instanceof Module ? v : NO_MATCH) });
defineArgType('Parameter', { label: 'Parameter', coerce: (v) => (v instanceof Parameter ? v : NO_MATCH) });
