/**
 * The checks of `npm run doctor [local|prod]`: what a deploy needs from this machine and the
 * cluster, each reported as ok / warn / fail with the one-line fix. Every check reads the
 * world through `Probes` only (tools/doctor-probes.ts runs the real commands), so the tests
 * give fake answers and need no Docker, cluster or network.
 */
import { posix } from "node:path";
import { parse as parseYaml } from "yaml";
import { LOCAL_NAME_PREFIX, LOCAL_SERVICE_CONTAINERS, localMemoryLimitsMiB, localPublishedPorts } from "../tracing/topology/local-resources";
import { IN_CLUSTER } from "../tracing/parsers/kubeconfig";
import { imageReference } from "../tracing/parsers/image-reference";
import { stackFolder } from "../tracing/core/paths";
import { SETTINGS, type ContainerImage, type EnvironmentVariables, type StackName, type TracingSettings } from "../tracing/settings";
import { requiredTerraform } from "../tracing/deploy/terraform-version";
import { caIssuerName, issuerSlots } from "../tracing/topology/certificates";
import { issuerReference } from "../tracing/parsers/certificate-issuer";
import { eckCrdsReleaseName, prodTopology } from "../tracing/topology/topology";
import { prometheusService } from "../tracing/topology/prometheus-endpoint";
import { urlPort } from "../tracing/parsers/url";
import { prometheusSelection, type PrometheusObject } from "./prometheus-selection";

export type Status = "ok" | "warn" | "fail";

export interface CheckResult {
  readonly name: string;
  readonly status: Status;
  readonly detail: string;
  /** One line: the command to run or the variable to set. */
  readonly fix?: string;
}

/**
 * What a probe found, or why it found nothing: `missing` the program is not on PATH,
 * `not-found` the file or object does not exist, `failed` anything else (the message says what).
 */
export type Probed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly kind: "missing" | "not-found" | "failed"; readonly error: string };

export interface DockerEngine {
  /** `MemTotal` of `docker info`: what the engine (Docker Desktop's VM) can give containers. */
  readonly memTotalBytes: number;
  readonly serverVersion: string;
  readonly operatingSystem: string;
}

export interface DockerContext {
  readonly name: string;
  /** The context's Docker endpoint, e.g. `unix:///Users/me/.colima/default/docker.sock`. */
  readonly endpoint: string;
}

/** The kubeconfig file (absolute, or `in-cluster`) and the context name kubectl is given. */
export interface KubeTarget {
  readonly kubeconfig: string;
  /** Empty with `in-cluster`. */
  readonly context: string;
}

export type PortState = { readonly free: true } | { readonly free: false; readonly reason: string };

export type Reachability = { readonly reachable: true; readonly status: number } | { readonly reachable: false; readonly reason: string };

/** Everything the checks ask the world. */
export interface Probes {
  /** `docker info`: whether the engine answers, and its memory. */
  dockerInfo(): Promise<Probed<DockerEngine>>;
  /** `docker context inspect`: the context the docker CLI uses and its endpoint. */
  dockerContext(): Promise<Probed<DockerContext>>;
  /** The image (`repository:tag`) of an existing container. */
  containerImage(name: string): Promise<Probed<string>>;
  /** Whether the engine at `endpoint` is the one the docker CLI's current context reaches. */
  sameEngineAt(endpoint: string): Promise<boolean>;
  /** `docker ps -a`: the state (`running`, `exited`, …) of every container named `genesis-tracing-…`. */
  stackContainers(): Promise<Probed<ReadonlyMap<string, string>>>;
  /** `docker ps`: the host ports running containers publish, and which container does. */
  dockerPublishedPorts(): Promise<Probed<ReadonlyMap<number, string>>>;
  /** Whether a listener can be opened on 127.0.0.1:`port` (it is closed again at once). */
  portState(port: number): Promise<PortState>;
  /** `terraform version -json`: the version, e.g. `1.11.2`. */
  terraformVersion(): Promise<Probed<string>>;
  /** An HTTPS HEAD request with a short timeout; any HTTP answer means reachable. */
  head(url: string): Promise<Reachability>;
  /** A file's text. */
  readFile(path: string): Promise<Probed<string>>;
  /** `kubectl get <args> -o json` against `target`, parsed; `get --raw <path>` (API discovery) when args start with `--raw`. */
  kubectlGet(target: KubeTarget, args: readonly string[]): Promise<Probed<unknown>>;
}

export interface DoctorContext {
  readonly settings: TracingSettings;
  /** The process environment: `DOCKER_HOST` and the proxies are the Docker provider's and Terraform's, not settings. */
  readonly environment: EnvironmentVariables;
  readonly homeDirectory: string;
  /** The project root: a relative kubeconfig is written from `cdktf.out/stacks/<stack>`. */
  readonly projectRoot: string;
  readonly probes: Probes;
  /** `process.platform`. */
  readonly platform: NodeJS.Platform;
}

/** Where the Docker provider looks with `DOCKER_HOST` and `DOCKER_CONTEXT` unset: it does not read the context `docker context use` chose. */
export const PROVIDER_DOCKER_ENDPOINT = "unix:///var/run/docker.sock";
/** Memory the engine itself and the VM's kernel need besides the containers' limits. */
export const DOCKER_HEADROOM_MIB = 512;
export const TERRAFORM_REGISTRY = "https://registry.terraform.io/";
/** Where `terraform init` downloads provider binaries from. */
const PROVIDER_DOWNLOADS = { hashicorp: "https://releases.hashicorp.com/", github: "https://github.com/" } as const;
/** Docker Hub's registry API (an image without a registry host comes from there). */
export const DOCKER_HUB_REGISTRY = "https://registry-1.docker.io/v2/";

const ok = (name: string, detail: string): CheckResult => ({ name, status: "ok", detail });
const warn = (name: string, detail: string, fix?: string): CheckResult => ({ name, status: "warn", detail, fix });
const fail = (name: string, detail: string, fix?: string): CheckResult => ({ name, status: "fail", detail, fix });

/** `value` as a shell word: quoted only when it must be. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./~-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

const gib = (mib: number) => `${(mib / 1024).toFixed(1)} GiB`;

/** The leading numbers of a version (`1.11.2`, `v1.11.2`, `8.17.0-SNAPSHOT`), at most three; none when it starts with none. */
export function versionNumbers(version: string): number[] {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  return match ? match.slice(1).filter((part) => part !== undefined).map(Number) : [];
}

