import { existsSync, realpathSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { CorruptModelError } from '../../errors';
import { UnavailableExecutionProviderError } from '../errors';
import { availableExecutionProviders, resolveExecutionProvider } from '../execution-providers';
import { DEFAULT_INTRA_OP_THREADS } from './load-options';

/** Messages onnxruntime gives when a provider, rather than the model, is what failed. */
const PROVIDER_FAILURE = /provider|backend|adapter|device|gpu|cuda|webgpu/i;

function createSession(file: string, provider: string, ortName: string, threads: number): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(file, {
    executionProviders: [ortName],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    logSeverityLevel: 3,
  }).catch((error: Error) => {
    if (ortName !== 'cpu' && PROVIDER_FAILURE.test(error.message)) {
      throw new UnavailableExecutionProviderError(provider, availableExecutionProviders(), error.message);
    }
    throw new CorruptModelError(file, error.message);
  });
}

/**
 * One onnxruntime session per model file, provider and thread count per process: sessions hold the weights and
 * their optimized kernels, so creating a second one would double memory and start-up time.
 * Caches the pending promise, so concurrent first callers share one creation; a failed one is forgotten.
 */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();

  get(file: string, provider = 'cpu', threads = DEFAULT_INTRA_OP_THREADS): Promise<ort.InferenceSession> {
    const ortName = resolveExecutionProvider(provider);
    if (!existsSync(file)) throw new CorruptModelError(file, 'the file does not exist');
    const key = `${realpathSync(file)}\u0000${ortName}\u0000${threads}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = createSession(file, provider, ortName, threads);
      session.catch(() => this.sessions.delete(key));
      this.sessions.set(key, session);
    }
    return session;
  }

  /** Releases every session (tests, shutdown). */
  async clear(): Promise<void> {
    const pending = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of pending) await session.then((s) => s.release()).catch(() => undefined);
  }
}

/** The process-wide cache every InferenceModel.load goes through. */
export const sessionCache = new SessionCache();
