import { Invoice, InvoiceLine } from '../api/billing';
import { Column, DataTable } from '../components/data-table';
import { formatInteger, formatMoney } from '../components/format';

export function InvoiceLines({ invoice }: { invoice: Invoice }) {
  const columns: Column<InvoiceLine>[] = [
    { header: 'Line', cell: (line) => line.description },
    { header: 'Quantity', number: true, cell: (line) => formatInteger(line.quantity) },
    { header: 'Unit price', number: true, cell: (line) => (line.unitPriceMinor === null ? '—' : formatMoney(line.unitPriceMinor, invoice.currency)) },
    { header: 'Amount', number: true, cell: (line) => formatMoney(line.amountMinor, invoice.currency) },
  ];
  return (
    <DataTable
      columns={columns}
      rows={invoice.lines}
      rowKey={(line) => line.position}
      footer={
        <tr>
          <th scope="row" colSpan={3}>
            Total
          </th>
          <td className="number">
            <strong>{formatMoney(invoice.totalMinor, invoice.currency)}</strong>
          </td>
        </tr>
      }
    />
  );
}
