/**
 * The rules a `TracingSettings` must satisfy before anything is synthesized. Each rule
 * names the field, shows the bad value and says what is allowed.
 */
import { prometheusEndpoint } from "../topology/prometheus-endpoint";
import type { ContainerImage, TracingSettings } from "../settings/model";
import type { SettingsProblem } from "../settings/problems";
import { CERTIFICATE_WARNING_DAYS, RULE_LABELS } from "../monitoring/alert-rules";
import { LOCAL_PROMETHEUS_SELF_JOB } from "../monitoring/local-prometheus";
import { IN_CLUSTER } from "../parsers/kubeconfig";
import { selectorMatchers } from "../parsers/alert-selector";
import { imageDigestProblem, imageRepositoryProblem, imageTagProblem } from "../parsers/image-reference";
import { isIpv4 } from "../parsers/address";
import { DNS_SUBDOMAIN, isLabelKey, LABEL_KEY_ALLOWED, LABEL_NAME, LABEL_VALUE_ALLOWED } from "../parsers/kubernetes-names";
import { parseNamespaceList, SYSTEM_NAMESPACES } from "../parsers/namespaces";
import { parseServiceUrl, SERVICE_URL_RULES } from "../parsers/url";
import { SETTINGS } from "../settings/schema";
import { COLLECTOR_NAME, GATEWAY_NAME } from "../core/names";
import { gatewayQueueSizing } from "../pipeline/gateway-config";
import { QUEUE_MEMORY_SHARE, storageQueueSizing } from "../pipeline/storage-queue";
import { tailSamplingSizing } from "../pipeline/tail-sampling";
import { MAX_SHARDS_PER_NODE, ROLLOVER_LAG_DAYS, steadyStateShardsPerNode, SYSTEM_SHARD_RESERVE } from "../elasticsearch/ilm";

/** Elasticsearch stops allocating shards to a node above 85 % disk use (low watermark). */
const LOW_DISK_WATERMARK = 0.85;

/**
 * Smallest data volume per node that holds the retained traces below the low watermark:
 * (retention + rollover lag) x daily volume x (1 + replicas) copies, spread over the nodes
 * that remain after losing one (a lone node has nowhere to spread).
 */
export function minimumDiskGiBPerNode(settings: TracingSettings): number {
  const es = settings.elasticsearch;
  const retainedGiB = (settings.retentionDays + ROLLOVER_LAG_DAYS) * es.dailyVolumeGiB * (1 + es.replicas);
  const survivingNodes = Math.max(1, es.nodeCount - 1);
  return Math.ceil(retainedGiB / survivingNodes / LOW_DISK_WATERMARK);
}


/** A Kubernetes namespace or other DNS-1123 label. */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const SERVICE_VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,62}$/;
const ATTRIBUTE_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

type Check = (problems: SettingsProblem[], settings: TracingSettings) => void;

function inRange(value: number, min: number, max: number, wholeNumber = false): boolean {
  return Number.isFinite(value) && value >= min && value <= max && (!wholeNumber || Number.isInteger(value));
}

function requireRange(
  problems: SettingsProblem[],
  field: string,
  value: number,
  min: number,
  max: number,
  wholeNumber = false,
  alsoFields: readonly string[] = [],
): void {
  if (!inRange(value, min, max, wholeNumber)) {
    const kind = wholeNumber ? "a whole number" : "a number";
    const allowed = min > max ? `impossible with the other settings named: at least ${min} but at most ${max}` : `${kind} between ${min} and ${max}`;
    problems.push({ field, value, allowed, alsoFields });
  }
}


type ImagePart = keyof ContainerImage;
const IMAGE_PART_PROBLEMS: Readonly<Record<ImagePart, (text: string) => string | undefined>> = {
  repository: imageRepositoryProblem,
  tag: imageTagProblem,
  digest: imageDigestProblem,
};

function checkImage(problems: SettingsProblem[], field: string, image: ContainerImage, parts: readonly ImagePart[] = ["repository", "tag", "digest"]): void {
  for (const part of parts) {
    const allowed = IMAGE_PART_PROBLEMS[part](image[part]);
    if (allowed !== undefined) problems.push({ field: `${field}.${part}`, value: image[part], allowed });
  }
}

