/**
 * Where query's connections to the cluster's Prometheus (`TRACING_PROMETHEUS_URL`) go, as a
 * NetworkPolicy can name it: the namespace of a cluster Service, or an IP address. Policies
 * see pods after the Service's translation, so the URL's port must be the pods' own.
 */
import { isIpv4 } from "../parsers/address";

/** `<service>.<namespace>.svc` or `.svc.cluster.local`. */
const SERVICE_HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?\.([a-z0-9]([a-z0-9-]*[a-z0-9])?)\.svc(\.cluster\.local)?$/;

export type PrometheusPeer = { readonly kind: "namespace"; readonly namespace: string } | { readonly kind: "address"; readonly ip: string };

export interface PrometheusEndpoint {
  readonly peer: PrometheusPeer;
  readonly port: number;
}

/** The peer and port of a Prometheus URL, or undefined when a NetworkPolicy cannot name its host. */
export function prometheusEndpoint(url: string): PrometheusEndpoint | undefined {
  const parsed = new URL(url);
  const port = parsed.port === "" ? (parsed.protocol === "https:" ? 443 : 80) : Number(parsed.port);
  const service = SERVICE_HOST.exec(parsed.hostname);
  if (service) return { peer: { kind: "namespace", namespace: service[2] }, port };
  if (isIpv4(parsed.hostname)) return { peer: { kind: "address", ip: parsed.hostname }, port };
  return undefined;
}
