import { OpenAiError } from '../common/openai-error';
import { z } from 'zod';
import { chatCompletionSchema, completionSchema, parseRequest } from './request-parameters';

const chat = (extra: object) => ({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra });

function refusal(body: unknown, schema: z.ZodObject = chatCompletionSchema): OpenAiError {
  try {
    parseRequest(schema, body);
  } catch (error) {
    return error as OpenAiError;
  }
  throw new Error('expected a refusal');
}

describe('parseRequest', () => {
  it('keeps the parameters it knows and drops the ones OpenAI defines that change nothing here', () => {
    expect(parseRequest(chatCompletionSchema, chat({ temperature: 0.5, user: 'u-1', metadata: { a: 1 }, logprobs: false, stop: null }))).toEqual(
      chat({ temperature: 0.5, logprobs: false, stop: null }),
    );
  });

  it('refuses unknown names and unsupported values by name', () => {
    expect(refusal(chat({ temprature: 1 }))).toMatchObject({ status: 400, param: 'temprature', code: 'unknown_parameter' });
    expect(refusal(chat({ audio: { voice: 'alloy' } }))).toMatchObject({ param: 'audio', code: 'unsupported_parameter' });
    expect(refusal(chat({ frequency_penalty: 0.5 })).message).toMatch(/frequency_penalty is not supported/);
    expect(refusal(chat({ response_format: { type: 'xml' } }))).toMatchObject({ param: 'response_format.type', code: 'invalid_value' });
    expect(refusal(chat({ constructor: 1 }))).toMatchObject({ param: 'constructor', code: 'unknown_parameter' });
    expect(refusal(JSON.parse('{"model":"m","prompt":"a","__proto__":{"n":2}}'), completionSchema)).toMatchObject({ param: '__proto__' });
  });

  it('says which value is out of range', () => {
    expect(refusal(chat({ top_p: 0 }))).toMatchObject({ param: 'top_p', code: 'invalid_value' });
    expect(refusal(chat({ n: 0 })).message).toMatch(/^Invalid value for n:/);
    expect(refusal(chat({ stop: ['a', 'b', 'c', 'd', 'e'] }))).toMatchObject({ param: 'stop' });
    expect(refusal({ model: 'm', messages: [] }).message).toMatch(/messages: must hold at least one message/);
    expect(refusal({ model: 'm', messages: [{ role: 'user', content: [] }] })).toMatchObject({ param: 'messages.0.content' });
    expect(refusal({ model: 'm', prompt: ['a', 'b'] }, completionSchema).message).toMatch(/one request per prompt/);
    expect(refusal([1, 2]).message).toMatch(/JSON object/);
  });
});
