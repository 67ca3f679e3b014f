import { cohensKappa, fleissKappa, krippendorffAlphaNominal } from './agreement';

describe('agreement', () => {
  it("Cohen's kappa matches the textbook example (0.4)", () => {
    const pairs: [string, string][] = [
      ...Array.from({ length: 20 }, () => ['yes', 'yes'] as [string, string]),
      ...Array.from({ length: 5 }, () => ['yes', 'no'] as [string, string]),
      ...Array.from({ length: 10 }, () => ['no', 'yes'] as [string, string]),
      ...Array.from({ length: 15 }, () => ['no', 'no'] as [string, string]),
    ];
    expect(cohensKappa(pairs)).toBeCloseTo(0.4, 10);
    expect(cohensKappa([['a', 'a'], ['b', 'b']])).toBe(1);
    expect(cohensKappa([])).toBeNull();
  });

  it("Fleiss' kappa matches the textbook example (10 units, 14 raters: 0.210)", () => {
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(counts)).toBeCloseTo(0.21, 3);
    expect(fleissKappa([[2, 1], [1, 1]])).toBeNull();
  });

  it("Krippendorff's alpha matches Krippendorff's own nominal example with missing values (0.743)", () => {
    // Four observers, twelve units; '.' in the original table is a missing value.
    const table = [
      ['1', '2', '3', '3', '2', '1', '4', '1', '2', null, null, null],
      ['1', '2', '3', '3', '2', '2', '4', '1', '2', '5', null, '3'],
      [null, '3', '3', '3', '2', '3', '4', '2', '2', '5', '1', null],
      ['1', '2', '3', '3', '2', '4', '4', '1', '2', '5', '1', null],
    ];
    const units = table[0].map((_, u) => table.map((row) => row[u]).filter((v): v is string => v !== null));
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(0.743, 3);
    expect(krippendorffAlphaNominal([['a', 'a'], ['b', 'b']])).toBe(1);
    expect(krippendorffAlphaNominal([['a']])).toBeNull();
  });
});
