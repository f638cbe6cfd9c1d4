// Download whichever identifier SePay wants: reference code or tracking code, under each of the
// simulator's download switches, with the pdf_url / xml_url fallback.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';

import type { DownloadAccepts } from '../../simulator/index.ts';
import { errorOf, SePaySimulator, startSim } from '../../support';
import { run } from './helpers';

let sim: SePaySimulator;
/** Codes of one issued-now invoice and of a draft issued later. */
let issuedNow: { reference: string; createTracking: string };
let issuedLater: { reference: string; issueTracking: string };

const createParamsFor = (referenceCode: string, mode: 'issue' | 'draft') => ({
	resource: 'invoice',
	operation: 'create',
	providerAccount: { __rl: true, mode: 'id', value: sim.activeProviderAccountId },
	templateAndSeries: '1|C26TAA',
	buyerName: 'Phạm Văn D',
	lineItems: { item: [{ lineType: 1, itemName: 'Sách', quantity: 1, unitPrice: 120000, taxRate: '5' }] },
	mode,
	waitForResult: false,
	referenceCode,
});

beforeAll(async () => {
	sim = await startSim({ processing: { checks: 0, ms: 0 } });
	const created = await run(sim, { parameters: createParamsFor('DLC-NOW', 'issue') });
	sim.settleJobs();
	issuedNow = { reference: 'DLC-NOW', createTracking: created.items[0]!.json.tracking_code as string };
	await run(sim, { parameters: createParamsFor('DLC-LATER', 'draft') });
	sim.settleJobs();
	const issued = await run(sim, { parameters: { resource: 'invoice', operation: 'issue', referenceCode: 'DLC-LATER', waitForResult: false } });
	sim.settleJobs();
	issuedLater = { reference: 'DLC-LATER', issueTracking: issued.items[0]!.json.tracking_code as string };
	expect([sim.invoices.get('DLC-NOW')?.status, sim.invoices.get('DLC-LATER')?.status]).toEqual(['issued', 'issued']);
});
afterAll(async () => await sim.close());
beforeEach(() => sim.clearRequests());

const download = async (code: string, fileFormat = 'pdf') =>
	await run(sim, { parameters: { resource: 'invoice', operation: 'download', referenceCode: code, fileFormat } });

const apiRequests = () =>
	sim.requests.filter((r) => r.path !== '/v1/token').map((r) => `${r.method} ${r.path}${r.query.type ? `?type=${r.query.type}` : ''}`);

function expectPdfOf(result: Awaited<ReturnType<typeof download>>, reference: string) {
	expect(result.error).toBeUndefined();
	const item = result.items[0]!;
	const bytes = Buffer.from(item.binary!.data.data, 'base64');
	expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	expect(bytes.toString('latin1')).toContain(`(Ma tham chieu: ${reference})`);
	const invoice = sim.invoices.get(reference)!;
	expect(item.binary!.data).toMatchObject({
		fileName: `HD_${invoice.invoice_number.padStart(7, '0')}_${invoice.issued_date.replace(/-/g, '')}.pdf`,
		mimeType: 'application/pdf',
	});
	expect(item.json.file_size).toBe(bytes.length);
	expect(item.pairedItem).toEqual({ item: 0 });
	return item;
}

