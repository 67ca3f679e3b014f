import { identifyLanguage } from './language';

describe('identifyLanguage', () => {
  it.each([
    ['en', 'The committee will publish its findings next week after reviewing every submission from the public.'],
    ['de', 'Der Ausschuss wird seine Ergebnisse nächste Woche veröffentlichen, nachdem alle Einsendungen geprüft wurden.'],
    ['fr', 'Le comité publiera ses conclusions la semaine prochaine après avoir examiné toutes les contributions du public.'],
    ['es', 'El comité publicará sus conclusiones la próxima semana después de revisar todas las contribuciones del público.'],
  ])('recognises %s', (language, text) => {
    const guess = identifyLanguage(text, 400);
    expect(guess.language).toBe(language);
    expect(guess.confidence).toBeGreaterThan(0);
  });

  it('answers und when it cannot tell', () => {
    expect(identifyLanguage('12345 67890', 400).language).toBe('und');
  });
});
