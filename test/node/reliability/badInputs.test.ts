/* eslint-disable */
// Bad-input corpus: every malformed value is refused before anything is sent, with an error that
// names the field and the item and says how to fix it.
//
// How a case runs (twice):
//  1. Multi-item: items 0..k-1 are valid, item k (1 or 2) carries the bad value through an expression.
//     Every operation checks all items before it sends anything (execution/itemRunner.ts): nothing at
//     all is sent, not even the token request. The run stops on the bad item's NodeOperationError,
//     naming [item k].
//  2. Single item, Continue On Fail, with a never-used client secret: the item's output carries the
//     error (field and item named) and its hint, paired with its input, and ZERO requests reach the
//     simulator, not even POST /v1/token.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { runNode } from '../../harness/runNode';
import { SePaySimulator } from '../../simulator/index.ts';
import { companyCreateParams, credentialsFor, GOOD_LINE } from '../../support';
import { captureN8nLogs } from './helpers';

type Op =
	| 'create'
	| 'get'
	| 'download'
	| 'deleteDraft'
	| 'issue'
	| 'getCreationStatus'
	| 'getIssueStatus'
	| 'providerAccount.get';

interface Case {
	op: Op;
	title: string;
	/** Text the error message must contain (the field). */
	field: string;
	params: INodeParameters;
	bad: unknown;
	/** Value of `$json.v` for valid item `i` (default: the op's valid identifier). */
	good?: (ref: string) => unknown;
}

let sim: SePaySimulator;
let draftPool: string[] = [];
let createTrackingCode = '';
let issueTrackingCode = '';
const ISSUED = 'BI-ISSUED-1';
const V = '={{ $json.v }}';
const JSON_LINE = { line_type: 1, item_name: 'Cà phê sữa', unit: 'ly', quantity: 2, unit_price: 45000, tax_rate: 8 };

/** Valid parameters of each operation; a case overrides one of them with `$json.v`. */
function baseParameters(op: Op): INodeParameters {
	switch (op) {
		case 'create':
			return companyCreateParams(sim, { referenceCode: '={{ $json.ref }}', waitForResult: false });
		case 'get':
			return { resource: 'invoice', operation: 'get', referenceCode: V };
		case 'download':
			return { resource: 'invoice', operation: 'download', referenceCode: ISSUED, fileFormat: 'pdf', binaryPropertyName: 'data' };
		case 'deleteDraft':
			return { resource: 'invoice', operation: 'deleteDraft', referenceCode: V };
		case 'issue':
			return { resource: 'invoice', operation: 'issue', referenceCode: V, waitForResult: false };
		case 'getCreationStatus':
			return { resource: 'invoice', operation: 'getCreationStatus', trackingCode: V };
		case 'getIssueStatus':
			return { resource: 'invoice', operation: 'getIssueStatus', trackingCode: V };
		case 'providerAccount.get':
			return { resource: 'providerAccount', operation: 'get', providerAccount: { __rl: true, mode: 'id', value: V } };
	}
}

function defaultGood(op: Op): (ref: string) => unknown {
	switch (op) {
		case 'get':
			return () => ISSUED;
		case 'deleteDraft':
		case 'issue':
			return () => draftPool.pop();
		case 'getCreationStatus':
			return () => createTrackingCode;
		case 'getIssueStatus':
			return () => issueTrackingCode;
		case 'providerAccount.get':
			return () => sim.activeProviderAccountId;
		default:
			return () => undefined;
	}
}

/** The requests the operation itself makes (everything but the token request). */
const operationRequests = () => sim.requests.filter((request) => !(request.method === 'POST' && request.path === '/v1/token'));

// ---------------------------------------------------------------- the corpus

const line = (overrides: IDataObject) => ({ lineItems: { item: [{ ...GOOD_LINE, ...overrides }] } });
const jsonItems = { itemsInputMode: 'json', itemsJson: V };
const goodJson = () => [JSON_LINE];
const tooManyLines = Array.from({ length: 501 }, (_, index) => ({ ...JSON_LINE, item_name: `Dòng ${index + 1}` }));
const ref = (ownRef: string) => ownRef;

