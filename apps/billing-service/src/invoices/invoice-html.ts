import { InvoiceWithLines } from './invoices.repository';

/** Minor units as a decimal amount with two places (exact: integer arithmetic on the BigInt). */
export function formatMinor(amount: bigint, currency: string): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const units = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${units}.${(abs % 100n).toString().padStart(2, '0')} ${currency}`;
}

export function invoiceTitle(invoice: Pick<InvoiceWithLines, 'number'>): string {
  return `Invoice INV-${String(invoice.number).padStart(6, '0')}`;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderInvoiceHtml(invoice: InvoiceWithLines): string {
  const rows = invoice.lines
    .map(
      (line) =>
        `<tr><td>${escape(line.description)}</td><td class="n">${line.quantity}</td><td class="n">${line.unitPriceMinor ?? ''}</td><td class="n">${escape(formatMinor(line.amountMinor, invoice.currency))}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(invoiceTitle(invoice))}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:4px 8px;text-align:left}.n{text-align:right}</style>
</head><body>
<h1>${escape(invoiceTitle(invoice))}</h1>
<p>Tenant: ${escape(invoice.tenant.name)} (${escape(invoice.tenantId)})<br>Period: ${escape(invoice.period)}<br>Status: ${escape(invoice.status)}</p>
<table><thead><tr><th>Item</th><th class="n">Quantity</th><th class="n">Unit price (minor units per 1,000)</th><th class="n">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th colspan="3">Total</th><th class="n">${escape(formatMinor(invoice.totalMinor, invoice.currency))}</th></tr></tfoot></table>
</body></html>
`;
}
