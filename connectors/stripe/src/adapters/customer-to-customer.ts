import { adapterVersion, fromUnixSeconds, type Customer } from '@hub/models';
import { z } from 'zod';
import { CustomerCreated } from '../events/customer-created.js';
import { BASIL, V2024_06_20 } from './api-versions.js';

type StripeCustomer = z.infer<typeof CustomerCreated>['data']['object'];

function toCustomer(customer: StripeCustomer): Customer {
  const a = customer.address;
  return {
    source: { connector: 'stripe', id: customer.id },
    email: customer.email,
    name: customer.name,
    phone: customer.phone,
    address: a ? { line1: a.line1, line2: a.line2, city: a.city, region: a.state, postalCode: a.postal_code, country: a.country } : null,
    createdAt: fromUnixSeconds(customer.created),
  };
}

// The Customer fields mapped here are the same in both versions (basil's Customer changes are
// request parameters such as `coupon`): the versions differ only in the api_version they pin.
/** `customer.created` -> Customer. */
export const customerCreatedToCustomer = {
  model: 'Customer',
  versions: {
    [BASIL]: adapterVersion(CustomerCreated.extend({ api_version: z.literal(BASIL) }), (e): Customer => toCustomer(e.data.object)),
    [V2024_06_20]: adapterVersion(CustomerCreated.extend({ api_version: z.literal(V2024_06_20) }), (e): Customer => toCustomer(e.data.object)),
  },
};
