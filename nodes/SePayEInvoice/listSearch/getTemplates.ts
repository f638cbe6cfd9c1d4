import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dataOf, encodeSegment, sepayApiRequest } from '../shared/transport';

/** Separates template code and series in the "Template & Series" value, e.g. "1|C26TAA". */
export const TEMPLATE_SEPARATOR = '|';

/** The chosen account's template + series pairs, labelled as SePay labels them. */
export async function getTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const accountId = String(
		this.getCurrentNodeParameter('providerAccount', { extractValue: true }) ?? '',
	).trim();
	if (!accountId) {
		throw new NodeOperationError(this.getNode(), 'Choose a Provider Account first', {
			description: 'The templates and series come from the provider account.',
		});
	}
	const account = dataOf(
		await sepayApiRequest.call(this, 'GET', `/v1/provider-accounts/${encodeSegment(accountId)}`),
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
