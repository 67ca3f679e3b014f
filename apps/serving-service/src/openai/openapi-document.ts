/** The OpenAPI 3.1 description of serving's API, served at /openapi.json. */
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const errors = {
  '400': errorResponse('Invalid parameters, or a prompt over the context length (the message gives the numbers)'),
  '401': errorResponse('Missing, unknown, revoked or expired API key'),
  '404': errorResponse('Unknown model (or another tenant’s)'),
  '429': errorResponse('Rate limit (rate_limit_exceeded), exhausted quota (insufficient_quota) or a full queue; see Retry-After'),
  '503': errorResponse('The model is still loading; see Retry-After'),
};

const sampling = {
  model: { type: 'string' },
  max_tokens: { type: ['integer', 'null'], minimum: 1 },
  temperature: { type: ['number', 'null'], minimum: 0, maximum: 2, default: 1 },
  top_p: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 1, default: 1 },
  stop: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 4 }, { type: 'null' }] },
  seed: { type: ['integer', 'null'] },
  n: { type: ['integer', 'null'], minimum: 1, maximum: 16, default: 1 },
  stream: { type: ['boolean', 'null'], description: 'Server-sent events in OpenAI’s chunk format, ending with data: [DONE]' },
  stream_options: { type: ['object', 'null'], properties: { include_usage: { type: 'boolean' } } },
  user: { type: 'string', description: 'Accepted and ignored' },
};

const completionResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } }, 'text/event-stream': { schema: { type: 'string' } } },
});

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'llmchain serving-service',
    version: '1.0.0',
    description:
      'OpenAI-compatible API over the tenant’s registered models. Unknown parameters are refused (400, code unknown_parameter); ' +
      'OpenAI parameters this server cannot honour are refused unless at their no-op value (code unsupported_parameter).',
  },
  components: {
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key billing issued, with the serving scope' } },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: { message: { type: 'string' }, type: { type: 'string' }, param: { type: ['string', 'null'] }, code: { type: ['string', 'null'] } },
          },
        },
      },
    },
  },
  security: [{ apiKey: [] }],
  paths: {
    '/v1/chat/completions': {
      post: {
        summary: 'Chat completion (the model’s own chat template)',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['model', 'messages'],
                properties: {
                  ...sampling,
                  max_completion_tokens: { type: ['integer', 'null'], minimum: 1 },
                  messages: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        role: { enum: ['system', 'developer', 'user', 'assistant', 'tool'] },
                        content: { type: ['string', 'null'] },
                        tool_calls: { type: 'array', items: { type: 'object' } },
                        tool_call_id: { type: 'string' },
                      },
                    },
                  },
                  logprobs: { type: ['boolean', 'null'] },
                  top_logprobs: { type: ['integer', 'null'], minimum: 0, maximum: 20 },
                  response_format: { type: ['object', 'null'], properties: { type: { enum: ['text', 'json_object', 'json_schema'] }, json_schema: { type: 'object' } } },
                  tools: { type: ['array', 'null'], maxItems: 128, items: { type: 'object' } },
                  tool_choice: { oneOf: [{ enum: ['none', 'auto', 'required'] }, { type: 'object' }] },
                  parallel_tool_calls: { type: ['boolean', 'null'] },
                },
              },
            },
          },
        },
        responses: { '200': completionResponse('chat.completion, or chat.completion.chunk events'), ...errors },
      },
    },
    '/v1/completions': {
      post: {
        summary: 'Text completion',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['model', 'prompt'],
                properties: {
                  ...sampling,
                  prompt: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'integer' } }, { type: 'array', maxItems: 1, items: { type: 'array', items: { type: 'integer' } } }] },
                  max_tokens: { type: ['integer', 'null'], minimum: 0 },
                  logprobs: { type: ['integer', 'null'], minimum: 0, maximum: 5 },
                  echo: { type: ['boolean', 'null'] },
                },
              },
            },
          },
        },
        responses: { '200': completionResponse('text_completion, or text_completion events'), ...errors },
      },
    },
    '/v1/embeddings': {
      post: {
        summary: 'Embeddings: the mean over each input’s tokens of the model’s final LayerNorm output (not normalized)',
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['model', 'input'],
                properties: {
                  model: { type: 'string' },
                  input: {
                    oneOf: [
                      { type: 'string', minLength: 1 },
                      { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, maxItems: 2048 },
                      { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 1 },
                      { type: 'array', items: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 1 }, minItems: 1, maxItems: 2048 },
                    ],
                  },
                  encoding_format: { enum: ['float', 'base64', null], default: 'float', description: 'base64: little-endian float32 bytes' },
                  dimensions: { type: ['integer', 'null'], description: 'Only the model’s own width is accepted' },
                  user: { type: 'string', description: 'Accepted and ignored' },
                },
              },
            },
          },
        },
        responses: { '200': { description: 'list of embedding objects, usage.prompt_tokens' }, ...errors },
      },
    },
    '/v1/models': { get: { summary: 'The calling tenant’s models', responses: { '200': { description: 'list of model objects' }, '401': errors['401'] } } },
    '/v1/models/{model}': {
      get: {
        summary: 'One model',
        parameters: [{ name: 'model', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'model object' }, '401': errors['401'], '404': errors['404'] },
      },
      delete: {
        summary: 'Unload a model and stop serving it',
        parameters: [{ name: 'model', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: '{id, object: "model", deleted: true}' }, '401': errors['401'], '404': errors['404'] },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics, for operators: Authorization: Bearer <OPERATOR_TOKEN>',
        security: [],
        responses: { '200': { description: 'text exposition format' }, '403': { description: 'not an operator' } },
      },
    },
  },
} as const;
