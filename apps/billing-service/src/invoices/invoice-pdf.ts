import PDFDocument from 'pdfkit';
import { formatMinor, invoiceTitle } from './invoice-html';
import { InvoiceWithLines } from './invoices.repository';

/** The same content as the HTML rendering, as a PDF (pdfkit's built-in Helvetica, no font files needed). */
export function renderInvoicePdf(invoice: InvoiceWithLines): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: invoiceTitle(invoice) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(invoiceTitle(invoice));
    doc.moveDown().fontSize(10).text(`Tenant: ${invoice.tenant.name} (${invoice.tenantId})`).text(`Period: ${invoice.period}`).text(`Status: ${invoice.status}`);
    doc.moveDown();
    for (const line of invoice.lines) {
      const price = line.unitPriceMinor === null ? '' : ` @ ${line.unitPriceMinor}/1,000`;
      doc.text(`${line.description}`, { continued: false });
      doc.text(`    ${line.quantity}${price}    ${formatMinor(line.amountMinor, invoice.currency)}`, { align: 'right' });
    }
    doc.moveDown().fontSize(12).text(`Total: ${formatMinor(invoice.totalMinor, invoice.currency)}`, { align: 'right' });
    doc.end();
  });
}
