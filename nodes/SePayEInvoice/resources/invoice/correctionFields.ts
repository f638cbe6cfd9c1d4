// The fields Replace and Adjust add to Create's: the original's code, Start From and Fields to Change.
import type { INodeProperties } from 'n8n-workflow';

import { BUYER_TYPE_OPTIONS, CURRENCY_OPTIONS, PAYMENT_METHOD_OPTIONS, templateAndSeriesField } from '../../descriptions/fields';
import type { ItemInput } from '../../rules/validation';
import type { CorrectionKind } from './correction';
import { lineValueFields } from './lineItems';

export function originalReferenceCodeField(operation: CorrectionKind, description: string): INodeProperties {
	return {
		displayName: 'Original Reference Code',
		name: 'originalReferenceCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'ORDER-1001',
		displayOptions: { show: { resource: ['invoice'], operation: [operation] } },
		description,
	};
}

/** Start From (replace; adjust when the Adjustment Type is Information). */
export function startFromField(show: Record<string, string[]>, noun: string): INodeProperties {
	return {
		displayName: 'Start From',
		name: 'startFrom',
		type: 'options',
		options: [
			{
				name: 'Original Invoice',
				value: 'original',
				description: "Copy the original's buyer, lines, currency, payment method, template and series; set only what is wrong under Fields to Change",
			},
			{
				name: 'New Content',
				value: 'newContent',
				description: `Enter the whole ${noun} yourself, as in Create`,
			},
		],
		default: 'original',
		displayOptions: { show },
		description: `What the ${noun} (nội dung hóa đơn) is made from`,
		hint: 'Original Invoice: the node reads the original from SePay and copies it, so you change only the wrong fields and no line is forgotten. The output lists every change under "changes".',
	};
}

/** A buyer or invoice field of Fields to Change. */
function changeOption(displayName: string, name: string, description: string, hint: string, placeholder?: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', description, hint, ...(placeholder ? { placeholder } : {}) };
}

/** Fields to Change: what differs from the original; everything else is copied from it. */
export function fieldsToChangeField(show: Record<string, string[]>): INodeProperties {
	const emptyRemoves = 'Left empty, it is removed from the invoice.';
	return {
		displayName: 'Fields to Change',
		name: 'fieldsToChange',
		type: 'collection',
		placeholder: 'Add Field to Change',
		default: {},
		displayOptions: { show },
		description: 'Only what is wrong on the original (thông tin sai); everything else is copied from it',
		hint: 'Add only the fields that are wrong, with their correct values. The issue date is now unless you set one.',
		options: [
			{
				displayName: 'Add Lines',
				name: 'addLines',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Line',
				default: {},
				description: 'New lines (dòng hàng hóa mới) after the original lines; not in an information adjustment',
				hint: 'Each line is entered as in Create and numbered after the original lines',
				options: [{ displayName: 'Line', name: 'line', values: lineValueFields() }],
			},
			changeOption('Buyer Address', 'address', 'Address of the buyer (địa chỉ)', emptyRemoves),
			changeOption('Buyer Code', 'buyerCode', 'Your customer code (mã khách hàng)', emptyRemoves),
			changeOption('Buyer Email', 'email', 'Where the invoice is sent (email)', emptyRemoves, 'name@email.com'),
			changeOption('Buyer Legal Name', 'legalName', 'Registered legal name of a company (tên đơn vị)', emptyRemoves),
			changeOption('Buyer Name', 'buyerName', 'Name of the buyer or company (tên người mua)', 'A company buyer needs a name or legal name.'),
			changeOption('Buyer National ID (CCCD)', 'nationalId', 'Citizen ID number (căn cước công dân), 12 digits', emptyRemoves),
			changeOption('Buyer Phone', 'phone', 'Phone number of the buyer (số điện thoại)', emptyRemoves),
			changeOption('Buyer Tax Code (MST)', 'taxCode', 'Tax code of the buyer (mã số thuế): 10 digits, or 10-3 for a branch', emptyRemoves, '0101234567'),
			{
				displayName: 'Buyer Type',
				name: 'buyerType',
				type: 'options',
				options: BUYER_TYPE_OPTIONS,
				default: 'company',
				description: 'Whether the buyer is a person or a company (loại người mua)',
				hint: "Needed only when it was wrong, or when SePay's detail of the original does not show it",
			},
			{
				displayName: 'Change Lines',
				name: 'changeLines',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Change a Line',
				default: {},
				description: 'Correct original lines (sửa dòng hàng hóa) by their number; an information adjustment corrects only item name, code and unit',
				hint: 'Give the line number printed on the original and only the values that change; the rest of the line is kept.',
				options: [
					{
						displayName: 'Line',
						name: 'line',
						values: [
							{
								displayName: 'Line Number',
								name: 'lineNumber',
								type: 'number',
								typeOptions: { minValue: 1 },
								default: 1,
								description: 'Number of the line on the original (số thứ tự dòng)',
								hint: 'The first line is 1',
							},
							{
								displayName: 'New Values',
								name: 'values',
								type: 'collection',
								placeholder: 'Add Value',
								default: {},
								description: 'The correct values of this line (giá trị đúng)',
								hint: 'Only the values you add change',
								options: lineValueFields(),
							},
						],
					},
				],
			},
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'options',
				options: CURRENCY_OPTIONS,
				default: 'VND',
				description: 'Currency of the invoice (đơn vị tiền tệ)',
				hint: "Needed only when it was wrong, or when SePay's detail of the original does not show it",
			},
			changeOption('Issue Date', 'issuedDate', 'Date of the correction (ngày hóa đơn), Vietnam time unless a zone is given', 'Not set: now. Must not be in the future.', '2026-11-25 09:30:00'),
			changeOption('Notes', 'notes', 'Invoice note (ghi chú)', emptyRemoves),
			{
				displayName: 'Payment Method',
				name: 'paymentMethod',
				type: 'options',
				options: PAYMENT_METHOD_OPTIONS,
				default: 'TM/CK',
				description: 'Payment method printed on the invoice (hình thức thanh toán)',
				hint: 'Needed only when it was wrong',
			},
			{
				displayName: 'Remove Lines',
				name: 'removeLines',
				type: 'string',
				default: '',
				placeholder: '2, 4',
				description: 'Numbers of the original lines to leave out (bỏ dòng), separated by commas; not in an information adjustment',
				hint: 'Use the line numbers printed on the original. The lines after a removed one move up.',
			},
			templateAndSeriesField(
				"Template (mẫu số) and series (ký hiệu) of the correction, e.g. a new year's series, or when SePay's detail does not show the original's. As an expression: 1|C26TAA.",
			),
		],
	};
}

/** Start From: the original invoice (the default) or the whole new content as in Create. */
export function startsFromOriginal(item: ItemInput): boolean {
	return item.getNodeParameter('startFrom', 'original') !== 'newContent';
}
