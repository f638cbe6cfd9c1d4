import type { IDataObject, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { buildLineItem, buildLineItems, rawLineItems } from '../../rules/invoiceLines';
import type { ItemInput } from '../../rules/validation';
import { inputError } from '../../rules/validation';
import { correctionOperation } from './correction';
import { fieldsToChangeField, originalReferenceCodeField, startFromField, startsFromOriginal } from './correctionFields';

/*
 * Invoice → Adjust (hóa đơn điều chỉnh): records only the difference, or corrected information;
 * the original stays valid and becomes "adjusted" (document_type 10). An invoice can be adjusted
 * many times.
 *
 * UNCONFIRMED: SePay's pages do not show the endpoint's path. By analogy with replace it is
 * POST /v1/invoices/adjust; a 404/405 there becomes an error that says it may have moved.
 *
 * Sign convention: lines carry positive amounts, also for a decrease. The Adjustment Type already
 * says the direction (a minus sign would say it twice, and could contradict it); SePay's line
 * schema rejects negative prices and amounts; and SePay's own example states the difference as
 * a positive amount (10,000,000 → 11,000,000 is an increase of 1,000,000).
 */

export const ADJUST_PATH = '/v1/invoices/adjust';

export const ADJUSTMENT_TYPES = ['increase', 'decrease', 'combined', 'info'];

const AMOUNT_FIELDS = ['unit_price', 'discount_amount', 'before_discount_and_tax_amount'];

function adjustmentTypeOf(context: ItemInput): string {
	const type = String(context.getNodeParameter('adjustmentType', 'increase'));
	if (!ADJUSTMENT_TYPES.includes(type)) {
		throw inputError(context, 'Adjustment Type', `"${type}" is not one of ${ADJUSTMENT_TYPES.join(', ')}`, 'Choose Increase, Decrease, Combined or Information.');
	}
	return type;
}

/** An information adjustment changes no amounts: its lines (if any) carry none. */
function informationLines(context: ItemInput): IDataObject[] {
	return rawLineItems(context).map(({ source, fields }, index) => {
		const item = buildLineItem(context, source, fields, index + 1);
		for (const key of AMOUNT_FIELDS) {
			if (item[key] !== undefined && item[key] !== 0) {
				throw inputError(context, `${source} → ${key}`, `is ${String(item[key])}, but an information adjustment (điều chỉnh thông tin) changes no amounts`, 'Set it to 0, or choose Adjustment Type Increase, Decrease or Combined.');
			}
		}
		return item;
	});
}

/** Increase, decrease and combined adjustments list the difference: at least one amount. */
function differenceLines(context: ItemInput): IDataObject[] {
	const items = buildLineItems(context);
	const type = String(context.getNodeParameter('adjustmentType', 'increase'));
	if (!items.some((item) => AMOUNT_FIELDS.some((key) => (item[key] as number | undefined ?? 0) > 0))) {
		throw inputError(context, 'Line Items', `carry no amount, but an ${type} adjustment lists the difference`, 'Enter the difference as a positive amount, e.g. original 10,000,000 and correct 11,000,000: one line of 1,000,000 (Increase). Use Information to correct text only.');
	}
	return items;
}

function adjustmentLines(context: ItemInput): IDataObject[] {
	return adjustmentTypeOf(context) === 'info' ? informationLines(context) : differenceLines(context);
}


const MOVED_HINT = `SePay has not published the path of its adjustment endpoint; this node uses POST ${ADJUST_PATH}. Nothing was issued. Check SePay's developer docs (xuất hóa đơn điều chỉnh) and update this node, or tell its maintainers.`;

/** An information adjustment can start from the original; one by difference lists only the difference. */
const informationShow = { resource: ['invoice'], operation: ['adjust'], adjustmentType: ['info'] };

export const adjustInvoice = correctionOperation('adjust', ADJUST_PATH, {
	extra: (item) => ({ adjustment_type: adjustmentTypeOf(item) }),
	fromOriginal: (item) => adjustmentTypeOf(item) === 'info' && startsFromOriginal(item),
	buildItems: adjustmentLines,
	hints: {
		400: 'SePay refused the adjustment. Check the original with "Get": it must be issued and accepted by the tax authority, under this Provider Account, and not replaced or cancelled.',
	},
	// The original was found just before, so a 404/405 here is about the endpoint itself.
	refusalError: (context, failure) => {
		if (failure.httpStatus !== 404 && failure.httpStatus !== 405) return undefined;
		const said = failure.sepayCode ? ` (SePay: ${failure.sepayCode}${failure.sepayMessage ? ` – ${failure.sepayMessage}` : ''})` : '';
		const message = `The adjustment endpoint POST ${ADJUST_PATH} answered HTTP ${failure.httpStatus}${said}: it may have moved`;
		return new NodeApiError(context.getNode(), { message } as JsonObject, {
			message,
			description: MOVED_HINT,
			httpCode: String(failure.httpStatus),
			itemIndex: context.itemIndex,
		});
	},
});

export const invoiceAdjustDescription: INodeProperties[] = [
	originalReferenceCodeField(
		'adjust',
		'Reference code (mã tham chiếu) of the issued invoice to adjust. An increase or decrease is entered as in Create, its lines carrying only the difference.',
	),
	{
		displayName: 'Adjustment Type',
		name: 'adjustmentType',
		type: 'options',
		options: [
			{
				name: 'Combined (Tăng/Giảm)',
				value: 'combined',
				description: 'Increase and decrease on one invoice. How SePay tells the two kinds of line apart is not documented; prefer one Increase and one Decrease.',
			},
			{
				name: 'Decrease (Giảm)',
				value: 'decrease',
				description: 'Lower the amount: lines hold the decrease as positive amounts',
			},
			{
				name: 'Increase (Tăng)',
				value: 'increase',
				description: 'Raise the amount: lines hold the increase, e.g. 1,000,000 when 10,000,000 should have been 11,000,000',
			},
			{
				name: 'Information (Thông Tin)',
				value: 'info',
				description: 'Correct text only (buyer name, address, item name); no amounts, lines optional',
			},
		],
		default: 'increase',
		displayOptions: { show: { resource: ['invoice'], operation: ['adjust'] } },
		description: 'Kind of adjustment (loại điều chỉnh: tăng / giảm / thông tin). Amounts are always entered as positive numbers; this type gives the direction.',
	},
	startFromField(informationShow, 'information adjustment'),
	fieldsToChangeField({ ...informationShow, startFrom: ['original'] }),
];