const cases: Case[] = [
	// create: enums and types
	{ op: 'create', title: 'currency EUR', field: 'Currency', params: { currency: V }, bad: 'EUR', good: () => 'VND' },
	{ op: 'create', title: 'currency lower-case vnd', field: 'Currency', params: { currency: V }, bad: 'vnd', good: () => 'USD' },
	{ op: 'create', title: 'payment method CASH', field: 'Payment Method', params: { paymentMethod: V }, bad: 'CASH', good: () => 'CK' },
	{ op: 'create', title: 'buyer type business', field: 'Buyer Type', params: { buyerType: V }, bad: 'business', good: () => 'company' },
	{ op: 'create', title: 'mode publish', field: 'Mode', params: { mode: V }, bad: 'publish', good: () => 'issue' },
	{ op: 'create', title: 'line type 5 (form)', field: 'line_type', params: line({ lineType: V }), bad: 5, good: () => 1 },
	{ op: 'create', title: 'line type "goods" (JSON)', field: 'line_type', params: jsonItems, bad: [{ ...JSON_LINE, line_type: 'goods' }], good: goodJson },
	{ op: 'create', title: 'tax rate 7 (form)', field: 'tax_rate', params: line({ taxRate: V }), bad: '7', good: () => '8' },
	{ op: 'create', title: 'tax rate "ten" (JSON)', field: 'tax_rate', params: jsonItems, bad: [{ ...JSON_LINE, tax_rate: 'ten' }], good: goodJson },
	// create: dates
	{ op: 'create', title: 'issue date in the future', field: 'Issue Date', params: { issuedDate: V }, bad: '2099-01-01 09:00:00', good: () => '' },
	{ op: 'create', title: 'impossible date 2026-02-30', field: 'Issue Date', params: { issuedDate: V }, bad: '2026-02-30 10:00:00', good: () => '' },
	{ op: 'create', title: 'impossible time 25:00', field: 'Issue Date', params: { issuedDate: V }, bad: '2026-01-05 25:00:00', good: () => '' },
	{ op: 'create', title: 'malformed date 25/11/2026', field: 'Issue Date', params: { issuedDate: V }, bad: '25/11/2026', good: () => '' },
	{ op: 'create', title: 'malformed date "yesterday"', field: 'Issue Date', params: { issuedDate: V }, bad: 'yesterday', good: () => '' },
	// create: numbers
	{ op: 'create', title: 'total amount 100.5', field: 'Total Amount', params: { additionalFields: { totalAmount: V } }, bad: 100.5, good: () => 97200 },
	{ op: 'create', title: 'total amount -1', field: 'Total Amount', params: { additionalFields: { totalAmount: V } }, bad: -1, good: () => 97200 },
	{ op: 'create', title: 'total amount "abc"', field: 'Total Amount', params: { additionalFields: { totalAmount: V } }, bad: 'abc', good: () => 97200 },
	{ op: 'create', title: 'line_number 1.5', field: 'line_number', params: jsonItems, bad: [{ ...JSON_LINE, line_number: 1.5 }], good: goodJson },
	{ op: 'create', title: 'line_number 0', field: 'line_number', params: jsonItems, bad: [{ ...JSON_LINE, line_number: 0 }], good: goodJson },
	{ op: 'create', title: 'quantity with 3 decimals', field: 'quantity', params: line({ quantity: V }), bad: 1.555, good: () => 1.25 },
	{ op: 'create', title: 'quantity negative', field: 'quantity', params: line({ quantity: V }), bad: -2, good: () => 2 },
	{ op: 'create', title: 'quantity 0', field: 'quantity', params: line({ quantity: V }), bad: 0, good: () => 2 },
	{ op: 'create', title: 'quantity "1,5" (comma)', field: 'quantity', params: line({ quantity: V }), bad: '1,5', good: () => 2 },
	{ op: 'create', title: 'unit price negative', field: 'unit_price', params: line({ unitPrice: V }), bad: -45000, good: () => 45000 },
	{ op: 'create', title: 'unit price "45.000đ"', field: 'unit_price', params: line({ unitPrice: V }), bad: '45.000đ', good: () => 45000 },
	{ op: 'create', title: 'discount amount negative', field: 'discount_amount', params: line({ discountAmount: V }), bad: -10, good: () => 10 },
	{ op: 'create', title: 'discount percent 150', field: 'discount_tax', params: line({ discountPercent: V }), bad: 150, good: () => 10 },
	{ op: 'create', title: 'discount percent -5 (JSON)', field: 'discount_tax', params: jsonItems, bad: [{ ...JSON_LINE, discount_tax: -5 }], good: goodJson },
	// create: line items
	{ op: 'create', title: 'empty item list (JSON [])', field: 'Line Items', params: jsonItems, bad: [], good: goodJson },
	{ op: 'create', title: 'item list null (JSON)', field: 'Items (JSON)', params: jsonItems, bad: null, good: goodJson },
	{ op: 'create', title: 'item list a number (JSON)', field: 'Items (JSON)', params: jsonItems, bad: 42, good: goodJson },
	{ op: 'create', title: '501 lines', field: 'Line Items', params: jsonItems, bad: tooManyLines, good: goodJson },
	{ op: 'create', title: 'invalid JSON text', field: 'Items (JSON)', params: jsonItems, bad: '[{"line_type":1,', good: () => JSON.stringify([JSON_LINE]) },
	{ op: 'create', title: 'object instead of array', field: 'Items (JSON)', params: jsonItems, bad: '{"line_type":1,"item_name":"A","quantity":1,"unit_price":1}', good: () => JSON.stringify([JSON_LINE]) },
	{ op: 'create', title: 'array of strings', field: 'Items (JSON) line 1', params: jsonItems, bad: ['Cà phê', 'Trà'], good: goodJson },
	{ op: 'create', title: 'unknown field unitprice', field: 'unitprice', params: jsonItems, bad: [{ line_type: 1, item_name: 'A', quantity: 1, unitprice: 5 }], good: goodJson },
	{ op: 'create', title: 'missing item name', field: 'item_name', params: line({ itemName: V }), bad: '', good: () => 'Trà đá' },
	{ op: 'create', title: 'commercial discount line without amount', field: 'before_discount_and_tax_amount', params: jsonItems, bad: [JSON_LINE, { line_type: 3, item_name: 'Chiết khấu' }], good: goodJson },
	{ op: 'create', title: 'note-only invoice', field: 'Line Items', params: jsonItems, bad: [{ line_type: 4, item_name: 'Ghi chú' }], good: goodJson },
	// create: buyer
	{ op: 'create', title: 'company buyer without a name', field: 'Buyer Name', params: { buyerType: 'company', buyerName: V }, bad: '', good: () => 'Công ty TNHH A' },
	{ op: 'create', title: 'tax code 12345', field: 'Buyer Tax Code (MST)', params: { buyerDetails: { taxCode: V } }, bad: '12345', good: () => '0101234567' },
	{ op: 'create', title: 'tax code branch -1', field: 'Buyer Tax Code (MST)', params: { buyerDetails: { taxCode: V } }, bad: '0101234567-1', good: () => '0101234567-001' },
	{ op: 'create', title: 'email without @', field: 'Buyer Email', params: { buyerDetails: { email: V } }, bad: 'ketoan.congty.vn', good: () => 'ketoan@congty.vn' },
	{ op: 'create', title: 'two emails', field: 'Buyer Email', params: { buyerDetails: { email: V } }, bad: 'a@b.vn, c@d.vn', good: () => 'a@b.vn' },
	{ op: 'create', title: 'phone "call me"', field: 'Buyer Phone', params: { buyerDetails: { phone: V } }, bad: 'call me', good: () => '0901234567' },
	{ op: 'create', title: 'CCCD 5 digits', field: 'Buyer National ID (CCCD)', params: { buyerDetails: { nationalId: V } }, bad: '12345', good: () => '001099012345' },
	// create: template, account, reference code
	{ op: 'create', title: 'template missing', field: 'Template & Series', params: { templateAndSeries: V }, bad: '', good: () => '1|C26TAA' },
	{ op: 'create', title: 'template without series', field: 'Template & Series', params: { templateAndSeries: V }, bad: 'C26TAA', good: () => '1|C26TAA' },
	{ op: 'create', title: 'template "1|"', field: 'Template & Series', params: { templateAndSeries: V }, bad: '1|', good: () => '1|C26TAA' },
	{ op: 'create', title: 'provider account id with a space', field: 'Provider Account', params: { providerAccount: { __rl: true, mode: 'id', value: V } }, bad: 'acc 1', good: () => sim.activeProviderAccountId },
	{ op: 'create', title: 'provider account id with a slash', field: 'Provider Account', params: { providerAccount: { __rl: true, mode: 'id', value: V } }, bad: 'acc/../1', good: () => sim.activeProviderAccountId },
	{ op: 'create', title: 'provider account id empty', field: 'Provider Account', params: { providerAccount: { __rl: true, mode: 'id', value: V } }, bad: '', good: () => sim.activeProviderAccountId },
	{ op: 'create', title: 'reference code ../', field: 'Reference Code', params: { referenceCode: V }, bad: '../ORDER-1', good: ref },
	{ op: 'create', title: 'reference code with ?', field: 'Reference Code', params: { referenceCode: V }, bad: 'ORDER?x=1', good: ref },
	{ op: 'create', title: 'reference code with #', field: 'Reference Code', params: { referenceCode: V }, bad: 'ORDER#1', good: ref },
	{ op: 'create', title: 'reference code with %', field: 'Reference Code', params: { referenceCode: V }, bad: 'ORDER%2F1', good: ref },
	{ op: 'create', title: 'reference code with a space', field: 'Reference Code', params: { referenceCode: V }, bad: 'ORDER 1', good: ref },
	{ op: 'create', title: 'reference code of 101 characters', field: 'Reference Code', params: { referenceCode: V }, bad: 'R'.repeat(101), good: ref },
	{ op: 'create', title: 'reference code only spaces', field: 'Reference Code', params: { referenceCode: V }, bad: '   ', good: ref },
	// get
	{ op: 'get', title: 'reference code ../', field: 'Reference Code', params: {}, bad: '../usage' },
	{ op: 'get', title: 'reference code with ?', field: 'Reference Code', params: {}, bad: 'A?page=2' },
	{ op: 'get', title: 'reference code with #', field: 'Reference Code', params: {}, bad: 'A#b' },
	{ op: 'get', title: 'reference code with %', field: 'Reference Code', params: {}, bad: '100%' },
	{ op: 'get', title: 'reference code with a space', field: 'Reference Code', params: {}, bad: 'ORDER 1' },
	{ op: 'get', title: 'reference code of 101 characters', field: 'Reference Code', params: {}, bad: 'x'.repeat(101) },
	{ op: 'get', title: 'reference code empty', field: 'Reference Code', params: {}, bad: '' },
	{ op: 'get', title: 'reference code an object', field: 'Reference Code', params: {}, bad: { code: 'A' } },
	// download
	{ op: 'download', title: 'reference code with a slash', field: 'Reference or Tracking Code', params: { referenceCode: V }, bad: 'A/B', good: () => ISSUED },
	{ op: 'download', title: 'reference code empty', field: 'Reference or Tracking Code', params: { referenceCode: V }, bad: '', good: () => ISSUED },
	{ op: 'download', title: 'binary property with a space', field: 'Put Output File in Field', params: { binaryPropertyName: V }, bad: 'my file', good: () => 'data' },
	{ op: 'download', title: 'binary property starting with a digit', field: 'Put Output File in Field', params: { binaryPropertyName: V }, bad: '1pdf', good: () => 'invoicePdf' },
	{ op: 'download', title: 'binary property with a dash', field: 'Put Output File in Field', params: { binaryPropertyName: V }, bad: 'invoice-pdf', good: () => 'invoice_pdf' },
	{ op: 'download', title: 'file format docx', field: 'File Format', params: { fileFormat: V }, bad: 'docx', good: () => 'xml' },
	// deleteDraft
	{ op: 'deleteDraft', title: 'reference code ../', field: 'Reference Code', params: {}, bad: '../x' },
	{ op: 'deleteDraft', title: 'reference code empty', field: 'Reference Code', params: {}, bad: '' },
	{ op: 'deleteDraft', title: 'reference code with a space', field: 'Reference Code', params: {}, bad: 'DRAFT 1' },
	// issue
	{ op: 'issue', title: 'reference code empty', field: 'Reference Code', params: {}, bad: '' },
	{ op: 'issue', title: 'reference code with a slash', field: 'Reference Code', params: {}, bad: 'A/B' },
	{ op: 'issue', title: 'reference code with ?', field: 'Reference Code', params: {}, bad: 'A?b' },
	// status checks
	{ op: 'getCreationStatus', title: 'tracking code empty', field: 'Tracking Code', params: {}, bad: '' },
	{ op: 'getCreationStatus', title: 'tracking code with a space', field: 'Tracking Code', params: {}, bad: 'abc def' },
	{ op: 'getCreationStatus', title: 'tracking code x/../y', field: 'Tracking Code', params: {}, bad: 'x/../y' },
	{ op: 'getCreationStatus', title: 'tracking code %2F', field: 'Tracking Code', params: {}, bad: '%2F' },
	{ op: 'getIssueStatus', title: 'tracking code empty', field: 'Tracking Code', params: {}, bad: '' },
	{ op: 'getIssueStatus', title: 'tracking code #frag', field: 'Tracking Code', params: {}, bad: 'abc#frag' },
	{ op: 'getIssueStatus', title: 'tracking code of 150 characters', field: 'Tracking Code', params: {}, bad: 'f'.repeat(150) },
	// provider account get
	{ op: 'providerAccount.get', title: 'id with a space', field: 'Provider Account', params: {}, bad: 'acc 1' },
	{ op: 'providerAccount.get', title: 'id with a slash', field: 'Provider Account', params: {}, bad: 'a/b' },
	{ op: 'providerAccount.get', title: 'id empty', field: 'Provider Account', params: {}, bad: '' },
];

