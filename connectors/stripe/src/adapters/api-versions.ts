/**
 * The Stripe API versions the adapters know, newest first. A webhook is rendered in the API
 * version of its endpoint and names it in `api_version`.
 */
export const BASIL = '2025-03-31.basil';
export const V2024_06_20 = '2024-06-20';
