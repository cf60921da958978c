/**
 * Day 2, as a sequence of deploys: each scenario synthesizes the prod stack before and after a
 * change of settings and asserts, with the project's own structural diff, exactly what moves.
 * Terraform replaces what a diff renames (a Job's name, a release's name or namespace) and
 * updates the rest in place; a pod template that changes rolls its pods.
 */
import { parse } from "yaml";
import { diffStack, type AddressChange } from "../../tools/synth-diff";
import { propagateReplacement, stackGraph } from "../../tools/terraform-graph";
import type { EnvironmentVariables, SettingFiles } from "../../tracing/settings";
import { ISSUER_CA_FILE, ISSUER_CA_FILES } from "../security/settings-cases";
import { stackDocuments } from "../../tools/synth-documents";
import { collectorModeSynth } from "../default-synth";
import { synthLocal, synthProd } from "../stacks/synth";

type Doc = any;
/** Each distinct settings change is synthesized once in this file, however many scenarios read it (none writes to it). */
function synthesizedOnce(synth: (env: EnvironmentVariables, files: SettingFiles) => string): (env?: EnvironmentVariables) => Doc {
  const documents = new Map<string, Doc>();
  return (env = {}) => {
    const key = JSON.stringify(env);
    if (!documents.has(key)) documents.set(key, JSON.parse(synth(env, ISSUER_CA_FILES)));
    return documents.get(key);
  };
}
const prod = synthesizedOnce(synthProd);
const local = synthesizedOnce(synthLocal);
const baseline = prod();

const resourcesOf = (doc: Doc, type: string): [string, any][] => Object.entries(doc.resource[type] ?? {});
const one = (doc: Doc, type: string, predicate: (r: any) => boolean): [string, any] => {
  const matches = resourcesOf(doc, type).filter(([, r]) => predicate(r));
  if (matches.length !== 1) throw new Error(`expected one ${type}, found ${matches.length}`);
  return matches[0];
};
const elasticsearchRelease = (doc: Doc) => one(doc, "helm_release", (r) => r.chart === "eck-elasticsearch")[1];
const bootstrapJobName = (doc: Doc): string => one(doc, "kubernetes_job_v1", () => true)[1].metadata.name;
const podTemplate = (doc: Doc, name: string) => one(doc, "kubernetes_deployment_v1", (d) => d.metadata.name === name)[1].spec.template;

/** Changed addresses, as `~ address` / `+ address` / `- address`. */
const moved = (changes: readonly AddressChange[]) => changes.map((c) => `${{ added: "+", removed: "-", changed: "~" }[c.change]} ${c.address}`);
const changedPaths = (changes: readonly AddressChange[], addressPattern: RegExp) =>
  changes.filter((c) => addressPattern.test(c.address)).flatMap((c) => c.fields.map((f) => f.path));

/**
 * What must survive every scenario: the namespace, the Elasticsearch release (same name,
 * namespace and chart, so Helm upgrades it in place) and the volume claims of every node set.
 */
function expectStoredTracesKept(before: Doc, after: Doc): void {
  const namespace = (doc: Doc) => resourcesOf(doc, "kubernetes_namespace_v1").map(([id, ns]) => [id, ns.metadata.name, ns.lifecycle]);
  expect(namespace(after)).toEqual(namespace(before));
  const identity = (doc: Doc) => {
    const release = elasticsearchRelease(doc);
    const values = parse(release.values[1]);
    return {
      release: [release.name, release.namespace, release.chart, release.lifecycle],
      cluster: values.fullnameOverride,
      volumes: values.nodeSets.map((set: any) => [set.name, set.volumeClaimTemplates]),
    };
  };
  expect(identity(after)).toEqual(identity(before));
}

