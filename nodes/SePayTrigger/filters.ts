import { toNumber, type SePayTransaction } from './transaction';

export interface TransactionFilters {
	transferType: 'in' | 'out' | 'both';
	minAmount?: number;
	accountNumbers?: string;
	subAccounts?: string;
	requirePaymentCode?: boolean;
	paymentCodePrefix?: string;
}

/** Comma/space/newline separated list → trimmed non-empty entries. */
function splitList(value: string | undefined): string[] {
	if (typeof value !== 'string') return [];
	return value
		.split(/[,;\s]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** Why the transaction is ignored, or undefined when it passes every filter. */
export function filterOut(
	transaction: SePayTransaction,
	filters: TransactionFilters,
): string | undefined {
	if (filters.transferType !== 'both' && transaction.transferType !== filters.transferType) {
		return `transfer type is "${transaction.transferType}"`;
	}
	const minAmount = toNumber(filters.minAmount);
	if (minAmount !== undefined && minAmount > 0 && transaction.transferAmount < minAmount) {
		return `amount ${transaction.transferAmount} is below ${minAmount}`;
	}
	const accounts = splitList(filters.accountNumbers);
	if (accounts.length > 0 && !accounts.includes((transaction.accountNumber ?? '').trim())) {
		return 'account number is not in the list';
	}
	const subAccounts = splitList(filters.subAccounts).map((entry) => entry.toUpperCase());
	if (
		subAccounts.length > 0 &&
		!subAccounts.includes((transaction.subAccount ?? '').trim().toUpperCase())
	) {
		return 'sub-account (VA) is not in the list';
	}
	if (filters.requirePaymentCode === true && transaction.code === null) {
		return 'no payment code';
	}
	const prefixes = splitList(filters.paymentCodePrefix).map((entry) => entry.toUpperCase());
	if (prefixes.length > 0) {
		const code = (transaction.code ?? '').toUpperCase();
		if (code === '' || !prefixes.some((prefix) => code.startsWith(prefix))) {
			return 'payment code does not start with the prefix';
		}
	}
	return undefined;
}
