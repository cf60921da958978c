import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { IN_CLUSTER } from "../tracing/parsers/kubeconfig";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { ref, TerraformLocal, TerraformOutput, TerraformStack, type ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { ephemeralUserPasswords } from "../constructs/generated-password";
import { ElasticChart } from "../constructs/kubernetes/eck";
import { ElasticsearchBootstrapJob } from "../constructs/kubernetes/elasticsearch-bootstrap-job";
import { ElasticsearchDataGuard } from "../constructs/kubernetes/elasticsearch-data-guard";
import { TerraformData } from "../constructs/terraform-data";
import { ElasticsearchExporter } from "../constructs/kubernetes/elasticsearch-exporter";
import { ElasticsearchUsers } from "../constructs/kubernetes/elasticsearch-users";
import { Monitoring } from "../constructs/kubernetes/monitoring";
import { scrapeTargets } from "../tracing/monitoring/monitoring-objects";
import { GATEWAY_WORKLOAD_PATHS, CollectorWorkload } from "../constructs/kubernetes/collector-workload";
import { NetworkPolicies } from "../constructs/kubernetes/network-policies";
import { ObjectsRelease } from "../constructs/kubernetes/objects-release";
import { QueryIngress } from "../constructs/kubernetes/query-ingress";
import { SDK_CONFIG_MAPS, SdkConfig } from "../constructs/kubernetes/sdk-config";
import { TracingNamespace } from "../constructs/kubernetes/tracing-namespace";
import { trustedAuthorities, type CertificateAuthority, type TrustedAuthorities } from "../constructs/tls/certificate-authority";
import { type KnownExpiry } from "../tracing/topology/certificates";
import { renderAlertRules } from "../tracing/monitoring/alert-rules";
import { caIssuerName, issuerCaExpiries, issuerSlots, renderCertificates, renderIssuers, servingCertificate, type ServingCertificateId } from "../tracing/topology/certificates";
import { renderGrafanaDashboard } from "../tracing/monitoring/dashboard";
import { bootstrapIdentity, renderBootstrapScript } from "../tracing/elasticsearch/bootstrap-script";
import { fileRealmSecretName, renderEckOperatorValues, renderElasticsearchValues, renderRolesFile, rolesSecretName } from "../tracing/topology/eck-values";
import { elasticsearchPrincipal, FILE_REALM_KINDS } from "../tracing/elasticsearch/elasticsearch-access";
import { renderCollectorConfig, renderQueryConfig } from "../tracing/pipeline/jaeger-config";
import { prodMonitorTabSecrets, prodQueryMetricsBackend, prodRuleFile } from "../tracing/monitoring/monitor-tab";
import { renderNetworkPolicies } from "../tracing/topology/network-policy";
import { renderPodScheduling } from "../tracing/topology/pod-scheduling";
import { PORTS } from "../tracing/core/ports";
import { renderSdkEnvironment } from "../tracing/pipeline/sdk-environment";
import type { TracingSettings } from "../tracing/settings";
import { imageReference } from "../tracing/parsers/image-reference";
import { eckCrdsReleaseName, groupOf, INSTANCE, placedComponent, placedIn, prodTopology, TRUST_BUNDLE_CONFIG_MAP } from "../tracing/topology/topology";
import type { ComponentId } from "../tracing/topology/components";
import { COLLECTOR_DRAIN_SECONDS, COLLECTOR_HEADLESS_SERVICE, COLLECTOR_SHUTDOWN_SECONDS, renderGatewayConfig } from "../tracing/pipeline/gateway-config";
import { spanMetricsAt } from "../tracing/pipeline/sampling";
import { CLIENT_CA_DIR } from "../tracing/core/paths";
import { toYaml } from "../tracing/core/yaml";
import { prodDeployPreconditions } from "../tracing/deploy/deploy-preconditions";
import { addStateBackend, requireTerraform } from "./backend";
import { CHARTS, readHelmValues } from "./helm-values";



export interface ProdStackProps {
  readonly settings: TracingSettings;
}

/**
 * `cdktf deploy prod`: the tracing backend on Kubernetes. ECK (Helm) runs Elasticsearch with
 * the stack's HTTP certificate and Jaeger's users in its file realm; a bootstrap Job sets up
 * ILM and the first indices; Jaeger collector and query are our own hardened
 * Deployments; NetworkPolicies allow exactly the intended flows; every client namespace gets
 * the SDK environment and CA as ConfigMaps.
 */
export class ProdStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ProdStackProps) {
    super(scope, id);
    const { settings } = props;
    const cluster = settings.kubernetes;
    addStateBackend(this, id, settings.stateBackend, cluster);
    requireTerraform(this, settings.stack, settings.stateBackend);
    const access =
      cluster.kubeconfig === IN_CLUSTER
        ? {}
        : { configPath: cluster.kubeconfig, ...(cluster.context ? { configContext: cluster.context } : {}) };
    // Refused at plan, not at synth, so that review and tests keep working offline.
    const deployChecks = prodDeployPreconditions(settings);
    const outcomes = new TerraformLocal(this, "prod_deploy_checks", Object.fromEntries(deployChecks.map((c) => [c.name, c.holds])));
    new TerraformData(this, "ProdDeployPreconditions", {
      lifecycle: { precondition: deployChecks.map((c) => ({ condition: ref(`local.${outcomes.friendlyUniqueId}.${c.name}`, this), errorMessage: c.errorMessage })) },
    });
    new KubernetesProvider(this, "kubernetes", access);
    new HelmProvider(this, "helm", { kubernetes: access });
    new TlsProvider(this, "tls", {});
    new TimeProvider(this, "time", {});
    new RandomProvider(this, "random", {});

