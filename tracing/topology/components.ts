/**
 * The workloads of the tracing backend that this package runs itself, each described once:
 * its name and labels, the ports it serves and who may reach each, and the Elasticsearch user
 * it connects as. The topology, the network flows, the Elasticsearch users and their password
 * files, the scrape targets and both stacks loop over these descriptors, so adding a
 * component means adding a descriptor (and its construct), not editing every layer.
 */
import { COLLECTOR_NAME, GATEWAY_NAME, QUERY_NAME } from "../core/names";
import type { JaegerAccess } from "../elasticsearch/elasticsearch-access";
import { PORTS } from "../core/ports";
import { spanMetricsAt } from "../pipeline/sampling";
import type { HostPortSettings, TracingSettings } from "../settings";

/** Who, besides our own components, connects to a port. */
export type Audience =
  /** The Genesis services in the client namespaces. */
  | { readonly kind: "clients" }
  /** Prometheus, from the monitoring namespace. */
  | { readonly kind: "monitoring" }
  /** The ingress controller, when the UI has an Ingress. */
  | { readonly kind: "ingress" }
  | { readonly kind: "component"; readonly id: ComponentId };

export interface ServedPort {
  /** Container and Service port name. */
  readonly name: string;
  readonly port: number;
  /** `appProtocol` of the Service port, so L7 proxies know the backend speaks TLS. */
  readonly appProtocol: string;
  /** Prometheus metrics (scraped over plain HTTP inside the namespace's policies). */
  readonly metrics?: boolean;
  /**
   * The local stack publishes it on 127.0.0.1, at the host port this setting names.
   * @default - not published
   */
  readonly hostPort?: keyof HostPortSettings;
}

/** One inbound flow: these ports, from this audience, for this reason. */
export interface Reach {
  readonly from: Audience;
  readonly ports: readonly string[];
  readonly purpose: string;
}

export type ComponentId = "gateway" | "collector" | "query" | "elasticsearchExporter";

export interface ComponentDescriptor {
  readonly id: ComponentId;
  /** Object name of its Deployment, Service, certificate and policy; its host name locally. */
  readonly name: string;
  /** `app.kubernetes.io/name` (the software) and `app.kubernetes.io/component` (the role). */
  readonly labels: { readonly name: string; readonly component: string };
  readonly ports: readonly ServedPort[];
  readonly reachedBy: readonly Reach[];
  /**
   * Its Elasticsearch user, and why it connects.
   * @default - it does not connect to Elasticsearch
   */
  readonly elasticsearch?: { readonly access: JaegerAccess; readonly purpose: string };
}


const metricsPort: ServedPort = { name: "metrics", port: PORTS.metrics, appProtocol: "http", metrics: true };
// Published locally too, so a Prometheus on the laptop can scrape them (job="genesis-tracing").
const collectorMetricsPort: ServedPort = { ...metricsPort, hostPort: "metrics" };
const monitoring = (ports: string[], purpose: string): Reach => ({ from: { kind: "monitoring" }, ports, purpose });

const otlpPorts: ServedPort[] = [
  { name: "otlp-grpc", port: PORTS.otlpGrpc, appProtocol: "grpc", hostPort: "otlpGrpc" },
  { name: "otlp-http", port: PORTS.otlpHttp, appProtocol: "https", hostPort: "otlpHttp" },
];
const spanMetricsPort: ServedPort = { name: "span-metrics", port: PORTS.spanMetrics, appProtocol: "http", metrics: true, hostPort: "spanMetrics" };
const clients: Reach = { from: { kind: "clients" }, ports: ["otlp-grpc", "otlp-http"], purpose: "export OTLP" };

/**
 * Every component of the backend, in the order the stacks create them. In `collector`
 * sampling mode (prod) the gateway takes the clients' OTLP and computes the span metrics,
 * and the collectors take OTLP from the gateway alone.
 */
export function backendComponents(settings: TracingSettings): ComponentDescriptor[] {
  const gateway = spanMetricsAt(settings) === "gateway";
  const components: ComponentDescriptor[] = [
    {
      id: "collector",
      name: COLLECTOR_NAME,
      labels: { name: "jaeger", component: "collector" },
      ports: [...otlpPorts, collectorMetricsPort, ...(gateway ? [] : [spanMetricsPort])],
      reachedBy: gateway
        ? [
            { from: { kind: "component", id: "gateway" }, ports: ["otlp-grpc"], purpose: "the gateway routes each trace's spans to one collector" },
            monitoring(["metrics"], "Prometheus scrapes the collector"),
          ]
        : [clients, monitoring(["metrics", "span-metrics"], "Prometheus scrapes the collector and its span metrics")],
      elasticsearch: { access: "writer", purpose: "collector writes spans" },
    },
    {
      id: "query",
      name: QUERY_NAME,
      labels: { name: "jaeger", component: "query" },
      ports: [
        { name: "query-http", port: PORTS.queryHttp, appProtocol: "https", hostPort: "queryHttp" },
        { name: "query-grpc", port: PORTS.queryGrpc, appProtocol: "grpc" },
        metricsPort,
      ],
      reachedBy: [
        monitoring(["metrics"], "Prometheus scrapes the query service"),
        ...(settings.kubernetes.ingress.host === ""
          ? []
          : [{ from: { kind: "ingress" } as const, ports: ["query-http"], purpose: "the UI through the authenticated Ingress" }]),
      ],
      elasticsearch: { access: "reader", purpose: "query reads spans" },
    },
    {
      id: "elasticsearchExporter",
      name: "elasticsearch-exporter",
      labels: { name: "elasticsearch-exporter", component: "elasticsearch-exporter" },
      ports: [{ name: "metrics", port: PORTS.elasticsearchExporter, appProtocol: "http", metrics: true }],
      reachedBy: [monitoring(["metrics"], "Prometheus scrapes Elasticsearch's metrics")],
      elasticsearch: { access: "monitor", purpose: "the exporter reads cluster health and disk use" },
    },
  ];
  if (!gateway) return components;
  return [
    {
      id: "gateway",
      name: GATEWAY_NAME,
      labels: { name: "opentelemetry-collector", component: "gateway" },
      ports: [...otlpPorts, metricsPort, spanMetricsPort],
      reachedBy: [clients, monitoring(["metrics", "span-metrics"], "Prometheus scrapes the gateway and its span metrics")],
    },
    ...components,
  ];
}

/** The descriptor of one component of this configuration. */
export function component(settings: TracingSettings, id: ComponentId): ComponentDescriptor {
  const found = backendComponents(settings).find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} component in this configuration`);
  return found;
}

/** The named ports of a component, in its own order. */
export function portsNamed(descriptor: ComponentDescriptor, names: readonly string[]): ServedPort[] {
  return names.map((name) => {
    const port = descriptor.ports.find((p) => p.name === name);
    if (!port) throw new Error(`${descriptor.name} serves no port named ${name}`);
    return port;
  });
}
