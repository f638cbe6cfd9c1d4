import type { INodeProperties } from 'n8n-workflow';

/** The Reference Code field of the operations addressed by an invoice's code. */
export function referenceCodeField(operations: string[], description: string): INodeProperties {
	return {
		displayName: 'Reference Code',
		name: 'referenceCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'ORDER-1001',
		displayOptions: { show: { resource: ['invoice'], operation: operations } },
		description,
	};
}
