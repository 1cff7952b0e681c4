// The torch.* namespace: `import * as torch from '@wick/torch'`. Each wick package joins here.
export * from '@wick/tensor';
