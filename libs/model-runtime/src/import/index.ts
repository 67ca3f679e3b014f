export * from './import-hf-model';
export * from './source-files';
export * from './safetensors-reader';
export * from './checkpoint';
export * from './checkpoint-params';
