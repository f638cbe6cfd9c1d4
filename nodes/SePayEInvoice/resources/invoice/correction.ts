// Longer than most operation files (~300 lines): the shared step of Replace and Adjust — the body from
// the original or the form, checks of the original, exactly-once send, and the wait on the check endpoint
// that tracking_url names.
import type { IDataObject } from 'n8n-workflow';

import type { ItemContext } from '../../execution/itemRunner';
import { itemFailure, itemOperation, withOutput } from '../../execution/itemRunner';
import { checkPathOf, findInvoice, isPending, pollJob, submittedOutput } from '../../execution/polling';
import { sendAtMostOnce } from '../../execution/sendOnce';
import type { FieldChange } from '../../rules/correctedInvoice';
import { correctedInvoice } from '../../rules/correctedInvoice';
import type { FieldChanges } from '../../rules/fieldChanges';
import { readFieldChanges } from '../../rules/fieldChanges';
import { buildCreateInvoiceBody } from '../../rules/invoiceBody';
import { referenceCodeFor } from '../../rules/referenceCode';
import type { ItemInput } from '../../rules/validation';
import { checkCode, inputError } from '../../rules/validation';
import { resolveBaseUrl } from '../../transport/environment';
import type { SePayFailure, StatusHints } from '../../transport/errors';
import type { InvoicePlan } from './create';
import { existingInvoiceOutput, failedInvoiceOutput, invoicePlanOf } from './create';

/*
 * Shared by Replace (hóa đơn thay thế) and Adjust (hóa đơn điều chỉnh): the new invoice starts
 * from the original (its detail plus Fields to Change) or is entered exactly as in Create, plus
 * the original's reference code. Before anything is sent the original is looked up and checked
 * (and, starting from it, the new body built); the POST then has Create's exactly-once guarantees.
 */

export type CorrectionKind = 'replace' | 'adjust';

const NOUN: Record<CorrectionKind, string> = { replace: 'replacement', adjust: 'adjustment' };
const VERB: Record<CorrectionKind, string> = { replace: 'replace', adjust: 'adjust' };

/** The create body plus the original's reference code (and whatever `extra` adds), validated. */
function correctionPlanOf(
	item: ItemContext,
	kind: CorrectionKind,
	options: CorrectionOptions,
): CorrectionPlan {
	const original = checkCode(item, 'Original Reference Code', item.getNodeParameter('originalReferenceCode', ''));
	const fields = options.extra?.(item) ?? {};
	const ownCode = (code: unknown) => {
		if (code !== original) return;
		throw inputError(item, 'Reference Code', `"${original}" is the Original Reference Code`, `The ${NOUN[kind]} is a new invoice and needs its own code, e.g. ${original}-${kind === 'replace' ? 'R1' : 'DC1'}.`);
	};
	if (options.fromOriginal?.(item)) {
		// The body is built in verify, from the original's detail; here what needs no lookup.
		const fieldChanges = readFieldChanges(item, kind === 'adjust');
		const account = checkCode(item, 'Provider Account', item.getNodeParameter('providerAccount', '', { extractValue: true }));
		const { code, userSupplied } = referenceCodeFor(item);
		ownCode(code);
		const pending = { original_invoice_reference_code: original, ...fields, provider_account_id: account, reference_code: code, is_draft: false };
		return { ...invoicePlanOf(item, pending, userSupplied), originalReferenceCode: original, fieldChanges };
	}
	const { body, userSupplied } = buildCreateInvoiceBody(item, Date.now(), options.buildItems);
	// An information adjustment may have no lines; we send none rather than an empty list.
	if (Array.isArray(body.items) && body.items.length === 0) delete body.items;
	ownCode(body.reference_code);
	// SePay's pages do not say whether a correction can be a draft: it is always issued.
	const correction = { original_invoice_reference_code: original, ...fields, ...body, is_draft: false };
	return { ...invoicePlanOf(item, correction, userSupplied), originalReferenceCode: original };
}

/** Starting from the original: the whole body from its detail and the Fields to Change. */
function completeFromOriginal(item: ItemContext, kind: CorrectionKind, plan: CorrectionPlan, original: IDataObject): void {
	if (!plan.fieldChanges) return;
	const { body, changes } = correctedInvoice(item, plan.originalReferenceCode, original, plan.fieldChanges, kind === 'adjust');
	const { original_invoice_reference_code, adjustment_type } = plan.body;
	plan.body = { original_invoice_reference_code, ...(adjustment_type === undefined ? {} : { adjustment_type }), ...body, is_draft: false };
	plan.changes = changes;
}

