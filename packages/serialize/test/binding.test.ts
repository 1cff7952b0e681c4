import { ArgumentError, type Tensor, TorchDevice, ones } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { CheckpointError, SafetensorsError, load, safetensors, save } from '../src/index.js';

// The loaders called as PyTorch users call them (and as the safetensors package's users do):
// positionally, by name, and wrongly.

const sd = () => new Map([['a', ones([2])]]);

describe('torch.save and torch.load', () => {
  it('take their arguments positionally or by name', () => {
    const bytes = save(sd());
    expect(save({ obj: sd() })).toEqual(bytes);
    const back = load(bytes, 'cpu', null, { weights_only: true }) as Map<string, Tensor>;
    expect(back.get('a')!.tolist()).toEqual([1, 1]);
    expect((load({ f: bytes, map_location: new TorchDevice('cpu') }) as Map<string, Tensor>).get('a')!.tolist()).toEqual([1, 1]);
  });

  it('a plain object is saved as a dict, not taken for options', () => {
    const bytes = save({ a: ones([1]), epoch: 3 });
    const back = load(bytes) as Map<string, unknown>;
    expect(back.get('epoch')).toBe(3);
  });

  it('refuses what it cannot honour, and what PyTorch refuses', () => {
    const bytes = save(sd());
    expect(() => load(bytes, 'cuda' as never)).toThrow(CheckpointError);
    expect(() => Reflect.apply(load, undefined, [])).toThrow(new ArgumentError("load() missing 1 required positional argument: 'f'"));
    expect(() => load(bytes, { bogus: 1 } as never)).toThrow("load() got an unexpected keyword argument 'bogus'");
    expect(() => load(5 as never)).toThrow("load(): argument 'f' (position 1) must be bytes or str, not int");
    expect(() => save(sd(), null, { pickle_protocol: 4 })).toThrow(/pickle protocol 2/);
  });
});

describe('safetensors', () => {
  it('load, save and safe_open by position and by name', () => {
    const bytes = safetensors.save({ a: ones([2]) }, { k: 'v' });
    expect(safetensors.save({ tensors: { a: ones([2]) }, metadata: { k: 'v' } })).toEqual(bytes);
    expect(safetensors.load(bytes).get('a')!.tolist()).toEqual([1, 1]);
    expect(safetensors.load({ data: bytes }).get('a')!.tolist()).toEqual([1, 1]);
    const f = safetensors.safe_open(bytes, 'pt', 'cpu');
    expect(f.keys()).toEqual(['a']);
    expect(f.metadata()).toEqual({ k: 'v' });
    expect(f.get_tensor({ name: 'a' }).tolist()).toEqual([1, 1]);
  });

  it('refuses other frameworks, unknown names and wrong types', () => {
    const bytes = safetensors.save({ a: ones([2]) });
    expect(() => safetensors.safe_open(bytes, 'np' as never)).toThrow(SafetensorsError);
    expect(() => safetensors.load(bytes, { bogus: 1 } as never)).toThrow("load() got an unexpected keyword argument 'bogus'");
    const f = safetensors.safe_open(bytes);
    expect(() => f.get_tensor(3 as never)).toThrow("safe_open.get_tensor(): argument 'name' (position 1) must be str, not int");
    expect(() => Reflect.apply(f.keys, f, [1])).toThrow('safe_open.keys() takes 1 positional argument but 2 were given');
  });
});
