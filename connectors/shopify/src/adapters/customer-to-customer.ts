import { adapterVersion, type Customer } from '@hub/models';
import { Customer as ShopifyCustomer } from '../objects/customer.js';

/** `customers/create` -> Customer (the default address, if any). */
export const customerToCustomer = {
  model: 'Customer',
  versions: {
    '2024-07': adapterVersion(ShopifyCustomer, (c): Customer => {
      const address = c.addresses.find((a) => a['default'] === true) ?? c.addresses[0];
      const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
      const name = [c.first_name, c.last_name].filter(Boolean).join(' ');
      return {
        source: { connector: 'shopify', id: String(c.id) },
        email: c.email,
        name: name === '' ? null : name,
        phone: c.phone,
        address: address
          ? { line1: address.address1, line2: text(address['address2']), city: address.city, region: text(address['province']), postalCode: address.zip, country: address.country_code }
          : null,
        createdAt: c.created_at,
      };
    }),
  },
};