describe.each<[string, EnvironmentVariables, { moves: string[]; bootstrapReruns: boolean }]>([
  [
    "Jaeger version bump",
    { JAEGER_VERSION: "2.21.0" },
    {
      // New images roll both Deployments; the version label follows on their Services and budgets.
      moves: [
        "~ kubernetes_deployment_v1.Collector_Deployment",
        "~ kubernetes_deployment_v1.Query_Deployment",
        "~ kubernetes_horizontal_pod_autoscaler_v2.Collector_Autoscaler",
        "~ kubernetes_job_v1.ElasticsearchBootstrap_Job",
        "~ kubernetes_pod_disruption_budget_v1.Collector_DisruptionBudget",
        "~ kubernetes_pod_disruption_budget_v1.Query_DisruptionBudget",
        "~ kubernetes_secret_v1.Collector_Tls",
        "~ kubernetes_secret_v1.Query_Tls",
        "~ kubernetes_service_v1.Collector_Service",
        "~ kubernetes_service_v1.Query_Service",
        "~ kubernetes_config_map_v1.Collector_Config",
        "~ kubernetes_config_map_v1.Query_Config",
      ],
      // The Job's template names the es-rollover image and a Job is immutable, so it is replaced
      // and runs again: harmless, the script skips init while every write alias exists.
      bootstrapReruns: true,
    },
  ],
  [
    "Elasticsearch version bump",
    { ELASTICSEARCH_VERSION: "9.5.1" },
    // ECK rolls the nodes one at a time. The Job's template names the Elasticsearch image (its
    // curl runs the script), so it is replaced and runs again, harmlessly.
    { moves: ["~ helm_release.Elasticsearch_Release", "~ kubernetes_job_v1.ElasticsearchBootstrap_Job"], bootstrapReruns: true },
  ],
  [
    "password rotation",
    { TRACING_CREDENTIALS_GENERATION: "2" },
    {
      // A new write-only revision: Terraform writes a fresh ephemeral password into each user's
      // Secret (see the rotation test below); the exporter, which reads its password once, rolls.
      moves: [
        "~ kubernetes_deployment_v1.ElasticsearchExporter_Deployment",
        "~ kubernetes_secret_v1.ElasticsearchUsers_bootstrap",
        "~ kubernetes_secret_v1.ElasticsearchUsers_monitor",
        "~ kubernetes_secret_v1.ElasticsearchUsers_reader",
        "~ kubernetes_secret_v1.ElasticsearchUsers_writer",
      ],
      bootstrapReruns: false,
    },
  ],
  [
    "a client namespace added",
    { TRACING_CLIENT_NAMESPACES: "genesis,risk" },
    {
      moves: [
        "+ kubernetes_config_map_v1.SdkConfig_risk-ca",
        "+ kubernetes_config_map_v1.SdkConfig_risk-environment",
        "~ kubernetes_network_policy_v1.NetworkPolicies_allow-jaeger-collector",
      ],
      bootstrapReruns: false,
    },
  ],
  [
    "heap changed",
    { ES_HEAP_MIB: "3072", ES_MEMORY_LIMIT_MIB: "6144" },
    { moves: ["~ helm_release.Elasticsearch_Release"], bootstrapReruns: false },
  ],
  [
    "retention changed",
    { TRACE_RETENTION_DAYS: "14" },
    {
      // The ILM policy is upserted by the bootstrap; Jaeger searches as far back as it keeps.
      moves: [
        "~ kubernetes_config_map_v1.ElasticsearchBootstrap_Script",
        "~ kubernetes_job_v1.ElasticsearchBootstrap_Job",
        "~ kubernetes_config_map_v1.Collector_Config",
        "~ kubernetes_config_map_v1.Query_Config",
        "~ kubernetes_deployment_v1.Collector_Deployment",
        "~ kubernetes_deployment_v1.Query_Deployment",
        "~ kubernetes_config_map_v1.SdkConfig_genesis-environment",
      ],
      bootstrapReruns: true,
    },
  ],
])("%s", (_name, env, expected) => {
  const after = prod(env);
  const changes = diffStack(baseline, after);
  const withoutHash = (address: string) => address.replace(/_[0-9A-F]{8}$/, "");

  test("moves exactly what it must, and nothing else", () => {
    expect(moved(changes).map(withoutHash).sort()).toEqual([...expected.moves].sort());
  });

  test("keeps the namespace, the Elasticsearch release and its volumes", () => {
    expectStoredTracesKept(baseline, after);
  });

  test(`the bootstrap Job is ${expected.bootstrapReruns ? "renamed (it must re-run)" : "kept (nothing for it to do)"}`, () => {
    expect(bootstrapJobName(after) !== bootstrapJobName(baseline)).toBe(expected.bootstrapReruns);
  });

  test("every pod whose config changed rolls (its pod template changes with it)", () => {
    for (const [component, config] of [
      ["jaeger-collector", /^kubernetes_config_map_v1\.Collector_Config/],
      ["jaeger-query", /^kubernetes_config_map_v1\.Query_Config/],
    ] as const) {
      const configChanged = changedPaths(changes, config).some((path) => path.startsWith("data"));
      const annotations = (doc: Doc) => podTemplate(doc, component).metadata.annotations["checksum/config"];
      expect({ component, rolls: annotations(after) !== annotations(baseline) }).toEqual({ component, rolls: configChanged });
    }
  });
});

