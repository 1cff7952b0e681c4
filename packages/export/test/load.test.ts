// torch.export.load's call forms (PyTorch's signature through the shared binder), its options,
// and its wrong calls.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportError, ExportedProgram, load } from '../src/index.js';
import { bytesOf, dir } from './helpers.js';

const path = join(dir, 'tiny.pt2');

describe('torch.export.load', () => {
  it('takes the bytes (Uint8Array, ArrayBuffer) or a path, positional or by name', () => {
    const bytes = bytesOf('tiny.pt2');
    for (const ep of [load(bytes), load(bytes.slice().buffer), load(path), load({ f: bytes }), load({ f: path })]) {
      expect(ep).toBeInstanceOf(ExportedProgram);
      expect([...ep.state_dict.keys()]).toEqual(['fc.weight', 'fc.bias']);
    }
  });

  it('fills extra_files (a Map or an object) with every extra record', () => {
    const asObject: Record<string, unknown> = { 'note.txt': '' };
    load(path, { extra_files: asObject });
    expect(asObject).toEqual({ 'note.txt': 'made by export_core.py' });
    const asMap = new Map<string, unknown>();
    load({ f: path, extra_files: asMap });
    expect(asMap).toEqual(new Map([['note.txt', 'made by export_core.py']]));
  });

  it('checks expected_opset_version against the file', () => {
    expect(load(path, { expected_opset_version: { aten: 10 } })).toBeInstanceOf(ExportedProgram);
    expect(() => load(path, { expected_opset_version: new Map([['aten', 9]]) })).toThrow(
      new ExportError("the program's opset aten is version 10, expected 9; wick has no op upgraders"),
    );
  });

  it('refuses wrong calls', () => {
    const untyped = load as (...a: unknown[]) => unknown;
    expect(() => untyped()).toThrow("load() missing 1 required positional argument: 'f'");
    expect(() => untyped(3)).toThrow("load(): argument 'f' (position 1) must be bytes or str, not int");
    expect(() => untyped(path, { extra_file: {} })).toThrow("load() got an unexpected keyword argument 'extra_file'");
    expect(() => untyped(path, {}, 1)).toThrow('load() takes 1 positional argument but 3 were given');
    expect(() => load(join(dir, 'no-such.pt2'))).toThrow(/ENOENT/);
  });
});
