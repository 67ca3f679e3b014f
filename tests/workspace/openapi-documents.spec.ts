import { openApiPath } from '@llmchain/platform';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROUTES } from '../chain/route-table';
import { SERVICE_DOCUMENTS } from '../../tools/openapi/service-documents';

const ROOT = join(__dirname, '../..');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

type Operation = { operationId: string; responses: Record<string, unknown>; tags: string[] };
const operationsOf = (service: keyof typeof SERVICE_DOCUMENTS) => {
  const paths = (SERVICE_DOCUMENTS[service]().paths ?? {}) as Record<string, Record<string, Operation>>;
  return Object.entries(paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, operation: item[m] })));
};

/**
 * The services' OpenAPI documents against the chain's route table, which the isolation suite checks against the
 * routes the running services map: a route a service serves but its document forgets fails here.
 */
describe('the services’ OpenAPI documents', () => {
  it.each(Object.keys(SERVICE_DOCUMENTS) as (keyof typeof SERVICE_DOCUMENTS)[])('%s documents exactly the routes it maps', (service) => {
    const documented = operationsOf(service).map((o) => o.key);
    const mapped = ROUTES.filter((r) => r.service === service).map((r) => `${r.method} ${openApiPath(r.path)}`);
    expect({ undocumented: mapped.filter((k) => !documented.includes(k)), notMapped: documented.filter((k) => !mapped.includes(k)) }).toEqual({ undocumented: [], notMapped: [] });
  });

  it('gives every operation a unique id, a caller group and a success status', () => {
    for (const service of Object.keys(SERVICE_DOCUMENTS) as (keyof typeof SERVICE_DOCUMENTS)[]) {
      const operations = operationsOf(service);
      expect(new Set(operations.map((o) => o.operation.operationId)).size).toBe(operations.length);
      for (const { key, operation } of operations) {
        expect({ key, tags: operation.tags.length, success: Object.keys(operation.responses).some((s) => /^2\d\d$/.test(s)) }).toEqual({ key, tags: 1, success: true });
      }
    }
  });

  it('keeps serving OpenAI-compatible: OpenAI’s operation ids and component names', () => {
    const document = SERVICE_DOCUMENTS['serving-service']();
    const ids = Object.fromEntries(operationsOf('serving-service').map((o) => [o.key, o.operation.operationId]));
    expect(ids).toMatchObject({
      'POST /v1/chat/completions': 'createChatCompletion',
      'POST /v1/completions': 'createCompletion',
      'POST /v1/embeddings': 'createEmbedding',
      'GET /v1/models': 'listModels',
      'GET /v1/models/{model}': 'retrieveModel',
      'DELETE /v1/models/{model}': 'deleteModel',
      'POST /v1/files': 'createFile',
      'POST /v1/batches': 'createBatch',
    });
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(
      expect.arrayContaining([
        'CreateChatCompletionRequest',
        'CreateChatCompletionResponse',
        'CreateChatCompletionStreamResponse',
        'CreateCompletionRequest',
        'CreateCompletionResponse',
        'CreateEmbeddingRequest',
        'CreateEmbeddingResponse',
        'ListModelsResponse',
        'Model',
        'ErrorResponse',
        'Error',
        'OpenAIFile',
        'Batch',
      ]),
    );
  });

  it('passes Redocly’s recommended lint', async () => {
    const lint = await promisify(execFile)('node', ['-r', '@swc-node/register', 'tools/openapi/lint.ts'], { cwd: ROOT }).catch((error: { stdout: string }) => error);
    expect(lint.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line))).toEqual([]);
  }, 60_000);
});

describe('libs/api-client', () => {
  it('holds the types a fresh generation from the documents writes', async () => {
    const check = await promisify(execFile)('node', ['-r', '@swc-node/register', 'tools/openapi/generate-client.ts', '--check'], { cwd: ROOT }).catch((error: { stdout: string }) => error);
    // Regenerate with: node -r @swc-node/register tools/openapi/generate-client.ts
    expect(check.stdout.trim()).toBe('');
  }, 60_000);
});
