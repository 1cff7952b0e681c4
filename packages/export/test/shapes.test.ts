// The shape arithmetic torch.export emits (PyTorch's _SYM_OPS, with Python's meaning: floor
// division and modulo round toward -inf) and the sympy expressions of symbolic sizes.
import { describe, expect, it } from 'vitest';
import { ExportError } from '../src/errors.js';
import { shapeOp } from '../src/shape-ops.js';
import { evalSymExpr, formatSymExpr, parseSymExpr } from '../src/sym-expr.js';

const call = (target: string, ...args: (number | boolean)[]) => shapeOp(target)!(args);

describe('shape operators', () => {
  it('Python arithmetic on SymInts', () => {
    expect(call('_operator.mul', 6, 7)).toBe(42);
    expect(call('_operator.floordiv', -7, 2)).toBe(-4);
    expect(call('_operator.mod', -7, 3)).toBe(2);
    expect(call('_operator.truediv', 7, 2)).toBe(3.5);
    expect(call('_operator.pow', 2, 10)).toBe(1024);
    expect(call('_operator.lshift', 3, 2)).toBe(12);
    expect(call('_operator.rshift', -9, 1)).toBe(-5);
    expect(call('_operator.neg', 3)).toBe(-3);
    expect(call('_operator.le', 3, 3)).toBe(true);
    expect(call('_operator.and_', true, false)).toBe(false);
    expect(call('torch.sym_max', 3, 9)).toBe(9);
    expect(call('torch.sym_ite', false, 1, 2)).toBe(2);
    expect(call('torch.sym_int', -2.5)).toBe(-2);
    expect(call('math.trunc', 2.7)).toBe(2);
    expect(call('torch.sym_not', true)).toBe(false);
    expect(() => call('_operator.floordiv', 1, 0)).toThrow(new ExportError('integer division or modulo by zero in a shape computation'));
  });

  it('is a closed list: PyTorch serializer names and getitem, nothing else', () => {
    // Each listed operator computes Python's result (getitem's is tested with the interpreter).
    const python: [string, (number | boolean)[], number | boolean][] = [
      ['_operator.sub', [5, 8], -3], ['_operator.eq', [2, 2], true], ['_operator.ne', [2, 2], false], ['_operator.lt', [3, 2], false],
      ['_operator.gt', [3, 2], true], ['_operator.ge', [2, 3], false], ['_operator.or_', [false, true], true], ['_operator.pos', [-4], -4],
      ['torch.sym_float', [3], 3], ['torch.sym_min', [3, 9], 3], ['torch.sym_sqrt', [16], 4],
    ];
    for (const [name, args, result] of python) expect(call(name, ...args), name).toBe(result);
    expect(typeof shapeOp('_operator.getitem')).toBe('function');
    for (const name of ['builtins.eval', 'builtins.exec', 'os.system', '_operator.attrgetter', '_operator.methodcaller', 'torch.load', 'constructor', 'toString']) {
      expect(shapeOp(name), name).toBeUndefined();
    }
  });
});

describe('symbolic sizes', () => {
  const symbols = new Map([['s0', 5], ['s1', 3]]);
  it('reads and evaluates what sizes use', () => {
    const e = parseSymExpr("Add(Mul(Integer(2), Symbol('s0', positive=True, integer=True)), FloorDiv(Symbol('s1', integer=True), Integer(2)), Integer(-1))");
    expect(evalSymExpr(e, symbols)).toBe(10);
    expect(formatSymExpr(e)).toBe('2*s0 + (s1)//(2) + -1');
    expect(evalSymExpr(parseSymExpr("PythonMod(Symbol('s0'), Integer(3))"), symbols)).toBe(2);
  });

  it('refuses what it cannot read or evaluate, by name', () => {
    expect(() => parseSymExpr("Mul(2, Symbol('s0'))")).toThrow(`cannot read the symbolic expression "Mul(2, Symbol('s0'))" (at character 4)`);
    expect(() => parseSymExpr("__import__('os')")).toThrow(ExportError);
    expect(() => evalSymExpr(parseSymExpr("Symbol('s9')"), symbols)).toThrow('the symbol s9 is not bound by any input size');
    expect(() => evalSymExpr(parseSymExpr("CeilToInt(Symbol('s0'))"), symbols)).toThrow('wick cannot evaluate the symbolic function CeilToInt');
  });
});