interface CorrectionPlan extends InvoicePlan {
	originalReferenceCode: string;
	/** Start From = Original Invoice: what the user changes (the body is completed in verify). */
	fieldChanges?: FieldChanges;
	/** What differs from the original, once the body is built from it. */
	changes?: FieldChange[];
	/** Output for our own earlier run's replacement, found while checking the original. */
	earlier?: IDataObject;
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
	context: ItemContext;
	kind: CorrectionKind;
	originalReferenceCode: string;
	providerAccountId: string;
	/** Called with the original's detail once it passed the checks (or to recognise our earlier replacement). */
	prepare: (original: IDataObject) => void;
	/** Output for our own earlier replacement, when the original turns out replaced by it. */
	earlierAttempt: (original: IDataObject) => Promise<IDataObject | undefined>;
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
	if (ADJUSTMENT_DOCUMENT_TYPES.includes(documentType)) {
		throw refuse(`"${code}" is itself an adjustment invoice (document_type ${documentType})`, `SePay ${VERB[kind]}s new, replacement and adjusted invoices only. Correct the original invoice it adjusts.`);
	}
	if (documentType === 5) {
		if (kind === 'replace') {
			const earlier = await check.earlierAttempt(original);
			if (earlier) return earlier;
			throw refuse(`"${code}" was already replaced (document_type 5); an invoice can be replaced only once`, 'Correct its replacement instead: replace or adjust the invoice that replaced it.');
		}
		throw refuse(`"${code}" was replaced (document_type 5) and is no longer valid`, 'Adjust the invoice that replaced it instead.');
	}
	check.prepare(original);
	return undefined;
}

/** document_type of the invoices a correction can be: a replacement (4, 5 once replaced itself) or an adjustment (6–9). */
const CORRECTION_DOCUMENT_TYPES: Record<CorrectionKind, number[]> = { replace: [4, 5], adjust: ADJUSTMENT_DOCUMENT_TYPES };

/**
 * An invoice SePay holds for the correction's reference code is returned only when it is a
 * correction of this kind of this original, as far as SePay's detail shows: otherwise the code
 * belongs to another invoice and the original was not corrected.
 */
function checkIsCorrectionOf(context: ItemContext, kind: CorrectionKind, plan: CorrectionPlan, invoice: IDataObject): void {
	const documentType = invoice.document_type === undefined || invoice.document_type === null ? undefined : Number(invoice.document_type);
	const shownOriginal = invoice.original_invoice_reference_code ?? invoice.original_reference_code;
	const otherKind = documentType !== undefined && !CORRECTION_DOCUMENT_TYPES[kind].includes(documentType);
	const otherOriginal = typeof shownOriginal === 'string' && shownOriginal !== plan.originalReferenceCode;
	if (!otherKind && !otherOriginal) return;
	const what = otherOriginal ? `a correction of "${String(shownOriginal)}"` : `an invoice of document_type ${documentType}, not a ${NOUN[kind]}`;
	throw itemFailure(
		context,
		`Reference Code ${plan.referenceCode} already belongs to ${what}: "${plan.originalReferenceCode}" was not ${VERB[kind]}d`,
		`Nothing was issued and that invoice is not returned as the ${NOUN[kind]}. Give the ${NOUN[kind]} a Reference Code of its own, e.g. ${plan.originalReferenceCode}-${kind === 'replace' ? 'R1' : 'DC1'}.`,
		{ status: 'Failed', reference_code: plan.referenceCode, tracking_code: null },
	);
}

/**
 * The check endpoint of a correction's tracking code. SePay does not document which one it is:
 * we follow the path of `tracking_url` when that URL is on the credential's base URL (the token
 * must not travel to another host), else use the create check.
 */
function correctionCheckPath(context: ItemContext, accepted: IDataObject): string {
	const fallback = checkPathOf('create', String(accepted.tracking_code ?? ''));
	if (typeof accepted.tracking_url !== 'string' || accepted.tracking_url === '') return fallback;
	try {
		const url = new URL(accepted.tracking_url);
		const base = new URL(resolveBaseUrl(context.connection.credentials));
		const prefix = base.pathname.replace(/\/+$/, '');
		if (url.origin !== base.origin || !url.pathname.startsWith(`${prefix}/v1/`)) return fallback;
		return url.pathname.slice(prefix.length) + url.search;
	} catch {
		return fallback;
	}
}

/** Failed / still Pending become errors that carry the check as the item's output. */
function correctionOutcome(context: ItemContext, kind: CorrectionKind, check: IDataObject, plan: CorrectionPlan): void {
	const { referenceCode, settings } = plan;
	if (String(check.status ?? '').toLowerCase() === 'failed') {
		throw itemFailure(context, `SePay could not issue the ${NOUN[kind]} invoice: ${String(check.message ?? 'no reason given')}`, `Fix what SePay names and run the node again. Before that, check with "Get" and reference code ${referenceCode} that no ${NOUN[kind]} was issued.`, check);
	}
	if (isPending(check)) {
		const waited = Math.round((settings.intervalMs * settings.maxAttempts) / 1000);
		throw itemFailure(context, `SePay is still processing the ${NOUN[kind]} (tracking code ${String(check.tracking_code ?? '')}) after ${settings.maxAttempts} checks`, `Nothing is lost: check it later with the "Get" operation and reference code ${referenceCode}, or raise Poll Interval / Max Checks (waited about ${waited} s).`, check);
	}
}

