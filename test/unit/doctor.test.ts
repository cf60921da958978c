/**
 * `npm run doctor`: every check against fake probes (no Docker, cluster or network), the port
 * probe against a real listener, the output, the exit code, and one run of the command.
 */
import { spawnSync } from "node:child_process";
import { createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables, type SettingFiles, type StackName } from "../../tracing/settings";
import { ISSUER_CA_FILE, ISSUER_CA_FILES } from "../security/settings-cases";
import {
  CERT_MANAGER_API,
  ECK_CRD,
  exitCodeOf,
  formatResults,
  isBefore,
  PROVIDER_DOCKER_ENDPOINT,
  runChecks,
  type CheckResult,
  type DoctorContext,
  type Probed,
  type Probes,
  registriesOf,
  versionNumbers,
} from "../../tools/doctor-checks";
import { portState, publishedPorts } from "../../tools/doctor-probes";

const MiB = 2 ** 20;
const HOME = "/home/me";
const COLIMA = "unix:///Users/me/.colima/default/docker.sock";

const KUBECONFIG = `
apiVersion: v1
current-context: dev
contexts:
- name: dev
  context: { cluster: dev-cluster, user: me }
- name: prod-eu
  context: { cluster: prod-eu, user: me }
clusters:
- name: dev-cluster
  cluster: { server: "https://dev.example:6443" }
- name: prod-eu
  cluster: { server: "https://prod-eu.example:6443" }
`;

const found = (value: unknown): Probed<unknown> => ({ ok: true, value });
const notFound: Probed<never> = { ok: false, kind: "not-found", error: "Error from server (NotFound)" };
const missing: Probed<never> = { ok: false, kind: "missing", error: "not found on PATH" };
const failed: Probed<never> = { ok: false, kind: "failed", error: "Unable to connect to the server: dial tcp: i/o timeout" };
const list = (...items: unknown[]) => found({ items });
const named = (name: string, annotations: Record<string, string> = {}) => ({ metadata: { name, annotations } });
const readyNode = (name: string, spec: object = {}) => ({ metadata: { name }, spec, status: { conditions: [{ type: "Ready", status: "True" }] } });
const eckCrd = (release: string, namespace: string) =>
  found({ metadata: { name: ECK_CRD, labels: { "app.kubernetes.io/version": "3.5.0" }, annotations: { "meta.helm.sh/release-name": release, "meta.helm.sh/release-namespace": namespace } } });

/**
 * A Prometheus of the Operator, selecting by `selectors` (PrometheusSpec field → selector; an
 * absent field is null). kube-prometheus-stack's selects `release: <its release>` in every namespace.
 */
const prometheus = (namespace: string, name: string, selectors: Record<string, object>) => ({ metadata: { namespace, name }, spec: selectors });
const releaseSelector = (release: string) => ({ matchLabels: { release } });
const kubePrometheusStack = (release = "kube-prometheus-stack") =>
  prometheus("monitoring", `${release}-prometheus`, {
    serviceMonitorSelector: releaseSelector(release),
    serviceMonitorNamespaceSelector: {},
    podMonitorSelector: releaseSelector(release),
    podMonitorNamespaceSelector: {},
    ruleSelector: releaseSelector(release),
    ruleNamespaceSelector: {},
  });
