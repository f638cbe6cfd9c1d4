import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { Credentials } from 'n8n-core';
import { ICredentialsHelper, isExpression } from 'n8n-workflow';

import './instanceEncryption';

/** A credential row as n8n's database keeps it: the data encrypted with the instance's key. */
interface CredentialRow {
	id: string;
	name: string;
	data: string;
}

/**
 * What n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts) does for a node at run
 * time, over an in-memory "database" of encrypted rows: every `getDecrypted` decrypts the row
 * with n8n-core's `Credentials` (AES with the instance's key, as n8n does per call), generic
 * `authenticate` resolved as an expression, and `preAuthentication` run when the expirable
 * property is empty or expired, with the result encrypted and persisted back.
 */
export class CredentialStore extends ICredentialsHelper {
	/** The rows by credential type; a row being encrypted is already in place, so reads wait for it. */
	private readonly rows = new Map<string, Promise<CredentialRow>>();

	/** How often preAuthentication results were written back (n8n's DB updates). */
	updates = 0;

	/** Every access token preAuthentication produced, for the secret scan. */
	readonly issuedTokens: string[] = [];

	constructor(private readonly types: Map<string, ICredentialType>) {
		super();
	}

	/** Stores the credential of this type (encrypted, as n8n saves it). */
	set(type: string, data: ICredentialDataDecryptedObject): void {
		this.rows.set(type, encryptedRow(type, data));
	}

	/** What the row of this type holds, decrypted (what n8n persisted, e.g. the access token). */
	async storedData(type: string): Promise<ICredentialDataDecryptedObject | undefined> {
		const row = await this.rows.get(type);
		return row ? await credentialsOf(type, row).getData() : undefined;
	}

	/** Every stored credential, decrypted: the secrets the secret scan looks for. */
	async allStoredData(): Promise<ICredentialDataDecryptedObject[]> {
		return await Promise.all([...this.rows.keys()].map(async (type) => (await this.storedData(type))!));
	}

	private async row(type: string): Promise<CredentialRow> {
		const row = await this.rows.get(type);
		if (!row) throw new Error(`No credential of type ${type} in the store`);
		return row;
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getParentTypes(): string[] {
		return [];
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types.get(type)?.properties ?? [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.types.get(typeName);
		const authenticate = type?.authenticate;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate && authenticate.type === 'generic') {
			if (!workflow || !node) throw new Error('workflow and node are required');
			const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const resolved = isExpression(value)
						? String(
								workflow.expression.getSimpleParameterValue(node, value, 'internal', {
									$credentials: credentials,
								}) ?? '',
							)
						: value;
					options[outerKey] ??= {};
					options[outerKey][key] = resolved;
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types.get(typeName);
		const expirable = type?.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!type?.preAuthentication || expirable === undefined) return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(
			{ helpers: { httpRequest: helpers.helpers.httpRequest } },
			credentials,
		);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			const stored = await credentialsOf(typeName, await this.row(typeName)).getData();
			this.set(typeName, { ...stored, ...(output as ICredentialDataDecryptedObject) });
			await this.rows.get(typeName);
			this.updates++;
			const token = (output as ICredentialDataDecryptedObject).accessToken;
			if (typeof token === 'string' && token !== '') this.issuedTokens.push(token);
		}
		return Object.assign(credentials, output as ICredentialDataDecryptedObject);
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return credentialsOf(type, await this.row(type));
	}

	/** n8n reads the row and decrypts it on every call (no cache of decrypted data). */
	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		return await credentialsOf(type, await this.row(type)).getData();
	}

	async updateCredentials(
		_details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.set(type, data);
		await this.rows.get(type);
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

function credentialsOf(type: string, row: CredentialRow): Credentials {
	return new Credentials({ id: row.id, name: row.name }, type, row.data);
}

async function encryptedRow(type: string, data: ICredentialDataDecryptedObject): Promise<CredentialRow> {
	const credentials = new Credentials({ id: type, name: type }, type);
	await credentials.setData({ ...data });
	return { id: type, name: type, data: credentials.getDataToSave().data! };
}
