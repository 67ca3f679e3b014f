import { longestCommonSubsequence } from './longest-common-subsequence';

/**
 * rouge-score's default tokenizer (google-research/rouge, tokenize.py without stemming): lowercase, every run of
 * characters other than a–z and 0–9 becomes a space. As there, text in other scripts yields no tokens.
 */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(' ').filter((token) => token !== '');
}

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** ROUGE-L (Lin, 2004) as rouge_scorer.score(target, prediction) reports it: LCS precision, recall and F1. */
export function rougeL(target: string, prediction: string): RougeScore {
  const targetTokens = rougeTokens(target);
  const predictionTokens = rougeTokens(prediction);
  if (targetTokens.length === 0 || predictionTokens.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = longestCommonSubsequence(targetTokens, predictionTokens);
  const precision = lcs / predictionTokens.length;
  const recall = lcs / targetTokens.length;
  return { precision, recall, fmeasure: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}
