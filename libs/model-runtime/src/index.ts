export * from './errors';
export * from './onnx/graph-builder';
export * from './model/config';
export * from './model/params';
export * from './model/sinusoidal';
export * from './model/weights-file';
export * from './model/forward-logits';
export * from './inference';
