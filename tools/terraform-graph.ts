/**
 * The dependency graph Terraform builds from a synthesized stack: an edge from every resource
 * to each resource it references (`${type.name…}`) or lists in `depends_on`. Terraform creates
 * whatever is not ordered by an edge in parallel, so the first apply is only correct when the
 * edges say so. On top of the graph: which namespace each Kubernetes object lives in, and which
 * Secrets, ConfigMaps, networks and volumes each workload uses.
 */
import { parse as parseYaml } from "yaml";
import { stringLeaves } from "./synth-documents";

type Json = any;

export interface StackGraph {
  /** Resource bodies by address (`type.name`, data sources as `data.type.name`). */
  readonly resources: ReadonlyMap<string, Json>;
  /** Direct dependencies of each address. */
  readonly edges: ReadonlyMap<string, ReadonlySet<string>>;
  /** The subset of `edges` through which values flow: `${…}` references, not `depends_on`. */
  readonly references: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * The expressions of the `${…}` interpolations in a string, with the braces inside them
 * balanced (`${sha256("${a.b.c}${d.e.f}")}`, `${jsonencode({…})}`); `$${` is a literal.
 */
function interpolations(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf("${"); start !== -1; ) {
    if (start > 0 && text[start - 1] === "$") {
      start = text.indexOf("${", start + 2);
      continue;
    }
    let depth = 1;
    let end = start + 2;
    for (; end < text.length && depth > 0; end++) depth += text[end] === "{" ? 1 : text[end] === "}" ? -1 : 0;
    found.push(text.slice(start + 2, end - 1));
    start = text.indexOf("${", end);
  }
  return found;
}

/** `type.name` of each resource reference inside `${…}` interpolations of a string. */
function referencedAddresses(text: string): string[] {
  return attributeReferences(text).map((ref) => ref.address);
}

export function stackGraph(doc: Json): StackGraph {
  const resources = new Map<string, Json>();
  for (const [type, byName] of Object.entries<Json>(doc.resource ?? {})) for (const [name, body] of Object.entries(byName)) resources.set(`${type}.${name}`, body);
  for (const [type, byName] of Object.entries<Json>(doc.data ?? {})) for (const [name, body] of Object.entries(byName)) resources.set(`data.${type}.${name}`, body);
  const edges = new Map<string, Set<string>>();
  const references = new Map<string, Set<string>>();
  const known = (targets: string[]) => new Set(targets.filter((target) => resources.has(target)));
  for (const [address, body] of resources) {
    const { depends_on: dependsOn = [], ...config } = body;
    const referenced = known(stringLeaves(config).flatMap((leaf) => referencedAddresses(leaf.value)));
    referenced.delete(address);
    references.set(address, referenced);
    edges.set(address, new Set([...known(dependsOn), ...referenced]));
  }
  return { resources, edges, references };
}

/** Every address `from` waits for, directly or through others. */
export function dependenciesOf(graph: StackGraph, from: string): Set<string> {
  const seen = new Set<string>();
  const pending = [...(graph.edges.get(from) ?? [])];
  while (pending.length > 0) {
    const next = pending.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...(graph.edges.get(next) ?? []));
  }
  return seen;
}

const typeOf = (address: string) => address.split(".")[address.startsWith("data.") ? 1 : 0];
const first = (value: Json) => (Array.isArray(value) ? value[0] : value);

/** Objects that run pods: the Kubernetes workload kinds and Helm releases (charts start pods). */
const POD_CREATING_TYPES = /^(kubernetes_(deployment|stateful_set|daemon_set|daemonset|job|cron_job|pod|replication_controller)(_v\d+)?|helm_release)$/;
/** Kinds a `kubernetes_manifest` may create that run pods. */
const POD_CREATING_KINDS = new Set(["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Elasticsearch"]);

function createsPods(graph: StackGraph, address: string): boolean {
  const type = typeOf(address);
  return POD_CREATING_TYPES.test(type) || (type === "kubernetes_manifest" && POD_CREATING_KINDS.has(graph.resources.get(address).manifest?.kind));
}

