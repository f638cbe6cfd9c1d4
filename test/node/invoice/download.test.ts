// Invoice → Download (GET /v1/invoices/{code}/download?type=pdf|xml → n8n binary).
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';

import { errorOf, SePaySimulator, startSim } from '../../support';
import { createInvoice, run } from './helpers';

let sim: SePaySimulator;
beforeAll(async () => {
	sim = await startSim({ processing: { checks: 0, ms: 0 } });
	await createInvoice(sim, 'DL-1', { issuedDate: '2026-03-04 10:11:12' });
	await createInvoice(sim, 'DL-2');
	await createInvoice(sim, 'DL-DRAFT', { mode: 'draft' });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.clearRequests());

const downloadParams = (referenceCode: string, extra: Record<string, unknown> = {}) => ({
	resource: 'invoice',
	operation: 'download',
	referenceCode,
	...extra,
});

const expectedFileName = (reference: string, ext: string) => {
	const inv = sim.invoices.get(reference)!;
	return `HD_${inv.invoice_number.padStart(7, '0')}_${inv.issued_date.replace(/-/g, '')}.${ext}`;
};

test('PDF into the default binary property "data"', async () => {
	const result = await run(sim, { parameters: downloadParams('DL-1') });
	expect(result.error).toBeUndefined();
	const fileName = expectedFileName('DL-1', 'pdf');
	expect(fileName).toMatch(/^HD_\d{7}_20260304\.pdf$/);
	expect(result.items).toHaveLength(1);
	const [item] = result.items;
	const bytes = Buffer.from(item.binary!.data.data, 'base64');
	expect(item.json).toEqual({ code: 'DL-1', reference_code: 'DL-1', file_name: fileName, file_type: 'pdf', file_size: bytes.length, source: 'download' });
	expect(Object.keys(item.binary!)).toEqual(['data']);
	expect(item.binary!.data).toMatchObject({ fileName, mimeType: 'application/pdf', fileExtension: 'pdf' });
	expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	expect(bytes.toString('latin1')).toContain('(Ma tham chieu: DL-1)');
	expect(bytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
	expect(item.pairedItem).toEqual({ item: 0 });
	expect(sim.requests.filter((r) => r.path !== '/v1/token').map((r) => [r.method, r.path, r.query])).toEqual([
		['GET', '/v1/invoices/DL-1/download', { type: 'pdf' }],
	]);
});

test('XML into a custom binary property', async () => {
	const result = await run(sim, { parameters: downloadParams('DL-2', { fileFormat: 'xml', binaryPropertyName: 'invoiceXml' }) });
	expect(result.error).toBeUndefined();
	const [item] = result.items;
	const fileName = expectedFileName('DL-2', 'xml');
	expect(fileName).toMatch(/^HD_\d{7}_\d{8}\.xml$/);
	expect(Object.keys(item.binary!)).toEqual(['invoiceXml']);
	const bytes = Buffer.from(item.binary!.invoiceXml.data, 'base64');
	expect(item.binary!.invoiceXml).toMatchObject({ fileName, mimeType: 'application/xml' });
	expect(item.json).toEqual({ code: 'DL-2', reference_code: 'DL-2', file_name: fileName, file_type: 'xml', file_size: bytes.length, source: 'download' });
	const text = bytes.toString('utf8');
	expect(text.startsWith('<?xml')).toBe(true);
	expect(text).toContain('<DLHDon Id="DL-2">');
	expect(text).toContain(`<SHDon>${sim.invoices.get('DL-2')!.invoice_number}</SHDon>`);
	expect(sim.requestsTo('GET', '/v1/invoices/DL-2/download').map((r) => r.query)).toEqual([{ type: 'xml' }]);
});

test('several items: one file per item, paired', async () => {
	const result = await run(sim, { items: [{ ref: 'DL-2' }, { ref: 'DL-1' }], parameters: downloadParams('={{ $json.ref }}') });
	expect(result.items.map((i) => [i.json.reference_code, i.binary!.data.fileName, i.pairedItem])).toEqual([
		['DL-2', expectedFileName('DL-2', 'pdf'), { item: 0 }],
		['DL-1', expectedFileName('DL-1', 'pdf'), { item: 1 }],
	]);
});

test('a draft: clear error that it is not issued yet', async () => {
	const result = await run(sim, { parameters: downloadParams('DL-DRAFT') });
	expect(result.items).toEqual([]);
	expect(errorOf(result)).toMatchObject({
		message: 'SePay error BAD_REQUEST: Hóa đơn chưa được phát hành',
		httpCode: '400',
		itemIndex: 0,
	});
	expect(sim.requestsTo('GET', '/v1/invoices/DL-DRAFT/download')).toHaveLength(1);
});

test('a draft: the hint says only issued invoices can be downloaded', async () => {
	const result = await run(sim, { parameters: downloadParams('DL-DRAFT') });
	expect(errorOf(result).description).toMatch(/only issued invoices/i);
});

test('unknown reference code: NOT_FOUND', async () => {
	const result = await run(sim, { parameters: downloadParams('NOPE-DL') });
	expect(errorOf(result)).toMatchObject({ message: 'SePay error NOT_FOUND: Không tìm thấy hóa đơn theo tracking_code.', httpCode: '404' });
});

test.each([
	['binary property with a space', { binaryPropertyName: 'my file' }, /^Put Output File in Field: "my file" is not a valid field name \[item 0\]$/],
	['unsafe reference code', { referenceCode: 'DL-1/../x' }, /^Reference or Tracking Code: "DL-1\/\.\.\/x" contains characters that are not allowed/],
])('%s: error, zero requests', async (_name, extra, message) => {
	const result = await run(sim, { parameters: { ...downloadParams('DL-1'), ...extra } });
	expect(errorOf(result).message).toMatch(message);
	expect(sim.requests).toEqual([]);
});
