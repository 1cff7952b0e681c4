// Reading .pt2 archives: weights of every dtype wick has with their views kept, either byte
// order, the signature as PyTorch names it, and files refused by name (versions, byte order,
// missing records, views outside their storage, truncated zips).
import { Parameter } from '@wick/nn';
import { type Tensor, view_as_real } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { ExportError } from '../src/errors.js';
import { loadProgram } from '../src/load.js';
import { bytesOf, dir, program } from './helpers.js';
import { ATEN_OPS } from '../src/aten/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface BufferRecord {
  dtype: string;
  shape: number[];
  strides: number[];
  offset: number;
  values: number[];
}

const buffers = (JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { dtypes_buffers: Record<string, BufferRecord> }).dtypes_buffers;

function valuesOf(t: Tensor): number[] {
  const flat = (t.dtype === 'complex64' || t.dtype === 'complex128' ? view_as_real(t) : t).flatten().tolist() as unknown[];
  return flat.map((v) => Number(v));
}

describe('weights', () => {
  for (const file of ['dtypes.pt2', 'dtypes_big.pt2']) {
    it(`${file}: every dtype, with strides, offsets and shared storages as PyTorch saved them`, () => {
      const ep = program(file);
      expect(ep.state_dict.size).toBe(Object.keys(buffers).length);
      for (const [name, r] of Object.entries(buffers)) {
        const t = ep.state_dict.get(name)!;
        expect(t.dtype, name).toBe(r.dtype);
        expect([...t.shape], name).toEqual(r.shape);
        expect([...t.strides], name).toEqual(r.strides);
        expect(t.offset, name).toBe(r.offset);
        expect(valuesOf(t), name).toEqual(r.values);
      }
      expect(ep.state_dict.get('strided')!.storage).toBe(ep.state_dict.get('base')!.storage);
    });
  }

  it('parameters are Parameters with requires_grad; buffers are plain tensors', () => {
    const ep = program('mlp.pt2');
    const w = ep.state_dict.get('fc1.weight')!;
    expect(w).toBeInstanceOf(Parameter);
    expect(w.requires_grad).toBe(true);
    expect(program('counter.pt2').state_dict.get('steps')).not.toBeInstanceOf(Parameter);
  });

  it('non-persistent buffers and tensor constants are constants', () => {
    const ep = program('counter.pt2');
    expect([...ep.state_dict.keys()]).toEqual(['fc.weight', 'fc.bias', 'steps']);
    expect([...ep.constants.keys()].sort()).toEqual(['offset', 'total']);
    expect(ep.constants.get('offset')!.dtype).toBe('float64');
  });
});

describe('graph_signature', () => {
  it('input and output specs as PyTorch names them', () => {
    const sig = program('counter_core.pt2').graph_signature;
    expect(sig.input_specs.map((s) => [s.kind, s.name, s.target, s.persistent])).toEqual([
      ['PARAMETER', 'p_fc_weight', 'fc.weight', null],
      ['PARAMETER', 'p_fc_bias', 'fc.bias', null],
      ['BUFFER', 'b_steps', 'steps', true],
      ['BUFFER', 'b_total', 'total', false],
      ['CONSTANT_TENSOR', 'c_offset', 'offset', null],
      ['USER_INPUT', 'x', null, null],
    ]);
    expect(sig.output_specs.map((s) => [s.kind, s.target])).toEqual([
      ['BUFFER_MUTATION', 'steps'],
      ['BUFFER_MUTATION', 'total'],
      ['USER_OUTPUT', null],
      ['USER_OUTPUT', null],
    ]);
    expect(sig.parameters).toEqual(['fc.weight', 'fc.bias']);
    expect(sig.buffers).toEqual(['steps', 'total']);
    expect(sig.non_persistent_buffers).toEqual(['total']);
    expect(sig.lifted_tensor_constants).toEqual(['offset']);
    expect(sig.user_inputs).toEqual(['x']);
    expect(sig.buffers_to_mutate).toEqual(new Map([['add', 'steps'], ['add_1', 'total']]));
  });

  it('the graph, versions and opsets', () => {
    const ep = program('gru_dynamic.pt2');
    expect(ep.graph.nodes.map((n) => n.target)).toEqual([
      'torch.ops.aten.sym_size.int', 'torch.ops.aten.zeros.default', 'torch.ops.aten.gru.input', 'torch.ops.aten.linear.default',
    ]);
    expect(ep.schema_version).toEqual({ major: 8, minor: 20 });
    expect(ep.torch_version).toBe('2.13.0+cpu');
    expect(ep.opset_version).toEqual(new Map([['aten', 10]]));
    expect(ep.graph.tensorValues.get('x')!.sizes).toEqual([{ kind: 'symbol', name: 's77' }, 4, 3]);
  });
});

describe('refused files', () => {
  const hostile = (name: string): (() => unknown) => () => loadProgram(bytesOf(`hostile/${name}.pt2`), {}, ATEN_OPS);
  it('a node calling anything but ATen ops and shape operators, before anything runs', () => {
    expect(hostile('eval_target')).toThrow(
      new ExportError("graph node linear calls builtins.eval, which is neither an ATen op nor one of torch.export's shape operators; a .pt2 is data, and wick refuses to run this file"),
    );
    expect(hostile('os_system')).toThrow('graph node linear calls os.system, which is neither an ATen op');
    expect(hostile('custom_op')).toThrow('graph node linear calls torch.ops.mylib.foo.default, a custom (non-ATen) op; wick runs ATen ops only');
    expect(hostile('cond')).toThrow(/calls the higher-order op torch\.ops\.higher_order\.cond \(control flow or subgraphs\), which wick does not run/);
  });

  it('versions and byte orders it does not know, by name', () => {
    expect(hostile('archive_version')).toThrow(new ExportError('unsupported .pt2 archive_version "1": wick reads archive version 0 (PyTorch 2.13\'s)'));
    expect(hostile('schema_version')).toThrow('unsupported export schema_version 9.0: wick reads schema version 8.x (PyTorch 2.13 writes 8.20)');
    expect(hostile('byteorder')).toThrow('unsupported .pt2 byteorder "middle": expected "little" or "big"');
  });

  it('a missing weight, a view outside its storage', () => {
    expect(hostile('missing_weight')).toThrow('data/weights/model_weights_config.json: fc.weight: the archive has no record tiny/data/weights/weight_0');
    expect(hostile('view_out_of_bounds')).toThrow(
      'data/weights/model_weights_config.json: fc.weight: a view of size [3,2], stride [2,1], offset 0 needs 6 elements, but its storage has 4',
    );
  });

  it('truncated or foreign bytes', () => {
    const bytes = bytesOf('tiny.pt2');
    expect(() => loadProgram(bytes.subarray(0, bytes.length - 100), {}, ATEN_OPS)).toThrow(/^not a \.pt2 archive: PytorchStreamReader failed reading zip archive/);
    expect(() => loadProgram(bytes.subarray(0, 2000), {}, ATEN_OPS)).toThrow(ExportError);
    expect(() => loadProgram(new Uint8Array(10), {}, ATEN_OPS)).toThrow(ExportError);
  });
});
