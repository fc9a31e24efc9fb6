export { claimLeases, leaseRemainingMs, releaseLeases, renewLeases } from './claim-leases.js';
export { EventLeases, type EventLeasesOptions, type Lease, type LeaseAnswer } from './event-leases.js';
