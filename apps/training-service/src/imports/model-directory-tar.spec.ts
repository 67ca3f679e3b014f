import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { UploadLimits } from './hf-directory-entries';
import { extractModelDirectoryTar } from './model-directory-tar';

type Entry = { name: string; body?: string; type?: tar.Headers['type']; linkname?: string };

function tarOf(entries: Entry[]): Readable {
  const pack = tar.pack();
  for (const { name, body = '', type = 'file', linkname } of entries) {
    if (type === 'file') pack.entry({ name }, body);
    else pack.entry({ name, type, linkname });
  }
  pack.finalize();
  return pack as unknown as Readable;
}

const limits: UploadLimits = { maxWeightsFileBytes: 1000, maxTextFileBytes: 100, maxTotalBytes: 1500, maxEntries: 10 };

describe('extractModelDirectoryTar', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'model-tar-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const out = () => path.join(dir, 'out');

  it('writes the files of one top-level folder flat, skipping documentation, and names the folder', async () => {
    const source = tarOf([
      { name: 'qwen-tiny/', type: 'directory' },
      { name: 'qwen-tiny/config.json', body: '{"a":1}' },
      { name: 'qwen-tiny/model.safetensors', body: 'x'.repeat(900) },
      { name: 'qwen-tiny/README.md', body: 'docs' },
    ]);
    const extracted = await extractModelDirectoryTar(source, out(), limits);
    expect(extracted).toEqual({ folderName: 'qwen-tiny', files: [{ path: 'config.json', bytes: 7 }, { path: 'model.safetensors', bytes: 900 }] });
    expect(readdirSync(out()).sort()).toEqual(['config.json', 'model.safetensors']);
    expect(readFileSync(path.join(out(), 'config.json'), 'utf8')).toBe('{"a":1}');
  });

  it.each<[string, Entry[], RegExp]>([
    ['a path climbing out', [{ name: '../config.json', body: '{}' }], /climbs out/],
    ['an absolute path', [{ name: '/etc/config.json', body: '{}' }], /absolute path/],
    ['a symbolic link', [{ name: 'config.json', type: 'symlink', linkname: '/etc/passwd' }], /symlink.*only plain files/],
    ['a hard link', [{ name: 'tokenizer.json', type: 'link', linkname: 'config.json' }], /link.*only plain files/],
    ['a file no HF directory has', [{ name: 'run.sh', body: 'rm -rf /' }], /run\.sh is not a file of a Hugging Face model directory/],
    ['pickled weights', [{ name: 'pytorch_model.bin', body: 'x' }], /only safetensors weights/],
    ['a nested file', [{ name: 'a/b/config.json', body: '{}' }], /not a file at the top/],
    ['two folders', [{ name: 'a/config.json', body: '{}' }, { name: 'b/tokenizer.json', body: '{}' }], /outside the archive's one model directory "a"/],
    ['a text file over its cap', [{ name: 'config.json', body: 'x'.repeat(101) }], /config\.json is 101 bytes, more than the 100 allowed/],
    ['files over the total', [{ name: 'model-00001-of-00002.safetensors', body: 'x'.repeat(1000) }, { name: 'model-00002-of-00002.safetensors', body: 'x'.repeat(1000) }], /larger than the 1500 bytes allowed/],
    ['a file twice', [{ name: 'config.json', body: '{}' }, { name: './config.json', body: '{}' }], /appears twice/],
  ])('refuses %s, naming it', async (_what, entries, message) => {
    await expect(extractModelDirectoryTar(tarOf(entries), out(), limits)).rejects.toThrow(message);
  });

  it('refuses bytes that are not a tar archive', async () => {
    await expect(extractModelDirectoryTar(Readable.from([Buffer.alloc(1024, 7)]), out(), limits)).rejects.toThrow(/not a readable tar archive/);
  });
});
