import { randomUUID } from 'node:crypto';

/** OpenAI-style ids: a prefix and 32 hex digits (file-…, batch_…). */
export const newFileId = () => `file-${randomUUID().replace(/-/g, '')}`;
export const newBatchId = () => `batch_${randomUUID().replace(/-/g, '')}`;

/** Whether a path id can name a file or batch at all: anything else (NUL, slashes, 4 kB) is simply not found. */
export const OPENAI_STYLE_ID = /^[A-Za-z0-9_-]{1,128}$/;
export const isOpenAiStyleId = (id: string) => OPENAI_STYLE_ID.test(id);