test("a password rotation bumps exactly the users' write-only revision and the exporter's generation; the passwords stay out of the configuration", () => {
  const rotated = prod({ TRACING_CREDENTIALS_GENERATION: "2" });
  const changes = diffStack(baseline, rotated);
  const fields = changes.flatMap((c) => c.fields.map((f) => `${c.address.replace(/_[0-9A-F]{8}$/, "")} ${f.path}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`));
  expect(fields.sort()).toEqual([
    'kubernetes_deployment_v1.ElasticsearchExporter_Deployment spec.template.metadata.annotations[genesis.tracing/credentials-generation]: "1" -> "2"',
    "kubernetes_secret_v1.ElasticsearchUsers_bootstrap data_wo_revision: 1 -> 2",
    "kubernetes_secret_v1.ElasticsearchUsers_monitor data_wo_revision: 1 -> 2",
    "kubernetes_secret_v1.ElasticsearchUsers_reader data_wo_revision: 1 -> 2",
    "kubernetes_secret_v1.ElasticsearchUsers_writer data_wo_revision: 1 -> 2",
  ]);
  // The ephemeral blocks are the same on both sides: a new password is drawn at every plan, and written only on a new revision.
  expect(rotated.ephemeral).toEqual(baseline.ephemeral);
});

describe("a server certificate inside its renewal window", () => {
  // Terraform replaces the certificate (early_renewal_hours); what takes its value changes too.
  const graph = stackGraph(baseline);
  const leaves = resourcesOf(baseline, "tls_locally_signed_cert").map(([id]) => `tls_locally_signed_cert.${id}`);

  const secretName = (address: string) => baseline.resource.kubernetes_secret_v1[address.split(".")[1]].metadata.name;

  test.each(leaves)("%s changes only the data of the Secret that holds it, and its expiry in the alert rules: no pod restarts, nothing else is replaced", (leaf) => {
    const reached = [...propagateReplacement(graph, leaf)].map(([address, change]) => [address, change === "replaced" ? change : [...change]]);
    expect(reached).toEqual([
      [expect.stringMatching(/^kubernetes_secret_v1\./), ["data"]],
      // The new notAfter, which TracingCertificateExpiresSoon compares with time().
      [expect.stringMatching(/^time_static\./), "replaced"],
      [expect.stringMatching(/^kubernetes_config_map_v1\.Monitoring_Rules_/), ["data"]],
    ]);
  });

  test("every certificate is served by a process that re-reads it (Jaeger's reload_interval, ECK's Secret watch)", () => {
    const served = leaves.flatMap((leaf) => [...propagateReplacement(graph, leaf).keys()].filter((address) => address.startsWith("kubernetes_secret_v1.")).map(secretName));
    expect(served.sort()).toEqual(["genesis-http-certificate", "jaeger-collector-tls", "jaeger-query-tls"]);
  });
});

test("a CA replaced outright (terraform apply -replace) re-issues every certificate and rolls every pod that trusts it", () => {
  const graph = stackGraph(baseline);
  const [ca] = resourcesOf(baseline, "tls_self_signed_cert").map(([id]) => `tls_self_signed_cert.${id}`);
  const reached = propagateReplacement(graph, ca);
  const rolled = [...reached].filter(([address, change]) => /^kubernetes_deployment_v1\./.test(address) && change !== "replaced" && change.has("spec"));
  expect(rolled.map(([address]) => baseline.resource.kubernetes_deployment_v1[address.split(".")[1]].metadata.name).sort()).toEqual([
    "elasticsearch-exporter",
    "jaeger-collector",
    "jaeger-query",
  ]);
  expect([...reached].filter(([, change]) => change === "replaced").map(([address]) => address.split(".")[0])).toEqual(expect.arrayContaining(["tls_locally_signed_cert"]));
  // Nothing that holds data moves with it.
  expect([...reached.keys()].filter((address) => /^(helm_release|kubernetes_namespace)/.test(address))).toEqual([]);
});

