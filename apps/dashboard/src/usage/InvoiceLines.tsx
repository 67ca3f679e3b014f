import { Invoice } from '../api/billing';
import { formatInteger, formatMoney } from '../components/format';

export function InvoiceLines({ invoice }: { invoice: Invoice }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col" className="number">
            Quantity
          </th>
          <th scope="col" className="number">
            Unit price
          </th>
          <th scope="col" className="number">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {invoice.lines.map((line) => (
          <tr key={line.position}>
            <td>{line.description}</td>
            <td className="number">{formatInteger(line.quantity)}</td>
            <td className="number">{line.unitPriceMinor === null ? '—' : formatMoney(line.unitPriceMinor, invoice.currency)}</td>
            <td className="number">{formatMoney(line.amountMinor, invoice.currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            Total
          </th>
          <td className="number">
            <strong>{formatMoney(invoice.totalMinor, invoice.currency)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
