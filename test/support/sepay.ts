// The SePay credential and form values every engine test starts from.
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import type { CredentialStore } from '../harness/credentialStore';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../simulator/index.ts';
import type { SePaySimulator } from '../simulator/index.ts';
import { newCredentialStore } from './nodeTypes';

/** The simulator's demo client (test/simulator accepts exactly these). */
export const CLIENT_ID = DEMO_CLIENT_ID;
export const CLIENT_SECRET = DEMO_CLIENT_SECRET;

/** The fields of a SePay eInvoice credential pointed at a simulator (in-process or a child process). */
export function simulatorCredentials(
	sim: { url: string },
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return { environment: 'custom', baseUrl: sim.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...overrides };
}

/** A fresh credential store (no token yet) for the simulator; override any credential field. */
export function credentialsFor(sim: { url: string }, overrides: ICredentialDataDecryptedObject = {}): CredentialStore {
	return newCredentialStore(simulatorCredentials(sim, overrides));
}

/** A valid minimal Invoice → Create form on the simulator's active account (personal buyer); override anything. */
export function createParams(sim: SePaySimulator, overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'invoice',
		operation: 'create',
		providerAccount: { __rl: true, mode: 'id', value: sim.activeProviderAccountId },
		templateAndSeries: '1|C26TAA',
		buyerType: 'personal',
		buyerName: 'Nguyễn Văn A',
		lineItems: { item: [{ lineType: 1, itemName: 'Cà phê sữa', quantity: 2, unitPrice: 45000, taxRate: '8' }] },
		pollInterval: 0.5,
		...overrides,
	};
}

/** A line item with every common field, as a form would send it. */
export const GOOD_LINE = { lineType: 1, itemName: 'Cà phê sữa', unit: 'ly', quantity: 2, unitPrice: 45000, taxRate: '8' };

/** A valid Create for a company buyer with tax code and email, one GOOD_LINE; override anything. */
export function companyCreateParams(sim: SePaySimulator, overrides: INodeParameters = {}): INodeParameters {
	return createParams(sim, {
		buyerType: 'company',
		buyerName: 'Công ty TNHH Thử Nghiệm',
		buyerDetails: { taxCode: '0101234567', email: 'ketoan@thunghiem.vn' },
		lineItems: { item: [GOOD_LINE] },
		...overrides,
	});
}

/** The Usage → Get Quota form. */
export const quota = { resource: 'usage', operation: 'getQuota' };

/** The Provider Account → Get form for an account id (mode `id`) or a value picked from the list. */
export function providerAccountGet(value: string, mode: 'id' | 'list' = 'id') {
	return { resource: 'providerAccount', operation: 'get', providerAccount: { __rl: true, mode, value } };
}
