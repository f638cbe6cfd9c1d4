// Longer than most operation files (~280 lines): the shared step of Replace and Adjust — checks of the
// original, exactly-once send, and the wait on the check endpoint that tracking_url names.
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { siblingIsInvalid, validatedForBatch } from '../../shared/batchGate';
import { checkRoundPassed, joinCheckRound } from '../../shared/checkRound';
import { resolveBaseUrl } from '../../shared/environment';
import type { SePayFailure, StatusHints } from '../../shared/errors';
import { toNodeError } from '../../shared/errors';
import { buildCreateInvoiceBody } from '../../shared/invoiceBody';
import { referenceCodeFor } from '../../shared/referenceCode';
import type { WaitSettings } from '../../shared/polling';
import { checkPathOf, findInvoice, isPending, pollJob, waitSettingsOf } from '../../shared/polling';
import { pairWithInput, sendAtMostOnce } from '../../shared/request';
import { CREDENTIAL_TYPE } from '../../shared/transport';
import { checkCode, inputError } from '../../shared/validation';
import { existingInvoiceOutput } from './create';

/*
 * Shared by Replace (hóa đơn thay thế) and Adjust (hóa đơn điều chỉnh): the new invoice is
 * entered exactly as in Create, plus the original's reference code. Before anything is sent the
 * original is looked up and checked; the POST then has Create's exactly-once guarantees.
 */

export type CorrectionKind = 'replace' | 'adjust';

const NOUN: Record<CorrectionKind, string> = { replace: 'replacement', adjust: 'adjustment' };
const VERB: Record<CorrectionKind, string> = { replace: 'replace', adjust: 'adjust' };

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

/** preSend: the create body plus the original's reference code (and whatever `extra` adds), validated. */
export function buildCorrectionRequest(
	kind: CorrectionKind,
	extra: (context: IExecuteSingleFunctions) => IDataObject = () => ({}),
	buildItems?: (context: IExecuteSingleFunctions) => IDataObject[],
) {
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.body = validatedForBatch(this, () => {
			const original = checkCode(this, 'Original Reference Code', this.getNodeParameter('originalReferenceCode', ''));
			const fields = extra(this);
			const body = buildCreateInvoiceBody(this, Date.now(), buildItems);
			// An information adjustment may have no lines; we send none rather than an empty list.
			if (Array.isArray(body.items) && body.items.length === 0) delete body.items;
			if (body.reference_code === original) {
				throw inputError(this, 'Reference Code', `"${original}" is the Original Reference Code`, `The ${NOUN[kind]} is a new invoice and needs its own code, e.g. ${original}-${kind === 'replace' ? 'R1' : 'DC1'}.`);
			}
			// SePay's pages do not say whether a correction can be a draft: it is always issued.
			return { original_invoice_reference_code: original, ...fields, ...body, is_draft: false };
		});
		joinCheckRound(this, requestOptions);
		return requestOptions;
	};
}

/** provider_status values that mean the tax authority (CQT) has not accepted the invoice. */
const NOT_ACCEPTED_PROVIDER_STATUS: Record<string, string> = {
	'1': 'draft',
	'2': 'signing error',
	'3': 'not yet sent to the tax authority',
	'5': 'the tax authority has not answered yet',
	'6': 'not eligible for a tax authority code',
};

/** document_type of adjustment invoices themselves (6 increase … 9 combined). */
const ADJUSTMENT_DOCUMENT_TYPES = [6, 7, 8, 9];

interface OriginalCheck {
	context: IExecuteSingleFunctions;
	kind: CorrectionKind;
	originalReferenceCode: string;
	providerAccountId: string;
	/** Output for our own earlier replacement, when the original turns out replaced by it. */
	earlierAttempt: () => Promise<IDataObject | undefined>;
}

/**
 * Looks the original up (GET /v1/invoices/{code}) and throws a named error for anything SePay
 * would refuse: missing, draft, cancelled, not accepted by the tax authority, another provider
 * account (when the detail shows it), replaced already, or itself an adjustment invoice.
 * Returns output instead when our own earlier run already replaced it.
 */
