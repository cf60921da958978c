/**
 * The components' names: their Services, Deployments and containers in both stacks, and the
 * host names the default settings point clients at (so the settings schema needs them too).
 */

/** The Services clients send OTLP to: the collectors', or in `collector` sampling mode the gateway's. */
export const COLLECTOR_NAME = "jaeger-collector";
export const GATEWAY_NAME = "otel-gateway";
export const QUERY_NAME = "jaeger-query";
