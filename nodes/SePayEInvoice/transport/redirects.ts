/** `https://host` of a Location header, or undefined. */
export function originOf(location: unknown): string | undefined {
	try {
		return new URL(String(location)).origin;
	} catch {
		return undefined;
	}
}

/**
 * Requests to SePay never follow redirects: n8n would resend the token (and the invoice) to
 * wherever the answer points, and turn a redirected POST into a GET.
 */
export function redirectHint(redirectedTo: string | undefined): string {
	return `The SePay address in the credential answered with a redirect${redirectedTo ? ` to ${redirectedTo}` : ''}. The node does not follow redirects, so that the token and invoice data only go to the address you chose: set the credential's Environment / Base URL to SePay's API address itself (https://…).`;
}