/** Whether `version` comes before `other`, compared as far as both are known (8.17 is not before 8.17.1). */
export function isBefore(version: readonly number[], other: readonly number[]): boolean {
  const k = version.findIndex((part, i) => i < other.length && part !== other[i]);
  return k >= 0 && version[k] < other[k];
}

// ---------------------------------------------------------------------------------- local

export async function checkDockerEngine({ probes }: DoctorContext): Promise<CheckResult> {
  const name = "docker";
  const info = await probes.dockerInfo();
  if (info.ok) return ok(name, `engine ${info.value.serverVersion} answers (${info.value.operatingSystem})`);
  if (info.kind === "missing") {
    return fail(name, "docker not found on PATH: the local stack runs on a Docker engine", "install Docker Desktop, Colima, Rancher Desktop or Docker Engine, then run npm run doctor again");
  }
  return fail(name, `the engine does not answer: ${info.error}`, "start Docker (Docker Desktop, colima start, or sudo systemctl start docker)");
}

/** The Docker provider reads `DOCKER_HOST` or `DOCKER_CONTEXT`, not the context the docker CLI uses: the engine must be named in one of them. */
export async function checkDockerEndpoint({ probes, environment }: DoctorContext): Promise<CheckResult> {
  const name = "docker endpoint";
  const host = environment.DOCKER_HOST;
  if (host) return ok(name, `DOCKER_HOST=${host}, which the Docker provider uses`);
  // Provider 3.x reads DOCKER_CONTEXT, but not the context `docker context use` selected.
  if (environment.DOCKER_CONTEXT) return ok(name, `DOCKER_CONTEXT=${environment.DOCKER_CONTEXT}, which the Docker provider uses`);
  const context = await probes.dockerContext();
  if (!context.ok) {
    const why = context.kind === "missing" ? "docker not found" : `docker context inspect failed (${context.error})`;
    return warn(name, `${why}: cannot tell whether the Docker provider's ${PROVIDER_DOCKER_ENDPOINT} is your engine`, "if your engine listens elsewhere, export DOCKER_HOST=<its endpoint>");
  }
  const { name: contextName, endpoint } = context.value;
  if (endpoint === PROVIDER_DOCKER_ENDPOINT) return ok(name, `context "${contextName}" uses ${PROVIDER_DOCKER_ENDPOINT}, where the Docker provider looks`);
  // Docker Desktop's own context often points elsewhere while its default socket still serves
  // the same engine: then the provider finds it.
  const sameEngine = await probes.sameEngineAt(PROVIDER_DOCKER_ENDPOINT);
  if (sameEngine) return ok(name, `context "${contextName}" is at ${endpoint}, and ${PROVIDER_DOCKER_ENDPOINT}, where the Docker provider looks, serves the same engine`);
  return fail(
    name,
    `the docker CLI uses context "${contextName}" at ${endpoint}, chosen with docker context use, which the Docker provider does not read; with DOCKER_HOST and DOCKER_CONTEXT unset it would use ${PROVIDER_DOCKER_ENDPOINT}`,
    `export DOCKER_CONTEXT=${shellWord(contextName)}   (or export DOCKER_HOST=${shellWord(endpoint)})`,
  );
}

/**
 * Elasticsearch cannot read indices a newer version wrote: lowering ELASTICSEARCH_VERSION below
 * the running node's would leave a node that never turns healthy. The running container says
 * which version wrote the volume.
 */
export async function checkElasticsearchVersion({ probes, settings }: DoctorContext): Promise<CheckResult> {
  const name = "elasticsearch version";
  const wanted = settings.images.elasticsearch.tag;
  const image = await probes.containerImage(`${LOCAL_NAME_PREFIX}-elasticsearch`);
  if (!image.ok) return ok(name, image.kind === "not-found" ? `${wanted}; no local Elasticsearch yet` : `${wanted}; the running node's version is unknown (${image.error})`);
  const running = image.value.slice(image.value.lastIndexOf(":") + 1);
  // An unreadable version compares as not lower: doctor does not guess.
  const lower = isBefore(versionNumbers(wanted), versionNumbers(running));
  return lower
    ? fail(name, `ELASTICSEARCH_VERSION ${wanted} is older than ${running}, which wrote the data volume: Elasticsearch cannot read it back`, `keep ELASTICSEARCH_VERSION at ${running} or later (going back means npx cdktf destroy local, which deletes the stored traces)`)
    : ok(name, running === wanted ? `${wanted}, as running` : `${running} running, ${wanted} to deploy`);
}

/**
 * The Docker provider 3.6.2 reads a stopped `must_run` container as failed and removes it during
 * the refresh that `cdktf diff local` and `cdktf deploy local` start with, before anything is
 * confirmed; the plan then creates it again (kreuzwerker/docker v3.6.2
 * internal/provider/resource_docker_container_funcs.go: `resourceDockerContainerRead` calls
 * `resourceDockerContainerDelete`; fixed in 4.0.0 by #841). The data volume stays, and a new
 * Elasticsearch container runs the bootstrap again.
 */
export async function checkStoppedContainers({ probes }: DoctorContext): Promise<CheckResult> {
  const name = "stopped containers";
  const states = await probes.stackContainers();
  if (!states.ok) return warn(name, `cannot check: ${states.error}`);
  const stopped = LOCAL_SERVICE_CONTAINERS.filter((container) => states.value.has(container) && states.value.get(container) !== "running");
  if (stopped.length === 0) return ok(name, "none: every local service container that exists is running");
  return warn(
    name,
    `${stopped.map((c) => `${c} (${states.value.get(c)})`).join(", ")}: cdktf diff local or deploy local removes a stopped service container while it refreshes (Docker provider 3.6.2), before you confirm anything, and plans to create it again; the data volume stays`,
    `docker start ${stopped.join(" ")}   (then cdktf diff local shows no change)`,
  );
}