/** The namespace of a Kubernetes object or Helm release, with references resolved to names. */
export function namespaceOf(graph: StackGraph, address: string): string | undefined {
  const body = graph.resources.get(address);
  const type = typeOf(address);
  const metadata = type === "kubernetes_manifest" ? body.manifest.metadata : first(body.metadata);
  const raw = type === "helm_release" ? body.namespace : metadata?.namespace;
  if (typeof raw !== "string") return undefined;
  const [referenced] = referencedAddresses(raw);
  return referenced && /^kubernetes_namespace/.test(typeOf(referenced)) ? first(graph.resources.get(referenced).metadata).name : raw;
}

/** Namespaces the stack creates, and the address that creates each. */
function createdNamespaces(graph: StackGraph): Map<string, string> {
  const created = new Map<string, string>();
  for (const [address, body] of graph.resources) {
    const type = typeOf(address);
    if (/^kubernetes_namespace/.test(type)) created.set(first(body.metadata).name, address);
    if (type === "helm_release" && body.create_namespace === true) created.set(body.namespace, address);
  }
  return created;
}

/** The Secrets the cert-manager `Certificate`s of a release of the stack's objects chart write, by name. */
function certificateSecrets(release: Json): string[] {
  const objects = (release.values ?? []).flatMap((values: string) => (parseYaml(values) as Json)?.objects ?? []);
  return objects.filter((o: Json) => o?.kind === "Certificate" && typeof o.spec?.secretName === "string").map((o: Json) => o.spec.secretName);
}

/**
 * Kubernetes objects the stack creates, by `kind/namespace/name` (kind: Secret or ConfigMap):
 * its own, and the Secrets cert-manager writes for the Certificates a release creates (the
 * release is what a workload mounting one must wait for).
 */
/** One index per graph: usedObjects asks for it once per resource. */
const configObjectsOf = new WeakMap<StackGraph, Map<string, string>>();

function configObjects(graph: StackGraph): Map<string, string> {
  const known = configObjectsOf.get(graph);
  if (known) return known;
  const objects = new Map<string, string>();
  configObjectsOf.set(graph, objects);
  for (const [address, body] of graph.resources) {
    const kind = /^kubernetes_secret/.test(typeOf(address)) ? "Secret" : /^kubernetes_config_map/.test(typeOf(address)) ? "ConfigMap" : undefined;
    if (kind) objects.set(`${kind}/${namespaceOf(graph, address)}/${resolveName(graph, first(body.metadata).name)}`, address);
    if (typeOf(address) === "helm_release") for (const name of certificateSecrets(body)) objects.set(`Secret/${namespaceOf(graph, address)}/${name}`, address);
  }
  return objects;
}

/** A name that may be a reference to another object's `metadata.name`. */
function resolveName(graph: StackGraph, value: string): string {
  const match = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.metadata\[0\]\.name\}$/.exec(value);
  return match && graph.resources.has(match[1]) ? resolveName(graph, first(graph.resources.get(match[1]).metadata).name) : value;
}

/** The Secrets and ConfigMaps a pod template mounts or reads, as `kind/name`. */
function podTemplateUses(spec: Json): string[] {
  const uses: string[] = [];
  for (const volume of spec?.volume ?? []) {
    if (volume.secret) uses.push(`Secret/${first(volume.secret).secret_name}`);
    if (volume.config_map) uses.push(`ConfigMap/${first(volume.config_map).name}`);
    for (const projected of volume.projected ?? []) {
      for (const source of projected.sources ?? []) {
        for (const secret of source.secret ?? []) uses.push(`Secret/${secret.name}`);
        for (const configMap of source.config_map ?? []) uses.push(`ConfigMap/${configMap.name}`);
      }
    }
  }
  for (const container of [...(spec?.init_container ?? []), ...(spec?.container ?? [])]) {
    for (const env of container.env ?? []) {
      const from = first(env.value_from);
      if (from?.secret_key_ref) uses.push(`Secret/${first(from.secret_key_ref).name}`);
      if (from?.config_map_key_ref) uses.push(`ConfigMap/${first(from.config_map_key_ref).name}`);
    }
    for (const envFrom of container.env_from ?? []) {
      if (envFrom.secret_ref) uses.push(`Secret/${first(envFrom.secret_ref).name}`);
      if (envFrom.config_map_ref) uses.push(`ConfigMap/${first(envFrom.config_map_ref).name}`);
    }
  }
  return uses;
}