const checks: readonly Check[] = [
  (problems, s) => {
    if (!s.otlpSecure) {
      problems.push({ field: "otlpSecure", value: s.otlpSecure, allowed: "true (the collector accepts TLS only)" });
    }
  },
  (problems, s) => {
    // Checked on the resolved value: a default computed from a wildcard UI host is no URL.
    const url = parseServiceUrl(s.jaegerUiUrl, SERVICE_URL_RULES.jaegerUiUrl);
    if (!url.ok) problems.push({ field: "jaegerUiUrl", value: s.jaegerUiUrl, allowed: url.allowed, alsoFields: ["kubernetes.ingress.host"] });
  },
  (problems, s) => {
    if (!/^[a-z][a-z0-9-]{0,29}$/.test(s.indexPrefix) || s.indexPrefix.endsWith("-")) {
      problems.push({
        field: "indexPrefix",
        value: s.indexPrefix,
        allowed: "1-30 lower-case letters, digits and inner dashes, starting with a letter",
      });
    }
  },
  (problems, s) => {
    checkImage(problems, "images.jaeger", s.images.jaeger);
    // Its tag is the Jaeger version, judged above.
    checkImage(problems, "images.esRollover", s.images.esRollover, ["repository", "digest"]);
    checkImage(problems, "images.elasticsearch", s.images.elasticsearch);
    checkImage(problems, "images.elasticsearchExporter", s.images.elasticsearchExporter);
    checkImage(problems, "images.gateway", s.images.gateway);
    checkImage(problems, "images.eckOperator", s.images.eckOperator, ["repository", "digest"]);
    checkImage(problems, "images.prometheus", s.images.prometheus);
    const jaeger = SEMVER.exec(s.images.jaeger.tag);
    if (imageTagProblem(s.images.jaeger.tag) === undefined && (jaeger === null || jaeger[1] !== "2")) {
      problems.push({ field: "images.jaeger.tag", value: s.images.jaeger.tag, allowed: "a Jaeger v2 release such as 2.20.0 (v1 is end of life)" });
    }
    const es = SEMVER.exec(s.images.elasticsearch.tag);
    if (imageTagProblem(s.images.elasticsearch.tag) === undefined && (es === null || !["7", "8", "9"].includes(es[1]))) {
      problems.push({
        field: "images.elasticsearch.tag",
        value: s.images.elasticsearch.tag,
        allowed: "an Elasticsearch 7.x, 8.x or 9.x release such as 9.5.0 (what Jaeger 2.20 supports)",
      });
    }
  },
  (problems, s) => {
    const es = s.elasticsearch;
    if (!inRange(es.replicas, 0, Math.max(0, es.nodeCount - 1), true)) {
      problems.push({
        field: "elasticsearch.replicas",
        value: es.replicas,
        allowed: `a whole number between 0 and ${Math.max(0, es.nodeCount - 1)} (nodes - 1), or the cluster stays yellow`,
        alsoFields: ["elasticsearch.nodeCount"],
      });
    }
    if (withinSchemaRange(s, "elasticsearch.heapMiB") && es.heapMiB * 2 > es.memoryLimitMiB) {
      problems.push({
        field: "elasticsearch.memoryLimitMiB",
        value: es.memoryLimitMiB,
        allowed: `a whole number of MiB at least twice the heap (${es.heapMiB * 2}); Elasticsearch needs the rest off-heap`,
        alsoFields: ["elasticsearch.heapMiB"],
      });
    }
  },
  (problems, s) => {
    const inputs = ["retentionDays", "elasticsearch.dailyVolumeGiB", "elasticsearch.replicas", "elasticsearch.nodeCount"];
    if (!inputs.every((field) => withinSchemaRange(s, field))) return;
    const minimum = minimumDiskGiBPerNode(s);
    const maximum = schemaRange("elasticsearch.diskGiB").max;
    const formula =
      `(${s.retentionDays} days + 1) x ${s.elasticsearch.dailyVolumeGiB} GiB/day x (1 + ${s.elasticsearch.replicas} replicas) ` +
      `/ ${Math.max(1, s.elasticsearch.nodeCount - 1)} (nodes - 1, at least 1) / 0.85 (the disk watermark)`;
    if (!inRange(s.elasticsearch.diskGiB, minimum, maximum, true)) {
      problems.push({
        field: "elasticsearch.diskGiB",
        value: s.elasticsearch.diskGiB,
        allowed:
          minimum > maximum
            ? `impossible: ${formula} is ${minimum} GiB per node, above the ${maximum} GiB a node may have; keep fewer days or less data, or add nodes`
            : `between ${minimum} and ${maximum} GiB per node: ${formula}`,
        alsoFields: inputs,
      });
    }
  },
  (problems, s) => {
    const inputs = ["retentionDays", "elasticsearch.dailyVolumeGiB", "elasticsearch.shards", "elasticsearch.replicas", "elasticsearch.nodeCount"];
    if (!inputs.every((field) => withinSchemaRange(s, field))) return;
    const budget = MAX_SHARDS_PER_NODE - SYSTEM_SHARD_RESERVE;
    const shards = steadyStateShardsPerNode(s);
    if (shards.perNode > budget) {
      problems.push({
        field: "retentionDays",
        value: s.retentionDays,
        allowed:
          `a retention whose indices fit Elasticsearch's limit of ${MAX_SHARDS_PER_NODE} shards per node (${SYSTEM_SHARD_RESERVE} left to its own indices), ` +
          `or rollover stops and ILM stalls once it is reached: ${shards.formula}, above ${budget}; keep fewer days, fewer shards or replicas, or add nodes`,
        alsoFields: inputs.slice(1),
      });
    }
  },
  (problems, s) => {
    if (!SERVICE_NAME.test(s.sdk.serviceName)) {
      problems.push({ field: "sdk.serviceName", value: s.sdk.serviceName, allowed: "1-63 letters, digits, dots, dashes or underscores" });
    }
    if (!SERVICE_VERSION.test(s.sdk.serviceVersion)) {
      problems.push({ field: "sdk.serviceVersion", value: s.sdk.serviceVersion, allowed: "1-63 letters, digits, dots, dashes, underscores or plus signs" });
    }
    const bsp = s.sdk.batchSpanProcessor;
    requireRange(problems, "sdk.batchSpanProcessor.maxExportBatchSize", bsp.maxExportBatchSize, 1, bsp.maxQueueSize, true, ["sdk.batchSpanProcessor.maxQueueSize"]);
  },
  (problems, s) => {
    const c = s.collector;
    if (!["collector.designSpansPerSecond", "collector.memoryLimitMiB", "kubernetes.collectorReplicas"].every((field) => withinSchemaRange(s, field))) return;
    // The storage queue must hold an Elasticsearch node restart's worth of spans in memory.
    const queue = storageQueueSizing(s);
    // In collector mode the tail-sampling buffer shares the budget: the check below weighs both.
    if (s.sampling.mode === "sdk" && queue.queueBytes > queue.memoryBudgetBytes) {
      const memory = schemaRange("collector.memoryLimitMiB").max;
      const collectors = schemaRange("kubernetes.collectorReplicas").max;
      const replicas = s.stack === "prod" ? ` or the collector replicas to at least ${queue.podsNeeded} (at most ${collectors})` : "";
      problems.push({
        field: "collector.designSpansPerSecond",
        value: c.designSpansPerSecond,
        allowed:
          `a rate whose storage queue fits a quarter of the collector's memory (the queue would hold ` +
          `${mib(queue.queueBytes)} MiB, the budget is ${mib(queue.memoryBudgetBytes)} MiB); ` +
          `raise the collector memory limit to at least ${queue.memoryLimitMiBNeeded} MiB (at most ${memory})${replicas}`,
        alsoFields: s.stack === "prod" ? ["collector.memoryLimitMiB", "kubernetes.collectorReplicas"] : ["collector.memoryLimitMiB"],
      });
    }
  },
  (problems, s) => {
    const c = s.certificates;
    if (Number.isInteger(c.leafRenewBeforeDays) && c.leafRenewBeforeDays <= CERTIFICATE_WARNING_DAYS) {
      // Renewed only inside the warning window, every certificate would page before each renewal.
      problems.push({
        field: "certificates.leafRenewBeforeDays",
        value: c.leafRenewBeforeDays,
        allowed: `at least ${CERTIFICATE_WARNING_DAYS + 1} days, so that renewal comes before TracingCertificateExpiresSoon warns (${CERTIFICATE_WARNING_DAYS} days before expiry)`,
      });
    } else {
      requireRange(problems, "certificates.leafRenewBeforeDays", c.leafRenewBeforeDays, CERTIFICATE_WARNING_DAYS + 1, Math.floor(c.leafValidityDays / 3), true, ["certificates.leafValidityDays"]);
    }
    requireRange(problems, "certificates.caValidityDays", c.caValidityDays, c.leafValidityDays * 2, 3650, true, ["certificates.leafValidityDays"]);
    requireRange(problems, "certificates.caRenewBeforeDays", c.caRenewBeforeDays, c.leafValidityDays, c.caValidityDays / 2, true, ["certificates.leafValidityDays", "certificates.caValidityDays"]);
    if (new Set(c.trustedAuthorities).size !== c.trustedAuthorities.length) {
      problems.push({ field: "certificates.trustedAuthorities", value: c.trustedAuthorities, allowed: "blue, green or both, each once" });
    }
    if (!c.trustedAuthorities.includes(c.signingAuthority)) {
      problems.push({
        field: "certificates.signingAuthority",
        value: c.signingAuthority,
        allowed: `a trusted CA slot (${c.trustedAuthorities.join(", ")}): trust a new CA everywhere before it signs`,
        alsoFields: ["certificates.trustedAuthorities"],
      });
    }
  },
  (problems, { certificates: c }) => {
    if (c.issuer !== "" && c.mode !== "cert-manager") {
      problems.push({
        field: "certificates.issuer",
        value: c.issuer,
        allowed: "empty unless TRACING_CERTIFICATES=cert-manager: an issuer is cert-manager's",
        alsoFields: ["certificates.mode"],
      });
    }
    if (c.issuer !== "" && c.issuerCaFile === "") {
      problems.push({
        field: "certificates.issuerCaFile",
        value: c.issuerCaFile,
        allowed: "a PEM file of the CAs that issuer signs with whenever TRACING_CERT_ISSUER names one: the stack cannot learn them, and every client must trust them",
        alsoFields: ["certificates.issuer"],
      });
    }
  },
  (problems, s) => {
    // Prod writes it as the users' Secrets' `data_wo_revision`, a whole number.
    if (!/^[1-9][0-9]{0,8}$/.test(s.credentialsGeneration)) {
      problems.push({ field: "credentialsGeneration", value: s.credentialsGeneration, allowed: "a whole number from 1 to 999999999, without leading zeros; raise it to rotate" });
    }
  },
  (problems, s) => {
    for (const key of s.redactedAttributeKeys) {
      if (!ATTRIBUTE_KEY.test(key)) {
        problems.push({ field: "redactedAttributeKeys", value: key, allowed: "attribute keys of letters, digits, dots, dashes and underscores" });
      }
    }
  },
];

