/**
 * Where query's connections to the cluster's Prometheus (`TRACING_PROMETHEUS_URL`) go, as a
 * NetworkPolicy can name them. A policy sees each packet after kube-proxy (or the CNI) has
 * translated the Service's address and port to a pod's, so it must name the pods and their
 * port, not the Service: the Service's `targetPort` (`TRACING_PROMETHEUS_POD_PORT`), which
 * differs from the URL's port wherever the Service maps one to the other (prometheus-community's
 * `prometheus` chart 29.27.0: `server.service.servicePort: 80` to the pods' 9090, templates/
 * service.yaml and `prometheus.port` in _helpers.tpl). For the same reason an IP address in the
 * URL must be a pod's or a host's outside the cluster: a ClusterIP is never the address a policy sees.
 */
import { isIpv4 } from "../parsers/address";
import type { PrometheusSettings } from "../settings";

/** `<service>.<namespace>.svc` or `.svc.cluster.local`. */
const SERVICE_HOST = /^(?<name>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.(?<namespace>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.svc(?:\.cluster\.local)?$/;

export type PrometheusPeer =
  /** The Prometheus pods of the Service's namespace, by their labels; any pod there without labels. */
  | { readonly kind: "namespace"; readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> }
  | { readonly kind: "address"; readonly ip: string };

export interface PrometheusEndpoint {
  readonly peer: PrometheusPeer;
  /** The pods' port, which the policy allows. */
  readonly port: number;
}

/** The cluster Service a Prometheus URL names, or undefined when its host is none. */
export function prometheusService(url: string): { readonly name: string; readonly namespace: string } | undefined {
  const groups = SERVICE_HOST.exec(new URL(url).hostname)?.groups;
  return groups ? { name: groups.name, namespace: groups.namespace } : undefined;
}

/** The peer and pod port of the Prometheus the settings name, or undefined when a NetworkPolicy cannot name its host. */
export function prometheusEndpoint(prometheus: PrometheusSettings): PrometheusEndpoint | undefined {
  const service = prometheusService(prometheus.url);
  if (service) return { peer: { kind: "namespace", namespace: service.namespace, podLabels: prometheus.podLabels }, port: prometheus.podPort };
  const host = new URL(prometheus.url).hostname;
  if (isIpv4(host)) return { peer: { kind: "address", ip: host }, port: prometheus.podPort };
  return undefined;
}
