/* eslint-disable */
import { afterEach, describe, expect, it } from 'vitest';
import { SePaySimulator, formatVnDateTime } from './index.ts';
import type { SePaySimulatorOptions } from './index.ts';

// ------------------------------------------------------------------ helpers

interface Res {
	status: number;
	headers: Headers;
	json: any;
}

const sims: SePaySimulator[] = [];
afterEach(async () => {
	await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function start(opts: SePaySimulatorOptions = {}): Promise<SePaySimulator> {
	const sim = await SePaySimulator.start(opts);
	sims.push(sim);
	return sim;
}

function basic(id: string, secret: string): string {
	return 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');
}

async function call(
	sim: SePaySimulator,
	method: string,
	path: string,
	opts: { token?: string; body?: unknown; auth?: string } = {},
): Promise<Res> {
	const headers: Record<string, string> = {};
	if (opts.auth) headers.authorization = opts.auth;
	else if (opts.token) headers.authorization = `Bearer ${opts.token}`;
	if (opts.body !== undefined) headers['content-type'] = 'application/json';
	const r = await fetch(sim.url + path, {
		method,
		headers,
		body: opts.body === undefined ? null : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
	});
	const text = await r.text();
	return { status: r.status, headers: r.headers, json: text ? JSON.parse(text) : undefined };
}

async function getToken(sim: SePaySimulator): Promise<string> {
	const r = await call(sim, 'POST', '/v1/token', { auth: basic('demo-client-id', 'demo-client-secret') });
	expect(r.status).toBe(200);
	return r.json.data.access_token;
}

const vnNow = (offsetMs = -60_000) => formatVnDateTime(Date.now() + offsetMs);

function invoiceBody(accountId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		template_code: '1',
		invoice_series: 'C26TAA',
		issued_date: vnNow(),
		currency: 'VND',
		provider_account_id: accountId,
		payment_method: 'CK',
		buyer: { type: 'company', name: 'Công ty TNHH ABC', tax_code: '0123456789', address: 'Hà Nội' },
		items: [{ line_number: 1, line_type: 1, item_name: 'Sản phẩm A', quantity: 2, unit_price: 100000, tax_rate: 10 }],
		notes: 'Ghi chú',
		...over,
	};
}

/** Create and poll until the create job leaves Pending; returns the final check data. */
async function createSettled(sim: SePaySimulator, token: string, body: Record<string, unknown>): Promise<any> {
	const c = await call(sim, 'POST', '/v1/invoices/create', { token, body });
	expect(c.status).toBe(200);
	for (let i = 0; i < 10; i++) {
		const chk = await call(sim, 'GET', `/v1/invoices/create/check/${c.json.data.tracking_code}`, { token });
		expect(chk.status).toBe(200);
		if (chk.json.data.status !== 'Pending') return { ...chk.json.data, tracking_code: c.json.data.tracking_code };
	}
	throw new Error('still pending');
}

async function issueSettled(sim: SePaySimulator, token: string, ref: string): Promise<any> {
	const r = await call(sim, 'POST', '/v1/invoices/issue', { token, body: { reference_code: ref } });
	expect(r.status).toBe(200);
	for (let i = 0; i < 10; i++) {
		const chk = await call(sim, 'GET', `/v1/invoices/issue/check/${r.json.data.tracking_code}`, { token });
		if (chk.json.data.status !== 'Pending') return { ...chk.json.data, tracking_code: r.json.data.tracking_code };
	}
	throw new Error('still pending');
}

// ------------------------------------------------------------------ tests

describe('token', () => {
	it('issues a bearer token for valid client credentials', async () => {
		const sim = await start();
		const r = await call(sim, 'POST', '/v1/token', { auth: basic('demo-client-id', 'demo-client-secret') });
		expect(r.status).toBe(200);
		expect(r.json.success).toBe(true);
		expect(r.json.data).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
		expect(typeof r.json.data.access_token).toBe('string');
		const u = await call(sim, 'GET', '/v1/usage', { token: r.json.data.access_token });
		expect(u.status).toBe(200);
		expect(sim.stats.tokensIssued).toBe(1);
		expect(sim.tokenRequestCount()).toBe(1);
	});

	it('rejects a wrong secret with 401 and missing/malformed Basic with 400', async () => {
		const sim = await start();
		const bad = await call(sim, 'POST', '/v1/token', { auth: basic('demo-client-id', 'nope') });
		expect(bad.status).toBe(401);
		expect(bad.json).toEqual({
			success: false,
			error: { code: 'UNAUTHORIZED', message: 'Sai thông tin client_id hoặc client_secret.' },
		});
		const missing = await call(sim, 'POST', '/v1/token');
		expect(missing.status).toBe(400);
		expect(missing.json.error.code).toBe('BAD_REQUEST');
		const malformed = await call(sim, 'POST', '/v1/token', { auth: 'Basic ' + Buffer.from('nocolon').toString('base64') });
		expect(malformed.status).toBe(400);
		const bearer = await call(sim, 'POST', '/v1/token', { auth: 'Bearer x' });
		expect(bearer.status).toBe(400);
	});

	it('requires a valid bearer on other endpoints', async () => {
		const sim = await start();
		expect((await call(sim, 'GET', '/v1/usage')).status).toBe(401);
		const r = await call(sim, 'GET', '/v1/usage', { token: 'made-up' });
		expect(r.status).toBe(401);
		expect(r.json.error.code).toBe('UNAUTHORIZED');
	});

	it('expires tokens after tokenTtlSeconds', async () => {
		let clock = Date.now();
		const sim = await start({ tokenTtlSeconds: 1, now: () => clock });
		const t = await getToken(sim);
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(200);
		clock += 1001;
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(401);
		const t2 = await getToken(sim);
		expect((await call(sim, 'GET', '/v1/usage', { token: t2 })).status).toBe(200);
	});

	it('revokes tokens (revokeAllTokens, revokePreviousTokensOnIssue)', async () => {
		const sim = await start({ revokePreviousTokensOnIssue: true });
		const t1 = await getToken(sim);
		const t2 = await getToken(sim);
		expect(t1).not.toBe(t2);
		expect((await call(sim, 'GET', '/v1/usage', { token: t1 })).status).toBe(401);
		expect((await call(sim, 'GET', '/v1/usage', { token: t2 })).status).toBe(200);
		sim.revokeAllTokens();
		expect((await call(sim, 'GET', '/v1/usage', { token: t2 })).status).toBe(401);
	});
});

describe('routing, envelopes and provider accounts', () => {
	it('404 for unknown paths, 405 for wrong methods', async () => {
		const sim = await start();
		const t = await getToken(sim);
		const nf = await call(sim, 'GET', '/v1/nope', { token: t });
		expect(nf.status).toBe(404);
		expect(nf.json).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
		const na = await call(sim, 'GET', '/v1/invoices/create', { token: t });
		expect(na.status).toBe(405);
		expect(na.json.error.code).toBe('METHOD_NOT_ALLOWED');
		expect((await call(sim, 'GET', '/v1/token')).status).toBe(405);
		expect((await call(sim, 'POST', '/v1/usage', { token: t })).status).toBe(405);
	});

	it('list and usage envelopes omit success by default', async () => {
		const sim = await start();
		const t = await getToken(sim);
		const accs = await call(sim, 'GET', '/v1/provider-accounts', { token: t });
		expect(accs.json.success).toBeUndefined();
		expect(accs.json.data.items).toHaveLength(3);
		const inv = await call(sim, 'GET', '/v1/invoices', { token: t });
		expect(inv.json).toEqual({
			data: { paging: { per_page: 10, total: 0, has_more: false, current_page: 1, page_count: 0 }, items: [] },
		});
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).json).toEqual({ data: { quota_remaining: '1000' } });
		const one = await call(sim, 'GET', `/v1/provider-accounts/${sim.providerAccounts[0]!.id}`, { token: t });
		expect(one.json.success).toBe(true);

		const sim2 = await start({ listEnvelopeWithSuccess: true, quota: 7 });
		const t2 = await getToken(sim2);
		expect((await call(sim2, 'GET', '/v1/usage', { token: t2 })).json).toEqual({
			success: true,
			data: { quota_remaining: '7' },
		});
	});

	it('pages 250 provider accounts and validates paging params', async () => {
		const sim = await start({ providerAccountCount: 250 });
		const t = await getToken(sim);
		const def = await call(sim, 'GET', '/v1/provider-accounts', { token: t });
		expect(def.json.data.paging).toEqual({ per_page: 20, total: 250, has_more: true, current_page: 1, page_count: 13 });
		const p3 = await call(sim, 'GET', '/v1/provider-accounts?page=3&per_page=100', { token: t });
		expect(p3.json.data.paging).toEqual({ per_page: 100, total: 250, has_more: false, current_page: 3, page_count: 3 });
		expect(p3.json.data.items).toHaveLength(50);
		expect(p3.json.data.items[0].id).toBe(sim.providerAccounts[200]!.id);
		const beyond = await call(sim, 'GET', '/v1/provider-accounts?page=9&per_page=100', { token: t });
		expect(beyond.json.data.items).toEqual([]);
		for (const q of ['per_page=101', 'page=abc', 'per_page=1.5', 'page=0']) {
			const r = await call(sim, 'GET', `/v1/provider-accounts?${q}`, { token: t });
			expect(r.status, q).toBe(400);
			expect(r.json.error.code).toBe('BAD_REQUEST');
		}
		const a0 = sim.providerAccounts[0]!;
		expect(a0).toMatchObject({ active: true, provider: 'matbao', tax_authority_approved_date: '2026-01-01' });
		expect(sim.providerAccounts[4]!.active).toBe(false);
		expect(sim.providerAccounts[9]!.active).toBe(false);
		expect(sim.providerAccounts.some((a) => a.tax_authority_approved_date === null)).toBe(true);
		expect(a0.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});

	it('provider account detail has templates; unknown id is 404; ids are deterministic per seed', async () => {
		const sim = await start();
		const t = await getToken(sim);
		const d = await call(sim, 'GET', `/v1/provider-accounts/${encodeURIComponent(sim.providerAccounts[0]!.id)}`, {
			token: t,
		});
		expect(d.json.data.templates).toEqual([
			{ template_code: '1', invoice_series: 'C26TAA', invoice_label: '1 - C26TAA - Hóa đơn giá trị gia tăng' },
			{ template_code: '2', invoice_series: 'C26TBB', invoice_label: '2 - C26TBB - Hóa đơn bán hàng' },
		]);
		const nf = await call(sim, 'GET', '/v1/provider-accounts/does-not-exist', { token: t });
		expect(nf.status).toBe(404);
		expect(nf.json.error.code).toBe('NOT_FOUND');
		const same = await start();
		const other = await start({ seed: 2 });
		expect(same.providerAccounts.map((a) => a.id)).toEqual(sim.providerAccounts.map((a) => a.id));
		expect(other.providerAccounts[0]!.id).not.toBe(sim.providerAccounts[0]!.id);
	});
});

