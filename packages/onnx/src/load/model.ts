// What torch.onnx.load returns: a loaded ONNX model with its initializers as a state_dict and
// its graph runnable through forward(...inputs).
import { type Device, type PyArgs, Tensor, type TorchDevice, declare } from '@wick/tensor';
import { OnnxError } from '../errors.js';
import { type OnnxTypes, int64 } from '../proto.js';
import { type GraphValue, describeValue, graphValue } from './graph-values.js';
import { checkReferences, opsetsOf, plan, run } from './interpreter.js';

const WICK_OWN = "wick's own: PyTorch has no torch.onnx.load; onnx.load's ModelProto runs in wick through this object";
const stateDictSig = declare('onnx.OnnxModel.state_dict', 'state_dict()', { style: 'python', differs: WICK_OWN });
const forwardSig = declare('onnx.OnnxModel.forward', 'forward(Tensor *inputs)', { style: 'python', differs: WICK_OWN });
const toSig = declare('onnx.OnnxModel.to', 'to(Device device)', {
  style: 'python',
  differs: `${WICK_OWN}; to takes a device only and moves the floating-point initializers (integer ones are shapes and indices the graph reads on the host)`,
});

export class OnnxModel {
  readonly ir_version: number;
  readonly producer_name: string;
  readonly producer_version: string;
  readonly graph_name: string;
  /** The opset version of each imported domain ('' is ONNX's default domain). */
  readonly opset_import: ReadonlyMap<string, number>;
  /** The inputs forward takes, in order (graph inputs that an initializer fills are left out). */
  readonly inputs: readonly GraphValue[];
  readonly outputs: readonly GraphValue[];
  /** How many nodes use each operator ('domain::Op' outside ONNX's default domain). */
  readonly operators: ReadonlyMap<string, number>;
  private initializers: ReadonlyMap<string, Tensor>;
  private readonly graph: OnnxTypes.IGraphProto;

  /** @internal torch.onnx.load builds it from a parsed model and its initializers. */
  constructor(model: OnnxTypes.IModelProto, initializers: ReadonlyMap<string, Tensor>) {
    const graph = model.graph!;
    checkReferences(graph, new Set(initializers.keys()));
    this.ir_version = int64(model.irVersion);
    this.producer_name = model.producerName ?? '';
    this.producer_version = model.producerVersion ?? '';
    this.graph_name = graph.name ?? '';
    this.opset_import = opsetsOf(model);
    this.inputs = (graph.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map(graphValue);
    this.outputs = (graph.output ?? []).map(graphValue);
    const counts = new Map<string, number>();
    for (const n of graph.node ?? []) {
      const key = `${n.domain && n.domain !== 'ai.onnx' ? `${n.domain}::` : ''}${n.opType}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    this.operators = counts;
    this.initializers = initializers;
    this.graph = graph;
  }

  /** The initializers by their names in the file, as a new Map (the tensors are the model's own). */
  state_dict(...args: []): Map<string, Tensor> {
    stateDictSig.bind(args);
    return new Map(this.initializers);
  }

  /**
   * Moves the floating-point initializers to `device` (in place, as Module.to) and returns the
   * model; forward then runs there, given inputs on that device. Integer initializers stay on the
   * CPU: graphs use them as shapes, axes and indices, which are read on the host (an index
   * tensor goes to its data's device when it is used).
   */
  to(...args: PyArgs<[device: Device | TorchDevice | string], { device?: Device | TorchDevice | string }>): this {
    const device = toSig.bind(args).device as Device;
    this.initializers = new Map([...this.initializers].map(([k, t]) => [k, t.is_floating_point() ? t.to(device) : t]));
    return this;
  }

  /**
   * Runs the graph on `inputs` (one tensor per entry of `inputs`, in order): one Tensor for a graph
   * with one output, else an array in the graph's output order. Every operator is checked before
   * the first node runs, and every input against the graph's declared dtype and dims.
   */
  forward(...args: Tensor[]): Tensor | Tensor[] {
    const given = forwardSig.bind(args).inputs as Tensor[];
    const steps = plan(this.graph, this.opset_import);
    const values = new Map(this.initializers);
    this.checkInputs(given).forEach((t, i) => values.set(this.inputs[i]!.name, t));
    const out = run(steps, values, this.outputs.map((o) => o.name));
    return out.length === 1 ? out[0]! : out;
  }

  private checkInputs(given: readonly Tensor[]): readonly Tensor[] {
    const names = this.inputs.map((v) => v.name).join(', ');
    if (given.length !== this.inputs.length) {
      throw new OnnxError(`forward takes ${this.inputs.length} input(s) (${names}), got ${given.length}`);
    }
    const sizes = new Map<string, [number, string]>();
    given.forEach((t, i) => {
      const v = this.inputs[i]!;
      const what = `input '${v.name}' (declared ${describeValue(v)})`;
      if (!(t instanceof Tensor)) throw new OnnxError(`${what}: expected a Tensor, got ${typeof t}`);
      if (v.dtype !== null && t.dtype !== v.dtype) throw new OnnxError(`${what}: got dtype ${t.dtype}`);
      if (v.dims === null) return;
      if (t.ndim !== v.dims.length) throw new OnnxError(`${what}: got rank ${t.ndim}, shape [${t.shape.join(', ')}]`);
      v.dims.forEach((d, k) => {
        const size = t.shape[k]!;
        if (typeof d === 'number' && d !== size) throw new OnnxError(`${what}: dimension ${k} must be ${d}, got shape [${t.shape.join(', ')}]`);
        if (typeof d !== 'string') return;
        const seen = sizes.get(d);
        if (seen && seen[0] !== size) {
          throw new OnnxError(`${what}: dimension ${k} ('${d}') is ${size}, but '${d}' is ${seen[0]} in input '${seen[1]}'`);
        }
        sizes.set(d, [size, v.name]);
      });
    });
    return given;
  }
}
