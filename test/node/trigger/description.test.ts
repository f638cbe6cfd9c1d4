/* eslint-disable */
// SePay Trigger description as n8n reads it: what a node left at its defaults does, the icon
// and codex files n8n loads, and the subtitle expression.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

import { SePayWebhookApi } from '../../../credentials/SePayWebhookApi.credentials';
import { SePayWebhookHmacApi } from '../../../credentials/SePayWebhookHmacApi.credentials';
import { SAMPLE, TriggerHost, credentialStore, triggerNodeType } from './harness';

const description = triggerNodeType.description;
const repoRoot = path.resolve(__dirname, '../../..');

describe('a SePay Trigger left at its defaults', () => {
	const KEY = 'whk_defaults_5b8e1f';

	test('asks for the API key, takes money in only, skips repeats, answers 200 {"success": true}', async () => {
		const host = await TriggerHost.start({ store: credentialStore({ webhook: { apiKey: KEY } }) });
		try {
			const auth = { authorization: `Apikey ${KEY}` };
			expect((await host.post(SAMPLE)).status).toBe(401);
			const first = await host.post(SAMPLE, { headers: auth });
			expect([first.status, first.text]).toEqual([200, '{"success":true}']);
			expect(first.items).toHaveLength(1);
			const again = await host.post(SAMPLE, { headers: auth });
			expect([again.status, again.text, again.items]).toEqual([200, '{"success":true}', undefined]);
			const moneyOut = await host.post({ ...SAMPLE, id: SAMPLE.id + 1, transferType: 'out' }, { headers: auth });
			expect([moneyOut.status, moneyOut.items]).toEqual([200, undefined]);
		} finally {
			await host.close();
		}
	});
});

describe('files n8n loads for the node', () => {
	test('every icon the node and its credentials reference exists', () => {
		const icons: Array<[string, unknown]> = [
			['nodes/SePayTrigger', description.icon],
			['credentials', new SePayWebhookApi().icon],
			['credentials', new SePayWebhookHmacApi().icon],
		];
		for (const [folder, icon] of icons) {
			for (const file of Object.values(icon as Record<string, string>)) {
				expect(file.startsWith('file:'), file).toBe(true);
				expect(existsSync(path.resolve(repoRoot, folder, file.slice('file:'.length))), file).toBe(true);
			}
		}
	});

	test('the codex file names this node type (n8n matches it by package and node name)', () => {
		const packageName = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).name;
		const codex = JSON.parse(readFileSync(path.join(repoRoot, 'nodes/SePayTrigger/SePayTrigger.node.json'), 'utf8'));
		expect(codex.node).toBe(`${packageName}.${description.name}`);
		for (const link of [...codex.resources.primaryDocumentation, ...codex.resources.credentialDocumentation]) {
			expect(link.url).toMatch(/^https:\/\//);
		}
	});
});

describe('subtitle, evaluated by n8n-workflow', () => {
	for (const [transferType, subtitle] of [
		['in', 'Money in'],
		['out', 'Money out'],
		['both', 'Money in and out'],
	]) {
		test(`${transferType} → ${subtitle}`, async () => {
			const host = await TriggerHost.start({ parameters: { authentication: 'none', transferType } });
			try {
				const value = host.workflow.expression.getSimpleParameterValue(
					host.triggerNode,
					description.subtitle as string,
					'internal',
					{},
				);
				expect(value).toBe(subtitle);
			} finally {
				await host.close();
			}
		});
	}
});
