import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { Image } from "@cdktf/provider-docker/lib/image";
import { Network } from "@cdktf/provider-docker/lib/network";
import { File } from "@cdktf/provider-local/lib/file";
import { LocalProvider } from "@cdktf/provider-local/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { Fn, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { generatedPassword, userPasswords } from "../constructs/generated-password";
import { ElasticsearchBootstrap } from "../constructs/docker/elasticsearch-bootstrap";
import { ElasticsearchNode } from "../constructs/docker/elasticsearch-node";
import { JaegerComponent } from "../constructs/docker/jaeger-component";
import { PrometheusServer } from "../constructs/docker/prometheus-server";
import { trustedAuthorities } from "../constructs/tls/certificate-authority";
import { type KnownExpiry } from "../tracing/topology/certificates";
import { renderAlertRules } from "../tracing/monitoring/alert-rules";
import { caIssuerName } from "../tracing/topology/certificates";
import { renderGrafanaDashboard } from "../tracing/monitoring/dashboard";
import { renderBootstrapScript } from "../tracing/elasticsearch/bootstrap-script";
import { LAPTOP_DISK_WATERMARKS, renderHeapOptions, renderNodeSettings } from "../tracing/elasticsearch/elasticsearch-node";
import { renderCollectorConfig, renderQueryConfig } from "../tracing/pipeline/jaeger-config";
import { LOCAL_PROMETHEUS_HOST, localPrometheusCommand, renderLocalPrometheusConfig } from "../tracing/monitoring/local-prometheus";
import { monitorTabPossible } from "../tracing/pipeline/sampling";
import { renderMonitorTabRules, renderQueryMetricsBackend } from "../tracing/monitoring/monitor-tab";
import { LOCAL_CLIENT_DIR, LOCAL_MONITOR_PASSWORD_OUTPUT, LOCAL_NAME_PREFIX, localMemoryLimitsMiB, localPublishedPorts } from "../tracing/topology/local-resources";
import { renderSdkEnvironment, toEnvFile } from "../tracing/pipeline/sdk-environment";
import { imageReference } from "../tracing/parsers/image-reference";
import type { ContainerImage, TracingSettings } from "../tracing/settings";
import { toYaml } from "../tracing/core/yaml";
import { literalText } from "../constructs/terraform-text";
import { addStateBackend, requireTerraform } from "./backend";
import { CLIENT_CA_DIR, PROJECT_ROOT_FROM_STACK } from "../tracing/core/paths";
import { PORTS } from "../tracing/core/ports";
import { COLLECTOR_NAME, QUERY_NAME } from "../tracing/core/names";


/** Host names on the private network; the certificates are issued for them. Jaeger's are its components' names. */
export const LOCAL_HOSTS = {
  elasticsearch: "elasticsearch",
  collector: COLLECTOR_NAME,
  query: QUERY_NAME,
} as const;

export { LOCAL_CLIENT_DIR } from "../tracing/topology/local-resources";

/** A path that needs no quoting in a shell or a Docker env file. */
const UNQUOTED_PATH = "^[-A-Za-z0-9._/:]+$";

/** Names every certificate also carries, so the published ports verify as https://localhost. */
const LOOPBACK = { dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"] } as const;

export interface LocalStackProps {
  readonly settings: TracingSettings;
}

/**
 * `cdktf deploy local`: a TLS-enabled copy of production on a laptop's Docker. Elasticsearch
 * (one node), the ILM bootstrap, the Jaeger collector and query, with ports on 127.0.0.1
 * only, and the SDK env file plus CA written under `.tracing/local/` for local services.
 */
export class LocalStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: LocalStackProps) {
    super(scope, id);
    const { settings } = props;
    addStateBackend(this, id, settings.stateBackend, settings.kubernetes);
    requireTerraform(this, settings.stack, settings.stateBackend);
    new DockerProvider(this, "docker", {});
    new TlsProvider(this, "tls", {});
    new TimeProvider(this, "time", {});
    new RandomProvider(this, "random", {});
    new LocalProvider(this, "local", {});

    // Each container's usual port inside, the port settings give it on the laptop.
    const published = localPublishedPorts(settings);
    const memoryMiB = localMemoryLimitsMiB(settings);
    const network = new Network(this, "Network", { name: LOCAL_NAME_PREFIX });
    const image = (imageId: string, ref: ContainerImage) =>
      new Image(this, imageId, { name: imageReference(ref), keepLocally: true }).imageId;
    const elasticsearchImage = image("ElasticsearchImage", settings.images.elasticsearch);
    const jaegerImage = image("JaegerImage", settings.images.jaeger);
    // Elasticsearch takes the admin password on its first start only: it never rotates.
    const passwords = { admin: generatedPassword(this, "ElasticPassword"), users: userPasswords(this, settings) };