// ---------------------------------------------------------------- fixtures

let logs: ReturnType<typeof captureN8nLogs>;

beforeAll(async () => {
	// n8n's logger prints every node error; keep the output readable.
	logs = captureN8nLogs();
	sim = await SePaySimulator.start({ seed: 5, processing: { checks: 1, ms: 0 }, quota: 100_000 });
	const store = credentialsFor(sim);
	const drafts = Array.from({ length: 24 }, (_, index) => ({ ref: `BI-DRAFT-${index + 1}` }));
	const seeded = await runNode({
		store,
		items: [{ ref: ISSUED, mode: 'issue' }, { ref: 'BI-TO-ISSUE', mode: 'draft' }, ...drafts.map((draft) => ({ ...draft, mode: 'draft' }))],
		parameters: companyCreateParams(sim, { referenceCode: '={{ $json.ref }}', mode: '={{ $json.mode }}' }),
	});
	expect(seeded.error).toBeUndefined();
	draftPool = drafts.map((draft) => draft.ref);
	createTrackingCode = String(seeded.items[0]!.json.tracking_code);
	const issued = await runNode({ store, parameters: { resource: 'invoice', operation: 'issue', referenceCode: 'BI-TO-ISSUE', pollInterval: 0.5 } });
	expect(issued.error).toBeUndefined();
	issueTrackingCode = String(issued.items[0]!.json.tracking_code);
	expect(issueTrackingCode).toMatch(/^[0-9a-f-]{36}$/);
	expect(sim.invoices.get(ISSUED)?.status).toBe('issued');
});
afterAll(async () => {
	logs?.restore();
	await sim?.close();
	if (passed === cases.length) console.log(`Bad-input corpus: ${cases.length} cases, all rejected before sending`);
	else console.log(`Bad-input corpus: ${cases.length} cases, ${cases.length - passed} NOT rejected as required`);
});

