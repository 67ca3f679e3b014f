// onnxruntime-node creates output tensors with the typed-array constructors of Node's main realm, while Jest runs each
// test file in its own realm whose `Float32Array` is a different function, so onnxruntime's `instanceof` checks fail.
// Sharing the main realm's typed-array constructors with the test realm makes both agree.
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'ArrayBuffer', 'Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array', 'BigInt64Array',
  'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'BigUint64Array',
];

class SharedTypedArrayEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = SharedTypedArrayEnvironment;