    const ca = trustedAuthorities(this, { commonName: "Genesis tracing local CA", certificates: settings.certificates });
    // What the expiry alerts compare with time(), each certificate by its host name.
    const expiries: KnownExpiry[] = [...ca.bySlot].map(([slot, authority]) => ({ certificate: caIssuerName(slot), notAfterUnix: authority.notAfterUnix }));
    const issue = (id: string, host: string, props: Omit<Parameters<typeof ca.signing.issueServerCertificate>[1], "commonName">) => {
      const certificate = ca.signing.issueServerCertificate(id, { commonName: host, ...props });
      expiries.push({ certificate: host, notAfterUnix: certificate.notAfterUnix });
      return certificate;
    };

    const elasticsearch = new ElasticsearchNode(this, "Elasticsearch", {
      containerName: `${LOCAL_NAME_PREFIX}-elasticsearch`,
      imageId: elasticsearchImage,
      networkName: network.name,
      hostAlias: LOCAL_HOSTS.elasticsearch,
      heapOptions: renderHeapOptions(settings),
      memoryLimitMiB: memoryMiB.elasticsearch,
      nodeSettings: { ...renderNodeSettings(), ...LAPTOP_DISK_WATERMARKS },
      certificate: issue("ElasticsearchCertificate", LOCAL_HOSTS.elasticsearch, {
        dnsNames: [LOCAL_HOSTS.elasticsearch, `${LOCAL_NAME_PREFIX}-elasticsearch`, ...LOOPBACK.dnsNames],
        ipAddresses: LOOPBACK.ipAddresses,
        clientAuth: true,
      }),
      caCertificatePem: ca.trustBundlePem,
      adminPassword: passwords.admin,
      dataVolumeName: `${LOCAL_NAME_PREFIX}-elasticsearch-data`,
      loopbackPorts: published.elasticsearch,
    });

    const placement = { elasticsearchUrl: elasticsearch.url };
    const bootstrap = new ElasticsearchBootstrap(this, "ElasticsearchBootstrap", {
      namePrefix: `${LOCAL_NAME_PREFIX}-bootstrap`,
      networkName: network.name,
      elasticsearchImageId: elasticsearchImage,
      esRolloverImage: { imageId: image("EsRolloverImage", settings.images.esRollover), tag: settings.images.esRollover.tag },
      script: renderBootstrapScript(settings, { ...placement, users: "api" }),
      caCertificatePem: ca.trustBundlePem,
      passwords,
      elasticsearch: elasticsearch.container.resource,
      elasticsearchContainerId: elasticsearch.container.resource.id,
    });

    const jaeger = (componentId: string, host: string) => ({
      containerName: `${LOCAL_NAME_PREFIX}-${host.replace(/^jaeger-/, "")}`,
      imageId: jaegerImage,
      networkName: network.name,
      hostAliases: [host],
      certificate: issue(`${componentId}Certificate`, host, {
        dnsNames: [host, ...LOOPBACK.dnsNames],
        ipAddresses: LOOPBACK.ipAddresses,
      }),
      elasticsearchCaPem: ca.trustBundlePem,
      dependsOn: [bootstrap.completed],
    });
    new JaegerComponent(this, "Collector", {
      ...jaeger("Collector", LOCAL_HOSTS.collector),
      configYaml: toYaml(renderCollectorConfig(settings, placement)),
      // The storage queue is sized against this limit (tracing/pipeline/storage-queue.ts).
      memoryLimitMiB: memoryMiB.collector,
      elasticsearchPassword: passwords.users.writer,
      loopbackPorts: published.collector,
    });
    // The Monitor tab reads the stack's own Prometheus, over the private network (plain HTTP:
    // nothing leaves the laptop, and its published port is on 127.0.0.1 only).
    const metricsBackend = monitorTabPossible(settings)
      ? renderQueryMetricsBackend(settings, { url: `http://${LOCAL_PROMETHEUS_HOST}:${PORTS.prometheus}` })
      : undefined;
    new JaegerComponent(this, "Query", {
      ...jaeger("Query", LOCAL_HOSTS.query),
      configYaml: toYaml(renderQueryConfig(settings, { ...placement, metricsBackend })),
      elasticsearchPassword: passwords.users.reader,
      memoryLimitMiB: memoryMiB.query,
      loopbackPorts: published.query,
    });