describe("replacing the CA: trust both, then sign with the new one, then retire the old one", () => {
  const steps = [
    prod(),
    prod({ TRACING_CA_TRUSTED: "blue,green" }),
    prod({ TRACING_CA_TRUSTED: "blue,green", TRACING_CA_SIGNING: "green" }),
    prod({ TRACING_CA_TRUSTED: "green", TRACING_CA_SIGNING: "green" }),
  ];
  const trust = (doc: Doc) => one(doc, "kubernetes_config_map_v1", (m) => m.metadata.name === "genesis-tracing-ca" && !/^[a-z]/.test(m.metadata.namespace))[1].data["ca.crt"];
  const cas = (doc: Doc) => resourcesOf(doc, "tls_self_signed_cert").map(([id]) => id.replace(/_[0-9A-F]{8}$/, "")).sort();
  const signers = (doc: Doc) => [...new Set(resourcesOf(doc, "tls_locally_signed_cert").map(([, leaf]) => leaf.ca_cert_pem))];
  /** The reference to a CA's certificate, e.g. `${tls_self_signed_cert.CertificateAuthorityGreen_….cert_pem}`. */
  const pem = (doc: Doc, construct: string) => `\${tls_self_signed_cert.${one(doc, "tls_self_signed_cert", (ca) => ca.subject[0].common_name.endsWith(construct === "CertificateAuthorityGreen" ? "(green)" : "CA"))[0]}.cert_pem}`;
  const rollingPods = (before: Doc, after: Doc) =>
    ["jaeger-collector", "jaeger-query", "elasticsearch-exporter"].filter(
      (name) => JSON.stringify(podTemplate(before, name)) !== JSON.stringify(podTemplate(after, name)),
    );

  test("1. a green CA is added to every trust bundle; servers keep their blue certificates; every pod that trusts the bundle rolls", () => {
    expect(cas(steps[1])).toEqual(["CertificateAuthority", "CertificateAuthorityGreen"]);
    expect(trust(steps[1])).toBe(`${pem(steps[1], "CertificateAuthority")}${pem(steps[1], "CertificateAuthorityGreen")}`);
    expect(pem(steps[1], "CertificateAuthority")).toBe(pem(steps[0], "CertificateAuthority"));
    expect(signers(steps[1])).toEqual(signers(steps[0]));
    expect(rollingPods(steps[0], steps[1])).toEqual(["jaeger-collector", "jaeger-query", "elasticsearch-exporter"]);
    const clientBundles = (doc: Doc) => resourcesOf(doc, "kubernetes_config_map_v1").filter(([, m]) => m.metadata.namespace === "genesis" && m.data["ca.crt"]).map(([, m]) => m.data["ca.crt"]);
    expect(clientBundles(steps[1])).toEqual([trust(steps[1])]);
  });

  test("2. the green CA signs every server certificate; trust does not change, so no pod rolls", () => {
    expect(signers(steps[2])).toEqual([pem(steps[2], "CertificateAuthorityGreen")]);
    expect(trust(steps[2])).toBe(trust(steps[1]));
    expect(rollingPods(steps[1], steps[2])).toEqual([]);
    const changes = diffStack(steps[1], steps[2]);
    // The rules follow the re-issued certificates' expiry.
    expect(changes.filter((c) => c.change === "changed").map((c) => c.address).filter((a) => !/^kubernetes_secret_v1\./.test(a))).toEqual([
      expect.stringMatching(/^kubernetes_config_map_v1\.Monitoring_Rules_/),
    ]);
  });

  test("3. the blue CA is retired from every bundle and pods roll to trust green alone", () => {
    expect(cas(steps[3])).toEqual(["CertificateAuthorityGreen"]);
    expect(trust(steps[3])).toBe(pem(steps[3], "CertificateAuthorityGreen"));
    expect(rollingPods(steps[2], steps[3])).toEqual(["jaeger-collector", "jaeger-query", "elasticsearch-exporter"]);
    expect(Object.keys(steps[3].check)).toEqual(["green_ca_expiry"]);
  });

  test("no step touches the namespace, the Elasticsearch release or its volumes", () => {
    for (let i = 1; i < steps.length; i++) expectStoredTracesKept(steps[i - 1], steps[i]);
  });

  test("a CA cannot sign before it is trusted", () => {
    expect(() => prod({ TRACING_CA_SIGNING: "green" })).toThrow(/certificates\.signingAuthority\b.*must be a trusted CA slot \(blue\)/);
  });
});

describe("destroy", () => {
  test("the namespace and the Elasticsearch release refuse destruction unless settings allow it", () => {
    const guarded = (doc: Doc) => [
      one(doc, "kubernetes_namespace_v1", () => true)[1].lifecycle?.prevent_destroy ?? false,
      elasticsearchRelease(doc).lifecycle?.prevent_destroy ?? false,
    ];
    expect(guarded(baseline)).toEqual([true, true]);
    expect(guarded(prod({ TRACING_ALLOW_DATA_DESTROY: "true" }))).toEqual([false, false]);
  });
});

