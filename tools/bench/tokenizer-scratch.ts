import { loadR50kBase } from '@llmchain/tokenizer';
import { generateMultilingualText } from '../../libs/tokenizer/src/__fixtures__/multilingual-text';
import { get_encoding } from 'tiktoken';
import { readFileSync } from 'fs';
const gpt = require('gpt-tokenizer/encoding/r50k_base');
const text = readFileSync('/work/shared/corpora/tinyshakespeare.txt', 'utf8') + generateMultilingualText(1, 9_000_000);
const mb = Buffer.byteLength(text) / 1e6;
console.log('MB', mb);
const which = process.argv[2];
let t = Date.now();
let n = 0;
if (which === 'ours') { const tok = loadR50kBase(); console.log('load', Date.now() - t); t = Date.now(); n = tok.encode(text).length; }
if (which === 'tiktoken') { const enc = get_encoding('r50k_base'); t = Date.now(); n = enc.encode_ordinary(text).length; }
if (which === 'gpt') { t = Date.now(); n = gpt.encode(text).length; }
const s = (Date.now() - t) / 1000;
console.log(which, n, s.toFixed(2), 's', (mb / s).toFixed(2), 'MB/s');