/** Every `secretName` a Helm release's values name (ECK: HTTP certificate, file realm, roles). */
function helmValueSecrets(release: Json): string[] {
  const names: string[] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "secretName" && typeof value === "string") names.push(`Secret/${value}`);
        else walk(value);
      }
    }
  };
  for (const values of release.values ?? []) walk(parseYaml(values));
  return names;
}

export interface UsedObject {
  /** What the workload names, e.g. `Secret/tracing/jaeger-collector-tls`. */
  readonly object: string;
  /** The stack's resource that creates it. */
  readonly address: string;
}

/**
 * What each workload uses that the stack itself creates: Secrets and ConfigMaps a pod mounts,
 * reads or a chart is told about; for Docker containers, the image, network and volumes.
 */
export function usedObjects(graph: StackGraph, address: string): UsedObject[] {
  const body = graph.resources.get(address);
  const type = typeOf(address);
  if (type === "docker_container") {
    const byName = (resourceType: string, name: string) =>
      [...graph.resources].filter(([a, b]) => typeOf(a) === resourceType && b.name === name).map(([a]) => ({ object: `${resourceType}/${name}`, address: a }));
    const image = referencedAddresses(body.image ?? "").map((a) => ({ object: `image ${body.image}`, address: a }));
    return [
      ...image,
      ...(body.networks_advanced ?? []).flatMap((n: Json) => byName("docker_network", resolveDockerName(graph, n.name))),
      ...(body.volumes ?? []).flatMap((v: Json) => (v.volume_name ? byName("docker_volume", resolveDockerName(graph, v.volume_name)) : [])),
    ];
  }
  const spec = first(body.spec);
  // A CronJob's pods come from its job template (hashicorp/kubernetes 2.38.0 `docs/resources/cron_job_v1.md`: `spec.job_template.spec.template`).
  const template = first(spec?.template ?? first(first(spec?.job_template)?.spec)?.template);
  const names = type === "helm_release" ? helmValueSecrets(body) : podTemplateUses(first(template?.spec));
  const namespace = namespaceOf(graph, address);
  const objects = configObjects(graph);
  return names.flatMap((kindAndName) => {
    const [kind, ...rest] = kindAndName.split("/");
    const key = `${kind}/${namespace}/${resolveName(graph, rest.join("/"))}`;
    const created = objects.get(key);
    return created ? [{ object: key, address: created }] : [];
  });
}

/** A Docker object name that may be a reference to the resource's `name`. */
function resolveDockerName(graph: StackGraph, value: string): string {
  const match = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.name\}$/.exec(value);
  return match && graph.resources.has(match[1]) ? graph.resources.get(match[1]).name : value;
}

/**
 * The Secrets ECK turns into Elasticsearch users, as `Secret/namespace/name`, and the Helm
 * releases of the clusters that hold them: a release's values list them under
 * `auth.fileRealm` (the `eck-elasticsearch` chart copies `auth` into the Elasticsearch
 * resource's `spec.auth`, whose `fileRealm` names Secrets of users to create: elastic/cloud-on-k8s
 * v3.5.0 `deploy/eck-stack/charts/eck-elasticsearch/templates/elasticsearch.yaml` and
 * `pkg/apis/elasticsearch/v1/elasticsearch_types.go`).
 */
function fileRealm(graph: StackGraph): { secrets: Set<string>; clusters: Set<string> } {
  const secrets = new Set<string>();
  const clusters = new Set<string>();
  for (const [address, body] of graph.resources) {
    if (typeOf(address) !== "helm_release") continue;
    for (const values of body.values ?? []) {
      for (const user of (parseYaml(values) as Json)?.auth?.fileRealm ?? []) {
        if (typeof user?.secretName !== "string") continue;
        secrets.add(`Secret/${namespaceOf(graph, address)}/${user.secretName}`);
        clusters.add(address);
      }
    }
  }
  return { secrets, clusters };
}

/** The generated passwords (`random_password`) a Docker container is handed, in files or env. */
const passwordsHandedTo = (graph: StackGraph, address: string) => [...(graph.references.get(address) ?? [])].filter((a) => typeOf(a) === "random_password");

/** A container that runs to its end rather than being kept running: `must_run = false` (kreuzwerker/docker 3.6.2 `docs/resources/container.md`). */
const runsToCompletion = (graph: StackGraph, address: string) => typeOf(address) === "docker_container" && graph.resources.get(address).must_run === false;

