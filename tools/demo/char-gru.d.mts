import type { Tensor, nn } from '@wick/torch';

export interface DemoConfig {
  embed: number;
  hidden: number;
  layers: number;
  continue: number;
}

export interface DemoCase {
  name: string;
  prompt: string;
  /** PyTorch's logits for the prompt, [1, length, vocab] float32. */
  logits: Tensor;
  /** PyTorch's greedy continuation of config.continue characters. */
  continuation: string;
  min_margin: number;
}

export interface DemoSamples {
  meta: { torch: string; generator: string; cpu_capability: string };
  config: DemoConfig;
  vocab: string;
  cases: DemoCase[];
  /** Absolute bound for the logits: 4x PyTorch's own float32-vs-float64 deviation. */
  tol: number;
}

export class CharGRU extends nn.Module {
  constructor(vocabSize: number, config: DemoConfig);
  forward(ids: Tensor, h?: Tensor): [Tensor, Tensor];
}

export function loadSamples(): DemoSamples;
export function loadModel(samples: DemoSamples): CharGRU;
export function promptLogits(model: CharGRU, vocab: string, prompt: string): Tensor;
export function greedy(model: CharGRU, vocab: string, prompt: string, n: number): string;
