// The module system: registration by assignment, traversal orders, state_dict / load_state_dict,
// modes, conversions and printing. Expected strings and orders are PyTorch 2.13's output for the
// same model (see the Python in each comment).
import * as torch from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';

// class Net(nn.Module): emb, rnn, buffers steps / scratch (non-persistent), head, shared = head,
// blocks = ModuleList(3 x Linear(2, 2) + [Tanh()]), scale = Parameter(ones(1)) — in this order.
class Net extends nn.Module {
  emb = new nn.Embedding(10, 4, { padding_idx: 0 });
  rnn = new nn.GRU(4, 8, { batch_first: true });
  declare steps: torch.Tensor;
  declare head: nn.Sequential;
  declare shared: nn.Sequential;
  declare blocks: nn.ModuleList;
  declare scale: nn.Parameter;

  constructor() {
    super();
    this.register_buffer('steps', torch.zeros([]));
    this.register_buffer('scratch', torch.zeros(2), false);
    this.head = new nn.Sequential(new nn.Linear(8, 8), new nn.ReLU(), new nn.Linear(8, 3));
    this.shared = this.head;
    this.blocks = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2), new nn.Linear(2, 2), new nn.Tanh()]);
    this.scale = new nn.Parameter(torch.ones(1));
  }
}

const names = <T>(pairs: [string, T][]) => pairs.map(([n]) => n);

describe('registration and traversal', () => {
  const net = new Net();

  it('keeps PyTorch orders and skips duplicates', () => {
    expect([...net.state_dict().keys()]).toEqual([
      'scale', 'steps', 'emb.weight', 'rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0',
      'head.0.weight', 'head.0.bias', 'head.2.weight', 'head.2.bias', 'shared.0.weight', 'shared.0.bias',
      'shared.2.weight', 'shared.2.bias', 'blocks.0.weight', 'blocks.0.bias', 'blocks.1.weight', 'blocks.1.bias',
      'blocks.2.weight', 'blocks.2.bias',
    ]);
    expect(names(net.named_parameters())).toEqual([
      'scale', 'emb.weight', 'rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'rnn.bias_hh_l0',
      'head.0.weight', 'head.0.bias', 'head.2.weight', 'head.2.bias', 'blocks.0.weight', 'blocks.0.bias',
      'blocks.1.weight', 'blocks.1.bias', 'blocks.2.weight', 'blocks.2.bias',
    ]);
    expect(names(net.named_modules())).toEqual(['', 'emb', 'rnn', 'head', 'head.0', 'head.1', 'head.2', 'blocks', 'blocks.0', 'blocks.1', 'blocks.2', 'blocks.3']);
    expect(names(net.named_children())).toEqual(['emb', 'rnn', 'head', 'blocks']);
    expect(names(net.named_buffers())).toEqual(['steps', 'scratch']);
    expect([net.parameters().length, net.modules().length]).toEqual([16, 12]);
  });

  it('prints the module tree as PyTorch does', () => {
    expect(String(net)).toBe(
      'Net(\n  (emb): Embedding(10, 4, padding_idx=0)\n  (rnn): GRU(4, 8, batch_first=True)\n  (head): Sequential(\n    (0): Linear(in_features=8, out_features=8, bias=True)\n    (1): ReLU()\n    (2): Linear(in_features=8, out_features=3, bias=True)\n  )\n  (shared): Sequential(\n    (0): Linear(in_features=8, out_features=8, bias=True)\n    (1): ReLU()\n    (2): Linear(in_features=8, out_features=3, bias=True)\n  )\n  (blocks): ModuleList(\n    (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)\n    (3): Tanh()\n  )\n)',
    );
    expect(String(new nn.Sequential())).toBe('Sequential()');
  });

  it('rejects what PyTorch rejects, with its messages', () => {
    const lin = new nn.Linear(2, 3);
    // KeyError's message is the repr of its text, as Python prints it.
    expect(() => lin.register_parameter('a.b', null)).toThrow(`'parameter name can\\'t contain "."'`);
    expect(() => lin.register_parameter('', null)).toThrow(`'parameter name can\\'t be empty string ""'`);
    expect(() => lin.register_parameter('forward', null)).toThrow("attribute 'forward' already exists");
    expect(() => lin.register_buffer('weight', torch.zeros(1))).toThrow("attribute 'weight' already exists");
    expect(() => Object.assign(lin, { weight: torch.zeros(1) })).toThrow(
      "cannot assign 'torch.FloatTensor' as parameter 'weight' (torch.nn.Parameter or None expected)",
    );
    expect(() => lin.add_module('a.b', null)).toThrow(`'module name can\\'t contain ".", got: a.b'`);
    expect(() => new nn.ModuleList().forward()).toThrow('Module [ModuleList] is missing the required "forward" function');
    expect(() => new nn.Parameter(torch.ones(2, { dtype: 'int64' }))).toThrow('Only Tensors of floating point and complex dtype can require gradients');
  });

  it('re-registers on reassignment and unregisters on delete', () => {
    const lin = new nn.Linear(2, 3);
    const w = new nn.Parameter(torch.zeros(3, 2));
    lin.weight = w;
    expect(lin.parameters()[0]).toBe(w);
    lin.bias = null;
    expect(names(lin.named_parameters())).toEqual(['weight']);
    Reflect.deleteProperty(lin, 'weight');
    expect(lin.parameters()).toEqual([]);
  });
});

