/** The ports the processes are told to listen on (set in their environment, so the two cannot drift). */
export const INGRESS_PORT = 8080;
export const CONSOLE_PORT = 3000;
/** /metrics (HUB_METRICS_PORT): the only HTTP endpoint of a worker or a relay. */
export const METRICS_PORT = 9464;