export async function checkDockerMemory({ probes, settings }: DoctorContext): Promise<CheckResult> {
  const name = "docker memory";
  const limits = localMemoryLimitsMiB(settings);
  const neededMiB = Object.values(limits).reduce((a, b) => a + b, 0);
  const wantedMiB = neededMiB + DOCKER_HEADROOM_MIB;
  const parts = `Elasticsearch ${limits.elasticsearch} MiB (ES_MEMORY_LIMIT_MIB) + collector ${limits.collector} MiB (TRACING_COLLECTOR_MEMORY_LIMIT_MIB) + query ${limits.query} MiB + Prometheus ${limits.prometheus} MiB + bootstrap ${limits.bootstrap} MiB`;
  const info = await probes.dockerInfo();
  if (!info.ok) return warn(name, "cannot check: the Docker engine does not answer (see the docker check)");
  const totalMiB = Math.floor(info.value.memTotalBytes / 2 ** 20);
  const fix = `give Docker at least ${Math.ceil(wantedMiB / 1024)} GiB (Docker Desktop: Settings > Resources; Colima: colima start --memory N)`;
  const detail = `Docker has ${gib(totalMiB)}; the containers may use ${gib(neededMiB)} (${parts}) plus ${DOCKER_HEADROOM_MIB} MiB for the engine`;
  if (totalMiB < neededMiB) return fail(name, `${detail}: Elasticsearch would be killed for lack of memory`, fix);
  if (totalMiB < wantedMiB) return warn(name, `${detail}: no headroom left`, fix);
  return ok(name, detail);
}

/** The variable that moves a host port (`TRACING_HOST_PORT_…`). */
function hostPortVariable(port: number, settings: TracingSettings): string {
  const field = Object.entries(settings.hostPorts).find(([, value]) => value === port)?.[0];
  return SETTINGS.find((spec) => spec.field === `hostPorts.${field}`)?.variable ?? "the TRACING_HOST_PORT_* setting";
}

/** One result per published port; a port our own containers already publish is fine. */
export async function checkPorts({ probes, settings }: DoctorContext): Promise<CheckResult[]> {
  const ports = Object.entries(localPublishedPorts(settings)).flatMap(([component, list]) => list.map(({ external: port }) => ({ component, port })));
  const states = await Promise.all(ports.map(({ port }) => probes.portState(port)));
  const publishers = states.some((s) => !s.free) ? await probes.dockerPublishedPorts() : undefined;
  return ports.map(({ component, port }, i) => {
    const name = `port ${port}`;
    const state = states[i];
    if (state.free) return ok(name, `free on 127.0.0.1 (${component})`);
    const container = publishers?.ok ? publishers.value.get(port) : undefined;
    if (container?.startsWith(`${LOCAL_NAME_PREFIX}-`)) return ok(name, `published by ${container}: this stack is already deployed`);
    if (container) return fail(name, `taken by the container ${container}: the ${component} cannot publish it`, `docker stop ${shellWord(container)}, or set ${hostPortVariable(port, settings)} to a free port`);
    return fail(name, `in use on 127.0.0.1 (${state.reason}): the ${component} cannot publish it`, `stop what listens there (lsof -nP -iTCP:${port} -sTCP:LISTEN shows it), or set ${hostPortVariable(port, settings)} to a free port`);
  });
}

export async function checkTerraform({ probes, settings }: DoctorContext): Promise<CheckResult> {
  const name = "terraform";
  const required = requiredTerraform(settings.stack, settings.stateBackend);
  const fix = `install Terraform >= ${required.version} (https://developer.hashicorp.com/terraform/install)`;
  const version = await probes.terraformVersion();
  if (!version.ok) {
    return fail(name, version.kind === "missing" ? `terraform not found on PATH: cdktf deploy needs Terraform >= ${required.version}` : `terraform version failed: ${version.error}`, fix);
  }
  const numbers = versionNumbers(version.value);
  if (numbers.length < 2) return warn(name, `cannot read the version ${JSON.stringify(version.value)}`, fix);
  // The stack's required_version makes an older Terraform stop at init.
  if (isBefore(numbers, versionNumbers(required.version))) {
    return fail(name, `Terraform ${version.value} is older than ${required.version}, which the ${settings.stack} stack needs for ${required.because}`, fix);
  }
  return ok(name, `Terraform ${version.value}`);
}

/** The registry API an image is pulled from (`host/…` when the first part names a host). */
export function imageRegistry(image: ContainerImage): string {
  const first = image.repository.split("/")[0];
  const hasHost = image.repository.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return hasHost ? `https://${first}/v2/` : DOCKER_HUB_REGISTRY;
}

/** What a deploy of `stack` downloads, and from where. */
export function registriesOf(stack: StackName, settings: TracingSettings): { readonly url: string; readonly what: string }[] {
  // The registry names the providers; their binaries come from HashiCorp's releases host
  // (hashicorp/*) and GitHub's release downloads (kreuzwerker/docker).
  const registries = new Map<string, string[]>([
    [TERRAFORM_REGISTRY, ["the Terraform providers' index"]],
    [PROVIDER_DOWNLOADS.hashicorp, ["the hashicorp/* provider binaries"]],
  ]);
  const add = (url: string, what: string) => registries.set(url, [...(registries.get(url) ?? []), what]);
  if (stack === "local") {
    add(PROVIDER_DOWNLOADS.github, "the kreuzwerker/docker provider binary");
    const { jaeger, esRollover, elasticsearch } = settings.images;
    for (const image of [jaeger, esRollover, elasticsearch]) add(imageRegistry(image), imageReference(image));
  } else {
    add(`${settings.kubernetes.helmRepository.replace(/\/$/, "")}/index.yaml`, "the ECK charts");
  }
  return [...registries].map(([url, what]) => ({ url, what: what.join(", ") }));
}

export async function checkRegistries(stack: StackName, { probes, settings, environment }: DoctorContext): Promise<CheckResult[]> {
  const registries = registriesOf(stack, settings);
  const answers = await Promise.all(registries.map(({ url }) => probes.head(url)));
  const proxy = environment.HTTPS_PROXY ?? environment.https_proxy;
  return registries.map(({ url, what }, i) => {
    const name = `registry ${new URL(url).host}`;
    const answer = answers[i];
    if (answer.reachable) return ok(name, `reachable (HTTP ${answer.status}); the deploy downloads ${what} from there`);
    const detail = `cannot reach ${url} (${answer.reason}): the deploy downloads ${what} from there`;
    // Terraform and Docker go through the proxy; doctor's own request does not.
    if (proxy) return warn(name, `${detail}; HTTPS_PROXY is set and doctor does not use it`, `check that ${url} answers through the proxy: curl -I ${url}`);
    return fail(name, detail, "check the network, VPN or firewall (behind a proxy, set HTTPS_PROXY for Terraform and Docker)");
  });
}

