// @wick/data: PyTorch's torch.utils.data. Datasets (map-style with __getitem__/__len__, iterable
// with __iter__), samplers, default_collate, random_split and the DataLoader, whose shuffled order
// and random-generator use are PyTorch's, so the same torch.manual_seed gives the same batches.
export { Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset, ChainDataset } from './dataset.js';
export type { DatasetLike, MapStyle, SubsetOptions } from './dataset.js';
export { random_split } from './random-split.js';
export type { RandomSplitOptions } from './random-split.js';
export { default_collate, default_convert } from './collate.js';
export type { Collated } from './collate.js';
export { Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, BatchSampler } from './sampler.js';
export type {
  SamplerLike, Sized, RandomSamplerOptions, SubsetRandomSamplerOptions, BatchSamplerOptions,
} from './sampler.js';
export { DataLoader } from './dataloader.js';
export type { DataLoaderOptions, LoaderDataset } from './dataloader.js';
export type { DataLoaderIterator } from './iterators.js';
export { get_worker_info } from './worker.js';
export type { WorkerInfo } from './worker.js';
export { KeyError } from './errors.js';
