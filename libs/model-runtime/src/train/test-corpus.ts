import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GptConfig } from '../model/config';
import { CharVocabulary } from './char-vocabulary';
import { Trainer } from './trainer';

/** The shipped test text (the Gettysburg Address, public domain), a character vocabulary and a 90/10 split. */
export function loadTestCorpus() {
  const text = readFileSync(join(__dirname, 'fixtures', 'gettysburg.txt'), 'utf8');
  const vocabulary = CharVocabulary.fromText(text);
  const tokens = vocabulary.encode(text);
  const split = Math.floor(tokens.length * 0.9);
  return { vocabulary, train: tokens.subarray(0, split), validation: tokens.subarray(split) };
}

export function tinyConfig(vocabSize: number, overrides: Partial<GptConfig> = {}): GptConfig {
  return {
    vocabSize, contextLength: 16, nLayer: 2, nHead: 2, nEmbd: 16,
    positional: 'learned', dropout: 0, layerNormEps: 1e-5, tieEmbeddings: true, ...overrides,
  };
}

/** Runs `steps` optimizer steps and returns their losses. */
export async function runSteps(trainer: Trainer, steps: number): Promise<number[]> {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await trainer.trainStep()).loss);
  return losses;
}
