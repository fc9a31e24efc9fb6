import { z } from 'zod';
import { Address } from './address.js';
import { CurrencyCode } from './currency-code.js';
import { ShopifyId } from './shopify-id.js';

const MarketingConsent = z
  .object({ state: z.string(), opt_in_level: z.string().nullable(), consent_updated_at: z.string().nullable() })
  .loose();

/** The REST Admin `Customer` resource as sent by the `customers/*` webhooks. */
export const Customer = z
  .object({
    id: ShopifyId,
    admin_graphql_api_id: z.string().startsWith('gid://shopify/Customer/'),
    email: z.string().nullable(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    phone: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    state: z.enum(['disabled', 'invited', 'enabled', 'declined']),
    verified_email: z.boolean(),
    tax_exempt: z.boolean(),
    tags: z.string(),
    currency: CurrencyCode,
    note: z.string().nullable(),
    addresses: z.array(Address.extend({ id: ShopifyId })),
    email_marketing_consent: MarketingConsent.nullable().optional(),
    sms_marketing_consent: MarketingConsent.nullable().optional(),
  })
  .loose();
export type Customer = z.infer<typeof Customer>;
