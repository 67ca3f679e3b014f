import { ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { SIGNING_SECRET_BOX, SigningSecretBox } from './signing-secret-box';
import { SealedSecrets, WebhookSecretsRepository } from './webhook-secrets.repository';

/** Endpoints read per page while sealing again. */
const PAGE = 200;

/**
 * After WEBHOOK_SECRET_KEY is rotated (the old key moved to WEBHOOK_SECRET_PREVIOUS_KEYS), seals every endpoint's
 * secrets again under the new key: all of them once at boot, and any a delivery opens still under an old key. Each
 * replacement applies only if the row is unchanged since read, so replicas and rotations never undo one another.
 * Once the boot pass logs `0 left`, the previous keys can be removed.
 */
@Injectable()
export class WebhookSecretReseal implements OnApplicationBootstrap {
  constructor(
    private readonly repository: WebhookSecretsRepository,
    @Inject(SIGNING_SECRET_BOX) private readonly box: SigningSecretBox | null,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.box) return;
    void this.resealAll().then(
      ({ resealed, failed }) => this.logger.info({ resealed, left: failed }, `webhook secrets sealed again under the current key: ${resealed} resealed, ${failed} left`),
      (err) => this.logger.error({ err }, 'sealing webhook secrets again failed; the next boot (or their next delivery) retries'),
    );
  }

  /** Every endpoint's secrets under the current key: how many were sealed again, and how many could not be opened. */
  async resealAll(): Promise<{ resealed: number; failed: number }> {
    const totals = { resealed: 0, failed: 0 };
    let after: string | null = null;
    for (;;) {
      const page = await this.repository.page(after, PAGE);
      for (const endpoint of page) {
        const { resealed, failed } = await this.reseal(endpoint);
        totals.resealed += resealed;
        totals.failed += failed;
      }
      if (page.length < PAGE) return totals;
      after = page[page.length - 1].id;
    }
  }

  /** The endpoint's secrets still under an old key, sealed again under the current one. */
  async reseal(endpoint: SealedSecrets): Promise<{ resealed: number; failed: number }> {
    const counts = { resealed: 0, failed: 0 };
    if (!this.box) return counts;
    for (const column of ['secretCiphertext', 'previousSecretCiphertext'] as const) {
      const sealed = endpoint[column];
      if (sealed === null || this.box.isCurrent(sealed)) continue;
      try {
        if (await this.repository.replace(endpoint.id, column, sealed, this.box.seal(this.box.open(sealed, endpoint.id), endpoint.id))) counts.resealed++;
      } catch (err) {
        counts.failed++;
        this.logger.error({ err, endpointId: endpoint.id }, 'a webhook signing secret opens under no configured key');
      }
    }
    return counts;
  }
}
