// Longer than most operation files (~260 lines): Download's fallback from SePay's download endpoint to
// the portal links needs its lookups (by reference or tracking code) and the portal fetch in one place.
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemContext } from '../../execution/itemRunner';
import { itemOperation } from '../../execution/itemRunner';
import { findInvoice } from '../../execution/polling';
import { checkCode, inputError } from '../../rules/validation';
import { isCancelled } from '../../transport/cancellation';
import { describeFailure, failureOfAnswer, SePayRequestError, toNodeApiError, toNodeError } from '../../transport/errors';
import { withRetries } from '../../transport/retry';
import { dataOf, encodeSegment, sepayApiRequest } from '../../transport/transport';

const show = { resource: ['invoice'], operation: ['download'] };
const MIME_TYPES: Record<string, string> = { pdf: 'application/pdf', xml: 'application/xml' };
const CODE_FIELD = 'Reference or Tracking Code';

/** SePay answers 400 for a draft: only issued invoices have files. */
const DOWNLOAD_HINTS = {
	400: 'Only issued invoices have a PDF/XML. Check the invoice with Get: a draft must be issued first (Issue Draft).',
	404: 'No invoice has this reference code or tracking code in this SePay environment. Check the code and the Environment.',
};

interface DownloadPlan {
	code: string;
	format: string;
	property: string;
}

function checkDownload(item: ItemContext): DownloadPlan {
	const code = checkCode(item, CODE_FIELD, item.getNodeParameter('referenceCode', ''));
	const format = String(item.getNodeParameter('fileFormat', 'pdf'));
	if (!MIME_TYPES[format]) {
		throw inputError(item, 'File Format', `"${format}" is not pdf or xml`, 'Choose PDF or XML.');
	}
	const property = String(item.getNodeParameter('binaryPropertyName', 'data')).trim();
	if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(property)) {
		throw inputError(item, 'Put Output File in Field', `"${property}" is not a valid field name`, 'Use letters, digits and _ such as data or invoicePdf.');
	}
	return { code, format, property };
}

/**
 * GET /v1/invoices/{code}/download?type=pdf|xml, whichever identifier SePay wants. Its docs
 * disagree whether the path takes the tracking code or the reference code, so on a 404 we find
 * the invoice (by reference code, else by tracking code through the status checks) and fetch
 * the file from its portal link (pdf_url / xml_url).
 */
export const downloadInvoice = itemOperation({
	check: checkDownload,
	async send(item, plan) {
		let notFound: Error;
		try {
			const body = await sepayApiRequest(item.connection, 'GET', `/v1/invoices/${encodeSegment(plan.code)}/download`, { type: plan.format });
			return [await toOutputItem(item, plan, fileOfAnswer(item, plan, body))];
		} catch (error) {
			notFound = toNodeError(item.getNode(), error, item.itemIndex, DOWNLOAD_HINTS);
			if (describeFailure(error).httpStatus !== 404) throw notFound;
		}
		const invoice = await invoiceForCode(item, plan.code);
		if (!invoice) throw notFound;
		return [await toOutputItem(item, plan, await fileFromPortalLink(item, plan, invoice))];
	},
	hints: DOWNLOAD_HINTS,
});

interface DownloadedFile {
	buffer: Buffer;
	fileName: string;
	format: string;
	referenceCode: string;
	source: 'download' | 'pdf_url' | 'xml_url';
}

async function toOutputItem(item: ItemContext, plan: DownloadPlan, file: DownloadedFile): Promise<INodeExecutionData> {
	const binary = await item.helpers.prepareBinaryData(
		file.buffer,
		file.fileName,
		MIME_TYPES[file.format] ?? 'application/octet-stream',
	);
	return {
		json: {
			code: plan.code,
			reference_code: file.referenceCode,
			file_name: file.fileName,
			file_type: file.format,
			file_size: file.buffer.length,
			source: file.source,
		},
		binary: { [plan.property]: binary },
	};
}

/** SePay returns the file base64-encoded inside JSON; n8n wants it as a binary property. */
function fileOfAnswer(item: ItemContext, plan: DownloadPlan, body: unknown): DownloadedFile {
	const data = dataOf(body);
	const format = String(data.file_type ?? plan.format).toLowerCase();
	const content = typeof data.content === 'string' ? data.content.replace(/\s+/g, '') : '';
	if (!content || !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) {
		throw new NodeOperationError(item.getNode(), 'SePay returned no file content', {
			itemIndex: item.itemIndex,
			description: 'Only issued invoices have a PDF/XML. Check the invoice status with Get.',
		});
	}
	// The download endpoint does not say which kind of code it was given; we report the one used.
	const fileName =
		typeof data.file_name === 'string' && data.file_name.trim() !== '' ? data.file_name.trim() : `${plan.code}.${format}`;
	return { buffer: Buffer.from(content, 'base64'), fileName, format, referenceCode: plan.code, source: 'download' };
}