/**
 * Whether Terraform waits for a bootstrap to finish before it creates what depends on it: a
 * Job unless `wait_for_completion = false` (default true: hashicorp/kubernetes 2.38.0
 * `kubernetes/resource_kubernetes_job_v1.go`), a container only with `attach = true` ("waits
 * the end of its execution": kreuzwerker/docker 3.6.2 `docs/resources/container.md`).
 */
function awaitedToTheEnd(graph: StackGraph, address: string): boolean {
  const body = graph.resources.get(address);
  return typeOf(address) === "docker_container" ? body.attach === true : body.wait_for_completion !== false;
}

export interface ElasticsearchAccess {
  /** The workloads that prepare Elasticsearch (ILM policy, templates, write aliases; locally the users) before it is used. */
  readonly bootstraps: readonly string[];
  /** Every other workload that is handed an Elasticsearch credential, and which one. */
  readonly clients: readonly { readonly address: string; readonly credential: string }[];
}

/**
 * Who reads or writes Elasticsearch, told by the credentials each workload is handed rather
 * than by a list of names, so a workload added later is covered:
 * - Kubernetes: a pod that mounts or reads a Secret of ECK's file realm (prod never runs as
 *   `elastic`, so these are the only users there are), other than the cluster that serves
 *   them; the bootstrap is such a Job (Terraform waits for it to complete).
 * - Docker: the bootstrap is a container that runs to completion and is handed generated
 *   passwords (the `elastic` one it logs in with, and one per user it creates); a client is
 *   any other container handed one of them, other than what the bootstrap itself waits for
 *   (the Elasticsearch container, handed the `elastic` password to set it).
 */
export function elasticsearchAccess(graph: StackGraph): ElasticsearchAccess {
  const realm = fileRealm(graph);
  const handed = new Map<string, string>();
  for (const address of graph.resources.keys()) {
    if (!createsPods(graph, address) || realm.clusters.has(address)) continue;
    const credential = usedObjects(graph, address).find((used) => realm.secrets.has(used.object));
    if (credential) handed.set(address, credential.object);
  }
  const containers = [...graph.resources.keys()].filter((a) => typeOf(a) === "docker_container");
  const bootstrapPasswords = new Set(containers.filter((a) => runsToCompletion(graph, a)).flatMap((a) => passwordsHandedTo(graph, a)));
  for (const address of containers) {
    const password = passwordsHandedTo(graph, address).find((p) => bootstrapPasswords.has(p));
    if (password) handed.set(address, `the password ${password}`);
  }
  const bootstraps = [...handed.keys()].filter((a) => /^kubernetes_job/.test(typeOf(a)) || runsToCompletion(graph, a));
  const prepared = new Set(bootstraps.flatMap((b) => [b, ...dependenciesOf(graph, b)]));
  const clients = [...handed].filter(([address]) => !prepared.has(address)).map(([address, credential]) => ({ address, credential }));
  return { bootstraps, clients };
}

export interface OrderingProblem {
  readonly address: string;
  /** What it must wait for and does not. */
  readonly missing: string;
  readonly rule: string;
}

/**
 * The first-apply ordering rules, over one stack:
 * - every object in a namespace the stack creates waits for the namespace (or the release
 *   that creates it);
 * - every pod-creating object waits for every NetworkPolicy of its namespace, so no pod
 *   starts unprotected;
 * - every workload waits for the Secrets, ConfigMaps, images, networks and volumes it uses
 *   that the stack creates (a Secret cert-manager writes: the release of its Certificate);
 * - every workload that reads or writes Elasticsearch waits for the bootstrap, and Terraform
 *   for the bootstrap's end: Jaeger does not create the write aliases itself (es-rollover
 *   init does), so a collector that writes first makes a plain index under the write alias's
 *   name, and rollover never works for it (`elasticsearchAccess` says who the readers and
 *   writers are).
 */
