import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeBlobStoreContract } from './blob-store.contract';
import { LocalDirectoryBlobStore } from './local-directory-blob-store';

describeBlobStoreContract('LocalDirectoryBlobStore', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'blobs-'));
  return { store: new LocalDirectoryBlobStore(root), close: () => rm(root, { recursive: true, force: true }) };
});