/** The invoice for a reference code, or for a tracking code of its create or issue request. */
async function invoiceForCode(context: ItemContext, code: string): Promise<IDataObject | undefined> {
	const byReference = await findInvoice(context, code);
	if (byReference) return byReference;
	for (const kind of ['issue', 'create']) {
		let check: IDataObject;
		try {
			check = dataOf(await sepayApiRequest(context.connection, 'GET', `/v1/invoices/${kind}/check/${encodeSegment(code)}`));
		} catch (error) {
			const failure = describeFailure(error);
			if (failure.httpStatus === 404) continue;
			throw toNodeApiError(context.getNode(), { ...failure, final: true }, context.itemIndex);
		}
		const referenceCode = typeof check.reference_code === 'string' ? check.reference_code : '';
		const invoice = referenceCode ? await findInvoice(context, referenceCode) : undefined;
		const summary = check.invoice !== null && typeof check.invoice === 'object' ? (check.invoice as IDataObject) : undefined;
		if (invoice ?? summary) return { reference_code: referenceCode, ...(invoice ?? summary) };
	}
	return undefined;
}

function headerOf(headers: unknown, name: string): string {
	const value = (headers as Record<string, unknown> | undefined)?.[name];
	return Array.isArray(value) ? String(value[0] ?? '') : String(value ?? '');
}

function looksLike(format: string, buffer: Buffer): boolean {
	const start = buffer.subarray(0, 64).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
	return format === 'pdf' ? start.startsWith('%PDF') : start.startsWith('<');
}

/**
 * GET the invoice's portal link. The link points to the invoice provider's portal, not to
 * SePay: it is fetched without credentials, so our token never goes to another host.
 */
async function fileFromPortalLink(context: ItemContext, plan: DownloadPlan, invoice: IDataObject): Promise<DownloadedFile> {
	const { format } = plan;
	const source = format === 'pdf' ? 'pdf_url' : 'xml_url';
	const referenceCode = String(invoice.reference_code ?? '');
	const link = typeof invoice[source] === 'string' ? (invoice[source] as string).trim() : '';
	const fail = (problem: string, fix: string) =>
		new NodeOperationError(context.getNode(), `Could not download the ${format.toUpperCase()} of invoice ${referenceCode}: ${problem}`, {
			itemIndex: context.itemIndex,
			description: fix,
		});
	if (String(invoice.status ?? '').toLowerCase() === 'draft') {
		throw fail('it is a draft', DOWNLOAD_HINTS[400]);
	}
	if (!/^https?:\/\//i.test(link)) {
		throw fail(`SePay's download answered 404 and the invoice has no ${source}`, 'SePay may not have the file yet. Try again later, or check the invoice with Get.');
	}
	let response: { body: unknown; headers: unknown };
	try {
		const { signal, settings } = context.connection;
		response = await withRetries(signal, settings.retry, async () => await fetchPortalFile(context, link));
	} catch (error) {
		const status = describeFailure(error).httpStatus;
		throw fail(
			`the invoice's ${source} answered ${status ? `HTTP ${status}` : 'with a network error'}`,
			`The file comes from the invoice provider's portal (${new URL(link).host}). Try again later, or open the link from Get in a browser.`,
		);
	}
	const buffer = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body as ArrayBuffer);
	if (!looksLike(format, buffer)) {
		throw fail(`the invoice's ${source} did not return a ${format.toUpperCase()} file`, "The provider's portal may want a login. Open the link from Get in a browser.");
	}
	const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(headerOf(response.headers, 'content-disposition'))?.[1]?.trim();
	return { buffer, fileName: named || `${referenceCode}.${format}`, format, referenceCode, source };
}

/** One GET of a portal link, answered like our transport answers: any status, or SePayRequestError. */
async function fetchPortalFile(context: ItemContext, link: string): Promise<{ body: unknown; headers: unknown }> {
	let response: { statusCode?: number; body: unknown; headers: Record<string, unknown> } | undefined;
	try {
		response = (await context.helpers.httpRequest({
			method: 'GET',
			url: link,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: false,
			timeout: context.connection.settings.timeoutMs,
		})) as { statusCode?: number; body: unknown; headers: Record<string, unknown> };
	} catch {
		response = undefined;
	}
	if (!response) {
		throw new SePayRequestError(isCancelled(context.connection.signal) ? { cancelled: true } : { noAnswer: true });
	}
	const status = Number(response.statusCode);
	if (status >= 400) throw new SePayRequestError(failureOfAnswer(status, undefined, response.headers ?? {}));
	return response;
}

export const invoiceDownloadDescription: INodeProperties[] = [
	{
		displayName: 'Reference or Tracking Code',
		name: 'referenceCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'ORDER-1001',
		displayOptions: { show },
		description:
			'Reference code of the invoice (mã tham chiếu), or the tracking code its Create or Issue Draft returned. Either works: when SePay does not find the file by this code, the node fetches it from the invoice\'s PDF/XML link.',
	},
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