const prometheuses = (...items: object[]) => ({ "prometheuses.monitoring.coreos.com --all-namespaces": list(...items) });
/** A Prometheus Service as `kubectl get service -o json` shows it (prometheus-community's `prometheus` chart 29.27.0: port 80 to the pods' 9090). */
const prometheusServer = (port: { port: number; targetPort?: number | string } = { port: 80, targetPort: 9090 }) => ({
  "service prometheus-server -n monitoring": found({
    metadata: { name: "prometheus-server", namespace: "monitoring" },
    spec: { ports: [{ name: "http", protocol: "TCP", ...port }], selector: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/component": "server" } },
  }),
});
const CHART_URL = { TRACING_PROMETHEUS_URL: "http://prometheus-server.monitoring.svc" };
const OPERATOR = { TRACING_PROMETHEUS_OPERATOR: "true" };

/** A healthy cluster, by the arguments of `kubectl get`. */
const CLUSTER: Readonly<Record<string, Probed<unknown>>> = {
  namespaces: list(named("default"), named("genesis"), named("monitoring")),
  "customresourcedefinitions servicemonitors.monitoring.coreos.com": found(named("servicemonitors.monitoring.coreos.com")),
  "customresourcedefinitions prometheusrules.monitoring.coreos.com": found(named("prometheusrules.monitoring.coreos.com")),
  [`customresourcedefinitions ${ECK_CRD}`]: notFound,
  storageclasses: list({ ...named("standard", { "storageclass.kubernetes.io/is-default-class": "true" }), allowVolumeExpansion: true }, named("fast")),
  nodes: list(readyNode("a"), readyNode("b"), readyNode("c")),
  [`--raw ${CERT_MANAGER_API}`]: notFound,
  ...prometheuses(kubePrometheusStack()),
};

/** cert-manager's API as discovery serves it. */
const certManagerApi = { [`--raw ${CERT_MANAGER_API}`]: found({ kind: "APIResourceList", groupVersion: "cert-manager.io/v1", resources: ["certificates", "certificaterequests", "issuers", "clusterissuers"].map((name) => ({ name })) }) };
const CERT_MANAGER = { TRACING_CERTIFICATES: "cert-manager" };
const VAULT = { ...CERT_MANAGER, TRACING_CERT_ISSUER: "ClusterIssuer/vault", TRACING_CERT_ISSUER_CA_FILE: ISSUER_CA_FILE };
const issuerReady = (status: string, message: string) => found({ metadata: { name: "vault" }, status: { conditions: [{ type: "Ready", status, message }] } });

/** Probes of a laptop and cluster where everything is fine, with `overrides`. */
function fakeProbes(overrides: Partial<Probes> = {}, cluster: Readonly<Record<string, Probed<unknown>>> = {}): Probes {
  return {
    dockerInfo: async () => ({ ok: true, value: { memTotalBytes: 8 * 1024 * MiB, serverVersion: "27.3.1", operatingSystem: "Docker Desktop" } }),
    dockerContext: async () => ({ ok: true, value: { name: "default", endpoint: PROVIDER_DOCKER_ENDPOINT } }),
    sameEngineAt: async () => false,
    containerImage: async () => notFound,
    stackContainers: async () => ({ ok: true, value: new Map() }),
    dockerPublishedPorts: async () => ({ ok: true, value: new Map() }),
    portState: async () => ({ free: true }),
    terraformVersion: async () => ({ ok: true, value: "1.11.4" }),
    head: async () => ({ reachable: true, status: 200 }),
    readFile: async (path) => (path === `${HOME}/.kube/config` ? { ok: true, value: KUBECONFIG } : notFound),
    kubectlGet: async (_target, args) => ({ ...CLUSTER, ...cluster })[args.join(" ")] ?? failed,
    ...overrides,
  };
}

interface Case {
  readonly settings?: EnvironmentVariables;
  readonly environment?: EnvironmentVariables;
  readonly probes?: Partial<Probes>;
  readonly cluster?: Readonly<Record<string, Probed<unknown>>>;
  readonly platform?: NodeJS.Platform;
  readonly files?: SettingFiles;
}

function context(stack: StackName, c: Case = {}): DoctorContext {
  return {
    settings: resolveSettings(stack, c.settings ?? {}, c.files ?? ISSUER_CA_FILES),
    environment: c.environment ?? {},
    homeDirectory: HOME,
    projectRoot: "/work/project",
    probes: fakeProbes(c.probes, c.cluster),
    platform: c.platform ?? "linux",
  };
}

async function check(stack: StackName, name: string, c: Case = {}): Promise<CheckResult> {
  const result = (await runChecks(stack, context(stack, c))).find((r) => r.name === name);
  if (!result) throw new Error(`no check named ${name}`);
  return result;
}

const busy = (ports: number[]) => ({ portState: async (port: number) => (ports.includes(port) ? { free: false as const, reason: "another process listens there" } : { free: true as const }) });
const memory = (mib: number) => ({ dockerInfo: async () => ({ ok: true as const, value: { memTotalBytes: mib * MiB, serverVersion: "27.3.1", operatingSystem: "Docker Desktop" } }) });

type Row = [what: string, check: string, c: Case, status: CheckResult["status"], fix: RegExp | undefined];
/** Rows as written (the case before its outcome), ordered for the test name: what, check, status. */
const rows = (table: Row[]) => table.map(([what, name, c, status, fix]): [string, string, CheckResult["status"], Case, RegExp | undefined] => [what, name, status, c, fix]);

describe("local checks", () => {
  test.each(rows([
    ["docker answers", "docker", {}, "ok", undefined],
    ["docker is not installed", "docker", { probes: { dockerInfo: async () => missing } }, "fail", /^install Docker Desktop, Colima/],
    ["the engine is down", "docker", { probes: { dockerInfo: async () => failed } }, "fail", /^start Docker \(.*colima start/],
    ["the context is the provider's socket", "docker endpoint", {}, "ok", undefined],
    ["DOCKER_HOST is set", "docker endpoint", { environment: { DOCKER_HOST: COLIMA }, probes: { dockerContext: async () => ({ ok: true, value: { name: "colima", endpoint: COLIMA } }) } }, "ok", undefined],
    ["the context cannot be read", "docker endpoint", { probes: { dockerContext: async () => missing } }, "warn", /export DOCKER_HOST=<its endpoint>$/],
    ["8 GiB for the default limits", "docker memory", {}, "ok", undefined],
    ["enough for the limits but no headroom", "docker memory", { probes: memory(5556) }, "warn", /^give Docker at least 6 GiB \(Docker Desktop: Settings > Resources/],
    ["less than the limits", "docker memory", { probes: memory(4000) }, "fail", /^give Docker at least 6 GiB \(Docker Desktop: Settings > Resources/],
    ["a bigger Elasticsearch limit", "docker memory", { settings: { ES_MEMORY_LIMIT_MIB: "8192" } }, "fail", /^give Docker at least 10 GiB /],
    ["the port is free", "port 9200", {}, "ok", undefined],
    ["the port is taken", "port 16686", { probes: { ...busy([16686]), dockerPublishedPorts: async () => ({ ok: true, value: new Map() }) } }, "fail", /lsof -nP -iTCP:16686 -sTCP:LISTEN/],
    ["the port is another container's", "port 4317", { probes: { ...busy([4317]), dockerPublishedPorts: async () => ({ ok: true, value: new Map([[4317, "otel-collector"]]) }) } }, "fail", /^docker stop otel-collector, or set TRACING_HOST_PORT_OTLP_GRPC to a free port$/],
    ["the port is this stack's", "port 4318", { probes: { ...busy([4318]), dockerPublishedPorts: async () => ({ ok: true, value: new Map([[4318, "genesis-tracing-collector"]]) }) } }, "ok", undefined],
    ["Terraform 1.11", "terraform", {}, "ok", undefined],
    ["Terraform 1.4", "terraform", { probes: { terraformVersion: async () => ({ ok: true, value: "1.4.6" }) } }, "fail", /^install Terraform >= 1\.5/],
    ["Terraform 1.9 with the S3 backend's lock file", "terraform", { settings: { TRACING_STATE_BACKEND: "s3://genesis-state/tracing?region=eu-west-1" }, probes: { terraformVersion: async () => ({ ok: true, value: "1.9.8" }) } }, "fail", /^install Terraform >= 1\.10/],
    ["Windows", "shell", { platform: "win32" }, "fail", /from WSL/],
    ["no local Elasticsearch yet", "elasticsearch version", {}, "ok", undefined],
    ["every service container running, a task exited", "stopped containers", { probes: { stackContainers: async () => ({ ok: true, value: new Map([["genesis-tracing-collector", "running"], ["genesis-tracing-bootstrap-script", "exited"]]) }) } }, "ok", undefined],
    ["a stopped collector", "stopped containers", { probes: { stackContainers: async () => ({ ok: true, value: new Map([["genesis-tracing-collector", "exited"], ["genesis-tracing-query", "running"]]) }) } }, "warn", /^docker start genesis-tracing-collector +\(then cdktf diff local shows no change\)$/],
    ["the engine down", "stopped containers", { probes: { stackContainers: async () => failed } }, "warn", undefined],
    ["the same Elasticsearch", "elasticsearch version", { probes: { containerImage: async () => ({ ok: true, value: "docker.elastic.co/elasticsearch/elasticsearch:9.5.0" }) } }, "ok", undefined],
    ["an Elasticsearch upgrade", "elasticsearch version", { probes: { containerImage: async () => ({ ok: true, value: "docker.elastic.co/elasticsearch/elasticsearch:9.4.2" }) } }, "ok", undefined],
    ["an Elasticsearch downgrade", "elasticsearch version", { settings: { ELASTICSEARCH_VERSION: "9.1.0" }, probes: { containerImage: async () => ({ ok: true, value: "docker.elastic.co/elasticsearch/elasticsearch:9.5.0" }) } }, "fail", /^keep ELASTICSEARCH_VERSION at 9\.5\.0 or later/],
    ["a downgrade across majors", "elasticsearch version", { settings: { ELASTICSEARCH_VERSION: "8.19.0" }, probes: { containerImage: async () => ({ ok: true, value: "docker.elastic.co/elasticsearch/elasticsearch:9.5.0" }) } }, "fail", /9\.5\.0 or later/],
    ["macOS", "shell", { platform: "darwin" }, "ok", undefined],
    ["no Terraform", "terraform", { probes: { terraformVersion: async () => missing } }, "fail", /^install Terraform >= 1\.5/],
    ["Docker Hub answers", "registry registry-1.docker.io", { probes: { head: async () => ({ reachable: true, status: 401 }) } }, "ok", undefined],
    ["no network", "registry registry.terraform.io", { probes: { head: async () => ({ reachable: false, reason: "DNS lookup failed: no network?" }) } }, "fail", /HTTPS_PROXY/],
    ["no answer behind a proxy", "registry docker.elastic.co", { environment: { HTTPS_PROXY: "http://proxy:3128" }, probes: { head: async () => ({ reachable: false, reason: "no answer within 5 s" }) } }, "warn", /^check that https:\/\/docker\.elastic\.co\/v2\/ answers through the proxy: curl -I /],
  ]))("%s: %s is %s", async (_, name, status, c, fix) => {
    const result = await check("local", name, c);
    expect(result.status).toBe(status);
    if (fix) expect(result.fix).toMatch(fix);
    else expect(result.fix).toBeUndefined();
  });

  test("a Colima-style context gives the exact DOCKER_CONTEXT or DOCKER_HOST line", async () => {
    const result = await check("local", "docker endpoint", { probes: { dockerContext: async () => ({ ok: true, value: { name: "colima", endpoint: COLIMA } }) } });
    expect(result.status).toBe("fail");
    expect(result.detail).toContain(`context "colima" at ${COLIMA}`);
    expect(result.fix).toBe(`export DOCKER_CONTEXT=colima   (or export DOCKER_HOST=${COLIMA})`);
  });

  test("a context the provider reads (DOCKER_CONTEXT), or whose engine also answers at the default socket, is fine", async () => {
    const colima = { dockerContext: async () => ({ ok: true as const, value: { name: "colima", endpoint: COLIMA } }) };
    expect((await check("local", "docker endpoint", { environment: { DOCKER_CONTEXT: "colima" }, probes: colima })).status).toBe("ok");
    expect((await check("local", "docker endpoint", { probes: { ...colima, sameEngineAt: async () => true } })).status).toBe("ok");
  });

  test("every port the local stack publishes is checked, and only those", async () => {
    const names = (await runChecks("local", context("local"))).map((r) => r.name).filter((n) => n.startsWith("port "));
    expect(names.sort()).toEqual(["port 16686", "port 4317", "port 4318", "port 8888", "port 8889", "port 9090", "port 9200"]);
  });
});

describe("prod checks", () => {
  const foreignEck = { [`customresourcedefinitions ${ECK_CRD}`]: eckCrd("eck", "platform-eck") };
  test.each(rows([
    ["the current context", "kubeconfig", {}, "ok", undefined],
    ["Terraform 1.10, before write-only arguments", "terraform", { probes: { terraformVersion: async () => ({ ok: true, value: "1.10.5" }) } }, "fail", /^install Terraform >= 1\.11/],
    ["a pinned context", "kube context", { settings: { TRACING_KUBE_CONTEXT: "prod-eu" } }, "ok", undefined],
    ["no pinned context", "kube context", {}, "warn", /^set TRACING_KUBE_CONTEXT=dev in \.env$/],
    ["a context the file lacks", "kubeconfig", { settings: { TRACING_KUBE_CONTEXT: "staging" } }, "fail", /^set TRACING_KUBE_CONTEXT to one of: dev, prod-eu$/],
    ["no kubeconfig file", "kubeconfig", { settings: { TRACING_KUBECONFIG: "/etc/kube/none" } }, "fail", /^set TRACING_KUBECONFIG to your kubeconfig file \(now \/etc\/kube\/none\)$/],
    ["a kubeconfig whose contexts are no list", "kubeconfig", { probes: { readFile: async () => ({ ok: true, value: "contexts: oops\nclusters: [1]\n" }) } }, "fail", /^set TRACING_KUBECONFIG to your kubeconfig file/],
    ["in-cluster outside a pod", "kubeconfig", { settings: { TRACING_KUBECONFIG: "in-cluster" } }, "fail", /TRACING_KUBECONFIG to a kubeconfig file$/],
    ["the cluster does not answer", "cluster", { cluster: { namespaces: failed } }, "fail", /kubectl get namespaces$/],
    ["the namespaces exist", "client namespaces", {}, "ok", undefined],
    ["a client namespace is missing", "client namespaces", { settings: { TRACING_CLIENT_NAMESPACES: "genesis,trading" } }, "fail", /^kubectl create namespace trading, or set TRACING_CLIENT_NAMESPACES/],
    ["the monitoring namespace is missing", "monitoring namespace", { settings: { TRACING_MONITORING_NAMESPACE: "observability" } }, "fail", /TRACING_MONITORING_NAMESPACE/],
    ["kubectl is not installed", "client namespaces", { probes: { kubectlGet: async () => missing } }, "warn", /^install kubectl/],
    ["no Prometheus Operator wanted", "prometheus operator", {}, "ok", undefined],
    ["the Prometheus Operator CRDs exist", "prometheus operator", { settings: { TRACING_PROMETHEUS_OPERATOR: "true" } }, "ok", undefined],
    ["a Prometheus Operator CRD is missing", "prometheus operator", { settings: { TRACING_PROMETHEUS_OPERATOR: "true" }, cluster: { "customresourcedefinitions prometheusrules.monitoring.coreos.com": notFound } }, "fail", /TRACING_PROMETHEUS_OPERATOR=false$/],
    ["no Monitor tab", "prometheus pod port", {}, "ok", undefined],
    ["the prometheus chart's Service (80 to 9090) with the pods' port set", "prometheus pod port", { settings: { ...CHART_URL, TRACING_PROMETHEUS_POD_PORT: "9090" }, cluster: prometheusServer() }, "ok", undefined],
    ["the prometheus chart's Service (80 to 9090) with the URL's port taken for the pods'", "prometheus pod port", { settings: CHART_URL, cluster: prometheusServer() }, "fail", /^set TRACING_PROMETHEUS_POD_PORT=9090$/],
    ["a Service without a targetPort (the port itself)", "prometheus pod port", { settings: { TRACING_PROMETHEUS_URL: "http://prometheus-server.monitoring.svc:9090" }, cluster: prometheusServer({ port: 9090 }) }, "ok", undefined],
    ["a Service whose targetPort is a name", "prometheus pod port", { settings: CHART_URL, cluster: prometheusServer({ port: 80, targetPort: "web" }) }, "warn", /^if the Prometheus container's port web is not 80, set TRACING_PROMETHEUS_POD_PORT to it$/],
    ["a Service that does not serve the URL's port", "prometheus pod port", { settings: { TRACING_PROMETHEUS_URL: "http://prometheus-server.monitoring.svc:9090" }, cluster: prometheusServer() }, "fail", /^set the port of TRACING_PROMETHEUS_URL to one the Service serves$/],
    ["no such Service", "prometheus pod port", { settings: CHART_URL, cluster: { "service prometheus-server -n monitoring": notFound } }, "fail", /^set TRACING_PROMETHEUS_URL to your Prometheus' Service$/],
    ["a Prometheus named by address", "prometheus pod port", { settings: { TRACING_PROMETHEUS_URL: "https://10.0.0.9:9090" } }, "ok", undefined],
    ["no Prometheus Operator wanted", "prometheus selection", {}, "ok", undefined],
    ["kube-prometheus-stack's Prometheus selects our objects", "prometheus selection", { settings: OPERATOR }, "ok", undefined],
    ["a Prometheus that selects every object everywhere", "prometheus selection", { settings: { ...OPERATOR, TRACING_PROMETHEUS_SELECTOR_LABELS: "" }, cluster: prometheuses(prometheus("obs", "main", { serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: {}, podMonitorSelector: {}, podMonitorNamespaceSelector: {}, ruleSelector: {}, ruleNamespaceSelector: {} })) }, "ok", undefined],
    ["a Prometheus of another release", "prometheus selection", { settings: OPERATOR, cluster: prometheuses(kubePrometheusStack("monitoring")) }, "fail", /^set TRACING_PROMETHEUS_SELECTOR_LABELS=release=monitoring \(the labels monitoring\/monitoring-prometheus selects\)$/],
    ["a Prometheus that looks in its own namespace only", "prometheus selection", { settings: OPERATOR, cluster: prometheuses(prometheus("monitoring", "k8s", { serviceMonitorSelector: {}, podMonitorSelector: {}, ruleSelector: {} })) }, "fail", /^set ruleNamespaceSelector: \{\} on monitoring\/k8s to look in every namespace: kubectl -n monitoring edit prometheus k8s$/],
    ["a Prometheus without a ruleSelector (no alerts)", "prometheus selection", { settings: OPERATOR, cluster: prometheuses(prometheus("monitoring", "k8s", { serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: {}, podMonitorSelector: {}, podMonitorNamespaceSelector: {}, ruleNamespaceSelector: {} })) }, "fail", /^give monitoring\/k8s a ruleSelector \(\{\} selects every PrometheusRule\): kubectl -n monitoring edit prometheus k8s$/],
    ["no Prometheus at all", "prometheus selection", { settings: OPERATOR, cluster: prometheuses() }, "fail", /^install the Prometheus Operator's Prometheus/],
    ["the Prometheus Operator CRDs are missing", "prometheus selection", { settings: OPERATOR, cluster: { "customresourcedefinitions servicemonitors.monitoring.coreos.com": notFound } }, "warn", undefined],
    ["kubectl cannot list the Prometheus objects", "prometheus selection", { settings: OPERATOR, cluster: { "prometheuses.monitoring.coreos.com --all-namespaces": failed } }, "fail", undefined],
    ["no ECK, the stack installs it", "eck", {}, "ok", undefined],
    ["no ECK, but existing expected", "eck", { settings: { TRACING_ECK_OPERATOR: "existing" } }, "fail", /^set TRACING_ECK_OPERATOR=install$/],
    ["our own ECK", "eck", { cluster: { [`customresourcedefinitions ${ECK_CRD}`]: eckCrd("elastic-operator-crds", "elastic-system") } }, "ok", undefined],
    [
      "our earlier cluster-wide ECK, whose CRDs the new release cannot adopt",
      "eck",
      { cluster: { [`customresourcedefinitions ${ECK_CRD}`]: eckCrd("elastic-operator", "elastic-system") } },
      "fail",
      /^kubectl get crd -o name \| grep k8s\.elastic\.co \| xargs -I\{\} kubectl annotate \{\} --overwrite meta\.helm\.sh\/release-name=elastic-operator-crds meta\.helm\.sh\/release-namespace=elastic-system$/,
    ],
    ["an ECK not ours, with install", "eck", { cluster: foreignEck }, "fail", /^set TRACING_ECK_OPERATOR=existing and TRACING_ECK_NAMESPACE=platform-eck$/],
    ["an ECK not ours, with existing", "eck", { settings: { TRACING_ECK_OPERATOR: "existing" }, cluster: foreignEck }, "ok", undefined],
    ["kubectl is not installed", "eck", { probes: { kubectlGet: async () => missing } }, "warn", /^install kubectl/],
    ["no cert-manager, terraform mode", "cert-manager", {}, "ok", undefined],
    ["cert-manager installed, terraform mode", "cert-manager", { cluster: certManagerApi }, "ok", undefined],
    ["cert-manager mode without cert-manager", "cert-manager", { settings: CERT_MANAGER }, "fail", /^install cert-manager >= 1\.16 .*, or set TRACING_CERTIFICATES=terraform$/],
    ["cert-manager mode with cert-manager", "cert-manager", { settings: CERT_MANAGER, cluster: certManagerApi }, "ok", undefined],
    ["cert-manager mode, kubectl is not installed", "cert-manager", { settings: CERT_MANAGER, probes: { kubectlGet: async () => missing } }, "warn", /^install kubectl/],
    ["the stack's own Issuers", "certificate issuer", { settings: CERT_MANAGER, cluster: certManagerApi }, "ok", undefined],
    ["a ClusterIssuer that is Ready", "certificate issuer", { settings: VAULT, cluster: { ...certManagerApi, "clusterissuers.cert-manager.io vault": issuerReady("True", "Vault verified") } }, "ok", undefined],
    ["a ClusterIssuer that is not Ready", "certificate issuer", { settings: VAULT, cluster: { ...certManagerApi, "clusterissuers.cert-manager.io vault": issuerReady("False", "Failed to initialize Vault client") } }, "fail", /^kubectl describe clusterissuers\.cert-manager\.io vault$/],
    ["a ClusterIssuer that does not exist", "certificate issuer", { settings: VAULT, cluster: { ...certManagerApi, "clusterissuers.cert-manager.io vault": notFound } }, "fail", /^create ClusterIssuer\/vault first, or set TRACING_CERT_ISSUER to one that exists$/],
    ["an Issuer of the tracing namespace that is Ready", "certificate issuer", { settings: { ...VAULT, TRACING_CERT_ISSUER: "Issuer/vault" }, cluster: { ...certManagerApi, "issuers.cert-manager.io vault -n tracing": issuerReady("True", "") } }, "ok", undefined],
    ["a named issuer, no cert-manager", "certificate issuer", { settings: VAULT }, "warn", undefined],
    ["a default StorageClass", "storage class", {}, "ok", undefined],
    ["no default StorageClass", "storage class", { cluster: { storageclasses: list(named("standard"), named("fast")) } }, "fail", /^set TRACING_STORAGE_CLASS to one of: standard, fast$/],
    ["two default StorageClasses", "storage class", { cluster: { storageclasses: list(named("a", { "storageclass.kubernetes.io/is-default-class": "true" }), named("b", { "storageclass.kubernetes.io/is-default-class": "true" })) } }, "warn", /TRACING_STORAGE_CLASS/],
    ["the named StorageClass exists", "storage class", { settings: { TRACING_STORAGE_CLASS: "fast" } }, "ok", undefined],
    ["the named StorageClass does not exist", "storage class", { settings: { TRACING_STORAGE_CLASS: "gp3" } }, "fail", /^set TRACING_STORAGE_CLASS to one of: standard, fast$/],
    ["a default class that cannot expand volumes", "volume expansion", { cluster: { storageclasses: list(named("standard", { "storageclass.kubernetes.io/is-default-class": "true" })) } }, "warn", /^choose a class with allowVolumeExpansion: true before the first deploy \(TRACING_STORAGE_CLASS\), or ask the cluster's admins to enable it on standard$/],
    ["the default class can expand volumes", "volume expansion", {}, "ok", undefined],
    ["the named class can expand volumes", "volume expansion", { settings: { TRACING_STORAGE_CLASS: "fast" }, cluster: { storageclasses: list(named("standard", { "storageclass.kubernetes.io/is-default-class": "true" }), { ...named("fast"), allowVolumeExpansion: true }) } }, "ok", undefined],
    ["the default class can expand, the named one cannot", "volume expansion", { settings: { TRACING_STORAGE_CLASS: "fast" }, cluster: { storageclasses: list({ ...named("standard", { "storageclass.kubernetes.io/is-default-class": "true" }), allowVolumeExpansion: true }, named("fast")) } }, "warn", /enable it on fast$/],
    ["three schedulable nodes", "nodes", {}, "ok", undefined],
    ["one cordoned, one tainted", "nodes", { cluster: { nodes: list(readyNode("a"), readyNode("b", { unschedulable: true }), readyNode("c", { taints: [{ key: "dedicated", effect: "NoSchedule" }] })) } }, "fail", /lower ES_NODE_COUNT to 1$/],
    ["a local state backend", "state backend", {}, "warn", /^set PROD_TRACING_STATE_BACKEND to s3:\/\//],
    ["an s3 state backend", "state backend", { settings: { TRACING_STATE_BACKEND: "s3://bucket/tracing?region=eu-west-1" } }, "ok", undefined],
    ["the ECK chart repository answers", "registry helm.elastic.co", {}, "ok", undefined],
  ]))("%s: %s is %s", async (_, name, status, c, fix) => {
    const result = await check("prod", name, c);
    expect(result.status).toBe(status);
    if (fix) expect(result.fix).toMatch(fix);
    else expect(result.fix).toBeUndefined();
  });

  test("the Monitor tab's pod port: says which port the Service sends to and which one query may reach", async () => {
    expect(await check("prod", "prometheus pod port", { settings: CHART_URL, cluster: prometheusServer() })).toEqual({
      name: "prometheus pod port",
      status: "fail",
      detail: "Service monitoring/prometheus-server sends port 80 to the pods' port 9090, but query's NetworkPolicy allows 80: the Monitor tab stays blank",
      fix: "set TRACING_PROMETHEUS_POD_PORT=9090",
    });
  });

  describe("which Prometheus selects the ServiceMonitors, PrometheusRule and ECK PodMonitor", () => {
    // Selects namespaces that carry our part-of label: the tracing namespace (the stack labels it,
    // before it exists too), not the ECK operator's.
    const ourNamespaces = { matchExpressions: [{ key: "app.kubernetes.io/part-of", operator: "In", values: ["genesis-tracing"] }] };
    const byPartOf = prometheus("monitoring", "team", {
      serviceMonitorSelector: releaseSelector("kube-prometheus-stack"),
      serviceMonitorNamespaceSelector: ourNamespaces,
      podMonitorSelector: releaseSelector("kube-prometheus-stack"),
      podMonitorNamespaceSelector: ourNamespaces,
      ruleSelector: releaseSelector("kube-prometheus-stack"),
      ruleNamespaceSelector: ourNamespaces,
    });

    test("names the Prometheus that selects them", async () => {
      expect((await check("prod", "prometheus selection", { settings: OPERATOR })).detail).toBe(
        "monitoring/kube-prometheus-stack-prometheus selects the ServiceMonitors, the PrometheusRule and the ECK PodMonitor",
      );
    });

    test("names the first object each Prometheus misses, and why", async () => {
      const result = await check("prod", "prometheus selection", { settings: OPERATOR, cluster: prometheuses(kubePrometheusStack("monitoring"), byPartOf) });
      expect(result.detail).toBe(
        "no Prometheus would scrape the backend or load its alerts: " +
          'monitoring/monitoring-prometheus misses PrometheusRule tracing/genesis-tracing: its ruleSelector {"matchLabels":{"release":"monitoring"}} does not match the PrometheusRule\'s labels; ' +
          "monitoring/team misses PodMonitor elastic-system/elastic-operator: its podMonitorNamespaceSelector does not match namespace elastic-system",
      );
    });

    test("matches namespace selectors against the namespaces' labels, the tracing namespace's as the stack sets them", async () => {
      const existing = { settings: { ...OPERATOR, TRACING_ECK_OPERATOR: "existing" }, cluster: prometheuses(byPartOf) };
      expect((await check("prod", "prometheus selection", existing)).detail).toBe("monitoring/team selects the ServiceMonitors, the PrometheusRule");
      // A tracing namespace that exists without the label (made by hand): not selected.
      const unlabelled = { ...existing.settings };
      const result = await check("prod", "prometheus selection", { settings: unlabelled, cluster: { ...existing.cluster, namespaces: list(named("genesis"), named("monitoring"), { metadata: { name: "tracing", labels: { team: "x" } } }) } });
      expect(result.detail).toMatch(/monitoring\/team misses PrometheusRule tracing\/genesis-tracing: its ruleNamespaceSelector does not match namespace tracing$/);
      expect(result.fix).toBe("label namespace tracing as monitoring/team's ruleNamespaceSelector asks, or set that selector to {}: kubectl -n monitoring edit prometheus team");
      // By name: every namespace carries kubernetes.io/metadata.name.
      const ourNamespacesByName = { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["tracing", "elastic-system"] }] };
      const byName = prometheus("monitoring", "named", { serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: ourNamespacesByName, podMonitorSelector: {}, podMonitorNamespaceSelector: ourNamespacesByName, ruleSelector: {}, ruleNamespaceSelector: ourNamespacesByName });
      expect((await check("prod", "prometheus selection", { settings: OPERATOR, cluster: prometheuses(byName) })).status).toBe("ok");
    });
  });

  test("the kubeconfig check names the cluster that will be changed", async () => {
    expect((await check("prod", "kubeconfig", { settings: { TRACING_KUBE_CONTEXT: "prod-eu" } })).detail).toBe(
      `context "prod-eu" in ${HOME}/.kube/config: cdktf deploy prod changes cluster "prod-eu" at https://prod-eu.example:6443`,
    );
  });

  test("the cert-manager check says which TRACING_CERTIFICATES mode is set", async () => {
    expect((await check("prod", "cert-manager")).detail).toMatch(/TRACING_CERTIFICATES=terraform/);
    expect((await check("prod", "cert-manager", { settings: CERT_MANAGER })).detail).toBe(
      "TRACING_CERTIFICATES=cert-manager, but the cluster serves no cert-manager.io/v1 API: nothing would issue the server certificates",
    );
    expect((await check("prod", "certificate issuer", { settings: VAULT, cluster: { ...certManagerApi, "clusterissuers.cert-manager.io vault": issuerReady("False", "Failed to initialize Vault client") } })).detail).toBe(
      "ClusterIssuer/vault is not Ready: Failed to initialize Vault client: no Certificate would be issued",
    );
  });

  test("kubectl is given the kubeconfig file and the resolved context", async () => {
    const targets: unknown[] = [];
    await runChecks("prod", context("prod", { probes: { kubectlGet: async (target, args) => (targets.push(target), CLUSTER[args.join(" ")]) } }));
    expect(new Set(targets.map((t) => JSON.stringify(t)))).toEqual(new Set([JSON.stringify({ kubeconfig: `${HOME}/.kube/config`, context: "dev" })]));
  });
});

describe("the port probe", () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())));

  test("reports a port with a listener on 127.0.0.1 busy, and free once it is closed", async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    expect(await portState(port)).toEqual({ free: false, reason: "another process listens there" });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await portState(port)).toEqual({ free: true });
  });

  test("docker ps Ports are read as host port to container", () => {
    expect(publishedPorts("genesis-tracing-query\t127.0.0.1:16686->16686/tcp\nweb\t0.0.0.0:8080->80/tcp, :::8080->80/tcp\nidle\t\n")).toEqual(
      new Map([
        [16686, "genesis-tracing-query"],
        [8080, "web"],
      ]),
    );
  });
});

describe("the report", () => {
  const results: CheckResult[] = [
    { name: "docker", status: "ok", detail: "engine 27.3.1 answers" },
    { name: "terraform", status: "warn", detail: "Terraform 1.4.6 is older than 1.5", fix: "install Terraform >= 1.5" },
    { name: "docker endpoint", status: "fail", detail: "context colima", fix: `export DOCKER_HOST=${COLIMA}` },
  ];

  test("one line per check, the fix indented under it, a summary last", () => {
    expect(formatResults("local", results)).toBe(
      [
        "ok   docker: engine 27.3.1 answers",
        "warn terraform: Terraform 1.4.6 is older than 1.5",
        "     fix: install Terraform >= 1.5",
        "fail docker endpoint: context colima",
        `     fix: export DOCKER_HOST=${COLIMA}`,
        "doctor local: 1 ok, 1 warn, 1 fail: fix the failures before cdktf deploy local",
      ].join("\n"),
    );
  });

  test("exit code 1 with a failure, 0 with warnings only", () => {
    expect(exitCodeOf(results)).toBe(1);
    expect(exitCodeOf(results.slice(0, 2))).toBe(0);
  });

  test("a healthy laptop and cluster pass", async () => {
    expect(exitCodeOf(await runChecks("local", context("local")))).toBe(0);
    expect((await runChecks("prod", context("prod", { settings: { TRACING_KUBE_CONTEXT: "dev", TRACING_STATE_BACKEND: "gcs://bucket/tracing" } }))).map((r) => r.status)).not.toContain("warn");
  });
});

test("a bad flag ends npm run doctor with the usage, exit code 2 and no stack trace", () => {
  const root = join(__dirname, "../..");
  const run = spawnSync(process.execPath, ["--require", require.resolve("tsx/cjs"), join(root, "tools/doctor.ts"), "--fix"], {
    cwd: root,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  expect(run.stdout + run.stderr).toBe(`unknown option "--fix"\nusage: npm run doctor [local|prod]   (default local; settings from .env in the working directory and the environment)\n`);
  expect(run.status).toBe(2);
});

test("the registries doctor checks include where terraform init downloads provider binaries", () => {
  const urls = (stack: StackName) => registriesOf(stack, resolveSettings(stack)).map((r) => r.url);
  expect(urls("local")).toEqual(expect.arrayContaining(["https://registry.terraform.io/", "https://releases.hashicorp.com/", "https://github.com/"]));
  expect(urls("prod")).toEqual(expect.arrayContaining(["https://releases.hashicorp.com/", "https://helm.elastic.co/index.yaml"]));
});

describe("version comparison", () => {
  test.each([
    ["1.11.2", [1, 11, 2]],
    ["v1.11.2", [1, 11, 2]],
    ["8.17.0-SNAPSHOT", [8, 17, 0]],
    ["9.5", [9, 5]],
    ["8.x", [8]],
    ["latest", []],
  ])("%s reads as %j", (version, numbers) => {
    expect(versionNumbers(version)).toEqual(numbers);
  });

  test.each([
    ["1.4.6", "1.5", true],
    ["1.10.0", "1.5", false], // numbers, not text
    ["1.5.0", "1.5", false],
    ["8.19.0", "9.5.0", true],
    ["9.5.0", "9.4.2", false],
    ["9.5", "9.5.1", false], // as far as both are known
    ["latest", "9.5.0", false], // unreadable: not guessed to be older
  ])("%s before %s: %s", (version, other, before) => {
    expect(isBefore(versionNumbers(version), versionNumbers(other))).toBe(before);
  });
});
