import { CHATML_TEMPLATE, renderChat } from './chat-template';

describe('ChatML', () => {
  it('renders turns with <|im_start|>/<|im_end|> and an optional assistant prompt', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ];
    expect(renderChat(messages)).toBe('<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n');
    expect(renderChat(messages, { addGenerationPrompt: true })).toMatch(/<\|im_start\|>assistant\n$/);
  });

  it('ships the same format as a Jinja template (rendered by transformers.js in hf-format.spec)', () => {
    expect(CHATML_TEMPLATE).toContain("message['role']");
    expect(CHATML_TEMPLATE).toContain('add_generation_prompt');
  });
});
