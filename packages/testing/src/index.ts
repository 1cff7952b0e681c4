export { loadFixture, fixturesDir } from './fixtures.js';
export type { Fixture, FixtureCase } from './fixtures.js';
export { decodeBase, decodeValue, isEncodedTensor } from './decode.js';
export type { EncodedTensor } from './decode.js';
export { compareTensors, compareValue, ulpDistance } from './compare.js';
export type { Agreement, Tolerance } from './compare.js';
export { callCase, runFixture } from './runner.js';
export type { Namespace, RunOptions } from './runner.js';
