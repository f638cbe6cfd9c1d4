import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { TEMPLATE_SEPARATOR } from '../rules/invoiceBody';
import { dataOf, encodeSegment, openConnection, sepayApiRequest } from '../transport/transport';

/**
 * The chosen provider account's ID, or '' while none is chosen. The editor also asks for
 * this list right after the user switches to an operation without the account field; the
 * field is then absent, and extracting its value would fail.
 */
function chosenAccountId(context: ILoadOptionsFunctions): string {
	const raw = context.getCurrentNodeParameter('providerAccount');
	if (raw === undefined || raw === null || raw === '') return '';
	return String(context.getCurrentNodeParameter('providerAccount', { extractValue: true }) ?? '').trim();
}

/**
 * The chosen account's template + series pairs, labelled as SePay labels them. Before an
 * account is chosen the list is empty (the field's hint says why) and nothing is sent:
 * the editor loads this list as soon as the node opens, so an error here would greet
 * every new user.
 */
export async function getTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const accountId = chosenAccountId(this);
	if (!accountId) return [];
	const account = dataOf(
		await sepayApiRequest(await openConnection(this), 'GET', `/v1/provider-accounts/${encodeSegment(accountId)}`),
	);
	const templates = (Array.isArray(account.templates) ? account.templates : []) as IDataObject[];
	return templates.map((template) => {
		const code = String(template.template_code ?? '');
		const series = String(template.invoice_series ?? '');
		return {
			name: String(template.invoice_label ?? `${code} - ${series}`),
			value: `${code}${TEMPLATE_SEPARATOR}${series}`,
			description: `Template ${code}, series ${series}`,
		};
	});
}
