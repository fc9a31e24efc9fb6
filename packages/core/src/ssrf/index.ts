export { isGlobalAddress } from './is-global-address.js';
export { isAllowedOrigin, normalizeAllowEntry, OutboundAllowedHosts } from './outbound-allow-list.js';
export { addressBlocked, assertPublicLiteralHost, guardedLookup, resolveWithDns, type ResolveHost } from './guarded-lookup.js';
export { checkOutboundUrl, describeOutboundRefusal, type OutboundUrlCheck } from './check-outbound-url.js';
