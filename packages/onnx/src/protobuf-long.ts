// protobufjs finds the `long` package with a dynamic require. Where a test runner or bundler hands
// it an ES module namespace ({ default: Long }) instead of the class, the compiled schema's int64
// defaults (Long.fromBits) throw as onnx-proto loads; this puts the class itself in its place.
// proto.ts imports this module before onnx-proto.
import protobuf from 'protobufjs/minimal.js';

const found = protobuf.util.Long as unknown as { default?: typeof protobuf.util.Long } | undefined;
if (found && typeof found === 'object' && typeof found.default === 'function') {
  protobuf.util.Long = found.default;
  protobuf.configure();
}
