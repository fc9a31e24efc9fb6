export { buildApp, type ConsoleDeps } from './app.js';
export { loadConfig, ConsoleEnv, type ConsoleConfig } from './config.js';
export { startConsole } from './start.js';
export { readEventView, type EventView } from './event-timeline.js';
export type { EventListItem } from './routes/event-list.js';