interface CorrectionOptions {
	hints?: StatusHints;
	/** Whether the item's correction starts from the original invoice (Start From). */
	fromOriginal?: (item: ItemInput) => boolean;
	/** Fields the correction adds to the body (e.g. the adjustment type). */
	extra?: (item: ItemInput) => IDataObject;
	/** The correction's lines, when they differ from Create's. */
	buildItems?: (item: ItemInput) => IDataObject[];
	/** Turns a refusal nothing else explains into the operation's own error (e.g. a moved endpoint). */
	refusalError?: (context: ItemContext, failure: SePayFailure) => Error | undefined;
}

/**
 * Replace or Adjust: every item's original is looked up and checked before anything is sent;
 * then POST /v1/invoices/replace or the adjustment endpoint, at most one invoice per reference
 * code, as Create: a lost answer is resent with the same body, and a 409 (or, after a lost
 * answer, any refusal while our reference code exists) means our earlier attempt got through.
 */
export function correctionOperation(kind: CorrectionKind, path: string, options: CorrectionOptions = {}) {
	const withOriginal = (plan: CorrectionPlan, json: IDataObject): IDataObject => ({
		...json,
		original_reference_code: plan.originalReferenceCode,
		...(kind === 'adjust' ? { adjustment_type: plan.body.adjustment_type } : {}),
		...(plan.changes ? { changes: plan.changes as unknown as IDataObject[] } : {}),
	});
	const existingCorrection = async (item: ItemContext, plan: CorrectionPlan): Promise<IDataObject> => {
		const output = await existingInvoiceOutput(item, plan);
		if (output.invoice) checkIsCorrectionOf(item, kind, plan, output.invoice as IDataObject);
		return output;
	};
	return itemOperation({
		check: (item) => correctionPlanOf(item, kind, options),
		async verify(item, plan) {
			const prepare = (original: IDataObject) => completeFromOriginal(item, kind, plan, original);
			plan.earlier = await checkOriginal({
				context: item,
				kind,
				originalReferenceCode: plan.originalReferenceCode,
				providerAccountId: String(plan.body.provider_account_id),
				prepare,
				earlierAttempt: async (original) => {
					if (!(await findInvoice(item, plan.referenceCode))) return undefined;
					// Recognising our replacement compares it with the body this item sends.
					prepare(original);
					if (plan.userSupplied && !plan.returnExisting) {
						throw inputError(item, 'Reference Code', `an invoice "${plan.referenceCode}" exists already and "${plan.originalReferenceCode}" is replaced`, 'Set "If Reference Code Exists" to "Return Existing Invoice" to output it, or check both invoices with "Get".');
					}
					return await existingCorrection(item, plan);
				},
			});
		},
		async send(item, plan) {
			if (plan.earlier) return withOriginal(plan, plan.earlier);
			const { referenceCode } = plan;
			const existing = async () => await existingCorrection(item, plan);
			const outcome = await sendAtMostOnce(
				item,
				{ method: 'POST', url: path, body: plan.body },
				async (failure, mayHaveBeenAccepted) => {
					const duplicate = failure.httpStatus === 409 || failure.sepayCode === 'EINVOICE_DOCUMENT_EXISTED';
					if (duplicate && (mayHaveBeenAccepted || !plan.userSupplied || plan.returnExisting)) return await existing();
					// A resend after a lost answer may be refused for the original (now corrected by it).
					if (mayHaveBeenAccepted && (await findInvoice(item, referenceCode))) return await existing();
					const own = options.refusalError?.(item, failure);
					if (own) throw own;
					return undefined;
				},
				options.hints,
				`The ${NOUN[kind]} may have been issued before the connection failed. Run the node again with the same Reference Code (${referenceCode}): it returns the existing invoice instead of issuing a second one.`,
			);
			if ('resolved' in outcome) return withOriginal(plan, outcome.resolved);
			const accepted = outcome.accepted;
			const submitted = submittedOutput(referenceCode, accepted, { is_draft: false });
			if (!plan.wait) return withOriginal(plan, submitted);
			const check = await pollJob(item, correctionCheckPath(item, accepted), String(accepted.tracking_code ?? ''), plan.settings);
			const output = withOriginal(plan, { ...submitted, ...check, reference_code: (check.reference_code as string | undefined) ?? referenceCode });
			try {
				correctionOutcome(item, kind, check, plan);
			} catch (error) {
				throw withOutput(error as Error, output);
			}
			return output;
		},
		failedOutput: (item, plan) => ({
			...failedInvoiceOutput(item, plan),
			...(plan ? { original_reference_code: plan.originalReferenceCode } : {}),
			...(plan?.changes ? { changes: plan.changes as unknown as IDataObject[] } : {}),
		}),
		hints: options.hints,
	});
}