function checkDnsLabel(problems: SettingsProblem[], field: string, value: string, maxLength = 63): void {
  if (!DNS_LABEL.test(value) || value.length > maxLength) {
    problems.push({ field, value, allowed: `a DNS label: 1-${maxLength} lower-case letters, digits and inner dashes` });
  }
}

/** Every label key and value of `labels` in Kubernetes' syntax (the DNS pods' selector, the node selector). */
function checkLabels(problems: SettingsProblem[], field: string, labels: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(labels)) {
    if (!isLabelKey(key)) problems.push({ field, value: key, allowed: `label keys of ${LABEL_KEY_ALLOWED}` });
    if (!LABEL_NAME.test(value)) problems.push({ field, value: `${key}=${value}`, allowed: `label values of ${LABEL_VALUE_ALLOWED}` });
  }
}

const hostPortChecks: readonly Check[] = [
  (problems, { hostPorts }) => {
    const fields = Object.keys(hostPorts).map((key) => `hostPorts.${key}`);
    const ports = Object.values(hostPorts);
    const repeated = [...new Set(ports.filter((port, i) => ports.indexOf(port) !== i))];
    for (const port of repeated) {
      const clashing = fields.filter((_, i) => ports[i] === port);
      problems.push({ field: clashing[0], value: port, allowed: "a host port no other local container publishes", alsoFields: clashing.slice(1) });
    }
  },
];

