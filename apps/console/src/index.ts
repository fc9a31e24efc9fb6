export { buildApp, type ConsoleAccess, type ConsoleDeps } from './app.js';
export { consoleAccess, loadConfig, ConsoleEnv, type ConsoleConfig } from './config.js';
export { startConsole, type RunningConsole } from './start.js';
export { readEventView, type EventView } from './event-timeline.js';
export type { EventListItem } from './routes/event-list.js';
export type { CatalogAction, CatalogConnector, WorkflowCatalog } from './routes/workflows-catalog.js';