    // The namespace holds the Elasticsearch volumes: deleting it deletes every stored trace.
    const namespace = new TracingNamespace(this, "Namespace", { name: cluster.namespace, preventDestroy: !cluster.allowDataDestroy });
    // Everything in the namespace names it by reference, so Terraform creates it first.
    const topology = placedIn(prodTopology(settings), namespace.name);
    // Policies first, so no pod of ours ever starts unprotected.
    const policies = new NetworkPolicies(this, "NetworkPolicies", {
      policies: renderNetworkPolicies(settings).map((policy) => ({ ...policy, namespace: namespace.name })),
    });
    const guarded = policies.resources;

    const certificates = settings.certificates;
    const ca = trustedAuthorities(this, { commonName: "Genesis tracing CA", certificates, alsoTrustedPem: certificates.issuerCaPem });
    // What the expiry alerts compare with time(): every certificate and CA Terraform makes.
    const expiries: KnownExpiry[] = [
      ...[...ca.bySlot].map(([slot, authority]) => ({ certificate: caIssuerName(slot), notAfterUnix: authority.notAfterUnix })),
      ...issuerCaExpiries(settings),
    ];
    const trustBundle = {
      configMapName: new ConfigMapV1(this, "TrustBundle", {
        metadata: { name: TRUST_BUNDLE_CONFIG_MAP, namespace: namespace.name, labels: { "app.kubernetes.io/part-of": INSTANCE } },
        data: { "ca.crt": ca.trustBundlePem },
      }).metadata.name,
      pem: ca.trustBundlePem,
    };
    // A server certificate: issued here (terraform mode), or the Secret cert-manager writes.
    const serverCertificate = (componentId: string, id: ServingCertificateId) => {
      const wanted = servingCertificate(settings, id);
      if (certificates.mode === "cert-manager") return { secretName: wanted.secretName };
      const issued = ca.signing.issueServerCertificate(`${componentId}Certificate`, { commonName: wanted.commonName, dnsNames: wanted.dnsNames });
      expiries.push({ certificate: wanted.secretName, notAfterUnix: issued.notAfterUnix });
      return issued;
    };
    const elasticsearchCertificate = serverCertificate("ElasticsearchHttp", "elasticsearchHttp");
    // ECK serves it as given and reloads it when the Secret changes; `ca.crt` is what ECK's
    // operator and the `-es-http-certs-public` Secret then trust.
    const elasticsearchHttpTls =
      "secretName" in elasticsearchCertificate
        ? []
        : [
            new SecretV1(this, "ElasticsearchHttpTls", {
              metadata: { name: topology.elasticsearchHttpCertificateSecret, namespace: namespace.name, labels: { "app.kubernetes.io/part-of": INSTANCE } },
              type: "kubernetes.io/tls",
              data: { "tls.crt": elasticsearchCertificate.certificatePem, "tls.key": elasticsearchCertificate.privateKeyPem, "ca.crt": ca.trustBundlePem },
            }),
          ];
    const issued = certificates.mode === "cert-manager" ? [this.certManagerCertificates(settings, namespace.name, ca, guarded)] : [];

