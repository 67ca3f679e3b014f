import { END_OF_TEXT, IM_END, Tokenizer, trainBpe } from '@llmchain/tokenizer';
import { encodeChat } from '../../../serving-service/src/openai/prompt-encoding';
import { RecordEncoder, recordTextPieces } from './record-encoding';
import { TrainingJobError } from './training-job';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const llamaFixture = path.join(__dirname, '../../../../libs/model-runtime/src/__fixtures__/hf/llama');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(llamaFixture, file), 'utf8'));

const corpus = ['user\nTell me about the river.', 'assistant\nThe river runs past the old house.', 'the cat sees the river. '.repeat(20)];

describe('RecordEncoder', () => {
  let tokenizer: Tokenizer;
  beforeAll(async () => {
    tokenizer = await trainBpe(corpus, { vocabSize: 300 });
  });

  it('ends a document with end-of-text and encodes special-token text as plain text', () => {
    const encoder = new RecordEncoder(tokenizer, 'documents');
    const eos = tokenizer.specialTokenId(END_OF_TEXT);
    const ids = encoder.encode({ format: 'documents', text: `a river${END_OF_TEXT}` });
    expect(ids).toEqual([...tokenizer.encode(`a river${END_OF_TEXT}`, { allowedSpecial: 'none' }), eos]);
    expect(ids.filter((id) => id === eos)).toHaveLength(1);
  });

  it('encodes a prompt on its own, as serving encodes a completion request, then the completion', () => {
    const encoder = new RecordEncoder(tokenizer, 'prompt-completion');
    const record = { format: 'prompt-completion' as const, prompt: 'the ri', completion: 'ver runs' };
    expect(encoder.encode(record)).toEqual([...tokenizer.encode('the ri'), ...tokenizer.encode('ver runs'), encoder.endOfText]);
  });

  it("lays a conversation out as serving's chat prompt followed by the assistant's turn", () => {
    const encoder = new RecordEncoder(tokenizer, 'chat');
    const user = { role: 'user' as const, content: 'Tell me about the river.' };
    const assistant = { role: 'assistant', content: 'The river runs past the old house.' };
    const ids = encoder.encode({ format: 'chat', messages: [user, assistant] });
    const prompt = encodeChat(tokenizer, [user]);
    expect(ids.slice(0, prompt.ids.length)).toEqual(prompt.ids);
    const reply = ids.slice(prompt.ids.length);
    expect(tokenizer.decode(reply)).toBe(`The river runs past the old house.${IM_END}\n${END_OF_TEXT}`);
    expect(reply[reply.length - 3]).toBe(prompt.endOfTurn);
  });

  it('refuses chat records for a tokenizer without a chat template', async () => {
    const plain = await trainBpe(corpus, { vocabSize: 270, specialTokens: [END_OF_TEXT] });
    expect(() => new RecordEncoder(plain, 'chat')).toThrow(TrainingJobError);
    expect(() => new RecordEncoder(plain, 'chat')).toThrow(/no chat template/);
  });

  it("renders chat records with the model's own template, and names a record the template rejects", async () => {
    const inst = "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('no system role') }}{% endif %}[{{ m['role'] }}] {{ m['content'] }}{% endfor %}";
    const own = await trainBpe(corpus, { vocabSize: 300, chatTemplate: inst });
    const encoder = new RecordEncoder(own, 'chat');
    const ids = encoder.encode({ format: 'chat', messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] });
    expect(own.decode(ids)).toBe(`${END_OF_TEXT}[user] Hi[assistant] Hello${END_OF_TEXT}`);
    const rejected = () => encoder.encode({ format: 'chat', messages: [{ role: 'system', content: 'x' }] });
    expect(rejected).toThrow(expect.objectContaining({ code: 'dataset_format', message: expect.stringContaining('no system role') }));
  });

  it('refuses a tokenizer with no end-of-text token', async () => {
    const noEnd = await trainBpe(corpus, { vocabSize: 270, specialTokens: ['<|sep|>'] });
    expect(() => new RecordEncoder(noEnd, 'documents')).toThrow(/no end-of-sequence token/);
  });
});

describe('RecordEncoder.encodeWeighted (completion-only loss)', () => {
  const llama = Tokenizer.fromTokenizerJson(readJson('tokenizer.json'), readJson('tokenizer_config.json'));
  const weighted = (ids: number[], weights: number[], weight: number) => ids.filter((_, i) => weights[i] === weight);

  it('weighs a completion and its end-of-text, not its prompt', () => {
    const encoder = new RecordEncoder(llama, 'prompt-completion');
    const record = { format: 'prompt-completion' as const, prompt: 'Q: the river? A:', completion: ' runs' };
    const { ids, weights } = encoder.encodeWeighted(record);
    expect(ids).toEqual(encoder.encode(record));
    expect(weighted(ids, weights, 1)).toEqual([...llama.encode(' runs'), encoder.endOfText]);
    expect(weighted(ids, weights, 0)).toEqual(llama.encode('Q: the river? A:'));
  });

  it("weighs every assistant turn as the model's own template renders it, and nothing else", () => {
    const encoder = new RecordEncoder(llama, 'chat');
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Where does it run?' },
      { role: 'assistant', content: 'Past the house.' },
      { role: 'user', content: 'And then?' },
      { role: 'assistant', content: 'To the sea.' },
    ];
    const { ids, weights } = encoder.encodeWeighted({ format: 'chat', messages });
    expect(ids).toEqual(encoder.encode({ format: 'chat', messages }));
    // Llama 3's template ends each turn with <|eot_id|>; the weighted spans are the two replies with theirs.
    const spans: string[] = [];
    let current: number[] = [];
    weights.forEach((w, i) => {
      if (w === 1) current.push(ids[i]);
      else if (current.length > 0) {
        spans.push(llama.decode(current));
        current = [];
      }
    });
    if (current.length > 0) spans.push(llama.decode(current));
    expect(spans).toEqual(['Past the house.<|eot_id|>', 'To the sea.<|eot_id|>']);
  });

  it('weighs a whole document', () => {
    const { ids, weights } = new RecordEncoder(llama, 'documents').encodeWeighted({ format: 'documents', text: 'the river' });
    expect(weights).toEqual(ids.map(() => 1));
  });
});

describe('recordTextPieces', () => {
  it('gives BPE training the text each record is encoded from', () => {
    expect(recordTextPieces({ format: 'documents', text: 'a b' })).toEqual(['a b']);
    expect(recordTextPieces({ format: 'prompt-completion', prompt: 'p', completion: 'c' })).toEqual(['p', 'c']);
    expect(recordTextPieces({ format: 'chat', messages: [{ role: 'user', content: 'hi' }] })).toEqual(['user\nhi']);
  });
});
