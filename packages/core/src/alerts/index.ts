export { AlertRaiser, type AlertKind, type AlertRaiserOptions } from './alert-raiser.js';
