import type { INodeProperties } from 'n8n-workflow';

/** The fields of one line as the form enters it (form names; rules/invoiceLines maps them to SePay's). */
export function lineValueFields(): INodeProperties[] {
	return [
		{
			displayName: 'Before Discount and Tax Amount',
			name: 'beforeDiscountAndTaxAmount',
			type: 'number',
			default: 0,
			description: 'For a Commercial Discount line: the discount amount',
		},
		{ displayName: 'Discount Amount', name: 'discountAmount', type: 'number', default: 0, description: 'Discount amount of this line (tiền chiết khấu)' },
		{
			displayName: 'Discount Percent',
			name: 'discountPercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100 },
			default: 0,
			description: 'Discount rate of this line in % (tỷ lệ chiết khấu; SePay field discount_tax)',
		},
		{ displayName: 'Item Code', name: 'itemCode', type: 'string', default: '', description: 'Your product code (mã hàng)' },
		{
			displayName: 'Item Name',
			name: 'itemName',
			type: 'string',
			default: '',
			description: 'Name of the goods or service (tên hàng hóa, dịch vụ); for a note line, the note text',
		},
		{
			displayName: 'Line Type',
			name: 'lineType',
			type: 'options',
			options: [
				{ name: 'Goods / Service', value: 1 },
				{ name: 'Promotion (Hàng Khuyến Mại)', value: 2 },
				{ name: 'Commercial Discount (Chiết Khấu Thương Mại)', value: 3 },
				{ name: 'Note (Ghi Chú)', value: 4 },
			],
			default: 1,
			description:
				'Tính chất of the line: a sale, a free promotional item, an order-wide discount, or a note printed on the invoice',
		},
		{
			displayName: 'Quantity',
			name: 'quantity',
			type: 'number',
			typeOptions: { numberPrecision: 2 },
			default: 1,
			description: 'Quantity (số lượng), at most 2 decimals',
		},
		{
			displayName: 'Tax Rate',
			name: 'taxRate',
			type: 'options',
			options: [
				{ name: '0%', value: '0' },
				{ name: '10%', value: '10' },
				{ name: '5%', value: '5' },
				{ name: '8%', value: '8' },
				{ name: 'No Rate (Sales Invoice)', value: 'none', description: 'Send no tax rate; sales invoices need none' },
				{ name: 'Not Declared (KKKNT)', value: '-1', description: 'Not declared, not taxed (không kê khai, tính nộp thuế)' },
				{ name: 'Not Subject to VAT (KCT)', value: '-2', description: 'Not subject to VAT (không chịu thuế)' },
			],
			default: '10',
			description: 'VAT rate (thuế suất GTGT). Required on VAT invoices.',
		},
		{ displayName: 'Unit', name: 'unit', type: 'string', default: '', placeholder: 'cái', description: 'Unit of measure (đơn vị tính), e.g. piece, kg, hour' },
		{ displayName: 'Unit Price', name: 'unitPrice', type: 'number', default: 0, description: 'Unit price before VAT (đơn giá)' },
	];
}

/** Line items (hàng hóa, dịch vụ): a form, or an array mapped from a previous node. */
export function lineItemFields(show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: 'Items Input',
			name: 'itemsInputMode',
			type: 'options',
			options: [
				{ name: 'Form', value: 'form', description: 'Enter each line in the form below' },
				{
					name: 'JSON',
					value: 'json',
					description: 'An array of lines with SePay field names, e.g. from a previous node',
				},
			],
			default: 'form',
			displayOptions: { show },
		},
		{
			displayName: 'Line Items',
			name: 'lineItems',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Line',
			default: {},
			displayOptions: { show: { ...show, itemsInputMode: ['form'] } },
			options: [
				{
					displayName: 'Line',
					name: 'item',
					values: lineValueFields(),
				},
			],
		},
		{
			displayName: 'Items (JSON)',
			name: 'itemsJson',
			type: 'json',
			default: '[\n  {\n    "line_type": 1,\n    "item_name": "Cà phê sữa",\n    "unit": "ly",\n    "quantity": 2,\n    "unit_price": 45000,\n    "tax_rate": 8\n  }\n]',
			displayOptions: { show: { ...show, itemsInputMode: ['json'] } },
			description:
				'Array of lines with SePay field names: line_type, item_name, item_code, unit, quantity, unit_price, tax_rate, discount_tax, discount_amount, before_discount_and_tax_amount. line_number is filled in order.',
		},
	];
}