    const chart = (chartId: keyof typeof CHARTS) => ({
      repository: cluster.helmRepository,
      chart: CHARTS[chartId].name,
      chartVersion: CHARTS[chartId].version,
      staticValues: readHelmValues(CHARTS[chartId].valuesFile),
    });
    // One ECK per cluster: with `existing`, the cluster's operator (and its CRDs) serve us.
    const installOperator = () => {
      // The CRDs are the only cluster-scoped part; they outlive their release (helm.sh/resource-policy: keep).
      const crds = new ElasticChart(this, "EckOperatorCrds", {
        ...chart("eckOperatorCrds"),
        releaseName: eckCrdsReleaseName(topology.eckOperator.name),
        namespace: cluster.eckOperatorNamespace,
        createNamespace: true,
        preventDestroy: false,
        computedValues: {},
      }).release;
      return new ElasticChart(this, "EckOperator", {
        ...chart("eckOperator"),
        releaseName: topology.eckOperator.name,
        namespace: cluster.eckOperatorNamespace,
        // It holds no data; namespace-scoped, it watches the tracing namespace and its own.
        preventDestroy: false,
        computedValues: renderEckOperatorValues(settings),
        // Its Role and RoleBinding go into the tracing namespace (managedNamespaces), which
        // Helm does not create: the release waits for it, as everything in it does.
        dependsOn: [crds, namespace.resource],
      }).release;
    };
    const operator = cluster.eckOperator === "install" ? [installOperator()] : [];
    // Out of state: generated at each plan, written to the users' Secrets only when created or rotated.
    const passwords = ephemeralUserPasswords(this, FILE_REALM_KINDS);
    const users = new ElasticsearchUsers(this, "ElasticsearchUsers", {
      namespace: namespace.name,
      users: FILE_REALM_KINDS.map((access) => ({
        access,
        secretName: fileRealmSecretName(settings, access),
        username: elasticsearchPrincipal(settings, access),
        password: passwords[access],
        roles: [elasticsearchPrincipal(settings, access)],
      })),
      roles: { secretName: rolesSecretName(settings), rolesYaml: renderRolesFile(settings) },
      revision: Number(settings.credentialsGeneration),
    });
    // Helm would take a new cluster name or StorageClass as an in-place upgrade that empties the cluster.
    new ElasticsearchDataGuard(this, "ElasticsearchDataGuard", {
      namespace: cluster.namespace,
      clusterName: cluster.elasticsearchName,
      indexPrefix: settings.indexPrefix,
      storageClassName: cluster.storageClassName,
      diskGiB: settings.elasticsearch.diskGiB,
      allowDataDestroy: cluster.allowDataDestroy,
    });
    const elasticsearch = new ElasticChart(this, "Elasticsearch", {
      ...chart("eckElasticsearch"),
      releaseName: "elasticsearch",
      namespace: namespace.name,
      computedValues: renderElasticsearchValues(settings),
      preventDestroy: !cluster.allowDataDestroy,
      dependsOn: [...operator, ...elasticsearchHttpTls, ...issued, ...users.secrets, ...guarded],
    });


    const placement = { elasticsearchUrl: topology.urls.elasticsearch };
    // Every pod we own is pulled and placed alike; the charts' pods get the same (eck-values.ts).
    const scheduling = renderPodScheduling(cluster.scheduling).provider;
    const bootstrap = new ElasticsearchBootstrapJob(this, "ElasticsearchBootstrap", {
      group: topology.elasticsearchBootstrap,
      elasticsearchImage: imageReference(settings.images.elasticsearch),
      esRolloverImage: imageReference(settings.images.esRollover),
      // ECK's file realm owns Jaeger's users and roles.
      script: renderBootstrapScript(settings, { ...placement, users: "none" }),
      credentials: { ...users.passwordOf("bootstrap"), mountedAt: bootstrapIdentity(settings, "none").passwordFile },
      trustBundle,
      scheduling,
      dependsOn: [elasticsearch.release, ...guarded],
    });