describe.each<DownloadAccepts>(['any', 'trackingCode', 'referenceCode'])('SePay download accepts %s', (accepts) => {
	beforeAll(() => sim.setDownloadAccepts(accepts));
	afterAll(() => sim.setDownloadAccepts('any'));

	test('by reference code', async () => {
		const item = expectPdfOf(await download(issuedNow.reference), issuedNow.reference);
		if (accepts === 'trackingCode') {
			expect(item.json).toMatchObject({ code: 'DLC-NOW', reference_code: 'DLC-NOW', source: 'pdf_url' });
			expect(apiRequests()).toEqual([
				'GET /v1/invoices/DLC-NOW/download?type=pdf',
				'GET /v1/invoices/DLC-NOW',
				'GET /portal/DownloadPDFCA.aspx',
			]);
		} else {
			expect(item.json).toMatchObject({ code: 'DLC-NOW', source: 'download' });
			expect(apiRequests()).toEqual(['GET /v1/invoices/DLC-NOW/download?type=pdf']);
		}
	});

	test('by the create tracking code of an invoice issued at once', async () => {
		const code = issuedNow.createTracking;
		const item = expectPdfOf(await download(code), issuedNow.reference);
		if (accepts === 'referenceCode') {
			expect(item.json).toMatchObject({ code, reference_code: 'DLC-NOW', source: 'pdf_url' });
			expect(apiRequests()).toEqual([
				`GET /v1/invoices/${code}/download?type=pdf`,
				`GET /v1/invoices/${code}`,
				`GET /v1/invoices/issue/check/${code}`,
				`GET /v1/invoices/create/check/${code}`,
				'GET /v1/invoices/DLC-NOW',
				'GET /portal/DownloadPDFCA.aspx',
			]);
		} else {
			expect(item.json).toMatchObject({ code, source: 'download' });
			expect(apiRequests()).toEqual([`GET /v1/invoices/${code}/download?type=pdf`]);
		}
	});

	test('by the issue tracking code of a draft issued later', async () => {
		const code = issuedLater.issueTracking;
		const item = expectPdfOf(await download(code), issuedLater.reference);
		expect(item.json).toMatchObject({ code, source: accepts === 'referenceCode' ? 'pdf_url' : 'download' });
		if (accepts === 'referenceCode') expect(item.json.reference_code).toBe('DLC-LATER');
	});
});

describe('the portal-link fallback', () => {
	beforeAll(() => sim.setDownloadAccepts('trackingCode'));
	afterAll(() => sim.setDownloadAccepts('any'));

	test('sends no token to the portal link', async () => {
		expectPdfOf(await download(issuedNow.reference), issuedNow.reference);
		const portal = sim.requestsTo('GET', '/portal/**');
		expect(portal).toHaveLength(1);
		expect(portal[0]!.headers.authorization).toBeUndefined();
		expect(portal[0]!.query).toEqual({ kk: String(sim.invoices.get('DLC-NOW')!.seq), keyinv: 'DLC-NOW' });
		// Every SePay API request did carry the bearer token.
		const api = sim.requests.filter((r) => r.path.startsWith('/v1/invoices'));
		expect(api.every((r) => /^Bearer \S+$/.test(r.headers.authorization ?? ''))).toBe(true);
	});

	test('XML through xml_url', async () => {
		const result = await download(issuedLater.reference, 'xml');
		expect(result.error).toBeUndefined();
		const item = result.items[0]!;
		const text = Buffer.from(item.binary!.data.data, 'base64').toString('utf8');
		expect(text.startsWith('<?xml')).toBe(true);
		expect(text).toContain('<DLHDon Id="DLC-LATER">');
		expect(item.binary!.data.mimeType).toBe('application/xml');
		expect(item.json).toMatchObject({ code: 'DLC-LATER', reference_code: 'DLC-LATER', file_type: 'xml', source: 'xml_url' });
		expect(sim.requestsTo('GET', '/portal/DownloadXML.aspx')).toHaveLength(1);
	});

	test('a draft: the clear "only issued invoices" error, no portal request', async () => {
		await run(sim, { parameters: createParamsFor('DLC-DRAFT', 'draft') });
		sim.settleJobs();
		sim.clearRequests();
		const result = await download('DLC-DRAFT');
		expect(result.items).toEqual([]);
		expect(errorOf(result)).toMatchObject({ message: 'Could not download the PDF of invoice DLC-DRAFT: it is a draft', itemIndex: 0 });
		expect(errorOf(result).description).toMatch(/only issued invoices/i);
		expect(sim.requestsTo('GET', '/portal/**')).toEqual([]);
	});

	test('an unknown code: SePay\'s 404 with the hint, no portal request', async () => {
		const result = await download('DLC-NOPE');
		expect(errorOf(result)).toMatchObject({
			message: 'SePay error NOT_FOUND: Không tìm thấy hóa đơn theo tracking_code.',
			description: 'No invoice has this reference code or tracking code in this SePay environment. Check the code and the Environment.',
			httpCode: '404',
		});
		expect(apiRequests()).toEqual([
			'GET /v1/invoices/DLC-NOPE/download?type=pdf',
			'GET /v1/invoices/DLC-NOPE',
			'GET /v1/invoices/issue/check/DLC-NOPE',
			'GET /v1/invoices/create/check/DLC-NOPE',
		]);
	});
});
