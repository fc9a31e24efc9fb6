import github from '@hub/connector-github';
import http from '@hub/connector-http';
import shopify from '@hub/connector-shopify';
import stripe from '@hub/connector-stripe';

/** Every connector this hub ships, keyed by id. */
export const connectors = { stripe, github, shopify, http } as const;

export type ConnectorId = keyof typeof connectors;
