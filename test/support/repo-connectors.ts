import github from '@hub/connector-github';
import http from '@hub/connector-http';
import shopify from '@hub/connector-shopify';
import stripe from '@hub/connector-stripe';

/** The repository's TypeScript connectors, imported directly: tests name the ones they use instead of discovering them. */
export const connectors = { stripe, github, shopify, http } as const;
