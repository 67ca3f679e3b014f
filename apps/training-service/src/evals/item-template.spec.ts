import { readsSample, renderTemplate, TemplateReferenceError, templateReferences } from './item-template';

describe('eval item templates', () => {
  const namespaces = { item: { question: 'Capital of France?', meta: { level: 2 }, tags: ['geo'] }, sample: { output_text: 'Paris' } };

  it('fills item fields (nested too), the sample output, and writes non-strings as JSON', () => {
    expect(renderTemplate('Q: {{item.question}} ({{ item.meta.level }}) {{item.tags}} → {{sample.output_text}}', namespaces)).toBe(
      'Q: Capital of France? (2) ["geo"] → Paris',
    );
  });

  it('names a reference the item lacks', () => {
    expect(() => renderTemplate('{{item.answer}}', namespaces)).toThrow(new TemplateReferenceError('item.answer'));
    expect(() => renderTemplate('{{item.question.length}}', namespaces)).toThrow(TemplateReferenceError);
  });

  it('refuses references outside item and sample, and tells which templates read the sample', () => {
    expect(templateReferences('{{foo}}')).toEqual({ error: expect.stringContaining('{{foo}}') });
    expect(templateReferences('{{item.a}} {{sample.output_text}}')).toEqual({ references: ['item.a', 'sample.output_text'] });
    expect(readsSample('{{item.a}}')).toBe(false);
    expect(readsSample('x {{sample.output_text}}')).toBe(true);
  });
});
