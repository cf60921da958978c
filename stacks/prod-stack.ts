import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { generatedPassword } from "../constructs/generated-password";
import { ElasticChart } from "../constructs/kubernetes/eck";
import { ElasticsearchBootstrapJob } from "../constructs/kubernetes/elasticsearch-bootstrap-job";
import { ElasticsearchExporter } from "../constructs/kubernetes/elasticsearch-exporter";
import { Monitoring } from "../constructs/kubernetes/monitoring";
import { JaegerWorkload } from "../constructs/kubernetes/jaeger-workload";
import { NetworkPolicies } from "../constructs/kubernetes/network-policies";
import { QueryIngress } from "../constructs/kubernetes/query-ingress";
import { SDK_CONFIG_MAPS, SdkConfig } from "../constructs/kubernetes/sdk-config";
import { TracingNamespace } from "../constructs/kubernetes/tracing-namespace";
import { CertificateAuthority } from "../constructs/tls/certificate-authority";
import { renderAlertRules } from "../tracing/alert-rules";
import { renderGrafanaDashboard } from "../tracing/dashboard";
import { renderElasticsearchValues } from "../tracing/eck-values";
import { elasticsearchPrincipal, renderBootstrapScript } from "../tracing/elasticsearch-access";
import { renderRolloverInit } from "../tracing/ilm";
import { renderCollectorConfig, renderQueryConfig } from "../tracing/jaeger-config";
import { renderNetworkPolicies } from "../tracing/network-policy";
import { BOOTSTRAP_PATHS } from "../tracing/paths";
import { PORTS } from "../tracing/ports";
import { renderSdkEnvironment } from "../tracing/sdk-environment";
import type { ContainerImage, TracingSettings } from "../tracing/settings";
import { INSTANCE, placedIn, prodTopology, type PodGroup } from "../tracing/topology";
import { toYaml } from "../tracing/yaml";
import { addStateBackend } from "./backend";
import { CHARTS, readHelmValues } from "./helm-values";

/** Where client pods mount the CA ConfigMap; the SDK environment points at this file. */
export const CLIENT_CA_DIR = "/etc/genesis-tracing";

/** Secret holding the Elasticsearch passwords of our users (keys `writer`, `reader`, `monitor`). */
const JAEGER_CREDENTIALS_SECRET = "jaeger-elasticsearch-credentials";

export interface ProdStackProps {
  readonly settings: TracingSettings;
}

/**
 * `cdktf deploy prod`: the tracing backend on Kubernetes. ECK (Helm) runs Elasticsearch; a
 * bootstrap Job sets up ILM, roles and users; Jaeger collector and query are our own hardened
 * Deployments; NetworkPolicies allow exactly the intended flows; every client namespace gets
 * the SDK environment and CA as ConfigMaps.
 */
export class ProdStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ProdStackProps) {
    super(scope, id);
    const { settings } = props;
    const cluster = settings.kubernetes;
    addStateBackend(this, id, settings.stateBackend, cluster);
    const access =
      cluster.kubeconfig === "in-cluster"
        ? {}
        : { configPath: cluster.kubeconfig, ...(cluster.context ? { configContext: cluster.context } : {}) };
    new KubernetesProvider(this, "kubernetes", access);
    new HelmProvider(this, "helm", { kubernetes: access });
    new TlsProvider(this, "tls", {});
    new RandomProvider(this, "random", {});

    const namespace = new TracingNamespace(this, "Namespace", { name: cluster.namespace });
    // Everything in the namespace names it by reference, so Terraform creates it first.
    const topology = placedIn(prodTopology(settings), namespace.name);
    // Policies first, so no pod of ours ever starts unprotected.
    const policies = new NetworkPolicies(this, "NetworkPolicies", {
      policies: renderNetworkPolicies(settings).map((policy) => ({ ...policy, namespace: namespace.name })),
    });
    const guarded = policies.resources;

    const chart = (chartId: keyof typeof CHARTS) => ({
      chart: CHARTS[chartId].name,
      chartVersion: CHARTS[chartId].version,
      staticValues: readHelmValues(CHARTS[chartId].valuesFile),
    });
    const operator = new ElasticChart(this, "EckOperator", {
      ...chart("eckOperator"),
      releaseName: "elastic-operator",
      namespace: cluster.eckOperatorNamespace,
      createNamespace: true,
      // The operator ignores every namespace but ours.
      computedValues: { managedNamespaces: [cluster.namespace] },
    });
    const elasticsearch = new ElasticChart(this, "Elasticsearch", {
      ...chart("eckElasticsearch"),
      releaseName: "elasticsearch",
      namespace: namespace.name,
      computedValues: renderElasticsearchValues(settings),
      dependsOn: [operator.release, ...guarded],
    });

    const password = (passwordId: string) => generatedPassword(this, passwordId);
    const credentials = new SecretV1(this, "JaegerCredentials", {
      metadata: { name: JAEGER_CREDENTIALS_SECRET, namespace: namespace.name, labels: { "app.kubernetes.io/part-of": INSTANCE } },
      type: "Opaque",
      data: { writer: password("WriterPassword"), reader: password("ReaderPassword"), monitor: password("MonitorPassword") },
    });

