// Imports vitest: kept out of the SDK's main index so vitest never becomes a runtime dependency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../define-connector.js';
import type { ActionSimulator } from './action-simulator.js';
import { checkAction } from './check-action.js';

export interface ConnectorActionsOptions {
  /**
   * Starts the provider simulator for this connector's actions, e.g.
   * `() => startCatalogSimulator(loadSimulatorEntry(new URL('..', import.meta.url)))`.
   * Required when the connector declares actions.
   */
  simulator?: () => Promise<ActionSimulator>;
}

/**
 * The action half of the contract: every declared action has a simulator route with an example,
 * every route serves a declared action, and each action, run with its example through a real
 * HTTP client, sends the documented request, gets a 2xx, parses with its output schema and
 * carries the idempotency key where the route takes one.
 */
export function describeConnectorActions(connector: Connector, options: ConnectorActionsOptions = {}): void {
  const actionNames = Object.keys(connector.actions);
  describe(`${connector.id} connector actions`, () => {
    const { simulator: startSimulator } = options;
    if (startSimulator === undefined) {
      it(actionNames.length === 0 ? 'declares no actions, so needs no simulator' : 'is given a simulator for its actions', () => {
        expect(actionNames, 'pass { simulator } built from the package simulator.yaml').toEqual([]);
      });
      return;
    }

    let simulator: ActionSimulator;
    beforeAll(async () => {
      simulator = await startSimulator();
    });
    afterAll(async () => {
      await simulator?.close();
    });

    it('has a simulator route with an example input for every declared action', () => {
      const covered = new Set(simulator.routes.filter((r) => r.example !== undefined).map((r) => r.action));
      expect(actionNames.filter((name) => !covered.has(name))).toEqual([]);
    });

    it('has no simulator route for an action it does not declare', () => {
      expect(simulator.routes.map((r) => r.action).filter((name) => !(name in connector.actions))).toEqual([]);
    });

    for (const name of actionNames) {
      it(`runs ${name} with its example against the simulator as the provider documents`, async () => {
        const { problems } = await checkAction(connector, name, simulator);
        expect(problems).toEqual([]);
      });
    }
  });
}