/** The one-shot steps' failure check runs in /bin/sh on the machine running Terraform. */
export function checkShell({ platform }: DoctorContext): CheckResult {
  const name = "shell";
  return platform === "win32"
    ? fail(name, "Windows: Terraform would run the local stack's task checks in cmd, which they are not written for", "run npm run doctor and cdktf deploy local from WSL")
    : ok(name, "/bin/sh runs the local stack's task checks");
}

export async function localChecks(context: DoctorContext): Promise<CheckResult[]> {
  const results = await Promise.all([
    checkShell(context),
    checkElasticsearchVersion(context),
    checkDockerEngine(context),
    checkDockerEndpoint(context),
    checkDockerMemory(context),
    checkStoppedContainers(context),
    checkPorts(context),
    checkTerraform(context),
    checkRegistries("local", context),
  ]);
  return results.flat();
}

// ----------------------------------------------------------------------------------- prod

/** The kubeconfig file as the providers read it: `~/` is the home, relative is from the stack's folder. */
export function kubeconfigFile(kubeconfig: string, homeDirectory: string, projectRoot: string): string {
  if (kubeconfig === IN_CLUSTER) return IN_CLUSTER;
  if (kubeconfig.startsWith("~/")) return posix.join(homeDirectory, kubeconfig.slice(2));
  // The schema writes a relative path from the stack's folder (PROJECT_ROOT_FROM_STACK).
  return posix.resolve(projectRoot, stackFolder("prod"), kubeconfig);
}

/** The resolved cluster, or the check that says why there is none. */
export type KubeconfigResolution =
  | { readonly ok: true; readonly target: KubeTarget; readonly server: string; readonly currentContext: string; readonly results: CheckResult[] }
  | { readonly ok: false; readonly results: CheckResult[] };

interface KubeconfigDocument {
  readonly "current-context"?: string;
  readonly contexts?: readonly { readonly name?: string; readonly context?: { readonly cluster?: string } }[];
  readonly clusters?: readonly { readonly name?: string; readonly cluster?: { readonly server?: string } }[];
}

/** Reads the kubeconfig, resolves the context and names the cluster the deploy will change. */
export async function resolveKubeconfig({ settings, environment, homeDirectory, projectRoot, probes }: DoctorContext): Promise<KubeconfigResolution> {
  const name = "kubeconfig";
  const pinName = "kube context";
  const { kubeconfig, context: pinned } = settings.kubernetes;
  if (kubeconfig === IN_CLUSTER) {
    const host = environment.KUBERNETES_SERVICE_HOST;
    if (!host) {
      return { ok: false, results: [fail(name, "TRACING_KUBECONFIG=in-cluster, but this is not a pod (KUBERNETES_SERVICE_HOST is unset)", "run doctor where the deploy runs, or set TRACING_KUBECONFIG to a kubeconfig file")] };
    }
    const server = `https://${host}:${environment.KUBERNETES_SERVICE_PORT ?? "443"}`;
    return {
      ok: true,
      target: { kubeconfig: IN_CLUSTER, context: "" },
      server,
      currentContext: "",
      results: [ok(name, `in-cluster: the deploy changes the cluster at ${server}`), ok(pinName, "in-cluster: the pod's own cluster")],
    };
  }
  const file = kubeconfigFile(kubeconfig, homeDirectory, projectRoot);
  const otherFile = `set TRACING_KUBECONFIG to your kubeconfig file (now ${kubeconfig})`;
  const text = await probes.readFile(file);
  if (!text.ok) {
    const why = text.kind === "not-found" ? `${file} does not exist` : `cannot read ${file}: ${text.error}`;
    return { ok: false, results: [fail(name, why, otherFile)] };
  }
  let document: KubeconfigDocument;
  try {
    document = (parseYaml(text.value) ?? {}) as KubeconfigDocument;
  } catch (error) {
    return { ok: false, results: [fail(name, `${file} is not YAML: ${(error as Error).message.split("\n")[0]}`, otherFile)] };
  }
  if (typeof document !== "object" || !Array.isArray(document.contexts ?? []) || !Array.isArray(document.clusters ?? [])) {
    return { ok: false, results: [fail(name, `${file} is no kubeconfig: contexts and clusters must be lists`, otherFile)] };
  }
  const contexts = (document.contexts ?? []).filter((c) => typeof c?.name === "string");
  const names = contexts.map((c) => c.name as string);
  const listed = names.length > 0 ? `one of: ${names.join(", ")}` : "a context (the file has none)";
  const currentContext = document["current-context"] ?? "";
  const contextName = pinned || currentContext;
  if (!contextName) return { ok: false, results: [fail(name, `${file} has no current context and TRACING_KUBE_CONTEXT is empty`, `set TRACING_KUBE_CONTEXT to ${listed}`)] };
  const context = contexts.find((c) => c.name === contextName);
  if (!context) {
    const source = pinned ? "TRACING_KUBE_CONTEXT" : "the current context";
    return { ok: false, results: [fail(name, `context "${contextName}" (${source}) is not in ${file}`, `set TRACING_KUBE_CONTEXT to ${listed}`)] };
  }
  const clusterName = context.context?.cluster;
  const server = (document.clusters ?? []).find((c) => c?.name === clusterName)?.cluster?.server;
  if (!server) return { ok: false, results: [fail(name, `context "${contextName}" names cluster "${clusterName ?? ""}", which ${file} does not define with a server`, `fix the context in ${file}, or set TRACING_KUBE_CONTEXT to ${listed}`)] };
  const pin = pinned
    ? ok(pinName, `TRACING_KUBE_CONTEXT=${pinned}`)
    : warn(pinName, `TRACING_KUBE_CONTEXT is empty: the deploy goes to whatever context is current (now "${currentContext}")`, `set TRACING_KUBE_CONTEXT=${shellWord(currentContext)} in .env`);
  return {
    ok: true,
    target: { kubeconfig: file, context: contextName },
    server,
    currentContext,
    results: [ok(name, `context "${contextName}" in ${file}: cdktf deploy prod changes cluster "${clusterName}" at ${server}`), pin],
  };
}

