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
import { ICredentialsHelper, isExpression } from 'n8n-workflow';

/**
 * What n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts) does for a node at run
 * time, over an in-memory "database": decrypted copies per request, generic `authenticate`
 * resolved as an expression, and `preAuthentication` run when the expirable property is empty
 * or expired, with the result persisted back.
 */
export class CredentialStore extends ICredentialsHelper {
	/** The stored credential data, like the row n8n keeps (decrypted here). */
	readonly stored = new Map<string, ICredentialDataDecryptedObject>();

	/** How often preAuthentication results were written back (n8n's DB updates). */
	updates = 0;

	/** Every access token preAuthentication produced, for the secret scan. */
	readonly issuedTokens: string[] = [];

	constructor(private readonly types: Map<string, ICredentialType>) {
		super();
	}

	set(type: string, data: ICredentialDataDecryptedObject): void {
		this.stored.set(type, { ...data });
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
			this.stored.set(typeName, { ...this.stored.get(typeName), ...(output as ICredentialDataDecryptedObject) });
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
		throw new Error(`getCredentials(${type}) is not used by these tests`);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.stored.get(type);
		if (!data) throw new Error(`No credential of type ${type} in the store`);
		return structuredClone(data);
	}

	async updateCredentials(
		_details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored.set(type, { ...data });
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}