const alertChecks: readonly Check[] = [
  (problems, { stack, alerts }) => {
    // The bundled Prometheus gives its targets the labels the selector asks for
    // (tracing/monitoring/local-prometheus.ts): a regex or a negation names no value to give.
    if (stack !== "local") return;
    const unsettable = selectorMatchers(alerts.selector).filter((m) => m.operator !== "=" || m.label === "instance");
    if (unsettable.length > 0) {
      problems.push({
        field: "alerts.selector",
        value: alerts.selector,
        allowed: `\`label="value"\` matchers only, not on instance, in the local stack: its Prometheus gives its targets exactly those labels (${unsettable.map((m) => `${m.label}${m.operator}`).join(", ")} cannot be given)`,
      });
    }
  },
  (problems, { stack, alerts }) => {
    // The selector's job names the bundled Prometheus' scrape job: Prometheus refuses a config
    // with an empty job name or two jobs of one name ("found multiple scrape configs with job
    // name"), and it scrapes itself as `prometheus`.
    if (stack !== "local") return;
    const job = selectorMatchers(alerts.selector).find((m) => m.label === "job" && m.operator === "=");
    if (job !== undefined && (job.value === "" || job.value === LOCAL_PROMETHEUS_SELF_JOB)) {
      problems.push({
        field: "alerts.selector",
        value: alerts.selector,
        allowed: `a job other than "" and "${LOCAL_PROMETHEUS_SELF_JOB}" in the local stack: the job names its Prometheus' scrape job, which must not be empty or be the job in which it scrapes itself`,
      });
    }
  },
  (problems, { alerts }) => {
    const labels = [...alerts.selector.matchAll(/(?:^|,)\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]);
    const clashing = labels.filter((label) => (RULE_LABELS as readonly string[]).includes(label));
    if (clashing.length > 0) {
      problems.push({
        field: "alerts.selector",
        value: alerts.selector,
        allowed: `matchers on labels other than ${RULE_LABELS.join(", ")}, which the rules match themselves (${clashing.join(", ")} would mute them)`,
      });
    }
  },
];

