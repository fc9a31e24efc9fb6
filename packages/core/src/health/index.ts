export { connectorHealth, HEALTH_WINDOWS, type ConnectorHealth, type HealthWindow, type WindowHealth } from './connector-health.js';
