/** JSON schemas structured output must honour: nesting, arrays, enums, anyOf, numeric bounds, optional fields, formats. */
export const SCHEMA_BATTERY: Record<string, object> = {
  person: {
    type: 'object',
    properties: { name: { type: 'string', maxLength: 12 }, age: { type: 'integer', minimum: 0, maximum: 120 }, email: { type: 'string' } },
    required: ['name', 'age'],
    additionalProperties: false,
  },
  nested: {
    type: 'object',
    properties: {
      owner: { type: 'object', properties: { id: { type: 'integer' }, tags: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 4 }, maxItems: 3 } }, required: ['id', 'tags'] },
      active: { type: 'boolean' },
    },
    required: ['owner', 'active'],
    additionalProperties: false,
  },
  arrayOfNumbers: { type: 'array', items: { type: 'number', minimum: -5, maximum: 5.5 }, minItems: 2, maxItems: 4 },
  enums: {
    type: 'object',
    properties: { color: { enum: ['red', 'green', 'blue'] }, size: { type: 'string', enum: ['S', 'M', 'L'] }, answer: { const: 42 } },
    required: ['color', 'size', 'answer'],
    additionalProperties: false,
  },
  anyOf: {
    type: 'object',
    properties: { value: { anyOf: [{ type: 'integer', exclusiveMinimum: 10, exclusiveMaximum: 20 }, { type: 'string', maxLength: 3 }, { type: 'null' }] }, note: { type: ['string', 'null'], maxLength: 5 } },
    required: ['value', 'note'],
    additionalProperties: false,
  },
  formats: {
    type: 'object',
    properties: { day: { type: 'string', format: 'date' }, at: { type: 'string', format: 'date-time' }, id: { type: 'string', format: 'uuid' } },
    required: ['day', 'at', 'id'],
    additionalProperties: false,
  },
  refs: {
    type: 'object',
    $defs: { point: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'], additionalProperties: false } },
    properties: { from: { $ref: '#/$defs/point' }, to: { $ref: '#/$defs/point' } },
    required: ['from', 'to'],
    additionalProperties: false,
  },
  /** Recursive through an array: unrolled SCHEMA_LIMITS.refRecursion times, the deepest children lists empty. */
  recursiveTree: {
    $defs: {
      node: {
        type: 'object',
        properties: { label: { type: 'string', maxLength: 3 }, children: { type: 'array', items: { $ref: '#/$defs/node' }, maxItems: 2 } },
        required: ['label', 'children'],
        additionalProperties: false,
      },
    },
    $ref: '#/$defs/node',
  },
  /** Recursive through an optional property and anyOf (a linked list that may end in null). */
  recursiveList: {
    definitions: {
      cell: {
        type: 'object',
        properties: { value: { type: 'integer', minimum: 0, maximum: 9 }, next: { anyOf: [{ $ref: '#/definitions/cell' }, { type: 'null' }] } },
        required: ['value'],
        additionalProperties: false,
      },
    },
    $ref: '#/definitions/cell',
  },
  freeObject: { type: 'object', properties: { meta: { type: 'object' }, list: { type: 'array' } }, required: ['meta', 'list'] },
};