    // Every certificate carries all names of its Services; the collectors' also the headless
    // one, which the gateway verifies them by (it dials their pod IPs).
    const workload = (componentId: string, id: ComponentId) => {
      const { descriptor, group } = placedComponent(topology, id);
      return { group, ports: descriptor.ports, certificate: serverCertificate(componentId, id), trustBundle, scheduling };
    };
    const jaeger = (componentId: string, id: ComponentId) => ({
      ...workload(componentId, id),
      image: imageReference(settings.images.jaeger),
      version: settings.images.jaeger.tag,
      dependsOn: [bootstrap.job, ...issued, ...guarded],
    });
    const behindGateway = spanMetricsAt(settings) === "gateway";
    new CollectorWorkload(this, "Collector", {
      ...jaeger("Collector", "collector"),
      configYaml: toYaml(renderCollectorConfig(settings, placement)),
      // The storage queue and the tail-sampling buffer are sized against this limit.
      memoryMiB: settings.collector.memoryLimitMiB,
      credentials: users.passwordOf("writer"),
      replicas: cluster.collectorReplicas,
      // Behind the gateway, every change of the collector count re-routes the traces in
      // flight, which are then decided in parts: the count is set, not autoscaled.
      maxReplicas: behindGateway ? undefined : cluster.collectorMaxReplicas,
      ...(behindGateway
        ? {
            headlessService: { name: COLLECTOR_HEADLESS_SERVICE, ports: ["otlp-grpc"] },
            // Gateways stop routing to a stopping collector before it closes its receiver;
            // it then decides its pending traces and drains its storage queue.
            drain: { sleepSeconds: COLLECTOR_DRAIN_SECONDS, terminationGracePeriodSeconds: COLLECTOR_DRAIN_SECONDS + COLLECTOR_SHUTDOWN_SECONDS },
          }
        : {}),
    });
    if (behindGateway) {
      new CollectorWorkload(this, "Gateway", {
        ...workload("Gateway", "gateway"),
        image: imageReference(settings.images.gateway),
        version: settings.images.gateway.tag,
        paths: GATEWAY_WORKLOAD_PATHS,
        containerName: "collector",
        configYaml: toYaml(renderGatewayConfig(settings)),
        // Its export queue is sized against this limit (tracing/pipeline/gateway-config.ts).
        memoryMiB: settings.gateway.memoryLimitMiB,
        replicas: cluster.gatewayReplicas,
        maxReplicas: cluster.gatewayMaxReplicas,
        dependsOn: [...issued, ...guarded],
      });
    }
    // The Monitor tab reads the cluster's Prometheus, when the settings name one.
    const monitorTabSecrets = prodMonitorTabSecrets(settings);
    const query = new CollectorWorkload(this, "Query", {
      ...jaeger("Query", "query"),
      configYaml: toYaml(renderQueryConfig(settings, { ...placement, metricsBackend: prodQueryMetricsBackend(settings) })),
      secretFiles: monitorTabSecrets.files,
      secretEnvironment: monitorTabSecrets.environment,
      credentials: users.passwordOf("reader"),
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
      group: groupOf(topology, "elasticsearchExporter"),
      image: imageReference(settings.images.elasticsearchExporter),
      elasticsearchUrl: topology.urls.elasticsearch,
      trustBundle,
      username: elasticsearchPrincipal(settings, "monitor"),
      credentials: users.passwordOf("monitor"),
      credentialsGeneration: settings.credentialsGeneration,
      scheduling,
      dependsOn: [bootstrap.job, ...guarded],
    });
    new Monitoring(this, "Monitoring", {
      monitoringNamespace: cluster.monitoringNamespace,
      tracingNamespace: namespace.name,
      rules: prodRuleFile(settings, renderAlertRules(settings, expiries)),
      dashboard: renderGrafanaDashboard(settings),
      prometheusOperator: cluster.prometheusOperator,
      prometheusSelectorLabels: cluster.prometheusSelectorLabels,
      scrapeTargets: scrapeTargets(topology),
    });

    new SdkConfig(this, "SdkConfig", {
      namespaces: cluster.clientNamespaces,
      environment: renderSdkEnvironment(settings, { caCertificatePath: `${CLIENT_CA_DIR}/ca.crt` }),
      trustBundlePem: ca.trustBundlePem,
    });

    new TerraformOutput(this, "otlp_endpoint", { value: settings.otlpEndpoint, description: "OTLP/gRPC endpoint for services" });
    new TerraformOutput(this, "jaeger_ui_url", { value: settings.jaegerUiUrl, description: "Jaeger UI" });
    new TerraformOutput(this, "sdk_config_maps", {
      value: SDK_CONFIG_MAPS,
      description: `ConfigMaps in each client namespace: envFrom the environment, mount the CA at ${CLIENT_CA_DIR}`,
    });
  }

  /**
   * `cert-manager` mode: the stack's CA key pairs in `kubernetes.io/tls` Secrets and a CA Issuer
   * for each trusted slot (none with an issuer of the cluster's), then every server certificate
   * as a cert-manager `Certificate`, in releases of the generic chart (no CRD at plan time).
   * Certificates wait for their Issuers, everything for the policies; the workloads that mount
   * their Secrets wait for the returned release.
   */
  private certManagerCertificates(settings: TracingSettings, namespace: string, ca: TrustedAuthorities, guarded: ITerraformDependable[]): ITerraformDependable {
    const labels = { "app.kubernetes.io/part-of": INSTANCE };
    const keyPairs = issuerSlots(settings).map((slot) => {
      const authority = ca.bySlot.get(slot) as CertificateAuthority;
      return new SecretV1(this, `CaIssuerKeyPair-${slot}`, {
        metadata: { name: caIssuerName(slot), namespace, labels },
        type: "kubernetes.io/tls",
        data: { "tls.crt": authority.certificatePem, "tls.key": authority.privateKeyPem },
      });
    });
    const issuers =
      keyPairs.length === 0
        ? []
        : [new ObjectsRelease(this, "CertificateIssuers", { releaseName: "tracing-certificate-issuers", namespace, objects: renderIssuers(settings), dependsOn: [...keyPairs, ...guarded] }).release];
    return new ObjectsRelease(this, "Certificates", { releaseName: "tracing-certificates", namespace, objects: renderCertificates(settings), dependsOn: [...issuers, ...guarded] }).release;
  }
}
