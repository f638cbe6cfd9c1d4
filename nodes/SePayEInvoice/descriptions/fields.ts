import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_MAX_POLL_ATTEMPTS,
	DEFAULT_POLL_INTERVAL_SECONDS,
	POLL_ATTEMPT_BOUNDS,
	POLL_INTERVAL_BOUNDS,
} from '../execution/polling';

/** Provider account picker: active accounts from SePay, or an ID / expression. */
export const providerAccountLocator: INodeProperties = {
	displayName: 'Provider Account',
	name: 'providerAccount',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The e-invoice provider account (tài khoản nhà cung cấp hóa đơn) at SePay that issues the invoice',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchProviderAccounts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '0aea3134-da40-11f0-aef4-52c7e9b4f41b',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^[A-Za-z0-9._:-]+$',
						errorMessage: 'A provider account ID holds letters, digits, - . _ : only',
					},
				},
			],
		},
	],
};

/** "Wait" fields shared by create, issue, the corrections and the two status operations. */
export function waitFields(show: Record<string, string[]>, waitSwitch = 'waitForResult'): INodeProperties[] {
	const whenWaiting = { show: { ...show, [waitSwitch]: [true] } };
	return [
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: POLL_INTERVAL_BOUNDS.min, maxValue: POLL_INTERVAL_BOUNDS.max, numberPrecision: 1 },
			default: DEFAULT_POLL_INTERVAL_SECONDS,
			displayOptions: whenWaiting,
			description: 'How long to wait between status checks. SePay recommends 2–5 seconds.',
		},
		{
			displayName: 'Max Checks',
			name: 'maxPollAttempts',
			type: 'number',
			typeOptions: { minValue: POLL_ATTEMPT_BOUNDS.min, maxValue: POLL_ATTEMPT_BOUNDS.max },
			default: DEFAULT_MAX_POLL_ATTEMPTS,
			displayOptions: whenWaiting,
			description:
				'How many status checks at most. If SePay is still processing after that, the node stops with the tracking code so you can check later.',
		},
	];
}

/** Return All / Limit for list operations; paging itself is in execution/lists.ts. */
export function returnAllAndLimit(show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: { show },
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { ...show, returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

/** The currencies SePay takes, as Create and Fields to Change offer them. */
export const CURRENCY_OPTIONS = [
	{ name: 'VND', value: 'VND' },
	{ name: 'USD', value: 'USD' },
	{ name: 'CAD', value: 'CAD' },
];

/**
 * Template & Series: the chosen provider account's templates (listSearch/getTemplates), or
 * `template|series` as an expression. Create's form and Fields to Change differ only in the hint.
 */
export function templateAndSeriesField(hint: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Template & Series Name or ID',
		name: 'templateAndSeries',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getTemplates',
			loadOptionsDependsOn: ['providerAccount.value'],
		},
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint,
		...extra,
	};
}

/** Buyer Type's choices (Create's form, and Fields to Change of a correction). */
export const BUYER_TYPE_OPTIONS = [
	{ name: 'Personal', value: 'personal', description: 'An individual (cá nhân)' },
	{ name: 'Company', value: 'company', description: 'A business or organisation (doanh nghiệp)' },
];

/** Hình thức thanh toán, as Create and Fields to Change offer it. */
export const PAYMENT_METHOD_OPTIONS = [
	{ name: 'Bank Transfer (CK)', value: 'CK' },
	{ name: 'Cash (TM)', value: 'TM' },
	{ name: 'Cash or Bank Transfer (TM/CK)', value: 'TM/CK' },
	{ name: 'Other (KHAC)', value: 'KHAC' },
];
