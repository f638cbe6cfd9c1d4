import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dataOf } from '../../shared/transport';
import { inputError } from '../../shared/validation';

const show = { resource: ['invoice'], operation: ['download'] };
const MIME_TYPES: Record<string, string> = { pdf: 'application/pdf', xml: 'application/xml' };

/** SePay answers 400 for a draft: only issued invoices have files. */
export const DOWNLOAD_HINTS = {
	400: 'Only issued invoices have a PDF/XML. Check the invoice with Get: a draft must be issued first (Issue Draft).',
	404: 'No invoice has this reference code in this SePay environment. Check the code and the Environment.',
};

export async function downloadQuery(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const format = String(this.getNodeParameter('fileFormat', 'pdf'));
	if (!MIME_TYPES[format]) {
		throw inputError(this, 'File Format', `"${format}" is not pdf or xml`, 'Choose PDF or XML.');
	}
	const property = String(this.getNodeParameter('binaryPropertyName', 'data')).trim();
	if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(property)) {
		throw inputError(this, 'Put Output File in Field', `"${property}" is not a valid field name`, 'Use letters, digits and _ such as data or invoicePdf.');
	}
	requestOptions.qs = { ...requestOptions.qs, type: format };
	return requestOptions;
}

/** SePay returns the file base64-encoded inside JSON; n8n wants it as a binary property. */
export async function toBinaryFile(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[]
): Promise<INodeExecutionData[]> {
	const data = dataOf(items[0]?.json);
	const format = String(data.file_type ?? this.getNodeParameter('fileFormat', 'pdf')).toLowerCase();
	const content = typeof data.content === 'string' ? data.content.replace(/\s+/g, '') : '';
	if (!content || !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) {
		throw new NodeOperationError(this.getNode(), 'SePay returned no file content', {
			itemIndex: this.getItemIndex(),
			description: 'Only issued invoices have a PDF/XML. Check the invoice status with Get.',
		});
	}
	const referenceCode = String(this.getNodeParameter('referenceCode', '')).trim();
	const fileName =
		typeof data.file_name === 'string' && data.file_name.trim() !== ''
			? data.file_name.trim()
			: `${referenceCode}.${format}`;
	const buffer = Buffer.from(content, 'base64');
	const property = String(this.getNodeParameter('binaryPropertyName', 'data')).trim();
	const binary = await this.helpers.prepareBinaryData(
		buffer,
		fileName,
		MIME_TYPES[format] ?? 'application/octet-stream',
	);
	return [
		{
			json: { reference_code: referenceCode, file_name: fileName, file_type: format, file_size: buffer.length },
			binary: { [property]: binary },
		},
	];
}

export const invoiceDownloadDescription: INodeProperties[] = [
	{
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		options: [
			{ name: 'PDF', value: 'pdf' },
			{ name: 'XML', value: 'xml', description: 'The signed XML sent to the tax authority' },
		],
		default: 'pdf',
		displayOptions: { show },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show },
		hint: 'The name of the output binary field to put the file in',
	},
];
