// The n8n lines this package is tested on in the real n8n (editor test; each version is
// installed by scripts/install-n8n.sh with N8N_VERSION). One list, newest first.

export const N8N_VERSIONS = ['2.41.1', '1.123.81'] as const;

/**
 * n8n 1.x refuses module names it does not know (`Unknown module "mcp-registry"`): there
 * only `insights` can be disabled.
 */
export function disabledModulesFor(version: string): string | undefined {
	return version.startsWith('1.') ? 'insights' : undefined;
}
