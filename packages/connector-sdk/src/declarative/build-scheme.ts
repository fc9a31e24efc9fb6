import { githubScheme } from '../schemes/github-scheme.js';
import { hmacScheme } from '../schemes/hmac-scheme.js';
import { shopifyScheme } from '../schemes/shopify-scheme.js';
import { standardWebhooksScheme } from '../schemes/standard-webhooks-scheme.js';
import { stripeScheme } from '../schemes/stripe-scheme.js';
import type { WebhookScheme } from '../verify/types.js';
import type { SchemeDeclaration } from './webhook-declaration.js';

const tolerance = (seconds: number | undefined) => (seconds === undefined ? {} : { toleranceSeconds: seconds });

/** The WebhookScheme a declaration names; throws the scheme factory's HubError on inconsistent options. */
export function buildScheme(declaration: SchemeDeclaration): WebhookScheme {
  const options = typeof declaration === 'string' ? { type: declaration } : declaration;
  switch (options.type) {
    case 'stripe':
      return stripeScheme('toleranceSeconds' in options ? tolerance(options.toleranceSeconds) : {});
    case 'github':
      return githubScheme();
    case 'shopify':
      return shopifyScheme();
    case 'standardWebhooks':
      return standardWebhooksScheme({
        ...('toleranceSeconds' in options ? tolerance(options.toleranceSeconds) : {}),
        ...('headerPrefix' in options && options.headerPrefix !== undefined ? { headerPrefix: options.headerPrefix } : {}),
      });
    case 'hmac': {
      const { type: _type, toleranceSeconds, timestampHeader, ...rest } = options;
      return hmacScheme({ ...rest, ...tolerance(toleranceSeconds), ...(timestampHeader === undefined ? {} : { timestampHeader }) });
    }
  }
}
