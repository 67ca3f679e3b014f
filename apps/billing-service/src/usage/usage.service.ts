import { BadRequestException, Injectable } from '@nestjs/common';
import { Meter, METERS, noTokens } from '../common/meters';
import { Period, PERIOD_PATTERN, periodOf } from '../common/period';
import { UsageCell, UsageRepository } from './usage.repository';

type MeterTotals = Record<Meter | 'total', bigint>;

const emptyTotals = (): MeterTotals => ({ ...noTokens(), total: 0n });

function add(totals: MeterTotals, cell: UsageCell): void {
  totals[cell.meter as Meter] += cell.tokens;
  totals.total += cell.tokens;
}

/** A tenant's usage billed in one period: totals, by day, by model, and late usage of earlier periods apart. */
@Injectable()
export class UsageService {
  constructor(private readonly repository: UsageRepository) {}

  async report(tenantId: string, requested: string | undefined, now = new Date()) {
    const period: Period = requested ?? periodOf(now);
    if (!PERIOD_PATTERN.test(period)) throw new BadRequestException('period must be a YYYY-MM month');
    const cells = await this.repository.billedIn(tenantId, period);
    const totals = emptyTotals();
    const byDay = new Map<string, MeterTotals>();
    const byModel = new Map<string, MeterTotals>();
    const adjustments: UsageCell[] = [];
    for (const cell of cells) {
      if (!cell.usageDay.startsWith(period)) {
        adjustments.push(cell);
        continue;
      }
      add(totals, cell);
      add(byDay.get(cell.usageDay) ?? byDay.set(cell.usageDay, emptyTotals()).get(cell.usageDay)!, cell);
      add(byModel.get(cell.model) ?? byModel.set(cell.model, emptyTotals()).get(cell.model)!, cell);
    }
    return {
      tenantId,
      period,
      meters: METERS,
      totals,
      byDay: [...byDay].map(([day, t]) => ({ day, ...t })),
      byModel: [...byModel].map(([model, t]) => ({ model, ...t })),
      adjustments,
    };
  }
}
