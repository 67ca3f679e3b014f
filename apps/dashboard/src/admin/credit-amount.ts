import { formatInteger, formatMoney } from '../components/format';

/** A grant's or a transaction's amount in its unit: tokens, or minor units of the currency it names. */
export const formatCreditAmount = (amount: string, unit: string) => (unit === 'tokens' ? `${formatInteger(amount)} tokens` : formatMoney(amount, unit));