describe('create', () => {
	it('rejects invalid bodies with 400 naming the field', async () => {
		const sim = await start();
		const t = await getToken(sim);
		const acc = sim.providerAccounts[0]!.id;
		const item = { line_number: 1, line_type: 1, item_name: 'A', quantity: 1, unit_price: 1000, tax_rate: 10 };
		const cases: [Record<string, unknown>, string][] = [
			[{ template_code: undefined }, 'template_code'],
			[{ invoice_series: undefined }, 'invoice_series'],
			[{ provider_account_id: undefined }, 'provider_account_id'],
			[{ currency: 'EUR' }, 'currency'],
			[{ payment_method: 'BANK' }, 'payment_method'],
			[{ total_amount: 100000.5 }, 'total_amount'],
			[{ issued_date: '2026-01-05T10:00:00' }, 'issued_date'],
			[{ issued_date: '2026-02-30 10:00:00' }, 'issued_date'],
			[{ issued_date: vnNow(10 * 60_000) }, 'issued_date'],
			[{ items: [] }, 'items'],
			[{ items: undefined }, 'items'],
			[{ buyer: undefined }, 'buyer'],
			[{ buyer: { type: 'enterprise', name: 'X' } }, 'buyer.type'],
			[{ is_draft: 'yes' }, 'is_draft'],
			[{ items: [{ ...item, quantity: 1.234 }] }, 'items[0].quantity'],
			[{ items: [{ ...item, tax_rate: 7 }] }, 'items[0].tax_rate'],
			[{ items: [{ ...item, line_type: 5 }] }, 'items[0].line_type'],
			[{ items: [item, { ...item, line_number: 2, item_name: undefined }] }, 'items[1].item_name'],
			[{ items: [{ ...item, line_number: undefined }] }, 'items[0].line_number'],
		];
		for (const [over, field] of cases) {
			const r = await call(sim, 'POST', '/v1/invoices/create', { token: t, body: invoiceBody(acc, over) });
			expect(r.status, field).toBe(400);
			expect(r.json.success).toBe(false);
			expect(r.json.error.code).toBe('BAD_REQUEST');
			expect(r.json.error.message, field).toContain(field);
		}
		const notJson = await call(sim, 'POST', '/v1/invoices/create', { token: t, body: '{oops' });
		expect(notJson.status).toBe(400);
		// A note line (type 4) without price fields and unknown body fields are fine; issued_date a few s ahead is tolerated.
		const okR = await call(sim, 'POST', '/v1/invoices/create', {
			token: t,
			body: invoiceBody(acc, {
				issued_date: vnNow(20_000),
				whatever: 1,
				items: [item, { line_number: 2, line_type: 4, item_name: 'Ghi chú' }],
			}),
		});
		expect(okR.status).toBe(200);
		expect(sim.stats.createJobsAccepted).toBe(1);
	});

	it('404 for an unknown provider account, 400 for an inactive one', async () => {
		const sim = await start({ providerAccountCount: 5 });
		const t = await getToken(sim);
		const nf = await call(sim, 'POST', '/v1/invoices/create', { token: t, body: invoiceBody('nope') });
		expect(nf.status).toBe(404);
		const inactive = await call(sim, 'POST', '/v1/invoices/create', {
			token: t,
			body: invoiceBody(sim.providerAccounts[4]!.id),
		});
		expect(inactive.status).toBe(400);
		expect(inactive.json.error.message).toContain('provider_account_id');
	});

	it('goes Pending then Success after `checks`; tracking code differs from reference_code', async () => {
		const sim = await start();
		const t = await getToken(sim);
		const body = invoiceBody(sim.providerAccounts[0]!.id, { reference_code: 'ORDER-1' });
		const c = await call(sim, 'POST', '/v1/invoices/create', { token: t, body });
		expect(c.status).toBe(200);
		const { tracking_code, tracking_url, message } = c.json.data;
		expect(tracking_code).not.toBe('ORDER-1');
		expect(tracking_url).toBe(`${sim.url}/v1/invoices/create/check/${tracking_code}`);
		expect(message).toBe('Đã tạo yêu cầu xuất bán hóa đơn điện tử');
		// not visible while pending (lookups count as checks by default, so check the map, not the API)
		expect(sim.invoices.has('ORDER-1')).toBe(false);
		const p = await call(sim, 'GET', `/v1/invoices/create/check/${tracking_code}`, { token: t });
		expect(p.json.data).toEqual({ reference_code: 'ORDER-1', status: 'Pending', message: 'Đang xử lý' });
		const s = await call(sim, 'GET', `/v1/invoices/create/check/${tracking_code}`, { token: t });
		expect(s.json.data.status).toBe('Success');
		expect(s.json.data.message).toBe('Xuất hóa đơn điện tử thành công');
		expect(s.json.data.invoice).toMatchObject({
			reference_code: 'ORDER-1',
			invoice_number: '0',
			status: 'draft',
			xml_url: null,
			total_before_tax: 200000,
			tax_amount: 20000,
			total_amount: 220000,
			notes: 'Ghi chú',
			source: 'api',
		});
		expect(s.json.data.invoice.issued_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(s.json.data.invoice.pdf_url).toMatch(new RegExp(`^${sim.url}/portal/DownloadPDFCA\\.aspx\\?kk=\\d+&keyinv=ORDER-1$`));
		// wrong kind / unknown tracking code
		expect((await call(sim, 'GET', `/v1/invoices/issue/check/${tracking_code}`, { token: t })).status).toBe(404);
		expect((await call(sim, 'GET', '/v1/invoices/create/check/nope', { token: t })).status).toBe(404);
		expect(sim.stats.invoicesCreated).toBe(1);
	});

	it('honours processing.checks / processing.ms and makes records visible only on success', async () => {
		const sim = await start({ processing: { checks: 3, lookupsCountAsChecks: false } });
		const t = await getToken(sim);
		const c = await call(sim, 'POST', '/v1/invoices/create', {
			token: t,
			body: invoiceBody(sim.providerAccounts[0]!.id, { reference_code: 'R-3' }),
		});
		const tc = c.json.data.tracking_code;
		const statuses: string[] = [];
		for (let i = 0; i < 4; i++) {
			statuses.push((await call(sim, 'GET', `/v1/invoices/create/check/${tc}`, { token: t })).json.data.status);
			if (i === 1) expect((await call(sim, 'GET', '/v1/invoices/R-3', { token: t })).status).toBe(404);
		}
		expect(statuses).toEqual(['Pending', 'Pending', 'Pending', 'Success']);
		expect((await call(sim, 'GET', '/v1/invoices/R-3', { token: t })).status).toBe(200);

		sim.setProcessing({ checks: 0, ms: 150 });
		const c2 = await call(sim, 'POST', '/v1/invoices/create', { token: t, body: invoiceBody(sim.providerAccounts[0]!.id) });
		const chk = () => call(sim, 'GET', `/v1/invoices/create/check/${c2.json.data.tracking_code}`, { token: t });
		expect((await chk()).json.data.status).toBe('Pending');
		await new Promise((r) => setTimeout(r, 160));
		expect((await chk()).json.data.status).toBe('Success');
	});

	it('a lookup by reference_code counts as a check by default (lost tracking code still resolves)', async () => {
		const sim = await start();
		const t = await getToken(sim);
		await call(sim, 'POST', '/v1/invoices/create', {
			token: t,
			body: invoiceBody(sim.providerAccounts[0]!.id, { reference_code: 'LOOK' }),
		});
		expect((await call(sim, 'GET', '/v1/invoices/LOOK', { token: t })).status).toBe(404);
		expect((await call(sim, 'GET', '/v1/invoices/LOOK', { token: t })).status).toBe(200);
	});

	it('409 EINVOICE_DOCUMENT_EXISTED on a reused reference_code (pending or existing)', async () => {
		const sim = await start();
		const t = await getToken(sim);
		const body = invoiceBody(sim.providerAccounts[0]!.id, { reference_code: 'DUP' });
		expect((await call(sim, 'POST', '/v1/invoices/create', { token: t, body })).status).toBe(200);
		const pending = await call(sim, 'POST', '/v1/invoices/create', { token: t, body });
		expect(pending.status).toBe(409);
		expect(pending.json.error.code).toBe('EINVOICE_DOCUMENT_EXISTED');
		sim.settleJobs();
		expect(sim.invoices.has('DUP')).toBe(true);
		expect((await call(sim, 'POST', '/v1/invoices/create', { token: t, body })).status).toBe(409);
		expect(sim.stats.duplicateRejections).toBe(2);
	});

	it('Failed rules: unknown series / invalid buyer tax code; a Failed create frees its code', async () => {
		const sim = await start();
		const t = await getToken(sim);
		const acc = sim.providerAccounts[0]!.id;
		const f1 = await createSettled(sim, t, invoiceBody(acc, { reference_code: 'F1', invoice_series: 'C26XXX' }));
		expect(f1).toMatchObject({ reference_code: 'F1', status: 'Failed', message: 'Ký hiệu hóa đơn không hợp lệ' });
		expect(f1.invoice).toBeUndefined();
		const f2 = await createSettled(
			sim,
			t,
			invoiceBody(acc, { reference_code: 'F1', buyer: { name: 'X', tax_code: '0000000000' } }),
		);
		expect(f2).toMatchObject({ status: 'Failed', message: 'Mã số thuế người mua không hợp lệ' });
		expect((await call(sim, 'GET', '/v1/invoices/F1', { token: t })).status).toBe(404);
		const ok = await createSettled(sim, t, invoiceBody(acc, { reference_code: 'F1' }));
		expect(ok.status).toBe('Success');
		sim.queueJobFailure({ kind: 'create', message: 'Lỗi ký số' });
		const forced = await createSettled(sim, t, invoiceBody(acc));
		expect(forced).toMatchObject({ status: 'Failed', message: 'Lỗi ký số' });
		sim.queueJobFailure({ referenceCode: 'F3', message: 'Lỗi ký số' });
		expect(await createSettled(sim, t, invoiceBody(acc, { reference_code: 'F2' }))).toMatchObject({ status: 'Success' });
		expect(await createSettled(sim, t, invoiceBody(acc, { reference_code: 'F3' }))).toMatchObject({ status: 'Failed', message: 'Lỗi ký số' });
		expect(await createSettled(sim, t, invoiceBody(acc, { reference_code: 'F3' }))).toMatchObject({ status: 'Success' });
	});

	it('computes totals per the reference (discounts, promo, commercial discount, note) and honours total_amount', async () => {
		const sim = await start({ processing: { checks: 0 } });
		const t = await getToken(sim);
		const acc = sim.providerAccounts[0]!.id;
		const r = await createSettled(
			sim,
			t,
			invoiceBody(acc, {
				reference_code: 'CALC',
				items: [
					{ line_number: 1, line_type: 1, item_name: 'A', quantity: 1, unit_price: 4500000, tax_rate: 10, discount_amount: 100000 },
					{ line_number: 2, line_type: 1, item_name: 'B', quantity: 2.5, unit_price: 1000, tax_rate: 8, discount_tax: 10 },
					{ line_number: 3, line_type: 2, item_name: 'KM', quantity: 1, unit_price: 0 },
					{ line_number: 4, line_type: 3, item_name: 'CK', tax_rate: 10, before_discount_and_tax_amount: 100000 },
					{ line_number: 5, line_type: 4, item_name: 'Ghi chú' },
					{ line_number: 6, line_type: 1, item_name: 'KCT', quantity: 1, unit_price: 5000, tax_rate: -2 },
				],
			}),
		);
		// before = 4,400,000 + 2,250 + 0 - 100,000 + 5,000 = 4,307,250; tax = 440,000 + 180 - 10,000 = 430,180
		expect(r.invoice).toMatchObject({ total_before_tax: 4307250, tax_amount: 430180, total_amount: 4737430 });
		const d = await call(sim, 'GET', '/v1/invoices/CALC', { token: t });
		expect(d.json.data.items[1]).toMatchObject({
			quantity: '2.50',
			unit_price: '1000.00',
			total_amount: '2250.00',
			tax_rate: '8.00',
			tax_amount: '180.00',
		});
		const fixed = await createSettled(sim, t, invoiceBody(acc, { total_amount: 230000 }));
		expect(fixed.invoice.total_amount).toBe(230000);
	});
});

describe('issue, detail, list, download, delete, quota', () => {
	it('issues a draft: invoice_number per series, document_type 2, provider_status 4, quota decremented', async () => {
		const sim = await start({ quota: 10 });
		const t = await getToken(sim);
		const acc = sim.providerAccounts[0]!.id;
		const created = await createSettled(sim, t, invoiceBody(acc, { reference_code: 'D1', is_draft: true }));
		expect(created.invoice.status).toBe('draft');
		const draft = await call(sim, 'GET', '/v1/invoices/D1', { token: t });
		expect(draft.json.data).toMatchObject({ document_type: 1, provider_status: '1', invoice_number: '0', status: 'draft' });

		const iss = await call(sim, 'POST', '/v1/invoices/issue', { token: t, body: { reference_code: 'D1' } });
		expect(iss.status).toBe(200);
		const itc = iss.json.data.tracking_code;
		expect(iss.json.data.tracking_url).toBe(`${sim.url}/v1/invoices/issue/check/${itc}`);
		expect((await call(sim, 'GET', `/v1/invoices/create/check/${itc}`, { token: t })).status).toBe(404);
		const p = await call(sim, 'GET', `/v1/invoices/issue/check/${itc}`, { token: t });
		expect(p.json.data.status).toBe('Pending');
		const s = await call(sim, 'GET', `/v1/invoices/issue/check/${itc}`, { token: t });
		expect(s.json.data).toMatchObject({ reference_code: 'D1', status: 'Success', message: 'Xuất bán hóa đơn điện tử thành công' });
		expect(s.json.data.invoice).toMatchObject({ invoice_number: '1', status: 'issued' });
		expect(s.json.data.invoice.xml_url).toMatch(new RegExp(`^${sim.url}/portal/DownloadXML\\.aspx\\?kk=\\d+&keyinv=D1$`));
		// The portal links serve the files themselves, without a token.
		const portalPdf = await fetch(s.json.data.invoice.pdf_url);
		expect([portalPdf.status, portalPdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
		expect(Buffer.from(await portalPdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const portalXml = await fetch(s.json.data.invoice.xml_url);
		expect([portalXml.status, (await portalXml.text()).startsWith('<?xml')]).toEqual([200, true]);
		expect((await fetch(`${sim.url}/portal/DownloadPDFCA.aspx?kk=999&keyinv=D1`)).status).toBe(404);
		expect(sim.quotaRemaining).toBe(9);
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).json.data.quota_remaining).toBe('9');

		const d = await call(sim, 'GET', '/v1/invoices/D1', { token: t });
		expect(d.json.data).toMatchObject({
			reference_code: 'D1',
			invoice_number: '1',
			invoice_series: 'C26TAA',
			template_code: '1',
			document_type: 2,
			provider_status: '4',
			status: 'issued',
			payment_method: 'CK',
			currency: 'VND',
		});
		expect(d.json.data.tax_authority_code).toMatch(/^00[0-9A-F]{32}$/);
		expect(d.json.data.items[0]).toMatchObject({ quantity: '2.00', unit_price: '100000.00', total_amount: '200000.00', tax_rate: '10.00', tax_amount: '20000.00' });

		// second issued invoice in the same series gets number 2 (create with is_draft=false)
		const direct = await createSettled(sim, t, invoiceBody(acc, { is_draft: false }));
		expect(direct.invoice).toMatchObject({ invoice_number: '2', status: 'issued' });
		expect(sim.quotaRemaining).toBe(8);
		expect(sim.stats.invoicesIssued).toBe(2);

		const again = await call(sim, 'POST', '/v1/invoices/issue', { token: t, body: { reference_code: 'D1' } });
		expect(again.status).toBe(400);
		expect(again.json.error.code).toBe('INVOICE_ALREADY_ISSUED');
		const unknown = await call(sim, 'POST', '/v1/invoices/issue', { token: t, body: { reference_code: 'nope' } });
		expect(unknown.status).toBe(404);
		expect(unknown.json.error.message).toBe('Không tìm thấy hóa đơn nháp');
		expect((await call(sim, 'POST', '/v1/invoices/issue', { token: t, body: {} })).status).toBe(400);
	});

	it('isDraftDefault decides an omitted is_draft', async () => {
		const sim = await start({ isDraftDefault: false, processing: { checks: 0 } });
		const t = await getToken(sim);
		const r = await createSettled(sim, t, invoiceBody(sim.providerAccounts[0]!.id));
		expect(r.invoice.status).toBe('issued');
		const sim2 = await start({ processing: { checks: 0 } });
		const t2 = await getToken(sim2);
		expect((await createSettled(sim2, t2, invoiceBody(sim2.providerAccounts[0]!.id))).invoice.status).toBe('draft');
	});

	it('422 for tax-approval problems on issue', async () => {
		const sim = await start({ processing: { checks: 0 } });
		const t = await getToken(sim);
		const [a0, , a2] = sim.providerAccounts;
		expect(a2!.tax_authority_approved_date).toBeNull();
		await createSettled(sim, t, invoiceBody(a0!.id, { reference_code: 'OLD', issued_date: '2025-12-31 10:00:00' }));
		const old = await call(sim, 'POST', '/v1/invoices/issue', { token: t, body: { reference_code: 'OLD' } });
		expect(old.status).toBe(422);
		expect(old.json.error.code).toBe('INVOICE_DATE_BEFORE_TAX_APPROVAL');
		await createSettled(sim, t, invoiceBody(a2!.id, { reference_code: 'NOREG' }));
		const noreg = await call(sim, 'POST', '/v1/invoices/issue', { token: t, body: { reference_code: 'NOREG' } });
		expect(noreg.status).toBe(422);
		expect(noreg.json.error.code).toBe('REGISTRATION_NOT_TAX_APPROVED');
	});

	it('403 QUOTA_EXCEEDED when the quota is used up; drafts still allowed', async () => {
		const sim = await start({ quota: 1, processing: { checks: 0 } });
		const t = await getToken(sim);
		const acc = sim.providerAccounts[0]!.id;
		await createSettled(sim, t, invoiceBody(acc, { is_draft: false }));
		expect(sim.quotaRemaining).toBe(0);
		const r = await call(sim, 'POST', '/v1/invoices/create', { token: t, body: invoiceBody(acc, { is_draft: false }) });
		expect(r.status).toBe(403);
		expect(r.json.error.code).toBe('QUOTA_EXCEEDED');
		await createSettled(sim, t, invoiceBody(acc, { reference_code: 'DR', is_draft: true }));
		const iss = await call(sim, 'POST', '/v1/invoices/issue', { token: t, body: { reference_code: 'DR' } });
		expect(iss.status).toBe(403);
		sim.setQuota(5);
		expect((await issueSettled(sim, t, 'DR')).status).toBe('Success');
		expect(sim.quotaRemaining).toBe(4);
	});

	it('downloads a valid PDF and XML by reference or tracking code; drafts and bad type are 400', async () => {
		const sim = await start({ processing: { checks: 0 } });
		const t = await getToken(sim);
		const created = await createSettled(sim, t, invoiceBody(sim.providerAccounts[0]!.id, { reference_code: 'PDF-1', is_draft: true }));
		const draftDl = await call(sim, 'GET', '/v1/invoices/PDF-1/download?type=pdf', { token: t });
		expect(draftDl.status).toBe(400);
		expect(draftDl.json.error.message).toBe('Hóa đơn chưa được phát hành');
		const issued = await issueSettled(sim, t, 'PDF-1');
		for (const code of ['PDF-1', created.tracking_code, issued.tracking_code]) {
			const r = await call(sim, 'GET', `/v1/invoices/${code}/download?type=pdf`, { token: t });
			expect(r.status).toBe(200);
			expect(r.json.data.file_type).toBe('pdf');
			expect(r.json.data.file_name).toMatch(/^HD_0000001_\d{8}\.pdf$/);
			const pdf = Buffer.from(r.json.data.content, 'base64').toString('latin1');
			expect(pdf.startsWith('%PDF-1.4')).toBe(true);
			expect(pdf).toContain('xref');
			expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
			expect(pdf).toContain('0000001');
			expect(pdf).toContain('Cong ty TNHH ABC');
			expect(pdf).toContain('220000');
			// startxref points at the xref table
			const sx = Number(/startxref\n(\d+)/.exec(pdf)![1]);
			expect(pdf.slice(sx, sx + 4)).toBe('xref');
		}
		const x = await call(sim, 'GET', '/v1/invoices/PDF-1/download?type=xml', { token: t });
		expect(x.json.data.file_name).toMatch(/^HD_0000001_\d{8}\.xml$/);
		const xml = Buffer.from(x.json.data.content, 'base64').toString('utf8');
		expect(xml.startsWith('<?xml')).toBe(true);
		expect(xml).toContain('<SHDon>1</SHDon>');
		expect(xml).toContain('Công ty TNHH ABC');
		expect((await call(sim, 'GET', '/v1/invoices/PDF-1/download?type=doc', { token: t })).status).toBe(400);
		expect((await call(sim, 'GET', '/v1/invoices/PDF-1/download', { token: t })).status).toBe(400);
		expect((await call(sim, 'GET', '/v1/invoices/nope/download?type=pdf', { token: t })).status).toBe(404);
	});

	it('downloadAccepts: trackingCode-only refuses the reference code, referenceCode-only the tracking codes', async () => {
		const sim = await start({ processing: { checks: 0 }, downloadAccepts: 'trackingCode' });
		const t = await getToken(sim);
		const created = await createSettled(sim, t, invoiceBody(sim.providerAccounts[0]!.id, { reference_code: 'ACC-1', is_draft: false }));
		const status = async (code: string) => (await call(sim, 'GET', `/v1/invoices/${code}/download?type=pdf`, { token: t })).status;
		expect([await status('ACC-1'), await status(created.tracking_code)]).toEqual([404, 200]);
		sim.setDownloadAccepts('referenceCode');
		expect([await status('ACC-1'), await status(created.tracking_code)]).toEqual([200, 404]);
		sim.setDownloadAccepts('any');
		expect([await status('ACC-1'), await status(created.tracking_code)]).toEqual([200, 200]);
	});

	it('deletes drafts only; the code becomes reusable', async () => {
		const sim = await start({ processing: { checks: 0 } });
		const t = await getToken(sim);
		const acc = sim.providerAccounts[0]!.id;
		await createSettled(sim, t, invoiceBody(acc, { reference_code: 'DEL/1', is_draft: true }));
		const del = await call(sim, 'POST', `/v1/invoices/delete/${encodeURIComponent('DEL/1')}`, { token: t });
		expect(del.status).toBe(200);
		expect(del.json).toEqual({
			success: true,
			data: { reference_code: 'DEL/1', message: 'Hóa đơn nháp đã được xóa thành công' },
		});
		expect((await call(sim, 'GET', `/v1/invoices/${encodeURIComponent('DEL/1')}`, { token: t })).status).toBe(404);
		expect((await call(sim, 'POST', `/v1/invoices/delete/${encodeURIComponent('DEL/1')}`, { token: t })).status).toBe(404);
		expect((await createSettled(sim, t, invoiceBody(acc, { reference_code: 'DEL/1', is_draft: false }))).status).toBe('Success');
		const issued = await call(sim, 'POST', `/v1/invoices/delete/${encodeURIComponent('DEL/1')}`, { token: t });
		expect(issued.status).toBe(400);
		expect(issued.json.error.message).toBe('Chỉ xóa được hóa đơn nháp');
	});

	it('lists newest first with source filter and seeded manual invoices', async () => {
		const sim = await start({ seedInvoices: 12, processing: { checks: 0 } });
		const t = await getToken(sim);
		const acc = sim.providerAccounts[0]!.id;
		await createSettled(sim, t, invoiceBody(acc, { reference_code: 'API-1' }));
		await createSettled(sim, t, invoiceBody(acc, { reference_code: 'API-2' }));
		const all = await call(sim, 'GET', '/v1/invoices', { token: t });
		expect(all.json.data.paging).toEqual({ per_page: 10, total: 14, has_more: true, current_page: 1, page_count: 2 });
		expect(all.json.data.items.slice(0, 2).map((i: any) => i.reference_code)).toEqual(['API-2', 'API-1']);
		const api = await call(sim, 'GET', '/v1/invoices?source=api', { token: t });
		expect(api.json.data.items).toHaveLength(2);
		const manual = await call(sim, 'GET', '/v1/invoices?source=manual&per_page=100', { token: t });
		expect(manual.json.data.items).toHaveLength(12);
		expect(manual.json.data.items.every((i: any) => i.status === 'issued' && i.source === 'manual')).toBe(true);
		expect(manual.json.data.items.at(-1).invoice_number).toBe('1');
		expect((await call(sim, 'GET', '/v1/invoices?source=web', { token: t })).status).toBe(400);
		expect((await call(sim, 'GET', '/v1/invoices?per_page=101', { token: t })).status).toBe(400);
	});
});

describe('recording and faults', () => {
	it('records requests before faults with lower-case headers, query and parsed body', async () => {
		const sim = await start();
		const t = await getToken(sim);
		sim.queueFault({ kind: 'serverError' });
		await call(sim, 'POST', '/v1/invoices/issue', { token: t, body: { reference_code: 'X' } });
		await call(sim, 'GET', '/v1/invoices?page=2&source=api', { token: t });
		const [rec] = sim.requestsTo('post', '/v1/invoices/issue');
		expect(rec).toMatchObject({ method: 'POST', path: '/v1/invoices/issue', body: { reference_code: 'X' } });
		expect(rec!.headers.authorization).toBe(`Bearer ${t}`);
		expect(typeof rec!.at).toBe('number');
		expect(sim.requestsTo('GET', /^\/v1\/invoices$/)[0]!.query).toEqual({ page: '2', source: 'api' });
		expect(sim.requestsTo('*', '/v1/**')).toHaveLength(3);
		expect(sim.tokenRequestCount()).toBe(1);
		sim.clearRequests();
		expect(sim.requests).toHaveLength(0);
	});

	it('scripted serverError and rateLimit (Retry-After) are consumed in order and skip the token endpoint', async () => {
		const sim = await start();
		sim.queueFault({ kind: 'serverError', times: 2 });
		sim.queueFault({ kind: 'rateLimit', retryAfterSeconds: 7 });
		sim.queueFault({ method: 'GET', path: '/v1/usage', kind: 'serverError', status: 503 });
		const t = await getToken(sim); // not affected: no path given
		const a = await call(sim, 'GET', '/v1/usage', { token: t });
		expect(a.status).toBe(500);
		expect(a.json).toMatchObject({ success: false, error: { code: 'INTERNAL_SERVER_ERROR' } });
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(500);
		const rl = await call(sim, 'GET', '/v1/usage', { token: t });
		expect(rl.status).toBe(429);
		expect(rl.headers.get('retry-after')).toBe('7');
		expect(rl.json.error.code).toBe('RATE_LIMITED');
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(503);
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(200);
		expect(sim.stats.faultsInjected).toMatchObject({ serverError: 3, rateLimit: 1 });
		expect(sim.pendingFaults()).toBe(0);
	});

	it('reset destroys the socket before processing', async () => {
		const sim = await start();
		const t = await getToken(sim);
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'reset' });
		await expect(
			call(sim, 'POST', '/v1/invoices/create', { token: t, body: invoiceBody(sim.providerAccounts[0]!.id, { reference_code: 'RST' }) }),
		).rejects.toThrow();
		expect(sim.stats.faultsInjected.reset).toBe(1);
		expect(sim.stats.createJobsAccepted).toBe(0);
		expect(sim.requestsTo('POST', '/v1/invoices/create')).toHaveLength(1);
		// nothing was accepted: the same code is free
		expect((await call(sim, 'POST', '/v1/invoices/create', { token: t, body: invoiceBody(sim.providerAccounts[0]!.id, { reference_code: 'RST' }) })).status).toBe(200);
	});

	it('resetAfterProcessing: client sees a reset but the invoice job was accepted (retry gets 409)', async () => {
		const sim = await start();
		const t = await getToken(sim);
		const body = invoiceBody(sim.providerAccounts[0]!.id, { reference_code: 'LOST-1', is_draft: false });
		sim.queueFault({ method: 'POST', path: '/v1/invoices/create', kind: 'resetAfterProcessing' });
		await expect(call(sim, 'POST', '/v1/invoices/create', { token: t, body })).rejects.toThrow();
		expect(sim.stats.faultsInjected.resetAfterProcessing).toBe(1);
		expect(sim.stats.createJobsAccepted).toBe(1);
		const retry = await call(sim, 'POST', '/v1/invoices/create', { token: t, body });
		expect(retry.status).toBe(409);
		// the lost job still completes; looking it up by reference_code finds it
		let detail = await call(sim, 'GET', '/v1/invoices/LOST-1', { token: t });
		if (detail.status === 404) detail = await call(sim, 'GET', '/v1/invoices/LOST-1', { token: t });
		expect(detail.status).toBe(200);
		expect(detail.json.data.status).toBe('issued');
		expect(sim.invoices.size).toBe(1);
		expect(sim.stats.invoicesIssued).toBe(1);
		expect(sim.quotaRemaining).toBe(999);
	});

	it('latency (scripted and random range) delays the response', async () => {
		const sim = await start();
		const t = await getToken(sim);
		sim.queueFault({ path: '/v1/usage', kind: 'latency', delayMs: 120 });
		let t0 = Date.now();
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
		sim.setFaults({ latencyMs: [60, 80] });
		t0 = Date.now();
		await call(sim, 'GET', '/v1/usage', { token: t });
		expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
		t0 = Date.now();
		await getToken(sim); // token endpoint is exempt from random faults
		expect(Date.now() - t0).toBeLessThan(55);
		sim.clearFaults();
	});

	it('random faults are seeded, exempt the token endpoint, and respect appliesTo', async () => {
		const pattern = async (seed: number) => {
			const sim = await start({ seed });
			const t = await getToken(sim);
			sim.setFaults({ serverErrorRate: 0.3, rateLimitRate: 0.2, retryAfterSeconds: 2 });
			const out: number[] = [];
			for (let i = 0; i < 20; i++) out.push((await call(sim, 'GET', '/v1/usage', { token: t })).status);
			expect(await getToken(sim)).toBeTruthy();
			return out;
		};
		const a = await pattern(42);
		const b = await pattern(42);
		expect(a).toEqual(b);
		expect(a).toContain(500);
		expect(a).toContain(429);
		expect(a).toContain(200);

		const sim = await start();
		sim.setFaults({ serverErrorRate: 1, appliesTo: (r) => r.path === '/v1/token' });
		expect((await call(sim, 'POST', '/v1/token', { auth: basic('demo-client-id', 'demo-client-secret') })).status).toBe(500);
		sim.setFaults({ resetRate: 1 });
		const t = sim.issueToken();
		await expect(call(sim, 'GET', '/v1/usage', { token: t })).rejects.toThrow();
		sim.clearFaults();
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(200);
	});

	it('close() returns promptly with keep-alive connections open', async () => {
		const sim = await SePaySimulator.start();
		await call(sim, 'POST', '/v1/token', { auth: basic('demo-client-id', 'demo-client-secret') });
		const t0 = Date.now();
		await sim.close();
		expect(Date.now() - t0).toBeLessThan(500);
	});
});

// ------------------------------------------------------------------ replace and adjust

/** POST a replace/adjust body and poll the check its tracking_url names until it leaves Pending. */
async function correctSettled(sim: SePaySimulator, token: string, path: string, body: Record<string, unknown>): Promise<any> {
	const r = await call(sim, 'POST', path, { token, body });
	expect(r.status).toBe(200);
	const checkPath = new URL(r.json.data.tracking_url).pathname;
	for (let i = 0; i < 10; i++) {
		const chk = await call(sim, 'GET', checkPath, { token });
		expect(chk.status).toBe(200);
		if (chk.json.data.status !== 'Pending') return { ...chk.json.data, tracking_code: r.json.data.tracking_code, checkPath };
	}
	throw new Error('still pending');
}

async function issuedOriginal(sim: SePaySimulator, token: string, ref: string, accountId = sim.activeProviderAccountId): Promise<void> {
	const created = await createSettled(sim, token, invoiceBody(accountId, { reference_code: ref, is_draft: false }));
	expect(created.status).toBe('Success');
}

const detail = async (sim: SePaySimulator, token: string, ref: string) => (await call(sim, 'GET', `/v1/invoices/${ref}`, { token })).json.data;

describe('replace (hóa đơn thay thế)', () => {
	it('issues the replacement (document_type 4) and marks the original replaced (5); own check path', async () => {
		const sim = await start();
		const token = await getToken(sim);
		await issuedOriginal(sim, token, 'ORIG-1');
		const quota = sim.quotaRemaining;
		const done = await correctSettled(sim, token, '/v1/invoices/replace', invoiceBody(sim.activeProviderAccountId, {
			original_invoice_reference_code: 'ORIG-1',
			reference_code: 'ORIG-1-R1',
			is_draft: false,
			items: [{ line_number: 1, line_type: 1, item_name: 'Sản phẩm A', quantity: 3, unit_price: 100000, tax_rate: 10 }],
		}));
		expect(done).toMatchObject({ reference_code: 'ORIG-1-R1', status: 'Success', message: 'Xuất hóa đơn thay thế thành công', invoice: { reference_code: 'ORIG-1-R1', status: 'issued', total_amount: 330000 } });
		expect(done.checkPath).toBe(`/v1/invoices/replace/check/${done.tracking_code}`);
		expect(await detail(sim, token, 'ORIG-1-R1')).toMatchObject({ document_type: 4, status: 'issued', provider_status: '4' });
		expect(await detail(sim, token, 'ORIG-1')).toMatchObject({ document_type: 5, status: 'issued' });
		expect(sim.invoices.get('ORIG-1')!.replaced_by).toBe('ORIG-1-R1');
		expect(sim.invoices.get('ORIG-1-R1')!.original_reference_code).toBe('ORIG-1');
		expect(sim.quotaRemaining).toBe(quota - 1);
		expect(sim.stats.replaceJobsAccepted).toBe(1);

		// Once only; the replacement itself can be replaced.
		const again = await call(sim, 'POST', '/v1/invoices/replace', { token, body: invoiceBody(sim.activeProviderAccountId, { original_invoice_reference_code: 'ORIG-1', reference_code: 'ORIG-1-R2' }) });
		expect([again.status, again.json.error.code]).toEqual([400, 'ORIGINAL_INVOICE_REPLACED']);
		const chain = await correctSettled(sim, token, '/v1/invoices/replace', invoiceBody(sim.activeProviderAccountId, { original_invoice_reference_code: 'ORIG-1-R1', reference_code: 'ORIG-1-R2' }));
		expect(chain.status).toBe('Success');
		expect(sim.invoices.get('ORIG-1-R1')!.document_type).toBe(5);
	});

	it('refuses a draft, another account, an unknown original, a reused reference code, a missing original code, is_draft true', async () => {
		const sim = await start({ isDraftDefault: true });
		const token = await getToken(sim);
		const account = sim.activeProviderAccountId;
		await createSettled(sim, token, invoiceBody(account, { reference_code: 'DRAFT-1', is_draft: true }));
		await issuedOriginal(sim, token, 'ORIG-2');
		const other = sim.providerAccounts[1]!;
		expect(other.active).toBe(true);
		const post = async (over: Record<string, unknown>, accountId = account) =>
			await call(sim, 'POST', '/v1/invoices/replace', { token, body: invoiceBody(accountId, { reference_code: 'NEW-1', ...over }) });
		const answers = [
			await post({ original_invoice_reference_code: 'DRAFT-1' }),
			await post({ original_invoice_reference_code: 'ORIG-2' }, other.id),
			await post({ original_invoice_reference_code: 'NOPE' }),
			await post({ original_invoice_reference_code: 'ORIG-2', reference_code: 'DRAFT-1' }),
			await post({}),
			await post({ original_invoice_reference_code: 'ORIG-2', is_draft: true }),
			await post({ original_invoice_reference_code: 'ORIG-2', adjustment_type: 'increase' }),
		];
		expect(answers.map((a) => [a.status, a.json.error.code])).toEqual([
			[400, 'ORIGINAL_INVOICE_NOT_ISSUED'],
			[400, 'ORIGINAL_INVOICE_OTHER_ACCOUNT'],
			[404, 'NOT_FOUND'],
			[409, 'EINVOICE_DOCUMENT_EXISTED'],
			[400, 'BAD_REQUEST'],
			[400, 'BAD_REQUEST'],
			[400, 'BAD_REQUEST'],
		]);
		expect(answers[4]!.json.error.message).toContain('original_invoice_reference_code');
		expect(sim.stats.replaceJobsAccepted).toBe(0);
		expect(sim.invoices.get('ORIG-2')!.document_type).toBe(2);
	});

	it('a pending replacement blocks a second one; a lost answer resent gets 409', async () => {
		const sim = await start({ processing: { checks: 5 } });
		const token = await getToken(sim);
		await createSettled(sim, token, invoiceBody(sim.activeProviderAccountId, { reference_code: 'ORIG-3', is_draft: false }));
		sim.settleJobs();
		sim.queueFault({ method: 'POST', path: '/v1/invoices/replace', kind: 'resetAfterProcessing' });
		const body = invoiceBody(sim.activeProviderAccountId, { original_invoice_reference_code: 'ORIG-3', reference_code: 'ORIG-3-R1' });
		await expect(call(sim, 'POST', '/v1/invoices/replace', { token, body })).rejects.toThrow();
		expect(sim.stats.replaceJobsAccepted).toBe(1);
		const resent = await call(sim, 'POST', '/v1/invoices/replace', { token, body });
		expect([resent.status, resent.json.error.code]).toEqual([409, 'EINVOICE_DOCUMENT_EXISTED']);
		const other = await call(sim, 'POST', '/v1/invoices/replace', { token, body: { ...body, reference_code: 'ORIG-3-R9' } });
		expect([other.status, other.json.error.code]).toEqual([400, 'ORIGINAL_INVOICE_REPLACED']);
		sim.settleJobs();
		expect(sim.invoices.get('ORIG-3')!.document_type).toBe(5);
		expect(sim.invoices.get('ORIG-3-R1')!.document_type).toBe(4);
	});
});

describe('adjust (hóa đơn điều chỉnh)', () => {
	it('increase 6, decrease 7, info 8, combined 9; the original becomes adjusted (10) and can be adjusted again', async () => {
		const sim = await start();
		const token = await getToken(sim);
		await issuedOriginal(sim, token, 'ORIG-A');
		const adjust = async (ref: string, type: string, over: Record<string, unknown> = {}) =>
			await correctSettled(sim, token, '/v1/invoices/adjust', invoiceBody(sim.activeProviderAccountId, { original_invoice_reference_code: 'ORIG-A', adjustment_type: type, reference_code: ref, ...over }));
		const line = { line_number: 1, line_type: 1, item_name: 'Điều chỉnh đơn giá', quantity: 1, unit_price: 1000000, tax_rate: 10 };
		const inc = await adjust('ADJ-INC', 'increase', { items: [line] });
		expect(inc).toMatchObject({ status: 'Success', message: 'Xuất hóa đơn điều chỉnh thành công', invoice: { total_before_tax: 1000000, total_amount: 1100000 } });
		expect(inc.checkPath).toBe(`/v1/invoices/adjust/check/${inc.tracking_code}`);
		expect((await adjust('ADJ-DEC', 'decrease', { items: [{ ...line, unit_price: 200000 }] })).invoice.total_amount).toBe(220000);
		const info = await adjust('ADJ-INFO', 'info', { items: undefined, buyer: { type: 'company', name: 'Công ty TNHH ABC (tên đúng)' } });
		expect(info.status).toBe('Success');
		await adjust('ADJ-MIX', 'combined', { items: [line] });
		expect(['ADJ-INC', 'ADJ-DEC', 'ADJ-INFO', 'ADJ-MIX'].map((r) => sim.invoices.get(r)!.document_type)).toEqual([6, 7, 8, 9]);
		expect(await detail(sim, token, 'ORIG-A')).toMatchObject({ document_type: 10, status: 'issued' });
		expect(sim.invoices.get('ORIG-A')!.adjusted_by).toEqual(['ADJ-INC', 'ADJ-DEC', 'ADJ-INFO', 'ADJ-MIX']);
		expect(sim.stats.adjustJobsAccepted).toBe(4);
		// An adjusted invoice can still be replaced; an adjustment invoice cannot be adjusted.
		const onAdjustment = await call(sim, 'POST', '/v1/invoices/adjust', { token, body: invoiceBody(sim.activeProviderAccountId, { original_invoice_reference_code: 'ADJ-INC', adjustment_type: 'increase', reference_code: 'ADJ-X', items: [line] }) });
		expect([onAdjustment.status, onAdjustment.json.error.code]).toEqual([400, 'ORIGINAL_INVOICE_NOT_CORRECTABLE']);
		expect((await correctSettled(sim, token, '/v1/invoices/replace', invoiceBody(sim.activeProviderAccountId, { original_invoice_reference_code: 'ORIG-A', reference_code: 'ORIG-A-R1' }))).status).toBe('Success');
		const onReplaced = await call(sim, 'POST', '/v1/invoices/adjust', { token, body: invoiceBody(sim.activeProviderAccountId, { original_invoice_reference_code: 'ORIG-A', adjustment_type: 'increase', reference_code: 'ADJ-Y', items: [line] }) });
		expect([onReplaced.status, onReplaced.json.error.code]).toEqual([400, 'ORIGINAL_INVOICE_REPLACED']);
	});

	it('validates adjustment_type, amounts of an info adjustment and the difference of the others', async () => {
		const sim = await start();
		const token = await getToken(sim);
		await issuedOriginal(sim, token, 'ORIG-B');
		const post = async (over: Record<string, unknown>) =>
			await call(sim, 'POST', '/v1/invoices/adjust', { token, body: invoiceBody(sim.activeProviderAccountId, { original_invoice_reference_code: 'ORIG-B', reference_code: 'ADJ-B', ...over }) });
		const answers = [await post({}), await post({ adjustment_type: 'more' }), await post({ adjustment_type: 'info' }), await post({ adjustment_type: 'increase', items: [{ line_number: 1, line_type: 4, item_name: 'Ghi chú' }] })];
		expect(answers.map((a) => [a.status, a.json.error.code])).toEqual([
			[400, 'BAD_REQUEST'],
			[400, 'BAD_REQUEST'],
			[400, 'BAD_REQUEST'],
			[400, 'BAD_REQUEST'],
		]);
		expect(answers.map((a) => a.json.error.message)).toEqual([
			"Thiếu trường bắt buộc 'adjustment_type'.",
			"Trường 'adjustment_type' không hợp lệ: chỉ chấp nhận increase, decrease, combined, info.",
			"Điều chỉnh thông tin không thay đổi số tiền: 'items[0]' có số tiền.",
			"Trường 'items' phải có ít nhất một dòng có số tiền.",
		]);
		expect(sim.stats.adjustJobsAccepted).toBe(0);
	});

	it('the adjustment path is switchable: moved (404 or 405 at the old path) and back', async () => {
		const sim = await start({ adjustPath: '/v1/invoices/adjustment' });
		const token = await getToken(sim);
		await issuedOriginal(sim, token, 'ORIG-C');
		const body = invoiceBody(sim.activeProviderAccountId, { original_invoice_reference_code: 'ORIG-C', adjustment_type: 'increase', reference_code: 'ADJ-C' });
		const old = await call(sim, 'POST', '/v1/invoices/adjust', { token, body });
		expect([old.status, old.json.error.code]).toEqual([404, 'NOT_FOUND']);
		sim.setAdjustPath(null, 405);
		const gone = await call(sim, 'POST', '/v1/invoices/adjust', { token, body });
		expect([gone.status, gone.json.error.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
		expect(sim.stats.adjustJobsAccepted).toBe(0);
		sim.setAdjustPath('/v1/invoices/adjustment');
		expect((await correctSettled(sim, token, '/v1/invoices/adjustment', body)).status).toBe('Success');
		sim.setAdjustPath('/v1/invoices/adjust');
		expect((await call(sim, 'POST', '/v1/invoices/adjust', { token, body: { ...body, reference_code: 'ADJ-C2' } })).status).toBe(200);
	});
});

describe('correction tracking URLs and detail options', () => {
	it('tracking_url: own check (default), create check, none, another host', async () => {
		const sim = await start({ correctionTrackingUrl: 'create' });
		const token = await getToken(sim);
		await issuedOriginal(sim, token, 'ORIG-T');
		const replace = async (ref: string, original: string) =>
			await call(sim, 'POST', '/v1/invoices/replace', { token, body: invoiceBody(sim.activeProviderAccountId, { original_invoice_reference_code: original, reference_code: ref }) });
		const viaCreate = await replace('T-R1', 'ORIG-T');
		const tc = viaCreate.json.data.tracking_code;
		expect(viaCreate.json.data.tracking_url).toBe(`${sim.url}/v1/invoices/create/check/${tc}`);
		expect((await call(sim, 'GET', `/v1/invoices/create/check/${tc}`, { token })).status).toBe(200);
		expect((await call(sim, 'GET', `/v1/invoices/replace/check/${tc}`, { token })).status).toBe(200);
		sim.settleJobs();
		sim.setCorrectionTrackingUrl('none');
		const none = await replace('T-R2', 'T-R1');
		expect(none.json.data).toEqual({ tracking_code: none.json.data.tracking_code, message: 'Đã tạo yêu cầu xuất bán hóa đơn điện tử' });
		expect((await call(sim, 'GET', `/v1/invoices/create/check/${none.json.data.tracking_code}`, { token })).status).toBe(200);
		sim.settleJobs();
		sim.setCorrectionTrackingUrl('foreign');
		const foreign = await replace('T-R3', 'T-R2');
		expect(foreign.json.data.tracking_url).toBe(`https://einvoice-api.sepay.invalid/v1/invoices/replace/check/${foreign.json.data.tracking_code}`);
		sim.settleJobs();
		sim.setCorrectionTrackingUrl('own');
		const own = await replace('T-R4', 'T-R3');
		expect((await call(sim, 'GET', `/v1/invoices/create/check/${own.json.data.tracking_code}`, { token })).status).toBe(404);
		expect((await call(sim, 'GET', `/v1/invoices/replace/check/${own.json.data.tracking_code}`, { token })).status).toBe(200);
	});

	it('detailShowsProviderAccount adds provider_account_id to the detail only', async () => {
		const sim = await start({ detailShowsProviderAccount: true });
		const token = await getToken(sim);
		await issuedOriginal(sim, token, 'ORIG-P');
		expect((await detail(sim, token, 'ORIG-P')).provider_account_id).toBe(sim.activeProviderAccountId);
		const plain = await start();
		const plainToken = await getToken(plain);
		await issuedOriginal(plain, plainToken, 'ORIG-P');
		expect('provider_account_id' in (await detail(plain, plainToken, 'ORIG-P'))).toBe(false);
	});
});

describe('rate limit (requests-per-second budget)', () => {
	function clock(start = Date.now()) {
		let now = start;
		return { now: () => now, advance: (ms: number) => (now += ms) };
	}

	it('admits requestsPerSecond requests in any one second, then 429 RATE_LIMITED with an integer Retry-After', async () => {
		const c = clock();
		const sim = await start({ now: c.now, rateLimit: { requestsPerSecond: 3 } });
		const t = await getToken(sim); // not counted by default
		const statuses: number[] = [];
		for (let i = 0; i < 3; i++) statuses.push((await call(sim, 'GET', '/v1/usage', { token: t })).status);
		c.advance(400);
		const refused = await call(sim, 'GET', '/v1/usage', { token: t });
		expect(statuses).toEqual([200, 200, 200]);
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('1');
		expect(refused.json).toEqual({
			success: false,
			error: { code: 'RATE_LIMITED', message: 'Quá nhiều yêu cầu, vui lòng thử lại sau.' },
		});
		expect(sim.stats.rateLimited).toBe(1);
		expect(sim.stats.faultsInjected.rateLimit).toBe(0);
		// The refusal is recorded, but it neither reached the API nor used budget.
		expect(sim.requestsTo('GET', '/v1/usage')).toHaveLength(4);
		c.advance(599); // 999 ms after the first: still a full window
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(429);
		c.advance(1); // the first three leave the window together
		for (let i = 0; i < 3; i++) expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(200);
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(429);
		expect(sim.stats.rateLimited).toBe(2 + 1);
	});

	it('a refused create is not accepted: no job, no invoice, the reference code stays free', async () => {
		const c = clock();
		const sim = await start({ now: c.now, rateLimit: { requestsPerSecond: 1 } });
		const t = await getToken(sim);
		const body = invoiceBody(sim.providerAccounts[0]!.id, { reference_code: 'RL-1' });
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(200);
		expect((await call(sim, 'POST', '/v1/invoices/create', { token: t, body })).status).toBe(429);
		expect(sim.stats.createJobsAccepted).toBe(0);
		c.advance(1000);
		expect((await call(sim, 'POST', '/v1/invoices/create', { token: t, body })).status).toBe(200);
		expect(sim.stats.createJobsAccepted).toBe(1);
		expect(sim.stats.duplicateRejections).toBe(0);
	});

	it('the token endpoint is outside the budget unless countTokenRequests', async () => {
		const c = clock();
		const free = await start({ now: c.now, rateLimit: { requestsPerSecond: 1 } });
		const t = await getToken(free);
		await getToken(free);
		expect((await call(free, 'GET', '/v1/usage', { token: t })).status).toBe(200);
		expect(free.stats.rateLimited).toBe(0);

		const counted = await start({ now: c.now, rateLimit: { requestsPerSecond: 1, countTokenRequests: true } });
		const t2 = await getToken(counted);
		const refusedToken = await call(counted, 'POST', '/v1/token', { auth: basic('demo-client-id', 'demo-client-secret') });
		expect(refusedToken.status).toBe(429);
		expect(refusedToken.headers.get('retry-after')).toBe('1');
		expect((await call(counted, 'GET', '/v1/usage', { token: t2 })).status).toBe(429);
		expect(counted.stats.rateLimited).toBe(2);
	});

	it('setRateLimit changes or removes the budget at run time; bad budgets are refused', async () => {
		const c = clock();
		const sim = await start({ now: c.now });
		const t = await getToken(sim);
		for (let i = 0; i < 5; i++) expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(200);
		sim.setRateLimit({ requestsPerSecond: 2 });
		expect(sim.rateLimit).toEqual({ requestsPerSecond: 2, countTokenRequests: false });
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(200);
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(200);
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(429);
		sim.setRateLimit(null);
		expect(sim.rateLimit).toBeNull();
		expect((await call(sim, 'GET', '/v1/usage', { token: t })).status).toBe(200);
		expect(() => sim.setRateLimit({ requestsPerSecond: 0 })).toThrow(/requestsPerSecond/);
		await expect(SePaySimulator.start({ rateLimit: { requestsPerSecond: -1 } })).rejects.toThrow(/requestsPerSecond/);
	});

	it('concurrency reports open and peak connections and requests in flight', async () => {
		const sim = await start();
		const t = sim.issueToken();
		expect(sim.concurrency).toMatchObject({ openConnections: 0, peakConnections: 0, peakInFlightRequests: 0 });
		sim.setFaults({ latencyMs: 150 });
		const statuses = await Promise.all([1, 2, 3].map(() => call(sim, 'GET', '/v1/usage', { token: t }).then((r) => r.status)));
		sim.clearFaults();
		expect(statuses).toEqual([200, 200, 200]);
		const seen = sim.concurrency;
		expect(seen.peakInFlightRequests).toBe(3);
		expect(seen.peakConnections).toBe(3);
		expect(seen.totalConnections).toBe(3);
		expect(seen.inFlightRequests).toBe(0);
		sim.resetConcurrency();
		expect(sim.concurrency.peakInFlightRequests).toBe(0);
		expect(sim.concurrency.peakConnections).toBe(sim.concurrency.openConnections);
	});
});

describe('standalone process (cli.ts over IPC)', () => {
	it('starts with --rate-limit, reports what it saw, hands over its requests and invoice statuses, resets, and exits with its parent channel', async () => {
		const { fork } = await import('node:child_process');
		const child = fork(new URL('./cli.ts', import.meta.url).pathname, ['--rate-limit', '2', '--seed', '5'], {
			stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
		});
		const next = (type: string) =>
			new Promise<any>((resolve, reject) => {
				const onMessage = (m: any) => {
					if (m?.type !== type) return;
					child.off('message', onMessage);
					resolve(m);
				};
				child.on('message', onMessage);
				child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
			});
		const ask = async (message: object, answer: string) => {
			const reply = next(answer);
			child.send(message);
			return await reply;
		};
		try {
			const ready = await next('ready');
			expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			const token = await fetch(`${ready.url}/v1/token`, {
				method: 'POST',
				headers: { authorization: basic('demo-client-id', 'demo-client-secret') },
			}).then((r) => r.json() as Promise<any>);
			const headers = { authorization: `Bearer ${token.data.access_token}` };
			const statuses: number[] = [];
			for (let i = 0; i < 3; i++) statuses.push((await fetch(`${ready.url}/v1/usage`, { headers })).status);
			// Three in well under a second against a budget of two.
			expect(statuses).toEqual([200, 200, 429]);
			const { report } = await ask({ type: 'report' }, 'report');
			expect(report).toMatchObject({
				requests: 4,
				tokenRequests: 1,
				createRequests: 0,
				stats: { tokensIssued: 1, rateLimited: 1 },
				rateLimit: { requestsPerSecond: 2, countTokenRequests: false },
			});
			expect(report.concurrency.peakConnections).toBeGreaterThanOrEqual(1);
			await ask({ type: 'setRateLimit', rateLimit: null }, 'done');
			await ask({ type: 'reset' }, 'done');
			expect((await fetch(`${ready.url}/v1/usage`, { headers })).status).toBe(200);
			const after = (await ask({ type: 'report' }, 'report')).report;
			expect(after).toMatchObject({ requests: 1, tokenRequests: 0, rateLimit: null, stats: { rateLimited: 0 } });
			const { requests } = await ask({ type: 'requests' }, 'requests');
			expect(requests.map((r: any) => `${r.method} ${r.path} ${r.answer}`)).toEqual(['GET /v1/usage 200']);
			const created = await fetch(`${ready.url}/v1/invoices/create`, {
				method: 'POST',
				headers: { ...headers, 'content-type': 'application/json' },
				body: JSON.stringify(invoiceBody(ready.providerAccountId, { reference_code: 'CLI-1', is_draft: false })),
			});
			expect(created.status).toBe(200);
			const { tracking_code } = ((await created.json()) as any).data;
			let check: any;
			for (let i = 0; i < 20 && check?.data?.status !== 'Success'; i++) {
				await new Promise((resolve) => setTimeout(resolve, 50));
				check = await fetch(`${ready.url}/v1/invoices/create/check/${tracking_code}`, { headers }).then((r) => r.json());
			}
			const invoiceStatuses = (await ask({ type: 'invoiceStatuses', referenceCodes: ['CLI-1', 'CLI-NONE'] }, 'invoiceStatuses')).statuses;
			expect(invoiceStatuses).toEqual({ 'CLI-1': 'issued' });
		} finally {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.disconnect();
			expect(await exited).toBe(0);
		}
	});
});
