// Where a base URL points: OpenAI, Flux, Azure OpenAI, or another provider.

export type UrlKind = 'openai' | 'flux' | 'azure' | 'other';

export const DEFAULT_BASE_URL = 'https://api.fluxrouter.ai/v1';

export function classifyUrl(url: string, fluxBaseUrl: string): UrlKind {
  const trimmed = url.trim().replace(/\/+$/, '');
  if (trimmed === fluxBaseUrl.replace(/\/+$/, '')) return 'flux';
  let host: string;
  try {
    host = new URL(trimmed).hostname.toLowerCase();
  } catch {
    return 'other';
  }
  if (host === 'fluxrouter.ai' || host.endsWith('.fluxrouter.ai')) return 'flux';
  if (host === 'api.openai.com' || host === 'mtls.api.openai.com') return 'openai';
  if (/\/openai\/deployments\//.test(trimmed)) return 'azure';
  if (host.endsWith('.openai.azure.com') || host.endsWith('.cognitiveservices.azure.com') || host.endsWith('.azure-api.net') || host.endsWith('.services.ai.azure.com')) return 'azure';
  return 'other';
}

/** A URL's host for messages (`api.groq.com`), or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