describe("local: re-deploys keep the data volume", () => {
  const before = local();

  test.each<[string, EnvironmentVariables]>([
    ["Jaeger version bump", { JAEGER_VERSION: "2.21.0" }],
    ["Elasticsearch version bump", { ELASTICSEARCH_VERSION: "9.5.1" }],
    ["password rotation", { TRACING_CREDENTIALS_GENERATION: "2" }],
  ])("%s: the volume and the Elasticsearch container's mount of it are unchanged", (_name, env) => {
    const after = local(env);
    const volumes = (doc: Doc) => resourcesOf(doc, "docker_volume").filter(([, v]) => v.name === "genesis-tracing-elasticsearch-data");
    expect(volumes(after)).toEqual(volumes(before));
    const mount = (doc: Doc) => one(doc, "docker_container", (c) => c.name === "genesis-tracing-elasticsearch")[1].volumes;
    expect(mount(after)).toEqual(mount(before));
    expect(diffStack(before, after).map((c) => c.address).filter((address) => address.startsWith("docker_volume.Elasticsearch_Data"))).toEqual([]);
  });

  test("a password rotation changes only the passwords' keepers; their new values replace the bootstrap and the Jaeger user's container, never Elasticsearch", () => {
    const changed = diffStack(before, local({ TRACING_CREDENTIALS_GENERATION: "2" })).map((c) => c.address);
    expect(changed.map((address) => address.split(".")[0])).toEqual(["random_password", "random_password", "random_password"]);
    const graph = stackGraph(before);
    const replaced = (password: string) =>
      [...propagateReplacement(graph, `random_password.${password}`)].map(([address, change]) => `${change === "replaced" ? "replace" : "update"} ${before.resource.docker_container[address.split(".")[1]]?.name ?? address}`);
    expect(replaced("WriterPassword").sort()).toEqual(["replace genesis-tracing-bootstrap-script", "replace genesis-tracing-collector"]);
    expect(replaced("ReaderPassword").sort()).toEqual(["replace genesis-tracing-bootstrap-script", "replace genesis-tracing-query"]);
    expect(replaced("MonitorPassword")).toEqual(["replace genesis-tracing-bootstrap-script"]);
  });
});