let passed = 0;

/** Operations whose senders refuse to send when any item of the run is invalid (shared/batchGate.ts). */

/**
 * What the user sees when the run stops: the bad item's own NodeOperationError (context.itemIndex =
 * the bad item, no HTTP code: nothing was sent), with message and fix; no operation sends anything
 * for the valid siblings.
 */
function expectStoppedOnInputError(error: unknown, field: string, itemIndex: number) {
	const stopped = error as { name?: string; message?: string; description?: string; httpCode?: string; tags?: IDataObject; context?: IDataObject };
	expect(stopped?.name).toBe('NodeOperationError');
	expect(stopped?.tags?.reWrapped).toBeUndefined();
	expect(stopped?.httpCode).toBeUndefined();
	expectNamesFieldAndItem(stopped, field, itemIndex);
}

function expectNamesFieldAndItem(error: { message?: string; description?: string | null; context?: IDataObject } | undefined, field: string, itemIndex: number) {
	expect(error?.message).toContain(field);
	expect(error?.message).toMatch(new RegExp(`\\[item ${itemIndex}\\]$`));
	expect(error?.context?.itemIndex).toBe(itemIndex);
	expect(typeof error?.description).toBe('string');
	expect(String(error?.description).trim().length).toBeGreaterThan(10);
}

