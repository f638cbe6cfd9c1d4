import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { assertBatchIsValid, recordInvalidItem } from '../../shared/batchGate';
import { waitFields } from '../../shared/descriptions';
import { describeFailure, isTransientFailure, toNodeApiError } from '../../shared/errors';
import { findInvoice, jobOutcome, pollJob, waitSettingsOf } from '../../shared/polling';
import { pairWithInput, withDefaultTimeout } from '../../shared/request';
import { retryDelayMs, retryPolicyOf, retryStats } from '../../shared/retry';
import { dataOf } from '../../shared/transport';
import { checkCode } from '../../shared/validation';

const show = { resource: ['invoice'], operation: ['issue'] };

export async function buildIssueRequest(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	try {
		requestOptions.body = {
			reference_code: checkCode(this, 'Reference Code', this.getNodeParameter('referenceCode', '')),
		};
	} catch (error) {
		recordInvalidItem(this, (error as Error).message);
		throw new NodeOperationError(this.getNode(), error as Error);
	}
	return requestOptions;
}

/**
 * POST /v1/invoices/issue. Issuing is naturally once-only (an issued invoice cannot be
 * issued again), so a lost answer is resent, and a refusal for an invoice that turns out
 * to be issued already is reported as success with that invoice.
 */
export async function issueDraftExactlyOnce(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	assertBatchIsValid(this);
	withDefaultTimeout(this, requestData);
	const referenceCode = String((requestData.options.body as IDataObject).reference_code);
	const wait = this.getNodeParameter('waitForResult', true) === true;
	const settings = waitSettingsOf(this);
	const policy = retryPolicyOf(this);

	let accepted: IDataObject | undefined;
	for (let retryNumber = 1; !accepted; retryNumber++) {
		try {
			const [response] = await this.makeRoutingRequest(requestData);
			accepted = dataOf(response?.json);
		} catch (error) {
			const failure = describeFailure(error);
			const status = failure.httpStatus;
			if (status !== undefined && [400, 404, 409].includes(status)) {
				const invoice = await findInvoice(this, referenceCode);
				if (invoice && String(invoice.status).toLowerCase() === 'issued') {
					return pairWithInput(this, [
						{
							json: {
								reference_code: referenceCode,
								tracking_code: null,
								status: 'Success',
								message: 'The invoice was already issued',
								already_issued: true,
								invoice,
							},
						},
					]);
				}
			}
			if (!isTransientFailure(failure) || retryNumber > policy.maxRetries) {
				throw toNodeApiError(this.getNode(), failure, this.getItemIndex());
			}
			retryStats.retries++;
			await sleep(retryDelayMs(policy, retryNumber, failure));
		}
	}

	const submitted: IDataObject = {
		reference_code: referenceCode,
		tracking_code: accepted.tracking_code ?? null,
		tracking_url: accepted.tracking_url ?? null,
		message: accepted.message ?? null,
	};
	if (!wait) return pairWithInput(this, [{ json: submitted }]);
	const check = await pollJob(this, 'issue', String(accepted.tracking_code ?? ''), settings);
	return pairWithInput(this, [{ json: { ...submitted, ...jobOutcome(this, 'issue', check, settings) } }]);
}

export const invoiceIssueDescription: INodeProperties[] = [
	{
		displayName: 'Reference Code',
		name: 'referenceCode',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
		description: 'Reference code of the draft invoice to issue (phát hành)',
	},
	{
		displayName: 'Wait for Result',
		name: 'waitForResult',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description: 'Whether to wait until SePay has issued the invoice and output it',
	},
	...waitFields(show),
];