describe("collector sampling mode over time", () => {
  // The shared synth of test/global-setup.ts.
  const sampled = stackDocuments(collectorModeSynth()).prod;
  const withoutHash = (address: string) => address.replace(/_[0-9A-F]{8}$/, "");

  test("switching sdk -> collector adds the gateway and its hop, moves the clients' endpoint, and leaves storage alone", () => {
    const changes = diffStack(baseline, sampled);
    expect(moved(changes).map(withoutHash).sort()).toEqual(
      [
        // The gateway, whole: config, certificate, Deployment, Service, budget, autoscaler, policy.
        "+ kubernetes_config_map_v1.Gateway_Config",
        "+ kubernetes_deployment_v1.Gateway_Deployment",
        "+ kubernetes_horizontal_pod_autoscaler_v2.Gateway_Autoscaler",
        "+ kubernetes_network_policy_v1.NetworkPolicies_allow-otel-gateway",
        "+ kubernetes_pod_disruption_budget_v1.Gateway_DisruptionBudget",
        "+ kubernetes_secret_v1.Gateway_Tls",
        "+ kubernetes_service_v1.Gateway_Service",
        "+ tls_cert_request.CertificateAuthority_GatewayCertificate_Request",
        "+ tls_locally_signed_cert.CertificateAuthority_GatewayCertificate",
        "+ tls_private_key.CertificateAuthority_GatewayCertificate_Key",
        "+ time_static.CertificateAuthority_GatewayCertificate_Expiry",
        // The collectors: tail sampling, the headless Service the gateway resolves, a
        // certificate that also names it, the drain on stop; no client ingress, no span metrics.
        "+ kubernetes_service_v1.Collector_HeadlessService",
        // A fixed collector count behind the gateway: each change of it re-routes traces in flight.
        "- kubernetes_horizontal_pod_autoscaler_v2.Collector_Autoscaler",
        "~ tls_cert_request.CertificateAuthority_CollectorCertificate_Request",
        "~ kubernetes_config_map_v1.Collector_Config",
        "~ kubernetes_deployment_v1.Collector_Deployment",
        "~ kubernetes_service_v1.Collector_Service",
        "~ kubernetes_network_policy_v1.NetworkPolicies_allow-jaeger-collector",
        // Clients: the gateway's endpoint and every-span sampling; the mode's alerts.
        "~ kubernetes_config_map_v1.SdkConfig_genesis-environment",
        "~ kubernetes_config_map_v1.Monitoring_Rules",
        "~ output.otlp_endpoint",
        // Pods wait for every NetworkPolicy of the namespace: the gateway's is one more.
        "~ helm_release.Elasticsearch_Release",
        "~ kubernetes_deployment_v1.ElasticsearchExporter_Deployment",
        "~ kubernetes_deployment_v1.Query_Deployment",
        "~ kubernetes_job_v1.ElasticsearchBootstrap_Job",
      ].sort(),
    );
    // Terraform owns the collectors' replica count again (no longer ignored for the autoscaler).
    expect(changedPaths(changes, /^kubernetes_deployment_v1\.Collector_/)).toEqual(expect.arrayContaining(["lifecycle"]));
    // Those four only gain a dependency (one added item each): nothing Kubernetes sees changes.
    for (const address of [/^helm_release\.Elasticsearch_Release/, /^kubernetes_deployment_v1\.(ElasticsearchExporter|Query)_/, /^kubernetes_job_v1\./]) {
      const added = changes.filter((c) => address.test(c.address)).flatMap((c) => c.fields);
      expect(added.length).toBeGreaterThan(0);
      expect(added.map((f) => [f.path.replace(/\d+/, "N"), f.before, f.after])).toEqual(
        added.map(() => ["depends_on[N]", undefined, expect.stringMatching(/^kubernetes_network_policy_v1\.NetworkPolicies_allow-otel-gateway_/)]),
      );
    }
    expectStoredTracesKept(baseline, sampled);
    expect(bootstrapJobName(sampled)).toBe(bootstrapJobName(baseline));
  });

  test("a collector being replaced: gateways stop routing to it before it stops receiving, and it has time to decide and drain", () => {
    const spec = podTemplate(sampled, "jaeger-collector").spec;
    const [sleep] = spec.container[0].lifecycle.pre_stop[0].exec.command.slice(1).map(Number);
    // CoreDNS' default TTL (5 s) plus the gateway's resolver interval, with a margin.
    const gateway = parse(one(sampled, "kubernetes_config_map_v1", (m) => m.metadata.name === "otel-gateway-config")[1].data["config.yaml"]);
    const interval = Number(gateway.exporters.loadbalancing.resolver.dns.interval.replace(/s$/, ""));
    expect(sleep).toBeGreaterThanOrEqual(5 + interval);
    expect(Number(spec.termination_grace_period_seconds)).toBeGreaterThanOrEqual(sleep + 30);
    // A rolling update never takes a collector away before its replacement is ready.
    const deployment = one(sampled, "kubernetes_deployment_v1", (d) => d.metadata.name === "jaeger-collector")[1];
    expect(deployment.spec.strategy.rolling_update).toEqual({ max_surge: "1", max_unavailable: "0" });
    // Pending traces are decided and exported on shutdown, not dropped.
    const collector = parse(one(sampled, "kubernetes_config_map_v1", (m) => m.metadata.name === "jaeger-collector-config")[1].data["config.yaml"]);
    expect(collector.processors.tail_sampling.drop_pending_traces_on_shutdown).toBe(false);
    // Retries re-route over the current collectors for longer than a replacement takes.
    expect(Number(gateway.exporters.loadbalancing.retry_on_failure.max_elapsed_time.replace(/s$/, ""))).toBeGreaterThan(sleep + interval);
  });

  test("a contrib version bump rolls the gateway alone", () => {
    const bumped = prod({ TRACE_SAMPLING_MODE: "collector", OTEL_COLLECTOR_CONTRIB_VERSION: "0.156.0" });
    expect(moved(diffStack(sampled, bumped)).map(withoutHash).sort()).toEqual(
      [
        "~ kubernetes_config_map_v1.Gateway_Config",
        "~ kubernetes_deployment_v1.Gateway_Deployment",
        "~ kubernetes_horizontal_pod_autoscaler_v2.Gateway_Autoscaler",
        "~ kubernetes_pod_disruption_budget_v1.Gateway_DisruptionBudget",
        "~ kubernetes_secret_v1.Gateway_Tls",
        "~ kubernetes_service_v1.Gateway_Service",
      ].sort(),
    );
  });

  test("more collectors at the minimum: each one's buffer shrinks, so the collectors roll with the new sizes", () => {
    const more = prod({ TRACE_SAMPLING_MODE: "collector", TRACING_COLLECTOR_REPLICAS: "4" });
    const changes = diffStack(sampled, more);
    expect(changedPaths(changes, /^kubernetes_config_map_v1\.Collector_Config/).sort()).toEqual([
      "data[config.yaml]⟨yaml⟩.exporters.jaeger_storage_exporter.queue.queue_size",
      "data[config.yaml]⟨yaml⟩.processors.tail_sampling.decision_cache.non_sampled_cache_size",
      "data[config.yaml]⟨yaml⟩.processors.tail_sampling.decision_cache.sampled_cache_size",
      "data[config.yaml]⟨yaml⟩.processors.tail_sampling.expected_new_traces_per_sec",
      "data[config.yaml]⟨yaml⟩.processors.tail_sampling.num_traces",
    ]);
    expectStoredTracesKept(sampled, more);
  });
});

