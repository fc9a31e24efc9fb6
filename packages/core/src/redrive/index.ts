export { RedriveDrainer, type Drained, type RedriveDrainerOptions } from './redrive-drainer.js';
export { recordRedrives, type RedriveVerdict, type RedrivenMessage } from './record-redrives.js';