describe('bad-input corpus', () => {
	test('has at least 45 cases over every operation that takes input', () => {
		expect(cases.length).toBeGreaterThanOrEqual(45);
		expect(new Set(cases.map((entry) => entry.op))).toEqual(
			new Set(['create', 'get', 'download', 'deleteDraft', 'issue', 'getCreationStatus', 'getIssueStatus', 'providerAccount.get']),
		);
	});

	test.each(cases.map((entry, index) => ({ ...entry, index })))('$op: $title', async (entry) => {
		const badIndex = entry.index % 2 === 0 ? 1 : 2;
		const good = entry.good ?? defaultGood(entry.op);
		const parameters = { ...baseParameters(entry.op), ...entry.params };

		// 1. Multi-item run: every item is checked before anything is sent, so nothing is sent at all.
		const items = Array.from({ length: badIndex + 1 }, (_, item) => {
			const ownRef = `BI-${entry.index}-${item}`;
			return { ref: ownRef, v: item === badIndex ? entry.bad : good(ownRef) } as IDataObject;
		});
		sim.clearRequests();
		const multi = await runNode({ store: credentialsFor(sim), items, parameters });
		expect(multi.items).toEqual([]);
		expectStoppedOnInputError(multi.error, entry.field, badIndex);
		const sent = operationRequests();
		expect(sent).toHaveLength(0);
		expect(sim.tokenRequestCount()).toBe(0);
		const goodValues = JSON.stringify(items.slice(0, badIndex));
		if (typeof entry.bad === 'string' && entry.bad.trim().length > 2 && !goodValues.includes(entry.bad)) {
			for (const request of sent) {
				expect(request.path).not.toContain(entry.bad);
				expect(JSON.stringify(request.body ?? '')).not.toContain(JSON.stringify(entry.bad).slice(1, -1));
			}
		}

		// 2. The bad value alone (Continue On Fail, so the node's own error is kept), with a client
		//    secret no token was ever fetched for: nothing at all reaches the simulator.
		sim.clearRequests();
		const single = await runNode({
			store: credentialsFor(sim, { clientSecret: `never-used-secret-${entry.index}` }),
			items: [{ ref: `BI-${entry.index}-single`, v: entry.bad } as IDataObject],
			parameters,
			continueOnFail: true,
		});
		expect(single.error).toBeUndefined();
		expect(single.items).toHaveLength(1);
		const { json, pairedItem } = single.items[0]!;
		expect(pairedItem).toEqual({ item: 0 });
		expectNamesFieldAndItem({ message: json.error as string, description: json.hint as string, context: { itemIndex: 0 } }, entry.field, 0);
		expect(json).toMatchObject({ error: expect.any(String), hint: expect.any(String) });
		expect(sim.requests).toEqual([]);
		passed++;
	});
});