describe("certificates that renew themselves (TRACING_CERTIFICATES=cert-manager)", () => {
  const CERT_MANAGER = { TRACING_CERTIFICATES: "cert-manager" };
  const managed = prod(CERT_MANAGER);
  const objectsOf = (doc: Doc, release: string): any[] => parse(one(doc, "helm_release", (r) => r.name === release)[1].values[0]).objects;
  const certificates = (doc: Doc) => objectsOf(doc, "tracing-certificates");
  /** Every Certificate with its issuerRef blanked: what must not change when only the issuer does. */
  const withoutIssuer = (doc: Doc) => certificates(doc).map((c) => ({ ...c, spec: { ...c.spec, issuerRef: undefined } }));
  const issuerRefs = (doc: Doc) => [...new Set(certificates(doc).map((c) => `${c.spec.issuerRef.kind}/${c.spec.issuerRef.name}`))];
  /** The trust bundle in the tracing namespace and in every client namespace. */
  const trustBundles = (doc: Doc) => resourcesOf(doc, "kubernetes_config_map_v1").filter(([, m]) => m.data?.["ca.crt"]).map(([id, m]) => [id, m.data["ca.crt"]]);
  const rollingPods = (before: Doc, after: Doc) =>
    resourcesOf(after, "kubernetes_deployment_v1")
      .map(([, d]) => d.metadata.name)
      .filter((name) => JSON.stringify(podTemplate(before, name).metadata.annotations) !== JSON.stringify(podTemplate(after, name).metadata.annotations));

  test("a renewal needs no Terraform change: nothing in the synth depends on time, every Certificate says when cert-manager renews it", () => {
    expect(resourcesOf(managed, "tls_locally_signed_cert")).toEqual([]);
    const resources = JSON.stringify(managed.resource);
    expect(resources).not.toMatch(/early_renewal_hours|time_rotating|timestamp\(|plantimestamp\(/);
    // What does follow time is the CA, which Terraform makes: its expiry, for the alert.
    expect(resourcesOf(managed, "time_static").map(([, t]) => t.rfc3339)).toEqual([expect.stringMatching(/^\$\{tls_self_signed_cert\./)]);
    expect(certificates(managed).map((c) => [c.spec.duration, c.spec.renewBefore, c.spec.privateKey.rotationPolicy])).toEqual(
      Array(3).fill(["2160h", "720h", "Always"]),
    );
    // No Secret of a server certificate is Terraform's: cert-manager rewrites its own in place.
    expect(resourcesOf(managed, "kubernetes_secret_v1").filter(([, s]) => /-tls|certificate/.test(s.metadata.name))).toEqual([]);
  });

  describe("switching terraform -> cert-manager", () => {
    const changes = diffStack(baseline, managed);

    test("moves exactly these: cert-manager's objects in, the Terraform certificates and their Secrets out, the servers onto cert-manager's Secrets", () => {
      expect(moved(changes).map((a) => a.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual(
        [
          "+ helm_release.CertificateIssuers_Release",
          "+ helm_release.Certificates_Release",
          "+ kubernetes_secret_v1.CaIssuerKeyPair-blue",
          ...["ElasticsearchHttp", "Collector", "Query"].flatMap((c) => [
            `- tls_cert_request.CertificateAuthority_${c}Certificate_Request`,
            `- tls_locally_signed_cert.CertificateAuthority_${c}Certificate`,
            `- tls_private_key.CertificateAuthority_${c}Certificate_Key`,
            `- time_static.CertificateAuthority_${c}Certificate_Expiry`,
          ]),
          "- kubernetes_secret_v1.ElasticsearchHttpTls",
          "- kubernetes_secret_v1.Collector_Tls",
          "- kubernetes_secret_v1.Query_Tls",
          // ECK serves the new Secret (it reloads; the nodes do not restart).
          "~ helm_release.Elasticsearch_Release",
          // The servers mount the new Secrets: they roll, one pod at a time.
          "~ kubernetes_deployment_v1.Collector_Deployment",
          "~ kubernetes_deployment_v1.Query_Deployment",
          // The leaves' expiry now comes from cert-manager's metrics.
          "~ kubernetes_config_map_v1.Monitoring_Rules",
        ].sort(),
      );
    });

    test("no client is cut off: every trust bundle stays as it is, and the Issuer signs with the CA they already trust", () => {
      expect(trustBundles(managed)).toEqual(trustBundles(baseline));
      const [, keyPair] = one(managed, "kubernetes_secret_v1", (s) => s.metadata.name === "genesis-tracing-ca-blue");
      expect(trustBundles(managed)[0][1]).toContain(keyPair.data["tls.crt"]);
      expect(issuerRefs(managed)).toEqual(["Issuer/genesis-tracing-ca-blue"]);
    });

    test("the Elasticsearch release changes only which Secret ECK serves; the namespace, the release and its volumes stay", () => {
      expectStoredTracesKept(baseline, managed);
      const values = (doc: Doc) => parse(elasticsearchRelease(doc).values[1]);
      expect({ ...values(managed), http: undefined }).toEqual({ ...values(baseline), http: undefined });
      // Besides the order: it waits for the Certificates' release instead of the Secret Terraform wrote.
      expect(changedPaths(changes, /^helm_release\.Elasticsearch_Release/).filter((path) => !path.startsWith("depends_on"))).toEqual(["values[1]⟨yaml⟩.http.tls.certificate.secretName"]);
    });

    test("only the servers whose certificate moved roll; what trusts the bundle does not", () => {
      expect(rollingPods(baseline, managed)).toEqual([]);
      const tls = (doc: Doc, name: string) => podTemplate(doc, name).spec.volume.find((v: any) => v.name === "tls").secret.secret_name;
      expect(["jaeger-collector", "jaeger-query"].map((name) => tls(managed, name))).toEqual(["jaeger-collector-tls-cm", "jaeger-query-tls-cm"]);
    });
  });

  describe("an Issuer change changes exactly the issuerRefs", () => {
    test("signing slot blue -> green with both trusted: every Certificate names the green Issuer, nothing else moves", () => {
      const both = { ...CERT_MANAGER, TRACING_CA_TRUSTED: "blue,green" };
      const [before, after] = [prod(both), prod({ ...both, TRACING_CA_SIGNING: "green" })];
      // The plan-time warning follows the CA that signs (docs/operations.md#replacing-the-ca).
      expect(moved(diffStack(before, after)).map((a) => a.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual(["+ check.green_ca_expiry", "- check.blue_ca_expiry", "~ helm_release.Certificates_Release"]);
      expect([issuerRefs(before), issuerRefs(after)]).toEqual([["Issuer/genesis-tracing-ca-blue"], ["Issuer/genesis-tracing-ca-green"]]);
      expect(withoutIssuer(after)).toEqual(withoutIssuer(before));
      expect(objectsOf(after, "tracing-certificate-issuers").map((i) => i.metadata.name)).toEqual(["genesis-tracing-ca-blue", "genesis-tracing-ca-green"]);
    });

    test("to an issuer of the cluster's, its CA trusted one deploy before: the issuerRefs move, our Issuers and their CA Secret go, trust stays", () => {
      const trusted = { ...CERT_MANAGER, TRACING_CERT_ISSUER_CA_FILE: ISSUER_CA_FILE };
      const [before, after] = [prod(trusted), prod({ ...trusted, TRACING_CERT_ISSUER: "ClusterIssuer/vault" })];
      // The deploy before: the issuer's CA joins every bundle, and what trusts it rolls; no certificate moves.
      expect(issuerRefs(before)).toEqual(issuerRefs(managed));
      expect(trustBundles(before).every(([, pem]) => pem.endsWith(ISSUER_CA_FILES[ISSUER_CA_FILE]))).toBe(true);
      expect(rollingPods(managed, before).sort()).toEqual(["elasticsearch-exporter", "jaeger-collector", "jaeger-query"]);
      // The switch.
      expect(moved(diffStack(before, after)).map((a) => a.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual([
        "- helm_release.CertificateIssuers_Release",
        "- kubernetes_secret_v1.CaIssuerKeyPair-blue",
        "~ helm_release.Certificates_Release",
      ]);
      expect(issuerRefs(after)).toEqual(["ClusterIssuer/vault"]);
      expect(withoutIssuer(after)).toEqual(withoutIssuer(before));
      expect(trustBundles(after)).toEqual(trustBundles(before));
    });
  });
});