export function orderingProblems(graph: StackGraph): OrderingProblem[] {
  const problems: OrderingProblem[] = [];
  const { bootstraps, clients } = elasticsearchAccess(graph);
  for (const bootstrap of bootstraps.filter((b) => !awaitedToTheEnd(graph, b))) {
    problems.push({ address: bootstrap, missing: "its own end", rule: "Terraform creates what waits for a bootstrap once it has started, unless told to wait for its end" });
  }
  for (const client of clients) {
    const waitsFor = dependenciesOf(graph, client.address);
    const rule = `reads or writes Elasticsearch (it is handed ${client.credential}), which must be bootstrapped first`;
    if (bootstraps.length === 0) problems.push({ address: client.address, missing: "an Elasticsearch bootstrap, and the stack has none", rule });
    for (const bootstrap of bootstraps.filter((b) => !waitsFor.has(b))) problems.push({ address: client.address, missing: bootstrap, rule });
  }
  const namespaces = createdNamespaces(graph);
  const policies = [...graph.resources.keys()].filter((a) => /^kubernetes_network_policy/.test(typeOf(a)));
  for (const address of graph.resources.keys()) {
    const waitsFor = dependenciesOf(graph, address);
    const require = (missing: string, rule: string) => {
      if (!waitsFor.has(missing)) problems.push({ address, missing, rule });
    };
    const namespace = namespaceOf(graph, address);
    const creator = namespace === undefined ? undefined : namespaces.get(namespace);
    if (creator && creator !== address) require(creator, `lives in namespace ${namespace}, which ${creator} creates`);
    if (createsPods(graph, address)) {
      for (const policy of policies.filter((p) => namespaceOf(graph, p) === namespace)) require(policy, `starts pods in ${namespace}, which ${policy} protects`);
    }
    // A release that writes a Secret (through a Certificate) names it in its values too.
    for (const used of usedObjects(graph, address)) if (used.address !== address) require(used.address, `uses ${used.object}`);
  }
  return problems;
}

/**
 * Types Terraform replaces whenever an input changes: every argument of the tls and random
 * providers forces a new resource, a Job's template is immutable, and the Docker provider
 * re-creates a container for nearly any change.
 */
const REPLACED_ON_ANY_CHANGE = /^(tls_|random_|time_static$|kubernetes_job|docker_container$)/;

/** How a resource changes: replaced whole, or updated in place in these top-level attributes. */
export type ResourceChange = "replaced" | ReadonlySet<string>;

/** `address` and first attribute of each `${type.name.attribute…}` reference in a string. */
function attributeReferences(text: string): { address: string; attribute: string }[] {
  const found: { address: string; attribute: string }[] = [];
  for (const expression of interpolations(text)) {
    for (const ref of expression.matchAll(/\b(data\.)?([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)/g)) {
      found.push({ address: `${ref[1] ?? ""}${ref[2]}`, attribute: ref[3] });
    }
  }
  return found;
}

/**
 * What follows when Terraform replaces `origin` (a renewed certificate, a rotated password):
 * every resource whose configuration takes a changed attribute, attribute by attribute. A
 * Deployment that only names a Secret is not reached when the Secret's data changes; one whose
 * pod template hashes the data is (its pods roll).
 */
export function propagateReplacement(graph: StackGraph, origin: string): Map<string, ResourceChange> {
  const changes = new Map<string, ResourceChange>([[origin, "replaced"]]);
  const pending = [origin];
  while (pending.length > 0) {
    const source = pending.shift() as string;
    const sourceChange = changes.get(source) as ResourceChange;
    const touches = (attribute: string) => sourceChange === "replaced" || sourceChange.has(attribute);
    for (const [address, body] of graph.resources) {
      if (address === origin || !graph.references.get(address)?.has(source)) continue;
      const { depends_on: _ordering, ...config } = body;
      const keys = Object.entries<Json>(config)
        .filter(([, value]) => stringLeaves(value).some((leaf) => attributeReferences(leaf.value).some((ref) => ref.address === source && touches(ref.attribute))))
        .map(([key]) => key);
      if (keys.length === 0) continue;
      const before = changes.get(address);
      const next: ResourceChange = REPLACED_ON_ANY_CHANGE.test(typeOf(address)) || before === "replaced" ? "replaced" : new Set([...(before ?? []), ...keys]);
      if (before !== undefined && (before === "replaced" || (next !== "replaced" && next.size === before.size))) continue;
      changes.set(address, next);
      pending.push(address);
    }
  }
  changes.delete(origin);
  return changes;
}
