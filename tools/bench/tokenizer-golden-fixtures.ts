/**
 * Regenerates the tokenizer's golden fixtures:
 *   node -r @swc-node/register tools/bench/tokenizer-golden-fixtures.ts
 * - r50k-golden.json comes from the reference implementation (tiktoken), so the golden tests compare this library
 *   against ids it did not produce itself.
 * - trained-golden.json pins what trainBpe learns from a fixed generated corpus. Training is deterministic, so
 *   the file changes only when the training algorithm does; regenerate it deliberately when that is intended.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { get_encoding } from 'tiktoken';
import { trainBpe } from '../../libs/tokenizer/src';
import { generateMultilingualText } from '../../libs/tokenizer/src/__fixtures__/multilingual-text';
import { bytesToTokenString } from '../../libs/tokenizer/src/byte-unicode';

const CASES: Record<string, string> = {
  empty: '',
  english: 'The quick brown fox jumps over the lazy dog. It\'s 9 o\'clock, and we\'ve got "quotes" & symbols!',
  contractions: "don't can't I'm you're we'll she'd they've it's O'Neil's 'tis",
  chinese: '你好，世界！机器学习模型需要大量的训练数据。',
  japanese: '東京は日本の首都です。ひらがな、カタカナ、漢字を使います。',
  korean: '안녕하세요, 세계! 토크나이저 테스트입니다.',
  russian_greek_arabic: 'Привет, мир! Γειά σου Κόσμε! مرحبا بالعالم',
  emoji_and_4_byte: '😀 👍🏽 👨‍👩‍👧 🇯🇵 𝕏 𠀀𩸽 🚀🚀🚀',
  code: 'function add(a, b) {\n\treturn a + b; // sum\n}\n\nconst x = add(1, 2);\nif (x !== 3) throw new Error(`bad ${x}`);\n',
  python: 'def f(x):\n    if x > 0:\n        return x ** 2\n    return -x\n',
  runs_of_spaces: 'a  b   c    d     e          end   ',
  tabs_and_newlines: 'col1\tcol2\t\tcol3\n\n\nrow\r\n\t\t indented\n \n',
  numbers: '0 1 12 123 1234 12345 123456789 3.14159 -42 1e10 2026-11-28 $1,000,000.00 50%',
  special_tokens: 'Hello<|endoftext|>world <|endoftext|> again<|endoftext|>',
  whitespace_only: ' \n\t  \u3000 \u00a0',
  unicode_spaces_and_marks: 'e\u0301 n\u0303 \u2003em\u2003space नमस्ते',
  repeated_chars: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!!!!!!!!!!',
  long_number: '31415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679',
  lone_surrogate: 'bad \ud800 half \udc00 pair',
};

/** How the trained golden tokenizer is made; stored in its fixture file so the spec trains the same way. */
const TRAINED_GOLDEN_SETTINGS = { corpusSeed: 7, corpusLength: 100_000, vocabSize: 1000 };

/** One fixture per line keeps diffs readable. */
function writeFixtures(file: string, fixtures: object[], settings?: object): void {
  const target = join(__dirname, '../../libs/tokenizer/src/__fixtures__', file);
  const cases = '[\n' + fixtures.map((fixture) => JSON.stringify(fixture)).join(',\n') + '\n]';
  writeFileSync(target, (settings ? `{"settings": ${JSON.stringify(settings)},\n"cases": ${cases}}` : cases) + '\n');
  console.log(`wrote ${fixtures.length} fixtures to ${target}`);
}

async function main(): Promise<void> {
  const encoding = get_encoding('r50k_base');
  writeFixtures(
    'r50k-golden.json',
    Object.entries(CASES).map(([name, text]) => {
      const ids = Array.from(encoding.encode(text, 'all'));
      const tokens = ids.map((id) => bytesToTokenString(encoding.decode_single_token_bytes(id)));
      const decoded = new TextDecoder('utf-8', { ignoreBOM: true }).decode(encoding.decode(new Uint32Array(ids)));
      return { name, text, ids, tokens, decoded };
    }),
  );
  encoding.free();

  const { corpusSeed, corpusLength, vocabSize } = TRAINED_GOLDEN_SETTINGS;
  const trained = await trainBpe([generateMultilingualText(corpusSeed, corpusLength)], { vocabSize });
  writeFixtures(
    'trained-golden.json',
    Object.entries(CASES).map(([name, text]) => {
      const ids = trained.encode(text);
      return { name, text, ids, tokens: ids.map((id) => trained.idToToken(id)), decoded: trained.decode(ids) };
    }),
    TRAINED_GOLDEN_SETTINGS,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
