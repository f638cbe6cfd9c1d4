// Shared bits of the Replace / Adjust suites (not a test file).
import type { INodeParameters } from 'n8n-workflow';

import type { SePaySimulator } from '../../simulator/index.ts';
import { createParams } from '../../support';
import { createInvoice } from './helpers';

/** Replace form with Start From = New Content: Create's fields plus the original's reference code; override anything. */
export function replaceParams(sim: SePaySimulator, original: string, overrides: INodeParameters = {}): INodeParameters {
	return createParams(sim, { operation: 'replace', originalReferenceCode: original, startFrom: 'newContent', ...overrides });
}

/** Adjust form (an increase of 1,000,000 at 10 % by default; Start From = New Content for Information); override anything. */
export function adjustParams(sim: SePaySimulator, original: string, overrides: INodeParameters = {}): INodeParameters {
	return createParams(sim, {
		operation: 'adjust',
		originalReferenceCode: original,
		adjustmentType: 'increase',
		startFrom: 'newContent',
		lineItems: { item: [{ lineType: 1, itemName: 'Điều chỉnh tăng đơn giá', quantity: 1, unitPrice: 1000000, taxRate: '10' }] },
		...overrides,
	});
}

/** An issued original invoice (company buyer), created through the node. */
export async function issuedOriginal(sim: SePaySimulator, referenceCode: string): Promise<string> {
	return await createInvoice(sim, referenceCode, {
		buyerType: 'company',
		buyerName: 'Công ty TNHH ABC',
		buyerDetails: { taxCode: '0101234567' },
	});
}

export const replaceRequests = (sim: SePaySimulator) => sim.requestsTo('POST', '/v1/invoices/replace');
export const adjustRequests = (sim: SePaySimulator) => sim.requestsTo('POST', /^\/v1\/invoices\/adjust/);
/** Every request that could issue something: create, issue, replace, adjust (any path). */
export const issuingRequests = (sim: SePaySimulator) =>
	sim.requests.filter((r) => r.method === 'POST' && /^\/v1\/invoices\/(create|issue|replace|adjust)/.test(r.path));
/** Method and path of every request but the token's. */
export const apiCalls = (sim: SePaySimulator) =>
	sim.requests.filter((r) => r.path !== '/v1/token').map((r) => `${r.method} ${r.path}`);