interface KubeObject {
  readonly metadata?: { readonly name?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
}
interface KubeList<T extends KubeObject = KubeObject> {
  readonly items?: readonly T[];
}
interface KubeNode extends KubeObject {
  readonly spec?: { readonly unschedulable?: boolean; readonly taints?: readonly { readonly key?: string; readonly effect?: string }[] };
  readonly status?: { readonly conditions?: readonly { readonly type?: string; readonly status?: string }[] };
}

const objectName = (o: KubeObject) => o.metadata?.name ?? "";
const kubectlMissing = (name: string, what: string) => warn(name, `kubectl not found: cannot check ${what}`, "install kubectl to let doctor check the cluster");
const kubectlFailed = (name: string, what: string, error: string) => fail(name, `cannot check ${what}: ${error}`);

export function checkNamespaces(settings: TracingSettings, namespaces: Probed<unknown>): CheckResult[] {
  const { clientNamespaces, monitoringNamespace } = settings.kubernetes;
  const what = "client namespaces";
  if (!namespaces.ok) {
    if (namespaces.kind === "missing") return [kubectlMissing(what, "the client namespaces"), kubectlMissing("monitoring namespace", "the monitoring namespace")];
    return [kubectlFailed(what, "the namespaces", namespaces.error)];
  }
  const existing = new Set(((namespaces.value as KubeList).items ?? []).map(objectName));
  const missing = clientNamespaces.filter((n) => !existing.has(n));
  return [
    missing.length === 0
      ? ok(what, `${clientNamespaces.join(", ")} exist (they get the SDK ConfigMaps)`)
      : fail(what, `${missing.join(", ")} missing: the SDK ConfigMaps cannot be created there`, `kubectl create namespace ${missing[0]}, or set TRACING_CLIENT_NAMESPACES to namespaces that exist`),
    existing.has(monitoringNamespace)
      ? ok("monitoring namespace", `${monitoringNamespace} exists`)
      : fail("monitoring namespace", `${monitoringNamespace} missing: the dashboard and rules cannot be created there`, "set TRACING_MONITORING_NAMESPACE to the namespace Prometheus runs in"),
  ];
}

export const PROMETHEUS_OPERATOR_CRDS = ["servicemonitors.monitoring.coreos.com", "prometheusrules.monitoring.coreos.com"] as const;

export function checkPrometheusOperator(settings: TracingSettings, crds: readonly Probed<unknown>[]): CheckResult {
  const name = "prometheus operator";
  if (!settings.kubernetes.prometheusOperator) return ok(name, "not used (TRACING_PROMETHEUS_OPERATOR=false): the scrape job of examples/<scenario>/prometheus-scrape.yaml and a rules ConfigMap");
  const missing: string[] = [];
  for (const [i, crd] of crds.entries()) {
    if (crd.ok) continue;
    if (crd.kind === "missing") return kubectlMissing(name, "the Prometheus Operator CRDs");
    if (crd.kind !== "not-found") return kubectlFailed(name, "the Prometheus Operator CRDs", crd.error);
    missing.push(PROMETHEUS_OPERATOR_CRDS[i]);
  }
  if (missing.length > 0) {
    return fail(name, `TRACING_PROMETHEUS_OPERATOR=true, but the CRD ${missing.join(", ")} is not installed`, "install the Prometheus Operator (kube-prometheus-stack), or set TRACING_PROMETHEUS_OPERATOR=false");
  }
  return ok(name, `${PROMETHEUS_OPERATOR_CRDS.join(", ")} installed`);
}

/** `kubectl get` arguments of every Prometheus the Operator runs. */
export const PROMETHEUSES = ["prometheuses.monitoring.coreos.com", "--all-namespaces"] as const;

/**
 * With the Prometheus Operator: whether one of the cluster's Prometheus objects selects the
 * ServiceMonitors, the PrometheusRule and the ECK PodMonitor, by their labels and namespaces
 * (tools/prometheus-selection.ts). Without one, nothing is scraped and no alert exists, silently.
 * `prometheuses` is undefined when the CRDs are missing (the prometheus operator check fails then).
 */
export function checkPrometheusSelection(settings: TracingSettings, prometheuses: Probed<unknown> | undefined, namespaces: Probed<unknown>): CheckResult {
  const name = "prometheus selection";
  if (!settings.kubernetes.prometheusOperator) return ok(name, "not used (TRACING_PROMETHEUS_OPERATOR=false)");
  if (!prometheuses) return warn(name, "not checked: the Prometheus Operator's CRDs are missing (see the prometheus operator check)");
  if (!prometheuses.ok) {
    if (prometheuses.kind === "missing") return kubectlMissing(name, "which Prometheus selects the ServiceMonitors");
    return kubectlFailed(name, "the Prometheus objects", prometheuses.error);
  }
  const items = (namespaces.ok ? ((namespaces.value as KubeList).items ?? []) : []) as { metadata?: { name?: string; labels?: Record<string, string> } }[];
  const labels = new Map(items.map((n) => [n.metadata?.name ?? "", n.metadata?.labels ?? {}]));
  const verdict = prometheusSelection(settings, ((prometheuses.value as KubeList).items ?? []) as PrometheusObject[], labels);
  if (verdict.selectedBy) return ok(name, `${verdict.selectedBy} selects the ServiceMonitors, the PrometheusRule${settings.kubernetes.eckOperator === "install" ? " and the ECK PodMonitor" : ""}`);
  const found = verdict.misses.length === 0 ? "no Prometheus object in the cluster" : verdict.misses.join("; ");
  return fail(name, `no Prometheus would scrape the backend or load its alerts: ${found}`, verdict.fix);
}

/** `kubectl get` arguments of the Service TRACING_PROMETHEUS_URL names, when it names one. */
export function prometheusServiceArguments(settings: TracingSettings): string[] | undefined {
  const url = settings.kubernetes.prometheus.url;
  const service = url === "" ? undefined : prometheusService(url);
  return service && ["service", service.name, "-n", service.namespace];
}

interface KubeService extends KubeObject {
  readonly spec?: { readonly ports?: readonly { readonly port?: number; readonly targetPort?: number | string }[] };
}

/**
 * The Monitor tab: whether the port query's NetworkPolicy allows (TRACING_PROMETHEUS_POD_PORT)
 * is the one the Prometheus Service sends the URL's port to. A policy sees the pod's port after
 * the Service's translation; a mismatch drops every request and leaves the tab blank, silently.
 * `found` is the Service (`prometheusServiceArguments`), undefined when the URL names none.
 */
export function checkPrometheusPodPort(settings: TracingSettings, found: Probed<unknown> | undefined): CheckResult {
  const name = "prometheus pod port";
  const { url, podPort } = settings.kubernetes.prometheus;
  if (url === "") return ok(name, "no Monitor tab (TRACING_PROMETHEUS_URL is empty)");
  const service = prometheusService(url);
  if (!service || !found) return ok(name, `TRACING_PROMETHEUS_URL names an address, no Service: query may reach it on ${podPort}`);
  const shown = `${service.namespace}/${service.name}`;
  if (!found.ok) {
    if (found.kind === "missing") return kubectlMissing(name, "the Prometheus Service's target port");
    if (found.kind === "not-found") return fail(name, `Service ${shown}, which TRACING_PROMETHEUS_URL names, does not exist`, "set TRACING_PROMETHEUS_URL to your Prometheus' Service");
    return kubectlFailed(name, `Service ${shown}`, found.error);
  }
  const servicePort = urlPort(url);
  const ports = (found.value as KubeService).spec?.ports ?? [];
  const entry = ports.find((p) => p.port === servicePort);
  if (!entry) {
    return fail(name, `Service ${shown} has no port ${servicePort} (it has ${ports.map((p) => p.port).join(", ") || "none"})`, "set the port of TRACING_PROMETHEUS_URL to one the Service serves");
  }
  // Kubernetes: an unset targetPort is the port itself.
  const target = entry.targetPort ?? servicePort;
  const sends = `Service ${shown} sends port ${servicePort} to the pods' port`;
  if (typeof target === "string") {
    return warn(name, `${sends} named ${target}, which only the pods resolve; query may reach ${podPort}`, `if the Prometheus container's port ${target} is not ${podPort}, set TRACING_PROMETHEUS_POD_PORT to it`);
  }
  if (target !== podPort) return fail(name, `${sends} ${target}, but query's NetworkPolicy allows ${podPort}: the Monitor tab stays blank`, `set TRACING_PROMETHEUS_POD_PORT=${target}`);
  return ok(name, `${sends} ${target}, which query's NetworkPolicy allows`);
}

export const ECK_CRD = "elasticsearches.elasticsearch.k8s.elastic.co";

export function checkEck(settings: TracingSettings, crd: Probed<unknown>): CheckResult {
  const name = "eck";
  const { eckOperator, eckOperatorNamespace } = settings.kubernetes;
  const release = prodTopology(settings).eckOperator.name;
  if (!crd.ok) {
    if (crd.kind === "missing") return kubectlMissing(name, "for an existing ECK installation");
    if (crd.kind !== "not-found") return kubectlFailed(name, "for an existing ECK installation", crd.error);
    return eckOperator === "install"
      ? ok(name, `no ECK installed; the stack installs it (release ${release} in ${eckOperatorNamespace})`)
      : fail(name, `TRACING_ECK_OPERATOR=existing, but the cluster has no ECK (CRD ${ECK_CRD} missing)`, "set TRACING_ECK_OPERATOR=install");
  }
  const metadata = (crd.value as KubeObject).metadata ?? {};
  const annotations = metadata.annotations ?? {};
  const owner = annotations["meta.helm.sh/release-name"];
  const ownerNamespace = annotations["meta.helm.sh/release-namespace"];
  const version = metadata.labels?.["app.kubernetes.io/version"];
  const found = `ECK${version ? ` ${version}` : ""} found (CRD ${ECK_CRD}, ${owner ? `Helm release ${owner} in ${ownerNamespace ?? "?"}` : "not installed by Helm"})`;
  const inOurNamespace = ownerNamespace === eckOperatorNamespace;
  if (owner === eckCrdsReleaseName(release) && inOurNamespace) return ok(name, `${found}: installed by this stack`);
  if (owner === release && inOurNamespace && eckOperator === "install") {
    // An earlier, cluster-wide install of this stack owned the CRDs through the operator release.
    return fail(
      name,
      `${found}: installed by this stack's earlier cluster-wide release; the CRDs release ${eckCrdsReleaseName(release)} cannot adopt them as they are`,
      `kubectl get crd -o name | grep k8s.elastic.co | xargs -I{} kubectl annotate {} --overwrite meta.helm.sh/release-name=${eckCrdsReleaseName(release)} meta.helm.sh/release-namespace=${eckOperatorNamespace}`,
    );
  }
  if (eckOperator === "install") {
    const namespaceFix = ownerNamespace ? ` and TRACING_ECK_NAMESPACE=${ownerNamespace}` : "";
    return fail(name, `${found}: a second install fails on CRD ownership, and two operators fight`, `set TRACING_ECK_OPERATOR=existing${namespaceFix}`);
  }
  return ok(name, `${found}: used as TRACING_ECK_OPERATOR=existing says (it must manage the tracing namespace)`);
}

/** cert-manager's API group, as API discovery serves it to every authenticated user (`system:discovery`). */
export const CERT_MANAGER_API = "/apis/cert-manager.io/v1";
/** What the stack creates or names of cert-manager's. */
const CERT_MANAGER_RESOURCES = ["certificates", "issuers", "clusterissuers"] as const;

/** Whether cert-manager serves its API, and whether TRACING_CERTIFICATES needs it. */
export function checkCertManager(settings: TracingSettings, discovery: Probed<unknown>): CheckResult {
  const name = "cert-manager";
  const mode = settings.certificates.mode;
  const chosen = `TRACING_CERTIFICATES=${mode}`;
  const install = "install cert-manager >= 1.16 (https://cert-manager.io/docs/installation/), or set TRACING_CERTIFICATES=terraform";
  if (!discovery.ok) {
    if (discovery.kind === "missing") return kubectlMissing(name, "for cert-manager");
    if (discovery.kind !== "not-found") return kubectlFailed(name, "for cert-manager", discovery.error);
    return mode === "cert-manager"
      ? fail(name, `${chosen}, but the cluster serves no ${CERT_MANAGER_API.slice(6)} API: nothing would issue the server certificates`, install)
      : ok(name, `not installed; ${chosen}: the stack issues the server certificates and a deploy renews them`);
  }
  const served = new Set(((discovery.value as { resources?: { name?: string }[] }).resources ?? []).map((r) => r.name));
  const missing = CERT_MANAGER_RESOURCES.filter((resource) => !served.has(resource));
  if (missing.length > 0) return (mode === "cert-manager" ? fail : warn)(name, `${CERT_MANAGER_API.slice(6)} is served without ${missing.join(", ")}: an incomplete cert-manager (${chosen})`, install);
  return ok(name, mode === "cert-manager" ? `${CERT_MANAGER_API.slice(6)} served; ${chosen}: it issues and renews the server certificates` : `${CERT_MANAGER_API.slice(6)} served, but ${chosen}: a deploy renews the certificates (set TRACING_CERTIFICATES=cert-manager to let cert-manager do it)`);
}

/** The `kubectl get` arguments of the issuer TRACING_CERT_ISSUER names; none when it names none. */
export function namedIssuerArguments(settings: TracingSettings): string[] | undefined {
  const issuer = issuerReference(settings.certificates.issuer);
  if (!issuer) return undefined;
  return issuer.kind === "ClusterIssuer" ? ["clusterissuers.cert-manager.io", issuer.name] : ["issuers.cert-manager.io", issuer.name, "-n", settings.kubernetes.namespace];
}

/** The issuer the Certificates name exists and is Ready (an issuer of the cluster's; the stack's own are created by the deploy). */
export function checkCertificateIssuer(settings: TracingSettings, issuer: Probed<unknown> | undefined): CheckResult {
  const name = "certificate issuer";
  const c = settings.certificates;
  if (c.mode !== "cert-manager") return ok(name, "the stack's CA, through Terraform (TRACING_CERTIFICATES=terraform)");
  if (issuer === undefined) {
    return c.issuer === ""
      ? ok(name, `the stack's CA Issuers (${issuerSlots(settings).map(caIssuerName).join(", ")}), created by the deploy`)
      : warn(name, `${c.issuer} not checked: cert-manager's API is not served (see the cert-manager check)`);
  }
  const describe = `kubectl describe ${(namedIssuerArguments(settings) ?? []).join(" ")}`;
  if (!issuer.ok) {
    if (issuer.kind === "missing") return kubectlMissing(name, `TRACING_CERT_ISSUER=${c.issuer}`);
    if (issuer.kind !== "not-found") return kubectlFailed(name, `TRACING_CERT_ISSUER=${c.issuer}`, issuer.error);
    return fail(name, `TRACING_CERT_ISSUER=${c.issuer} does not exist: no Certificate would be issued`, `create ${c.issuer} first, or set TRACING_CERT_ISSUER to one that exists`);
  }
  const conditions = (issuer.value as { status?: { conditions?: { type?: string; status?: string; message?: string }[] } }).status?.conditions ?? [];
  const ready = conditions.find((condition) => condition.type === "Ready");
  if (ready?.status === "True") return ok(name, `${c.issuer} is Ready${ready.message ? `: ${ready.message}` : ""}`);
  return fail(name, `${c.issuer} is not Ready${ready?.message ? `: ${ready.message}` : " (no Ready condition)"}: no Certificate would be issued`, describe);
}

const DEFAULT_CLASS_ANNOTATIONS = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"];

export function checkStorageClass(settings: TracingSettings, classes: Probed<unknown>): CheckResult {
  const name = "storage class";
  const wanted = settings.kubernetes.storageClassName;
  if (!classes.ok) {
    if (classes.kind === "missing") return kubectlMissing(name, "the StorageClasses");
    return kubectlFailed(name, "the StorageClasses", classes.error);
  }
  const items = (classes.value as KubeList).items ?? [];
  const names = items.map(objectName);
  const listed = names.length > 0 ? names.join(", ") : "none";
  if (wanted) {
    return names.includes(wanted)
      ? ok(name, `TRACING_STORAGE_CLASS=${wanted} exists`)
      : fail(name, `TRACING_STORAGE_CLASS=${wanted} does not exist (classes: ${listed}): the Elasticsearch volumes would stay Pending`, `set TRACING_STORAGE_CLASS to one of: ${listed}`);
  }
  const defaults = items.filter((c) => DEFAULT_CLASS_ANNOTATIONS.some((a) => c.metadata?.annotations?.[a] === "true")).map(objectName);
  if (defaults.length === 0) {
    return fail(name, `no default StorageClass (classes: ${listed}) and TRACING_STORAGE_CLASS is empty: the Elasticsearch volumes would stay Pending`, `set TRACING_STORAGE_CLASS to one of: ${listed}`);
  }
  if (defaults.length > 1) return warn(name, `several default StorageClasses (${defaults.join(", ")}): Kubernetes picks the newest`, `set TRACING_STORAGE_CLASS to the one you mean`);
  return ok(name, `default StorageClass ${defaults[0]}`);
}

/**
 * Whether the Elasticsearch volumes can ever grow: raising ES_DISK_GIB resizes the claims in
 * place only where their StorageClass sets `allowVolumeExpansion` (otherwise the claim update is
 * refused, and the only way to more disk is a new node set).
 */
export function checkVolumeExpansion(settings: TracingSettings, classes: Probed<unknown>): CheckResult {
  const name = "volume expansion";
  if (!classes.ok) return classes.kind === "missing" ? kubectlMissing(name, "the StorageClasses") : kubectlFailed(name, "the StorageClasses", classes.error);
  const items = (classes.value as KubeList).items ?? [];
  const wanted = settings.kubernetes.storageClassName;
  const used = items.find((c) => (wanted ? objectName(c) === wanted : DEFAULT_CLASS_ANNOTATIONS.some((a) => c.metadata?.annotations?.[a] === "true")));
  // A missing class is the storage class check's failure.
  if (!used) return ok(name, "no StorageClass to judge (see the storage class check)");
  if ((used as { allowVolumeExpansion?: boolean }).allowVolumeExpansion === true) {
    return ok(name, `StorageClass ${objectName(used)} allows volume expansion: raising ES_DISK_GIB grows the volumes in place`);
  }
  return warn(
    name,
    `StorageClass ${objectName(used)} does not allow volume expansion: ES_DISK_GIB can never grow the Elasticsearch volumes in place`,
    `choose a class with allowVolumeExpansion: true before the first deploy (TRACING_STORAGE_CLASS), or ask the cluster's admins to enable it on ${objectName(used)}`,
  );
}

export function checkNodes(settings: TracingSettings, nodes: Probed<unknown>): CheckResult {
  const name = "nodes";
  const wanted = settings.elasticsearch.nodeCount;
  if (!nodes.ok) {
    if (nodes.kind === "missing") return kubectlMissing(name, "the schedulable nodes");
    return kubectlFailed(name, "the nodes", nodes.error);
  }
  const items = (nodes.value as KubeList<KubeNode>).items ?? [];
  const why = (node: KubeNode): string | undefined => {
    if (node.spec?.unschedulable) return "cordoned";
    const taint = node.spec?.taints?.find((t) => t.effect === "NoSchedule" || t.effect === "NoExecute");
    if (taint) return `tainted ${taint.key}:${taint.effect}`;
    if (!node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")) return "not Ready";
    return undefined;
  };
  const excluded = items.map((n) => [objectName(n), why(n)] as const).filter(([, reason]) => reason);
  const schedulable = items.length - excluded.length;
  const left = excluded.length > 0 ? ` (left out: ${excluded.map(([n, reason]) => `${n} ${reason}`).join(", ")})` : "";
  if (schedulable >= wanted) return ok(name, `${schedulable} schedulable nodes for ${wanted} Elasticsearch nodes, one per host${left}`);
  return fail(
    name,
    `${schedulable} schedulable nodes, but ES_NODE_COUNT=${wanted} puts one Elasticsearch node per host${left}: the rest would stay Pending`,
    `add nodes or uncordon them (kubectl uncordon <node>), or lower ES_NODE_COUNT to ${Math.max(schedulable, 1)}`,
  );
}

export function checkStateBackend(settings: TracingSettings): CheckResult {
  const name = "state backend";
  if (settings.stateBackend.kind !== "local") return ok(name, `${settings.stateBackend.kind}`);
  return warn(
    name,
    "local: terraform.prod.tfstate holds the CA key and the Elasticsearch passwords in plain text, with no locking",
    "set PROD_TRACING_STATE_BACKEND to s3://bucket/prefix?region=REGION, gcs://bucket/prefix or kubernetes://namespace/secret-suffix",
  );
}

export async function prodChecks(context: DoctorContext): Promise<CheckResult[]> {
  const { settings, probes } = context;
  const [kube, registries, terraform] = await Promise.all([resolveKubeconfig(context), checkRegistries("prod", context), checkTerraform(context)]);
  const tail = [terraform, ...registries, checkStateBackend(settings)];
  if (!kube.ok) return [...kube.results, ...tail];
  const get = (...args: string[]) => probes.kubectlGet(kube.target, args);
  // The namespaces first: when the cluster does not answer, one line says so instead of five.
  const namespaces = await get("namespaces");
  if (!namespaces.ok && namespaces.kind === "failed") {
    const cluster = fail("cluster", `kubectl cannot reach ${kube.server}: ${namespaces.error} (namespaces, CRDs, storage and nodes not checked)`, "check the VPN and your credentials, then kubectl get namespaces");
    return [...kube.results, cluster, ...tail];
  }
  const issuerArguments = namedIssuerArguments(settings);
  const prometheusServiceArgs = prometheusServiceArguments(settings);
  const [prometheus, prometheuses, prometheusServiceFound, eck, classes, nodes, certManager] = await Promise.all([
    Promise.all(PROMETHEUS_OPERATOR_CRDS.map((crd) => get("customresourcedefinitions", crd))),
    settings.kubernetes.prometheusOperator ? get(...PROMETHEUSES) : undefined,
    prometheusServiceArgs && get(...prometheusServiceArgs),
    get("customresourcedefinitions", ECK_CRD),
    get("storageclasses"),
    get("nodes"),
    get("--raw", CERT_MANAGER_API),
  ]);
  // The named issuer is asked for only where cert-manager's API answers.
  const issuer = certManager.ok && issuerArguments && settings.certificates.mode === "cert-manager" ? await get(...issuerArguments) : undefined;
  return [
    ...kube.results,
    ...checkNamespaces(settings, namespaces),
    checkPrometheusOperator(settings, prometheus),
    checkPrometheusSelection(settings, prometheus.every((crd) => crd.ok) ? prometheuses : undefined, namespaces),
    checkPrometheusPodPort(settings, prometheusServiceFound),
    checkEck(settings, eck),
    checkCertManager(settings, certManager),
    checkCertificateIssuer(settings, issuer),
    checkStorageClass(settings, classes),
    checkVolumeExpansion(settings, classes),
    checkNodes(settings, nodes),
    ...tail,
  ];
}

// --------------------------------------------------------------------------------- report

/** `ok   name: detail`, `warn …`, `fail …`, each problem followed by its indented fix. */
export function formatResults(stack: StackName, results: readonly CheckResult[]): string {
  const lines = results.flatMap((r) => [`${r.status.padEnd(4)} ${r.name}: ${r.detail}`, ...(r.fix ? [`     fix: ${r.fix}`] : [])]);
  const count = (status: Status) => results.filter((r) => r.status === status).length;
  const verdict = count("fail") > 0 ? `fix the failures before cdktf deploy ${stack}` : `ready for cdktf deploy ${stack}`;
  lines.push(`doctor ${stack}: ${count("ok")} ok, ${count("warn")} warn, ${count("fail")} fail: ${verdict}`);
  return lines.join("\n");
}

/** 1 when any check fails, else 0 (bad flags and settings end the command with 2 before any check). */
export function exitCodeOf(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === "fail") ? 1 : 0;
}

export async function runChecks(stack: StackName, context: DoctorContext): Promise<CheckResult[]> {
  return stack === "local" ? localChecks(context) : prodChecks(context);
}