describe('legitimate edge values pass', () => {
	test('Vietnamese letters in a reference code: raw in the body, percent-encoded in the path', async () => {
		const code = 'HĐ-ĐƠN-HÀNG-Số-001';
		sim.clearRequests();
		const created = await runNode({ store: credentialsFor(sim), parameters: companyCreateParams(sim, { referenceCode: code }) });
		expect(created.error).toBeUndefined();
		expect(sim.requestsTo('POST', '/v1/invoices/create')[0]!.body).toMatchObject({ reference_code: code });
		expect(sim.invoices.get(code)?.status).toBe('issued');

		sim.clearRequests();
		const fetched = await runNode({ store: credentialsFor(sim), parameters: { resource: 'invoice', operation: 'get', referenceCode: code } });
		expect(fetched.error).toBeUndefined();
		expect(sim.requests.map((request) => request.path)).toEqual(['/v1/invoices/H%C4%90-%C4%90%C6%A0N-H%C3%80NG-S%E1%BB%91-001']);
		expect(fetched.items[0]!.json.reference_code).toBe(code);

		sim.clearRequests();
		const file = await runNode({ store: credentialsFor(sim), parameters: { resource: 'invoice', operation: 'download', referenceCode: code } });
		expect(file.error).toBeUndefined();
		expect(sim.requests.map((request) => `${request.path}?type=${request.query.type}`)).toEqual([
			'/v1/invoices/H%C4%90-%C4%90%C6%A0N-H%C3%80NG-S%E1%BB%91-001/download?type=pdf',
		]);
		expect(file.items[0]!.json).toMatchObject({ reference_code: code, file_type: 'pdf' });
	});

	test('allowed punctuation . _ : @ + = ~ - is encoded in the path and round-trips', async () => {
		const code = 'A.b_c:d@e+f=g~h-1';
		const created = await runNode({ store: credentialsFor(sim), parameters: companyCreateParams(sim, { referenceCode: code, waitForResult: false }) });
		expect(created.error).toBeUndefined();
		sim.settleJobs();
		sim.clearRequests();
		const fetched = await runNode({ store: credentialsFor(sim), parameters: { resource: 'invoice', operation: 'get', referenceCode: `  ${code}  ` } });
		expect(fetched.error).toBeUndefined();
		expect(sim.requests.map((request) => request.path)).toEqual(['/v1/invoices/A.b_c%3Ad%40e%2Bf%3Dg~h-1']);
		expect(fetched.items[0]!.json.reference_code).toBe(code);
	});

	test('boundary values are accepted and sent as given', async () => {
		const code = `E${'9'.repeat(99)}`;
		const yesterdayUtc = new Date(Date.now() - 86_400_000);
		yesterdayUtc.setUTCMilliseconds(0);
		const vietnam = new Date(yesterdayUtc.getTime() + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
		const lines = Array.from({ length: 500 }, (_, index) =>
			index === 0
				? { line_type: 4, item_name: 'Giao hàng tận nơi' }
				: { line_type: 1, item_name: `Dòng ${index}`, quantity: 1.25, unit_price: 1000, tax_rate: index % 2 ? -2 : 10, discount_tax: index === 1 ? 100 : 0 },
		);
		sim.clearRequests();
		const result = await runNode({
			store: credentialsFor(sim),
			parameters: companyCreateParams(sim, {
				referenceCode: code,
				waitForResult: false,
				issuedDate: yesterdayUtc.toISOString(),
				itemsInputMode: 'json',
				itemsJson: JSON.stringify(lines),
				additionalFields: { totalAmount: 0 },
			}),
		});
		expect(result.error).toBeUndefined();
		const [post] = sim.requestsTo('POST', '/v1/invoices/create');
		const body = post!.body as IDataObject;
		expect(body.reference_code).toBe(code);
		expect(body.issued_date).toBe(vietnam);
		expect(body.total_amount).toBe(0);
		const sentLines = body.items as IDataObject[];
		expect(sentLines).toHaveLength(500);
		expect(sentLines[0]).toEqual({ line_number: 1, line_type: 4, item_name: 'Giao hàng tận nơi' });
		expect(sentLines[1]).toMatchObject({ line_number: 2, quantity: 1.25, tax_rate: -2, discount_tax: 100 });
		expect(sentLines[2]).toMatchObject({ line_number: 3, tax_rate: 10 });
		expect(result.items[0]!.json).toMatchObject({ reference_code: code });
	});
});

describe('one bad item among valid ones', () => {
	test.each([
		['create', () => companyCreateParams(sim, { currency: V, waitForResult: false }), () => ['VND', 'EUR', 'USD'], 'Currency'],
		['issue', () => baseParameters('issue'), () => [draftPool.pop()!, 'bad code', draftPool.pop()!], 'Reference Code'],
	] as const)('%s: nothing is sent for any item', async (_op, parameters, values, field) => {
		const invoicesBefore = sim.stats.createJobsAccepted + sim.stats.issueJobsAccepted;
		sim.clearRequests();
		const result = await runNode({ store: credentialsFor(sim), items: values().map((v) => ({ v })), parameters: parameters() as INodeParameters });
		expectStoppedOnInputError(result.error, field, 1);
		expect(sim.requests).toEqual([]);
		expect(sim.stats.createJobsAccepted + sim.stats.issueJobsAccepted).toBe(invoicesBefore);
	});

	test('deleteDraft: nothing is deleted when any item is invalid', async () => {
		const [first, second] = [draftPool.pop()!, draftPool.pop()!];
		sim.clearRequests();
		const result = await runNode({
			store: credentialsFor(sim),
			items: [{ v: first }, { v: 'bad code' }, { v: second }],
			parameters: baseParameters('deleteDraft'),
		});
		expect(result.error?.message).toContain('[item 1]');
		expect(operationRequests()).toEqual([]);
		expect(sim.invoices.has(first)).toBe(true);
		expect(sim.invoices.has(second)).toBe(true);
	});
});

describe("n8n's own parameter check", () => {
	test('a literal provider account id with a space is refused by n8n before the node runs', async () => {
		sim.clearRequests();
		await expect(
			runNode({
				store: credentialsFor(sim, { clientSecret: 'never-used-secret-literal' }),
				parameters: { resource: 'providerAccount', operation: 'get', providerAccount: { __rl: true, mode: 'id', value: 'acc 1' } },
			}),
		).rejects.toThrow(/A provider account ID holds letters, digits, - \. _ : only/);
		expect(sim.requests).toEqual([]);
	});
});
