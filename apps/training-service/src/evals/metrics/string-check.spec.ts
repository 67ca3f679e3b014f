import { stringCheck } from './string-check';

describe('string_check', () => {
  it.each([
    ['Paris', 'Paris', 'eq', true],
    ['paris', 'Paris', 'eq', false],
    ['Paris', 'London', 'ne', true],
    ['Paris', 'Paris', 'ne', false],
    ['The capital is Paris.', 'Paris', 'like', true],
    ['The capital is PARIS.', 'Paris', 'like', false],
    ['The capital is PARIS.', 'Paris', 'ilike', true],
    ['The capital is Lyon.', 'Paris', 'ilike', false],
  ] as const)('%j %s %j → %s', (input, reference, operation, expected) => {
    expect(stringCheck(input, reference, operation)).toBe(expected);
  });
});