describe('load_state_dict', () => {
  it('reports every problem in PyTorch words and applies nothing', () => {
    const net = new Net();
    const before = net.scale.tolist();
    const sd = net.state_dict();
    sd.set('head.0.weight', torch.zeros(3, 3));
    sd.delete('scale');
    sd.set('head.9.bias', torch.zeros(1));
    sd.set('emb.foo', torch.zeros(1));
    sd.set('rnn.bias_hh_l0', torch.full([24], 7));
    expect(() => net.load_state_dict(sd)).toThrow(
      'Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "scale". \n\tUnexpected key(s) in state_dict: "emb.foo", "head.9.bias". \n\tsize mismatch for head.0.weight: copying a param with shape torch.Size([3, 3]) from checkpoint, the shape in current model is torch.Size([8, 8]).',
    );
    expect(net.rnn.bias_hh_l0.tolist()).not.toContain(7);
    expect(net.scale.tolist()).toEqual(before);
  });

  it('loads a plain object non-strictly and returns the incompatible keys', () => {
    const gru = new nn.GRU(10, 20);
    const sd = Object.fromEntries(gru.state_dict());
    Reflect.deleteProperty(sd, 'bias_hh_l0');
    sd['x.y'] = torch.zeros(1);
    sd['weight_ih_l0'] = torch.ones(60, 10);
    const result = gru.load_state_dict(sd, { strict: false });
    expect(result.missing_keys).toEqual(['bias_hh_l0']);
    expect(result.unexpected_keys).toEqual(['x.y']);
    expect(String(result)).toBe("_IncompatibleKeys(missing_keys=['bias_hh_l0'], unexpected_keys=['x.y'])");
    expect(gru.weight_ih_l0.sum().item()).toBe(600);
    expect(String(gru.load_state_dict(gru.state_dict()))).toBe('<All keys matched successfully>');
  });

  it('state_dict values share storage with the parameters, detached', () => {
    const lin = new nn.Linear(2, 3);
    const w = lin.state_dict().get('weight')!;
    expect(w.storage).toBe(lin.weight.storage);
    expect(w.requires_grad).toBe(false);
    expect(lin.state_dict({ keep_vars: true }).get('weight')).toBe(lin.weight);
  });
});

describe('modes and conversions', () => {
  it('train/eval reach every submodule', () => {
    const net = new Net();
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
    expect(() => net.train('x' as unknown as boolean)).toThrow('training mode is expected to be boolean');
  });

  it('double() converts floats in place, keeping the Parameter objects', () => {
    const net = new Net();
    const w = net.rnn.weight_ih_l0;
    net.double();
    expect(net.rnn.weight_ih_l0).toBe(w);
    expect(w.dtype).toBe('float64');
    expect(net.named_parameters().every(([, p]) => p.dtype === 'float64')).toBe(true);
    expect(net.steps.dtype).toBe('float64');
    net.to('float32');
    expect(w.dtype).toBe('float32');
  });

  it('apply visits children first, requires_grad_ and zero_grad reach every parameter', () => {
    const seq = new nn.Sequential(new nn.Linear(2, 2), new nn.Tanh());
    const seen: string[] = [];
    seq.apply((m) => seen.push(m._get_name()));
    expect(seen).toEqual(['Linear', 'Tanh', 'Sequential']);
    seq.requires_grad_(false);
    expect(seq.parameters().every((p) => !p.requires_grad)).toBe(true);
    const p = seq.parameters()[0]!;
    p.grad = torch.ones(2, 2);
    seq.zero_grad(false);
    expect(p.grad.sum().item()).toBe(0);
    seq.zero_grad();
    expect(p.grad).toBeNull();
  });

  it('call() runs forward', () => {
    const lin = new nn.Linear(3, 2);
    const x = torch.randn(4, 3);
    expect(lin.call(x).tolist()).toEqual(lin.forward(x).tolist());
  });

  it('prints a Parameter as PyTorch does', () => {
    expect(String(new nn.Parameter(torch.ones(2)))).toBe('Parameter containing:\ntensor([1., 1.], requires_grad=True)');
    expect(String(new nn.Parameter(torch.ones(2), false))).toBe('Parameter containing:\ntensor([1., 1.])');
  });
});

describe('containers', () => {
  it('Sequential, ModuleList and ModuleDict index and mutate as PyTorch does', () => {
    const seq = new nn.Sequential(new nn.ReLU(), new nn.Tanh());
    expect(seq.at(-1)._get_name()).toBe('Tanh');
    expect(seq.length).toBe(2);
    expect(() => seq.at(5)).toThrow('index 5 is out of range');
    const list = new nn.ModuleList([new nn.ReLU(), new nn.Tanh()]);
    list.insert(0, new nn.Sigmoid());
    expect(String(list)).toBe('ModuleList(\n  (0): Sigmoid()\n  (1): ReLU()\n  (2): Tanh()\n)');
    list.pop(1);
    expect(names(list.named_children())).toEqual(['0', '1']);
    const dict = new nn.ModuleDict({ b: new nn.ReLU(), a: new nn.Tanh() });
    expect(dict.keys()).toEqual(['b', 'a']);
    expect(String(dict)).toBe('ModuleDict(\n  (b): ReLU()\n  (a): Tanh()\n)');
  });
});
