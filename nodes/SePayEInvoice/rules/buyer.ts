import type { IDataObject } from 'n8n-workflow';

import { optionalText } from './fieldValues';
import type { ItemInput } from './validation';
import { inputError } from './validation';

type Context = ItemInput;

const BUYER_TYPES = ['personal', 'company'];

/** The buyer object, from Buyer Type, Buyer Name and Buyer Details, validated. */
export function buildBuyer(context: Context): IDataObject {
	const type = context.getNodeParameter('buyerType', 'personal') as string;
	if (!BUYER_TYPES.includes(type)) {
		throw inputError(context, 'Buyer Type', `"${String(type)}" is not one of ${BUYER_TYPES.join(', ')}`, 'Choose Personal or Company.');
	}
	const details = context.getNodeParameter('buyerDetails', {}) as IDataObject;
	const buyer: IDataObject = { type };
	const name = optionalText(context, 'Buyer Name', context.getNodeParameter('buyerName', ''));
	const legalName = optionalText(context, 'Buyer Legal Name', details.legalName);
	if (type === 'company' && !name && !legalName) {
		throw inputError(context, 'Buyer Name', 'is required for a company buyer', 'Enter the company name (or its Legal Name).');
	}
	const fields: Array<[string, string, unknown]> = [
		['name', 'Buyer Name', name],
		['legal_name', 'Buyer Legal Name', legalName],
		['tax_code', 'Buyer Tax Code (MST)', details.taxCode],
		['address', 'Buyer Address', details.address],
		['email', 'Buyer Email', details.email],
		['phone', 'Buyer Phone', details.phone],
		['buyer_code', 'Buyer Code', details.buyerCode],
		['national_id', 'Buyer National ID (CCCD)', details.nationalId],
	];
	for (const [key, label, raw] of fields) {
		const text = optionalText(context, label, raw);
		if (text !== undefined) buyer[key] = text;
	}
	if (buyer.tax_code !== undefined && !/^(\d{10}(-\d{3})?|\d{12})$/.test(String(buyer.tax_code))) {
		throw inputError(context, 'Buyer Tax Code (MST)', `"${String(buyer.tax_code)}" is not a Vietnamese tax code`, 'Use 10 digits, 10 digits-3 digits for a branch (0101234567-001), or a 12-digit personal ID.');
	}
	if (buyer.email !== undefined && !/^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(String(buyer.email))) {
		throw inputError(context, 'Buyer Email', `"${String(buyer.email)}" is not an e-mail address`, 'Enter one address such as ketoan@congty.vn.');
	}
	if (buyer.phone !== undefined && !/^\+?[0-9 ().-]{6,20}$/.test(String(buyer.phone))) {
		throw inputError(context, 'Buyer Phone', `"${String(buyer.phone)}" is not a phone number`, 'Use digits, optionally with + and spaces, e.g. 0901234567.');
	}
	if (buyer.national_id !== undefined && !/^\d{9}(\d{3})?$/.test(String(buyer.national_id))) {
		throw inputError(context, 'Buyer National ID (CCCD)', `"${String(buyer.national_id)}" is not a 9- or 12-digit ID number`, 'Enter the 12-digit CCCD number.');
	}
	return buyer;
}
