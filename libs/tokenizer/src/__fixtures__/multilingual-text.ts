/**
 * Deterministic generator of varied text for tests and benchmarks: English-like prose, Chinese, Japanese,
 * Korean, Russian, Greek, Arabic, Hindi, emoji and other 4-byte characters, source code, numbers, and odd
 * whitespace. The same seed always gives the same text; different seeds give different text, so large samples
 * do not repeat one passage (which would let a cache hide the cost of encoding).
 */

/** mulberry32: tiny, fast, good enough to vary text. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENGLISH = (
  'the of and to in is was for on that with as by at from his her they which be this are have it not or had ' +
  'but were an one all their there been has when who will more no if out so said what up its about into than ' +
  'them can only other new some could time these two may then do first any my now such like our over man me ' +
  'even most made after also did many before must through back years where much your way well down should ' +
  'because each just those people how too little state good very make world still own see men work long get ' +
  'here between both life being under never day same another know while last might us great old year off come ' +
  'since against go came right used take three tokenizer model training serving billing corpus dataset ' +
  "gradient checkpoint inference latency throughput don't won't it's they're we've I'll she'd you're"
).split(' ');
const CHINESE = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质'.split('');
const JAPANESE = ['東京', '日本語', 'テキスト', 'です', 'ます', 'これは', 'テスト', 'ありがとう', 'ございます', '学校', '先生', '今日', '天気', 'いい', 'ですね', 'コンピューター', 'プログラム', '猫', '犬', 'を', 'が', 'に', 'は', 'の', '食べる', '行きます', 'ひらがな', 'カタカナ'];
const KOREAN = ['안녕하세요', '한국어', '텍스트', '입니다', '감사합니다', '학교', '오늘', '날씨', '좋아요', '컴퓨터', '프로그램'];
const RUSSIAN = ['привет', 'мир', 'это', 'тест', 'текст', 'на', 'русском', 'языке', 'спасибо', 'хорошо', 'город', 'Москва', 'программа', 'данные'];
const GREEK = ['γεια', 'σου', 'κόσμε', 'αυτό', 'είναι', 'ένα', 'κείμενο', 'Αθήνα', 'λόγος', 'ψυχή'];
const ARABIC = ['مرحبا', 'بالعالم', 'هذا', 'نص', 'باللغة', 'العربية', 'شكرا', 'كتاب', 'مدرسة'];
const HINDI = ['नमस्ते', 'दुनिया', 'यह', 'एक', 'परीक्षण', 'है', 'हिंदी', 'भाषा', 'धन्यवाद'];
const ASTRAL = ['😀', '😂', '👍', '👍🏽', '🎉', '🚀', '❤️', '👨‍👩‍👧', '🇯🇵', '𝕏', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '𠀀', '𩸽', '🦄', '🤖', '∑', '→', '©', '€', '±'];
const CODE = [
  'function add(a, b) {\n  return a + b;\n}\n',
  'for (let i = 0; i < n; i++) {\n\tsum += values[i] * 2;\n}\n',
  'def train(model, data):\n    for batch in data:\n        loss = model(batch)\n        loss.backward()\n',
  'const config = { "lr": 3e-4, "batch_size": 32, "warmup": 1000 };\n',
  'SELECT id, name FROM tenants WHERE plan = \'pro\' ORDER BY created_at DESC;\n',
  '<div class="token">&nbsp;</div>\n',
  'if (x != null && y >= 0x1F) { throw new Error(`bad ${x}`); }\n',
  '    # indented comment with trailing spaces   \n',
];

type Pick = <T>(items: readonly T[]) => T;

export function generateMultilingualText(seed: number, targetLength: number): string {
  const random = seededRandom(seed);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)];
  const parts: string[] = [];
  let length = 0;
  while (length < targetLength) {
    const part = paragraph(random, pick);
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

function paragraph(random: () => number, pick: Pick): string {
  const kind = random();
  if (kind < 0.45) return englishParagraph(random, pick);
  if (kind < 0.55) return cjkParagraph(random, pick, CHINESE, '，', '。');
  if (kind < 0.62) return wordsParagraph(random, pick, JAPANESE, '', '、', '。');
  if (kind < 0.66) return wordsParagraph(random, pick, KOREAN, ' ', ',', '.');
  if (kind < 0.71) return wordsParagraph(random, pick, RUSSIAN, ' ', ',', '.');
  if (kind < 0.74) return wordsParagraph(random, pick, GREEK, ' ', ',', '.');
  if (kind < 0.77) return wordsParagraph(random, pick, ARABIC, ' ', '،', '.');
  if (kind < 0.80) return wordsParagraph(random, pick, HINDI, ' ', ',', '।');
  if (kind < 0.90) return pick(CODE) + (random() < 0.5 ? '\n' : '');
  if (kind < 0.95) return numbersLine(random);
  return emojiLine(random, pick);
}

function englishParagraph(random: () => number, pick: Pick): string {
  const sentences = 1 + Math.floor(random() * 5);
  let text = '';
  for (let s = 0; s < sentences; s++) {
    const words = 3 + Math.floor(random() * 15);
    let sentence = '';
    for (let w = 0; w < words; w++) {
      let word = pick(ENGLISH);
      if (w === 0) word = word[0].toUpperCase() + word.slice(1);
      else if (random() < 0.05) word = word.toUpperCase();
      sentence += (w === 0 ? '' : random() < 0.02 ? '  ' : ' ') + word + (random() < 0.08 ? ',' : '');
      if (random() < 0.03) sentence += ' ' + Math.floor(random() * 10_000);
    }
    text += (s === 0 ? '' : ' ') + sentence + pick(['.', '.', '.', '!', '?', '...', ':']);
  }
  return text + pick(['\n', '\n\n', '\n', ' \n', '\r\n', '\n\t']);
}

function cjkParagraph(random: () => number, pick: Pick, chars: readonly string[], comma: string, stop: string): string {
  let text = '';
  const clauses = 1 + Math.floor(random() * 6);
  for (let c = 0; c < clauses; c++) {
    const length = 2 + Math.floor(random() * 12);
    for (let i = 0; i < length; i++) text += pick(chars);
    text += c === clauses - 1 ? stop : comma;
  }
  return text + '\n';
}

function wordsParagraph(random: () => number, pick: Pick, words: readonly string[], space: string, comma: string, stop: string): string {
  let text = '';
  const count = 3 + Math.floor(random() * 14);
  for (let i = 0; i < count; i++) text += (i === 0 ? '' : space) + pick(words) + (random() < 0.1 ? comma : '');
  return text + stop + '\n';
}

function numbersLine(random: () => number): string {
  const values: string[] = [];
  const count = 2 + Math.floor(random() * 8);
  for (let i = 0; i < count; i++) {
    const r = random();
    values.push(r < 0.3 ? String(Math.floor(random() * 1e6)) : r < 0.6 ? (random() * 1000).toFixed(3) : r < 0.8 ? `${Math.floor(random() * 28) + 1}/${Math.floor(random() * 12) + 1}/20${10 + Math.floor(random() * 20)}` : `+1-555-${1000 + Math.floor(random() * 9000)}`);
  }
  return values.join(random() < 0.5 ? ', ' : '\t') + '\n';
}

function emojiLine(random: () => number, pick: Pick): string {
  let text = '';
  const count = 1 + Math.floor(random() * 8);
  for (let i = 0; i < count; i++) text += pick(ASTRAL) + (random() < 0.5 ? ' ' : '') + (random() < 0.3 ? pick(ENGLISH) + ' ' : '');
  return text.trimEnd() + '\n';
}