async function checkOriginal(check: OriginalCheck): Promise<IDataObject | undefined> {
	const { context, kind, originalReferenceCode: code } = check;
	const refuse = (problem: string, fix: string) => inputError(context, 'Original Reference Code', problem, fix);
	const original = await findInvoice(context, code);
	if (!original) {
		throw refuse(`no invoice has the reference code "${code}"`, 'Enter the reference code (mã tham chiếu) of the issued invoice to correct, and check the Environment of the credential.');
	}
	const status = String(original.status ?? '').toLowerCase();
	const documentType = Number(original.document_type);
	if (status === 'draft' || documentType === 1) {
		throw refuse(`"${code}" is a draft (hóa đơn nháp), not an issued invoice`, `Only issued invoices are corrected. Issue the draft with "Issue Draft", or delete it with "Delete Draft" and create it again with the right data.`);
	}
	if (status === 'cancelled' || documentType === 3) {
		throw refuse(`"${code}" is cancelled (đã hủy)`, 'A cancelled invoice cannot be replaced or adjusted. Create a new invoice instead.');
	}
	if (status !== '' && status !== 'issued') {
		throw refuse(`"${code}" has status "${String(original.status)}", not issued`, 'Only issued invoices are corrected. Check it with "Get".');
	}
	const providerStatus = String(original.provider_status ?? '');
	if (NOT_ACCEPTED_PROVIDER_STATUS[providerStatus]) {
		throw refuse(`"${code}" is not accepted by the tax authority yet (provider_status ${providerStatus}: ${NOT_ACCEPTED_PROVIDER_STATUS[providerStatus]})`, 'Wait until the tax authority (CQT) has accepted it (check with "Get"), then run again.');
	}
	// SePay's documented detail has no provider_account_id; compare only when it is there.
	const originalAccount = original.provider_account_id;
	if (originalAccount !== undefined && originalAccount !== null && String(originalAccount) !== check.providerAccountId) {
		throw refuse(`"${code}" belongs to another provider account (${String(originalAccount)})`, 'Choose the Provider Account that issued the original: a correction is issued under the same account.');
	}
	if (documentType === 5) {
		if (kind === 'replace') {
			const earlier = await check.earlierAttempt();
			if (earlier) return earlier;
			throw refuse(`"${code}" was already replaced (document_type 5); an invoice can be replaced only once`, 'Correct its replacement instead: replace or adjust the invoice that replaced it.');
		}
		throw refuse(`"${code}" was replaced (document_type 5) and is no longer valid`, 'Adjust the invoice that replaced it instead.');
	}
	if (ADJUSTMENT_DOCUMENT_TYPES.includes(documentType)) {
		throw refuse(`"${code}" is itself an adjustment invoice (document_type ${documentType})`, `SePay ${VERB[kind]}s new, replacement and adjusted invoices only. Correct the original invoice it adjusts.`);
	}
	return undefined;
}

/**
 * The check endpoint of a correction's tracking code. SePay does not document which one it is:
 * we follow the path of `tracking_url` when that URL is on the credential's base URL (the token
 * must not travel to another host), else use the create check.
 */
async function correctionCheckPath(context: IExecuteSingleFunctions, accepted: IDataObject): Promise<string> {
	const fallback = checkPathOf('create', String(accepted.tracking_code ?? ''));
	if (typeof accepted.tracking_url !== 'string' || accepted.tracking_url === '') return fallback;
	try {
		const url = new URL(accepted.tracking_url);
		const base = new URL(resolveBaseUrl(await context.getCredentials(CREDENTIAL_TYPE)));
		const prefix = base.pathname.replace(/\/+$/, '');
		if (url.origin !== base.origin || !url.pathname.startsWith(`${prefix}/v1/`)) return fallback;
		return url.pathname.slice(prefix.length) + url.search;
	} catch {
		return fallback;
	}
}

/** Failed / still Pending become errors, or with Continue On Fail an item that says so. */
function correctionOutcome(
	context: IExecuteSingleFunctions,
	kind: CorrectionKind,
	check: IDataObject,
	referenceCode: string,
	settings: WaitSettings,
): IDataObject {
	let error: NodeOperationError | undefined;
	if (String(check.status ?? '').toLowerCase() === 'failed') {
		error = new NodeOperationError(context.getNode(), `SePay could not issue the ${NOUN[kind]} invoice: ${String(check.message ?? 'no reason given')}`, {
			itemIndex: context.getItemIndex(),
			description: `Fix what SePay names and run the node again. Before that, check with "Get" and reference code ${referenceCode} that no ${NOUN[kind]} was issued.`,
		});
	} else if (isPending(check)) {
		const waited = Math.round((settings.intervalMs * settings.maxAttempts) / 1000);
		error = new NodeOperationError(context.getNode(), `SePay is still processing the ${NOUN[kind]} (tracking code ${String(check.tracking_code ?? '')}) after ${settings.maxAttempts} checks`, {
			itemIndex: context.getItemIndex(),
			description: `Nothing is lost: check it later with the "Get" operation and reference code ${referenceCode}, or raise Poll Interval / Max Checks (waited about ${waited} s).`,
		});
	}
	if (!error) return check;
	if (context.continueOnFail()) return { ...check, error: error.message, hint: error.description };
	throw error;
}