    const placement = { elasticsearchUrl: topology.urls.elasticsearch };
    const image = (ref: ContainerImage) => `${ref.repository}:${ref.tag}`;
    const bootstrap = new ElasticsearchBootstrapJob(this, "ElasticsearchBootstrap", {
      group: topology.elasticsearchBootstrap,
      elasticsearchImage: image(settings.images.elasticsearch),
      esRolloverImage: image(settings.images.esRollover),
      accessScript: renderBootstrapScript(settings, placement),
      rolloverInit: renderRolloverInit(settings, {
        ...placement,
        caFile: BOOTSTRAP_PATHS.elasticsearchCa,
        adminPasswordFile: BOOTSTRAP_PATHS.adminPassword,
      }),
      elasticsearchCaSecret: topology.eckSecrets.httpCaCertificate,
      elasticUserSecret: topology.eckSecrets.elasticUser,
      jaegerCredentialsSecret: credentials.metadata.name,
      dependsOn: [elasticsearch.release, ...guarded],
    });

    const ca = new CertificateAuthority(this, "CertificateAuthority", {
      commonName: "Genesis tracing CA",
      lifetimes: settings.certificates,
    });
    const serviceNames = (group: PodGroup) => {
      const inNamespace = `${group.name}.${cluster.namespace}`;
      return [group.name, inNamespace, `${inNamespace}.svc`, `${inNamespace}.svc.cluster.local`];
    };
    const jaeger = (componentId: string, group: PodGroup) => ({
      group,
      image: image(settings.images.jaeger),
      version: settings.images.jaeger.tag,
      certificate: ca.issueServerCertificate(`${componentId}Certificate`, { commonName: group.name, dnsNames: serviceNames(group) }),
      caCertificatePem: ca.certificatePem,
      elasticsearchCaSecret: topology.eckSecrets.httpCaCertificate,
      dependsOn: [bootstrap.job, ...guarded],
    });
    const metricsPort = { name: "metrics", port: PORTS.metrics, appProtocol: "http" };
    // Without the Prometheus Operator, the common pod annotations say what to scrape.
    const scrape = (port: number): Record<string, string> =>
      cluster.prometheusOperator ? {} : { "prometheus.io/scrape": "true", "prometheus.io/port": String(port), "prometheus.io/path": "/metrics" };
    new JaegerWorkload(this, "Collector", {
      ...jaeger("Collector", topology.collector),
      configYaml: toYaml(renderCollectorConfig(settings, placement)),
      // The storage queue is sized against this limit (tracing/storage-queue.ts).
      memoryMiB: settings.collector.memoryLimitMiB,
      credentials: { secretName: credentials.metadata.name, key: "writer" },
      ports: [
        { name: "otlp-grpc", port: PORTS.otlpGrpc, appProtocol: "grpc" },
        { name: "otlp-http", port: PORTS.otlpHttp, appProtocol: "https" },
        metricsPort,
        { name: "span-metrics", port: PORTS.spanMetrics, appProtocol: "http" },
      ],
      podAnnotations: scrape(PORTS.metrics),
      replicas: cluster.collectorReplicas,
      maxReplicas: cluster.collectorMaxReplicas,
    });
    const query = new JaegerWorkload(this, "Query", {
      ...jaeger("Query", topology.query),
      configYaml: toYaml(renderQueryConfig(settings, placement)),
      credentials: { secretName: credentials.metadata.name, key: "reader" },
      ports: [
        { name: "query-http", port: PORTS.queryHttp, appProtocol: "https" },
        { name: "query-grpc", port: PORTS.queryGrpc, appProtocol: "grpc" },
        metricsPort,
      ],
      podAnnotations: scrape(PORTS.metrics),
      replicas: cluster.queryReplicas,
    });
    if (cluster.ingress.host !== "") {
      new QueryIngress(this, "QueryIngress", {
        namespace: namespace.name,
        settings: cluster.ingress,
        service: { name: query.service.metadata.name, port: PORTS.queryHttp },
      });
    }

    new ElasticsearchExporter(this, "ElasticsearchExporter", {
      group: topology.elasticsearchExporter,
      image: image(settings.images.elasticsearchExporter),
      elasticsearchUrl: topology.urls.elasticsearch,
      elasticsearchCaSecret: topology.eckSecrets.httpCaCertificate,
      username: elasticsearchPrincipal(settings, "monitor"),
      credentials: { secretName: credentials.metadata.name, key: "monitor" },
      scrapeAnnotations: scrape(PORTS.elasticsearchExporter),
      dependsOn: [bootstrap.job, ...guarded],
    });
    new Monitoring(this, "Monitoring", {
      monitoringNamespace: cluster.monitoringNamespace,
      tracingNamespace: namespace.name,
      rules: renderAlertRules(settings),
      dashboard: renderGrafanaDashboard(settings),
      prometheusOperator: cluster.prometheusOperator,
      scrapeTargets: [
        { group: topology.collector, ports: ["metrics", "span-metrics"] },
        { group: topology.query, ports: ["metrics"] },
        { group: topology.elasticsearchExporter, ports: ["metrics"] },
      ],
    });

    new SdkConfig(this, "SdkConfig", {
      namespaces: cluster.clientNamespaces,
      environment: renderSdkEnvironment(settings, { caCertificatePath: `${CLIENT_CA_DIR}/ca.crt` }),
      caCertificatePem: ca.certificatePem,
    });

    new TerraformOutput(this, "otlp_endpoint", { value: settings.otlpEndpoint, description: "OTLP/gRPC endpoint for services" });
    new TerraformOutput(this, "jaeger_ui_url", { value: settings.jaegerUiUrl, description: "Jaeger UI" });
    new TerraformOutput(this, "sdk_config_maps", {
      value: SDK_CONFIG_MAPS,
      description: `ConfigMaps in each client namespace: envFrom the environment, mount the CA at ${CLIENT_CA_DIR}`,
    });
  }
}
