import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { dataOf, openConnection, sepayApiRequest } from '../transport/transport';

/** Active provider accounts for the "From List" picker, 100 per page. */
export async function searchProviderAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const data = dataOf(await sepayApiRequest(await openConnection(this), 'GET', '/v1/provider-accounts', { page, per_page: 100 }));
	const accounts = (Array.isArray(data.items) ? data.items : []) as IDataObject[];
	const needle = (filter ?? '').trim().toLowerCase();
	const results = accounts
		.filter((account) => account.active === true)
		.map((account) => {
			const approved = account.tax_authority_approved_date
				? `approved ${String(account.tax_authority_approved_date)}`
				: 'not yet approved by CQT';
			return {
				name: `${String(account.provider ?? 'provider')} · ${String(account.id)} (${approved})`,
				value: String(account.id),
			};
		})
		.filter((option) => !needle || option.name.toLowerCase().includes(needle));
	const hasMore = (data.paging as IDataObject | undefined)?.has_more === true;
	return { results, paginationToken: hasMore ? String(page + 1) : undefined };
}
