// Writes a synthetic corpus with ground-truth labels:
//   node -r @swc-node/register tools/corpus-generator/main.ts <directory> [megabytes=10] [seed=42]
import { writeCorpus } from './write-corpus';

async function main(): Promise<void> {
  const [directory, megabytes = '10', seed = '42'] = process.argv.slice(2);
  if (!directory) throw new Error('usage: main.ts <directory> [megabytes] [seed]');
  const result = await writeCorpus(directory, { targetBytes: Number(megabytes) * 1e6, seed: Number(seed) });
  console.log(JSON.stringify({ directory, ...result }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