interface CorrectionSenderOptions {
	hints?: StatusHints;
	/** Turns a refusal nothing else explains into the operation's own error (e.g. a moved endpoint). */
	refusalError?: (context: IExecuteSingleFunctions, failure: SePayFailure) => Error | undefined;
}

/**
 * POST /v1/invoices/replace or the adjustment endpoint, at most one invoice per reference code,
 * as Create: a lost answer is resent with the same body, and a 409 (or, after a lost answer,
 * any refusal while our reference code exists) means our earlier attempt got through.
 */
export function correctionSender(kind: CorrectionKind, senderOptions: CorrectionSenderOptions = {}) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const options = requestData.options;
		if (siblingIsInvalid(this)) {
			await checkRoundPassed(options, false);
			return [];
		}
		const body = options.body as IDataObject;
		const referenceCode = String(body.reference_code);
		const originalReferenceCode = String(body.original_invoice_reference_code);
		const { userSupplied } = referenceCodeFor(this);
		const returnExisting = this.getNodeParameter('ifReferenceCodeExists', 'returnExisting') === 'returnExisting';
		const wait = this.getNodeParameter('waitForResult', true) === true;
		const settings = waitSettingsOf(this);
		const withOriginal = (json: IDataObject): IDataObject => ({
			...json,
			original_reference_code: originalReferenceCode,
			...(kind === 'adjust' ? { adjustment_type: body.adjustment_type } : {}),
		});
		const existing = async () => await existingInvoiceOutput(this, body, wait, settings);

		let earlier: IDataObject | undefined;
		try {
			earlier = await checkOriginal({
				context: this,
				kind,
				originalReferenceCode,
				providerAccountId: String(body.provider_account_id),
				earlierAttempt: async () => {
					if (!(await findInvoice(this, referenceCode))) return undefined;
					if (userSupplied && !returnExisting) {
						throw inputError(this, 'Reference Code', `an invoice "${referenceCode}" exists already and "${originalReferenceCode}" is replaced`, 'Set "If Reference Code Exists" to "Return Existing Invoice" to output it, or check both invoices with "Get".');
					}
					return await existing();
				},
			});
		} catch (error) {
			await checkRoundPassed(options, false);
			throw toNodeError(this.getNode(), error, this.getItemIndex());
		}
		const maySend = await checkRoundPassed(options, true);
		if (earlier) return pairWithInput(this, [{ json: withOriginal(earlier) }]);
		if (!maySend) return [];

		const outcome = await sendAtMostOnce(
			this,
			requestData,
			async (failure, mayHaveBeenAccepted) => {
				const duplicate = failure.httpStatus === 409 || failure.sepayCode === 'EINVOICE_DOCUMENT_EXISTED';
				if (duplicate && (mayHaveBeenAccepted || !userSupplied || returnExisting)) return await existing();
				// A resend after a lost answer may be refused for the original (now corrected by it).
				if (mayHaveBeenAccepted && (await findInvoice(this, referenceCode))) return await existing();
				const own = senderOptions.refusalError?.(this, failure);
				if (own) throw own;
				return undefined;
			},
			senderOptions.hints,
			`The ${NOUN[kind]} may have been issued before the connection failed. Run the node again with the same Reference Code (${referenceCode}): it returns the existing invoice instead of issuing a second one.`,
		);
		if ('resolved' in outcome) return pairWithInput(this, [{ json: withOriginal(outcome.resolved) }]);
		const accepted = outcome.accepted;
		const submitted: IDataObject = {
			reference_code: referenceCode,
			tracking_code: accepted.tracking_code ?? null,
			tracking_url: accepted.tracking_url ?? null,
			message: accepted.message ?? null,
			is_draft: false,
		};
		if (!wait) return pairWithInput(this, [{ json: withOriginal(submitted) }]);
		const path = await correctionCheckPath(this, accepted);
		const check = await pollJob(this, path, String(accepted.tracking_code ?? ''), settings);
		const result = correctionOutcome(this, kind, check, referenceCode, settings);
		return pairWithInput(this, [
			{ json: withOriginal({ ...submitted, ...result, reference_code: (result.reference_code as string | undefined) ?? referenceCode }) },
		]);
	};
}