/** A span-name pattern: the characters of Genesis operation names, and `*`. */
const SPAN_NAME_PATTERN = /^[A-Za-z0-9_.\-/:*]{1,128}$/;
/** `key=value` of a span attribute marking critical operations. */
const CRITICAL_ATTRIBUTE = /^[A-Za-z0-9_.-]{1,64}=[A-Za-z0-9_.:-]{1,64}$/;

const samplingChecks: readonly Check[] = [
  (problems, { sampling }) => {
    const bad = sampling.criticalOperations.filter((pattern) => !SPAN_NAME_PATTERN.test(pattern));
    if (sampling.criticalOperations.length === 0 || bad.length > 0) {
      problems.push({
        field: "sampling.criticalOperations",
        // Without a bad pattern the list is empty.
        value: bad.length > 0 ? bad[0] : "",
        allowed: "comma-separated span-name patterns of 1-128 letters, digits and _ . - / : with * for any characters, such as genesis.order.*",
      });
    }
    if (sampling.criticalAttribute !== "" && !CRITICAL_ATTRIBUTE.test(sampling.criticalAttribute)) {
      problems.push({
        field: "sampling.criticalAttribute",
        value: sampling.criticalAttribute,
        allowed: "empty, or key=value with a key of 1-64 letters, digits, _ . - and a value of 1-64 of those or :",
      });
    }
  },
  (problems, s) => {
    const inputs = [
      "sampling.designSpansPerSecond",
      "sampling.longestTraceSeconds",
      "sdk.batchSpanProcessor.scheduleDelayMs",
      "collector.designSpansPerSecond",
      "collector.memoryLimitMiB",
      ...(s.stack === "prod" ? ["kubernetes.collectorReplicas"] : []),
    ];
    if (s.sampling.mode !== "collector" || !inputs.every((field) => withinSchemaRange(s, field))) return;
    // The tail-sampling buffer shares the storage queue's quarter of the collector's memory.
    const buffer = tailSamplingSizing(s);
    const queue = storageQueueSizing(s);
    if (buffer.bufferBytes + queue.queueBytes > queue.memoryBudgetBytes) {
      const needed = Math.ceil((buffer.bufferBytes + queue.queueBytes) / QUEUE_MEMORY_SHARE / 1024 / 1024);
      const memory = schemaRange("collector.memoryLimitMiB").max;
      problems.push({
        field: "sampling.designSpansPerSecond",
        value: s.sampling.designSpansPerSecond,
        allowed:
          `a rate whose tail-sampling buffer (${mib(buffer.bufferBytes)} MiB) and storage queue (${mib(queue.queueBytes)} MiB) fit a quarter ` +
          `of the collector's memory (${mib(queue.memoryBudgetBytes)} MiB); raise the collector memory limit to at least ${needed} MiB (at most ${memory})` +
          (s.stack === "prod" ? " or add collector replicas" : "") +
          ", or shorten the longest trace",
        alsoFields: inputs.filter((field) => field !== "sampling.designSpansPerSecond"),
      });
    }
  },
  (problems, s) => {
    const inputs = ["sampling.designSpansPerSecond", "sampling.baseRate", "sampling.headRate", "collector.designSpansPerSecond"];
    if (s.sampling.mode !== "collector" || !inputs.every((field) => withinSchemaRange(s, field))) return;
    // What the base rule alone keeps is a floor of what the collectors store.
    const kept = s.sampling.designSpansPerSecond * s.sampling.headRate * s.sampling.baseRate;
    if (s.collector.designSpansPerSecond < kept) {
      problems.push({
        field: "collector.designSpansPerSecond",
        value: s.collector.designSpansPerSecond,
        allowed: `at least what the base rule alone keeps: ${s.sampling.designSpansPerSecond} spans/s x ${s.sampling.headRate} (head) x ${s.sampling.baseRate} (base) = ${Number(kept.toPrecision(6))} spans/s, plus the errors, slow and critical operations kept`,
        alsoFields: inputs.filter((field) => field !== "collector.designSpansPerSecond"),
      });
    }
  },
  (problems, s) => {
    if (s.stack !== "prod" || s.sampling.mode !== "collector" || !s.tracingEnabled) return;
    // The collectors refuse clients in this mode: an endpoint still naming them loses every span.
    const host = s.otlpEndpoint.replace(/^https:\/\//, "").split(/[:/]/)[0];
    if (host.split(".")[0] === COLLECTOR_NAME) {
      problems.push({
        field: "otlpEndpoint",
        value: s.otlpEndpoint,
        allowed: `the gateway (https://${GATEWAY_NAME}.${s.kubernetes.namespace}.svc:4317, the default) in collector sampling mode: the collectors take OTLP from the gateway only`,
        alsoFields: ["sampling.mode"],
      });
    }
  },
];

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The namespaces the stack gives a role of its own (the tracing, ECK and monitoring ones), with the setting of each. */
function ourNamespaces(k: TracingSettings["kubernetes"]): { readonly name: string; readonly why: string; readonly field: string }[] {
  return [
    { name: k.namespace, why: "the tracing namespace", field: "kubernetes.namespace" },
    { name: k.eckOperatorNamespace, why: "the ECK operator's namespace", field: "kubernetes.eckOperatorNamespace" },
    { name: k.monitoringNamespace, why: "the monitoring namespace", field: "kubernetes.monitoringNamespace" },
  ];
}

const kubernetesChecks: readonly Check[] = [
  (problems, { kubernetes: k }) => {
    // The providers ignore a context in-cluster: naming one would silently deploy elsewhere.
    if (k.kubeconfig === IN_CLUSTER && k.context !== "") {
      problems.push({
        field: "kubernetes.context",
        value: k.context,
        allowed: "empty with an in-cluster kubeconfig (the pod's own cluster is the only one it reaches)",
        alsoFields: ["kubernetes.kubeconfig"],
      });
    }
    checkDnsLabel(problems, "kubernetes.namespace", k.namespace);
    checkDnsLabel(problems, "kubernetes.monitoringNamespace", k.monitoringNamespace);
    checkDnsLabel(problems, "kubernetes.eckOperatorNamespace", k.eckOperatorNamespace);
    // ECK derives names such as <name>-es-http-certs-internal from it; 30 keeps them under 63.
    checkDnsLabel(problems, "kubernetes.elasticsearchName", k.elasticsearchName, 30);
    // The list itself is the parser's; which of our own namespaces it may not hold is known here.
    const ours = ourNamespaces(k);
    const list = parseNamespaceList(k.clientNamespaces.join(","), ours);
    if (!list.ok) problems.push({ field: "kubernetes.clientNamespaces", value: k.clientNamespaces.join(","), allowed: list.allowed, alsoFields: ours.map((o) => o.field) });
    if (k.storageClassName !== "" && !DNS_SUBDOMAIN.test(k.storageClassName)) {
      problems.push({ field: "kubernetes.storageClassName", value: k.storageClassName, allowed: "empty (the default class) or a StorageClass name" });
    }
  },
  (problems, { kubernetes: k }) => {
    // The tracing namespace gets default-deny and Pod Security `restricted`; the ECK namespace
    // the operator; the monitoring namespace is who may scrape. Shared with each other or with
    // the cluster's own, these would lay our policies over pods that are not ours, or let the
    // wrong pods scrape.
    const roles = ourNamespaces(k);
    const reserved = [{ name: "default", why: "where every object without a namespace lands" }, ...SYSTEM_NAMESPACES];
    for (const [index, { field, name, why }] of roles.entries()) {
      const system = reserved.find((r) => r.name === name);
      const earlier = roles.slice(0, index).find((other) => other.name === name);
      if (system) {
        problems.push({ field, value: name, allowed: `a namespace of its own for ${why}, not ${name} (${system.why})` });
      } else if (earlier) {
        problems.push({ field, value: name, allowed: `a namespace of its own for ${why}, not ${earlier.why}`, alsoFields: [earlier.field] });
      }
    }
  },
  (problems, { kubernetes: { namespace, dns } }) => {
    checkDnsLabel(problems, "kubernetes.dns.namespace", dns.namespace);
    if (dns.namespace === namespace) {
      // default-deny-all would refuse every query to DNS pods there.
      problems.push({
        field: "kubernetes.dns.namespace",
        value: dns.namespace,
        allowed: "the namespace of the cluster DNS pods, not the tracing namespace",
        alsoFields: ["kubernetes.namespace"],
      });
    }
    const keys = Object.keys(dns.podLabels);
    if (keys.length === 0) {
      // An empty selector would open the DNS port to every pod of the namespace.
      problems.push({ field: "kubernetes.dns.podLabels", value: dns.podLabels, allowed: "at least one key=value label of the DNS pods" });
    }
    checkLabels(problems, "kubernetes.dns.podLabels", dns.podLabels);
    // Written into an ipBlock CIDR: 0.x is "this network", never a DNS cache.
    if (dns.nodeLocalAddress !== "" && (!isIpv4(dns.nodeLocalAddress) || dns.nodeLocalAddress.startsWith("0."))) {
      problems.push({
        field: "kubernetes.dns.nodeLocalAddress",
        value: dns.nodeLocalAddress,
        allowed: "empty, or the IPv4 address of the node-local DNS cache such as 169.254.20.10: one address, four decimal octets without leading zeros (parsers read 020 as 16 or 20)",
      });
    }
  },
  // Pull secrets, tolerations and the priority class are checked whole by their parsers.
  (problems, { kubernetes: { scheduling } }) => checkLabels(problems, "kubernetes.scheduling.nodeSelector", scheduling.nodeSelector),
  (problems, { kubernetes: k }) => checkLabels(problems, "kubernetes.prometheusSelectorLabels", k.prometheusSelectorLabels),
  (problems, { kubernetes: k }) => {
    requireRange(problems, "kubernetes.collectorMaxReplicas", k.collectorMaxReplicas, k.collectorReplicas, 100, true, ["kubernetes.collectorReplicas"]);
    requireRange(problems, "kubernetes.gatewayMaxReplicas", k.gatewayMaxReplicas, k.gatewayReplicas, 100, true, ["kubernetes.gatewayReplicas"]);
  },
  (problems, s) => {
    const inputs = ["sampling.designSpansPerSecond", "gateway.memoryLimitMiB", "kubernetes.gatewayReplicas"];
    // Only prod has a gateway; the local collector takes the clients' OTLP itself.
    if (s.stack !== "prod" || s.sampling.mode !== "collector" || !inputs.every((field) => withinSchemaRange(s, field))) return;
    const queue = gatewayQueueSizing(s);
    if (queue.queueBytes > queue.memoryBudgetBytes) {
      problems.push({
        field: "gateway.memoryLimitMiB",
        value: s.gateway.memoryLimitMiB,
        allowed:
          `a limit whose quarter holds the gateway's export queue (${mib(queue.queueBytes)} MiB at ${s.sampling.designSpansPerSecond} spans/s); ` +
          `at least ${queue.memoryLimitMiBNeeded} MiB (at most ${schemaRange("gateway.memoryLimitMiB").max}), or at least ${queue.podsNeeded} gateways`,
        alsoFields: ["sampling.designSpansPerSecond", "kubernetes.gatewayReplicas"],
      });
    }
  },
  (problems, { kubernetes: { prometheus, namespace } }) => {
    const needsUrl = (field: string, value: unknown) =>
      problems.push({ field, value, allowed: "empty while TRACING_PROMETHEUS_URL is (there is no Prometheus to send it to)", alsoFields: ["kubernetes.prometheus.url"] });
    checkLabels(problems, "kubernetes.prometheus.podLabels", prometheus.podLabels);
    const credentials = [
      ["tokenSecret", prometheus.tokenSecret],
      ["basicAuthSecret", prometheus.basicAuthSecret],
    ] as const;
    if (prometheus.url === "") {
      for (const [field, value] of [["caSecret", prometheus.caSecret], ...credentials] as const) {
        if (value !== "") needsUrl(`kubernetes.prometheus.${field}`, value);
      }
      if (Object.keys(prometheus.podLabels).length > 0) needsUrl("kubernetes.prometheus.podLabels", prometheus.podLabels);
      return;
    }
    const endpoint = prometheusEndpoint(prometheus);
    if (endpoint === undefined) {
      problems.push({
        field: "kubernetes.prometheus.url",
        value: prometheus.url,
        allowed: "a URL whose host a NetworkPolicy can name: a cluster Service (`<service>.<namespace>.svc`) or an IPv4 address",
      });
    } else if (endpoint.peer.kind === "namespace" && endpoint.peer.namespace === namespace) {
      // The tracing namespace's default deny would keep Prometheus from scraping anything itself.
      problems.push({ field: "kubernetes.prometheus.url", value: prometheus.url, allowed: "a Prometheus outside the tracing namespace", alsoFields: ["kubernetes.namespace"] });
    }
    if (endpoint?.peer.kind === "address" && Object.keys(prometheus.podLabels).length > 0) {
      problems.push({
        field: "kubernetes.prometheus.podLabels",
        value: prometheus.podLabels,
        allowed: "empty while TRACING_PROMETHEUS_URL's host is an IP address (a NetworkPolicy's ipBlock names no pod labels); or name the Prometheus by its Service",
        alsoFields: ["kubernetes.prometheus.url"],
      });
    }
    const plainHttp = !prometheus.url.startsWith("https://");
    if (prometheus.caSecret !== "" && plainHttp) {
      problems.push({ field: "kubernetes.prometheus.caSecret", value: prometheus.caSecret, allowed: "empty unless TRACING_PROMETHEUS_URL is https://", alsoFields: ["kubernetes.prometheus.url"] });
    }
    // Over plain http a bearer token or password crosses the cluster network readable by anyone on the path.
    for (const [field, value] of credentials) {
      if (value === "" || !plainHttp) continue;
      problems.push({
        field: `kubernetes.prometheus.${field}`,
        value,
        allowed:
          "empty while TRACING_PROMETHEUS_URL is plain http:// (the credential would cross the network in cleartext): make TRACING_PROMETHEUS_URL https:// (with TRACING_PROMETHEUS_CA_SECRET for a private CA), or drop the credential if that Prometheus checks none",
        alsoFields: ["kubernetes.prometheus.url"],
      });
    }
    // Both would set the Authorization header (reader.go's bearer round-tripper, then the basicauth extension's).
    if (prometheus.tokenSecret !== "" && prometheus.basicAuthSecret !== "") {
      problems.push({
        field: "kubernetes.prometheus.basicAuthSecret",
        value: prometheus.basicAuthSecret,
        allowed: "empty while TRACING_PROMETHEUS_TOKEN_SECRET is set (one credential per request)",
        alsoFields: ["kubernetes.prometheus.tokenSecret"],
      });
    }
  },
  // Checked with or without a host: a bad value must not wait for the day the UI is published.
  (problems, { kubernetes: { ingress, namespace } }) => {
    // IngressClass names are object names (DNS subdomains): AKS's is webapprouting.kubernetes.azure.com.
    if (!DNS_SUBDOMAIN.test(ingress.className)) {
      problems.push({ field: "kubernetes.ingress.className", value: ingress.className, allowed: "an IngressClass name (a DNS subdomain)" });
    }
    checkDnsLabel(problems, "kubernetes.ingress.controllerNamespace", ingress.controllerNamespace);
    if (ingress.controllerNamespace === namespace) {
      // The controller would run under our default-deny, and the UI would be open to every pod of ours.
      problems.push({
        field: "kubernetes.ingress.controllerNamespace",
        value: ingress.controllerNamespace,
        allowed: "the namespace the ingress controller runs in, not the tracing namespace (k3s' Traefik: kube-system)",
        alsoFields: ["kubernetes.namespace"],
      });
    }
    if (!DNS_SUBDOMAIN.test(ingress.tlsSecretName)) {
      problems.push({ field: "kubernetes.ingress.tlsSecretName", value: ingress.tlsSecretName, allowed: "a Secret name" });
    }
    // The guide: restrict Jaeger UI access in production. No Ingress without authentication.
    if (ingress.host !== "" && ingress.authUrl === "") {
      problems.push({
        field: "kubernetes.ingress.authUrl",
        value: ingress.authUrl,
        allowed: "the URL of an authentication service (e.g. oauth2-proxy /oauth2/auth) whenever the UI has an Ingress host",
        alsoFields: ["kubernetes.ingress.host"],
      });
    }
  },
];

/** The value at a dotted path of the settings. */
export const valueAt = (settings: TracingSettings, field: string): unknown =>
  field.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], settings);

/** The bounds the schema gives a numeric setting; a rule that asks for a setting without bounds is a programming error. */
export function schemaRange(field: string): { readonly min: number; readonly max: number; readonly whole?: boolean } {
  const range = SETTINGS.find((spec) => spec.field === field)?.range;
  if (!range) throw new Error(`the schema gives ${field} no bounds`);
  return range;
}

/** Whether a number is inside the bounds the schema gives its setting. */
function withinSchemaRange(settings: TracingSettings, field: string): boolean {
  const { min, max, whole } = schemaRange(field);
  return inRange(valueAt(settings, field) as number, min, max, whole);
}

/**
 * Every problem of `settings`; empty when they are valid. The hand-written rules come first:
 * a field they report is not reported again by its plain schema bounds.
 */
export function validateSettings(settings: TracingSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const check of [...checks, ...samplingChecks, ...hostPortChecks, ...alertChecks, ...kubernetesChecks]) check(problems, settings);
  const reported = new Set(problems.map((p) => p.field));
  for (const spec of SETTINGS) {
    if (spec.range === undefined || reported.has(spec.field)) continue;
    requireRange(problems, spec.field, valueAt(settings, spec.field) as number, spec.range.min, spec.range.max, spec.range.whole);
  }
  return problems;
}

