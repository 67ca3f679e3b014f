import { writeFileSync } from 'fs';
import { seededRandom } from '../../libs/tokenizer/src/__fixtures__/multilingual-text';
const random = seededRandom(9);
const syl = ['ka','ri','to','men','sa','lo','ve','qu','ix','or','an','der','ph','th','ing','ed','un','re','st','ch'];
const parts: string[] = []; let len = 0;
while (len < 50_000_000) {
  let w = ''; const n = 1 + Math.floor(random() * 5);
  for (let i = 0; i < n; i++) w += syl[Math.floor(random() * syl.length)];
  if (random() < 0.1) w = w[0].toUpperCase() + w.slice(1);
  const s = w + (random() < 0.1 ? '.\n' : ' ');
  parts.push(s); len += s.length;
}
writeFileSync('/tmp/tk/hard50.txt', parts.join(''));
