import { directoryArtifactSha256 } from '@llmchain/platform';

/** A model directory whose files are not the ones model.registered announced: truncated, tampered with or swapped. */
export class ModelArtifactIntegrityError extends Error {
  constructor(
    readonly artifactKey: string,
    readonly expectedSha256: string,
    readonly foundSha256: string,
  ) {
    super(
      `the model directory under ${artifactKey} does not match the SHA-256 its registration announced ` +
        `(announced ${expectedSha256}, found ${foundSha256}): a file is missing, truncated or changed, so it is not served; ` +
        `register the model again from an intact upload`,
    );
    this.name = 'ModelArtifactIntegrityError';
  }
}

/** Throws ModelArtifactIntegrityError unless the directory's files digest to the announced artifact SHA-256. */
export async function verifyModelDirectory(dir: string, artifactKey: string, expectedSha256: string): Promise<void> {
  const found = await directoryArtifactSha256(dir);
  if (found !== expectedSha256) throw new ModelArtifactIntegrityError(artifactKey, expectedSha256, found);
}
