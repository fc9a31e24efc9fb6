/** The hub's processes as Kubernetes sees them. */
export type Component = 'ingress' | 'relay' | 'console' | 'worker' | 'migrate';

/** Selector labels of one process (a Deployment's pods, a Service's endpoints, a policy's target). */
export function selectorOf(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'integration-hub' };
}

/** Every object's labels: the selector plus the component (none for shared objects) and the connector of a worker. */
export function labelsOf(name: string, component?: Component, connector?: string): Record<string, string> {
  return { ...selectorOf(name), ...(component ? { 'app.kubernetes.io/component': component } : {}), ...(connector ? { 'hub.integration/connector': connector } : {}) };
}