    // Files for services run on the laptop: the CA to trust and the SDK environment.
    const clientDir = `${PROJECT_ROOT_FROM_STACK}/${LOCAL_CLIENT_DIR}`;
    const caFile = new File(this, "ClientCaCertificate", {
      filename: `${clientDir}/ca.crt`,
      content: ca.trustBundlePem,
      filePermission: "0644",
    });
    const caCertificatePath = Fn.abspath(caFile.filename);
    const sdkEnvironment = renderSdkEnvironment(settings, { caCertificatePath });
    const envFile = new File(this, "ClientSdkEnvironment", {
      filename: `${clientDir}/sdk.env`,
      content: toEnvFile(sdkEnvironment),
      filePermission: "0644",
      // The file must work both sourced (`set -a; . sdk.env`) and as `docker --env-file`, which
      // takes quotes literally: so no value may need quoting. The CA path is the project's own.
      lifecycle: {
        precondition: [
          {
            condition: Fn.can(Fn.regex(UNQUOTED_PATH, caCertificatePath)),
            errorMessage: `The project's path must hold only letters, digits and - . _ / : for .tracing/local/sdk.env to be usable as is: move it (got ${caCertificatePath}).`,
          },
        ],
      },
    });

    // The same for services in containers (docker run --env-file, Compose env_file): they join
    // the tracing network and dial the collector and query by the names their certificates
    // carry, with the CA mounted where prod's pods find it. localhost or the laptop's ports
    // would not do: inside a container localhost is the container, and the ports are
    // published on the laptop's 127.0.0.1 only, which host.docker.internal does not reach on Linux.
    const containerEnvFile = new File(this, "ClientSdkContainerEnvironment", {
      filename: `${clientDir}/sdk.container.env`,
      content: toEnvFile(
        renderSdkEnvironment(settings, {
          caCertificatePath: `${CLIENT_CA_DIR}/ca.crt`,
          reachedAt: {
            otlpEndpoint: `https://${LOCAL_HOSTS.collector}:${PORTS.otlpGrpc}`,
            jaegerUiUrl: `https://${LOCAL_HOSTS.query}:${PORTS.queryHttp}`,
          },
        }),
      ),
      filePermission: "0644",
    });

    // The same alert rules and dashboard as prod: loaded by the stack's Prometheus, and written
    // out for a Prometheus and Grafana of the developer's own.
    const alertRulesYaml = toYaml(renderAlertRules(settings, expiries));
    new File(this, "ClientAlertRules", {
      filename: `${clientDir}/prometheus-rules.yaml`,
      content: literalText(alertRulesYaml),
      filePermission: "0644",
    });
    new PrometheusServer(this, "Prometheus", {
      containerName: `${LOCAL_NAME_PREFIX}-prometheus`,
      imageId: image("PrometheusImage", settings.images.prometheus),
      networkName: network.name,
      hostAlias: LOCAL_PROMETHEUS_HOST,
      command: localPrometheusCommand(settings),
      configYaml: toYaml(renderLocalPrometheusConfig(settings)),
      monitorTabRulesYaml: toYaml(renderMonitorTabRules(settings)),
      alertRulesYaml,
      memoryLimitMiB: memoryMiB.prometheus,
      dataVolumeName: `${LOCAL_NAME_PREFIX}-prometheus-data`,
      loopbackPorts: localPublishedPorts(settings).prometheus,
    });
    new File(this, "ClientDashboard", {
      filename: `${clientDir}/grafana-dashboard.json`,
      content: literalText(JSON.stringify(renderGrafanaDashboard(settings), null, 2)),
      filePermission: "0644",
    });

    new TerraformOutput(this, "jaeger_ui_url", { value: settings.jaegerUiUrl, description: "Jaeger UI (TLS, trust the CA file)" });
    new TerraformOutput(this, "otlp_grpc_endpoint", {
      value: `https://localhost:${settings.hostPorts.otlpGrpc}`,
      description: "OTLP/gRPC endpoint for local services",
    });
    new TerraformOutput(this, "otlp_http_endpoint", {
      value: `https://localhost:${settings.hostPorts.otlpHttp}`,
      description: "OTLP/HTTP endpoint for local services",
    });
    new TerraformOutput(this, "ca_certificate_file", { value: caCertificatePath, description: "CA certificate to trust" });
    new TerraformOutput(this, "sdk_env_file", { value: Fn.abspath(envFile.filename), description: "SDK environment for local services" });
    new TerraformOutput(this, "sdk_container_env_file", {
      value: Fn.abspath(containerEnvFile.filename),
      description: `SDK environment for services in containers on the ${LOCAL_NAME_PREFIX} network (mount the CA at ${CLIENT_CA_DIR}/ca.crt)`,
    });
    new TerraformOutput(this, "elasticsearch_admin_password", {
      value: passwords.admin,
      sensitive: true,
      description: "Password of the elastic superuser, for the health curl (terraform output -raw)",
    });
    // Already in state as the random_password; an output lets npm run smoke check as the least
    // privileged user instead of the superuser.
    new TerraformOutput(this, LOCAL_MONITOR_PASSWORD_OUTPUT, {
      value: passwords.users.monitor,
      sensitive: true,
      description: "Password of the monitoring user (cluster monitor only), which npm run smoke -- local reads",
    });
  }
}
