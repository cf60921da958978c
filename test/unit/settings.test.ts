import { readFileSync } from "node:fs";
import { join } from "node:path";
import { minimumDiskGiBPerNode, validateSettings } from "../../tracing/checked-settings/validation";
import { resolveAllSettings, resolveSettings } from "../../tracing/checked-settings";
import { SETTINGS, STACK_NAMES, type EnvironmentVariables } from "../../tracing/settings";
import { acceptedCases, ISSUER_CA_FILES } from "../security/settings-cases";

describe("default properties", () => {
  test("local: one node, no replicas, the guide's sizes, and every trace kept (prod keeps the guide's 1 %)", () => {
    const s = resolveSettings("local");
    expect(resolveSettings("prod").sampling.baseRate).toBe(0.01);
    expect(s.environment).toBe("local");
    expect(s.tracingEnabled).toBe(true);
    expect(s.otlpEndpoint).toBe("https://localhost:4317");
    expect(s.jaegerUiUrl).toBe("https://localhost:16686");
    expect(s.sampling).toEqual({
      mode: "sdk",
      baseRate: 1,
      headRate: 1,
      errorRate: 1,
      slowOperationRate: 1,
      slowOperationThresholdMs: 100,
      criticalOperationRate: 0.1,
      criticalOperations: ["genesis.order.*", "genesis.risk.*"],
      criticalAttribute: "",
      // A laptop's rate; prod's is 2000 (tail-sampling.test.ts).
      designSpansPerSecond: 50,
      longestTraceSeconds: 10,
    });
    expect(s.retentionDays).toBe(7);
    expect(s.indexPrefix).toBe("genesis");
    expect(s.elasticsearch).toEqual({
      nodeCount: 1,
      heapMiB: 2048,
      memoryLimitMiB: 4096,
      diskGiB: 10,
      dailyVolumeGiB: 1,
      replicas: 0,
      shards: 1,
    });
    expect(s.collector).toEqual({ designSpansPerSecond: 50, memoryLimitMiB: 512 });
    expect(s.images.jaeger).toEqual({ repository: "jaegertracing/jaeger", tag: "2.20.0", digest: "" });
    expect(s.images.esRollover).toEqual({ repository: "jaegertracing/jaeger-es-rollover", tag: "2.20.0", digest: "" });
    expect(s.images.elasticsearch).toEqual({ repository: "docker.elastic.co/elasticsearch/elasticsearch", tag: "9.5.0", digest: "" });
  });

  test("prod: three nodes with one replica and 30 GiB each", () => {
    const s = resolveSettings("prod");
    expect(s.environment).toBe("production");
    expect(s.elasticsearch.nodeCount).toBe(3);
    expect(s.elasticsearch.replicas).toBe(1);
    expect(s.elasticsearch.diskGiB).toBe(30);
    expect(s.images.elasticsearch.tag).toBe(resolveSettings("local").images.elasticsearch.tag);
  });

  test("prod: every pod may query kube-dns in kube-system on 53", () => {
    expect(resolveSettings("prod").kubernetes.dns).toEqual({ namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" }, port: 53, nodeLocalAddress: "" });
  });

  // Issue 18: kube-prometheus-stack's Prometheus selects rules and monitors by its Helm release's label.
  test("prod: the Prometheus Operator objects carry kube-prometheus-stack's release label, and the alerts select the tracing namespace", () => {
    const s = resolveSettings("prod");
    expect(s.kubernetes.prometheusSelectorLabels).toEqual({ release: "kube-prometheus-stack" });
    expect(s.alerts.selector).toBe('namespace="tracing"');
  });

  test("local: the alerts select the bundled Prometheus' scrape job", () => {
    expect(resolveSettings("local").alerts.selector).toBe('job="genesis-tracing"');
  });

  test.each(STACK_NAMES)("%s: the kubeconfig's current context, unless TRACING_KUBE_CONTEXT names one", (stack) => {
    expect(resolveSettings(stack).kubernetes.context).toBe("");
  });

  test("prod: the ECK operator image is the release of the chart that installs it", () => {
    expect(resolveSettings("prod").images.eckOperator).toEqual({ repository: "docker.elastic.co/eck/eck-operator", tag: "3.5.0", digest: "" });
  });
});

describe("environment overrides", () => {
  test("the Genesis variables set their fields", () => {
    const s = resolveSettings("local", {
      OTLP_ENDPOINT: "collector.example.com:4317",
      OTLP_SECURE: "true",
      TRACE_SAMPLING_RATE: "0.25",
      JAEGER_UI_URL: "https://jaeger.example.com",
      TRACE_RETENTION_DAYS: "14",
      ENVIRONMENT: "staging",
      ES_DISK_GIB: "20",
    });
    expect(s.otlpEndpoint).toBe("collector.example.com:4317");
    expect(s.sampling.baseRate).toBe(0.25);
    expect(s.jaegerUiUrl).toBe("https://jaeger.example.com");
    expect(s.retentionDays).toBe(14);
    expect(s.environment).toBe("staging");
    // 14 days outgrow the 10 GiB default: (14 + 1) x 1 GiB / 0.85.
    expect(minimumDiskGiBPerNode(s)).toBe(18);
  });

  test("a stack-scoped variable wins over the shared one, for its stack only", () => {
    const env = { TRACE_SAMPLING_RATE: "0.2", PROD_TRACE_SAMPLING_RATE: "0.05" };
    expect(resolveSettings("prod", env).sampling.baseRate).toBe(0.05);
    expect(resolveSettings("local", env).sampling.baseRate).toBe(0.2);
  });

  test("a published UI host becomes the UI URL, unless JAEGER_UI_URL is set", () => {
    const exposed = { TRACING_UI_HOST: "jaeger.example.com", TRACING_UI_AUTH_URL: "https://auth.example.com/oauth2/auth" };
    expect(resolveSettings("prod", exposed).jaegerUiUrl).toBe("https://jaeger.example.com");
    expect(resolveSettings("prod", { ...exposed, JAEGER_UI_URL: "https://traces.example.com" }).jaegerUiUrl).toBe("https://traces.example.com");
  });

  test("OTLP_ENDPOINT=disabled switches tracing off and keeps the collector endpoint", () => {
    const s = resolveSettings("local", { OTLP_ENDPOINT: "disabled" });
    expect(s.tracingEnabled).toBe(false);
    expect(s.otlpEndpoint).toBe("https://localhost:4317");
  });

  test("JAEGER_VERSION moves the collector, query and es-rollover images together", () => {
    const s = resolveSettings("local", { JAEGER_VERSION: "2.19.0" });
    expect(s.images.jaeger.tag).toBe("2.19.0");
    expect(s.images.esRollover.tag).toBe("2.19.0");
  });

  test("TRACING_DNS_* describe another cluster DNS, such as OpenShift's", () => {
    const s = resolveSettings("prod", {
      TRACING_DNS_NAMESPACE: "openshift-dns",
      TRACING_DNS_POD_LABELS: "dns.operator.openshift.io/daemonset-dns=default",
      TRACING_DNS_PORT: "5353",
    });
    expect(s.kubernetes.dns).toEqual({
      namespace: "openshift-dns",
      podLabels: { "dns.operator.openshift.io/daemonset-dns": "default" },
      port: 5353,
      nodeLocalAddress: "",
    });
  });

  test("TRACING_DNS_POD_LABELS takes several comma-separated labels, all of which must match", () => {
    const s = resolveSettings("prod", { TRACING_DNS_POD_LABELS: "k8s-app=coredns,app.kubernetes.io/part-of=dns" });
    expect(s.kubernetes.dns.podLabels).toEqual({ "k8s-app": "coredns", "app.kubernetes.io/part-of": "dns" });
  });

  test("sizes come from ES_HEAP_MIB, ES_MEMORY_LIMIT_MIB and ES_DISK_GIB", () => {
    const s = resolveSettings("local", { ES_HEAP_MIB: "3072", ES_MEMORY_LIMIT_MIB: "8192", ES_DISK_GIB: "50" });
    expect(s.elasticsearch).toMatchObject({ heapMiB: 3072, memoryLimitMiB: 8192, diskGiB: 50 });
  });
});

describe("minimum disk per node", () => {
  test("local: (7 + 1) days x 1 GiB x 1 copy / 0.85 = 10 GiB", () => {
    expect(minimumDiskGiBPerNode(resolveSettings("local"))).toBe(10);
  });
  test("prod: (7 + 1) x 1 GiB x 2 copies over the 2 nodes left after losing one / 0.85 = 10 GiB", () => {
    expect(minimumDiskGiBPerNode(resolveSettings("prod"))).toBe(10);
  });
});

describe("validation", () => {
  const failures: [string, EnvironmentVariables, RegExp][] = [
    ["sampling rate above 1", { TRACE_SAMPLING_RATE: "1.5" }, /TRACE_SAMPLING_RATE \(sampling\.baseRate\) must be a number between 0 and 1, got 1\.5/],
    ["sampling rate negative", { TRACE_SAMPLING_RATE: "-0.1" }, /sampling\.baseRate\b.* must be a decimal number.*got "-0\.1"/],
    ["sampling rate not a number", { TRACE_SAMPLING_RATE: "often" }, /sampling\.baseRate\b.* must be a decimal number such as 0\.01, got "often"/],
    ["sampling rate NaN", { TRACE_SAMPLING_RATE: "NaN" }, /sampling\.baseRate\b.* got "NaN"/],
    ["retention zero", { TRACE_RETENTION_DAYS: "0" }, /TRACE_RETENTION_DAYS \(retentionDays\) must be a whole number between 1 and 3650, got 0/],
    ["retention fractional", { TRACE_RETENTION_DAYS: "7.5" }, /retentionDays\b.* must be a whole number, got "7\.5"/],
    ["retention above ten years", { TRACE_RETENTION_DAYS: "3651", ES_DISK_GIB: "99999" }, /retentionDays\b.* between 1 and 3650, got 3651/],
    ["heap below 2 GB", { ES_HEAP_MIB: "1024" }, /ES_HEAP_MIB \(elasticsearch\.heapMiB\) must be a whole number between 2048 and 31744, got 1024/],
    ["heap above half the memory limit", { ES_HEAP_MIB: "3072" }, /ES_MEMORY_LIMIT_MIB \(elasticsearch\.memoryLimitMiB, default; or change ES_HEAP_MIB\) must be a whole number of MiB at least twice the heap \(6144\).* got 4096/],
    ["disk below retention x volume x copies", { ES_DISK_GIB: "5" }, /ES_DISK_GIB \(elasticsearch\.diskGiB; or change .*\) must be between 10 and 65536 GiB per node.* got 5/],
    ["disk too small for a longer retention", { TRACE_RETENTION_DAYS: "30" }, /ES_DISK_GIB \(elasticsearch\.diskGiB, default; or change TRACE_RETENTION_DAYS, ES_DAILY_VOLUME_GIB, ES_INDEX_REPLICAS, ES_NODE_COUNT\) must be between 37 and 65536 GiB per node: \(30 days \+ 1\) x 1 GiB\/day x \(1 \+ 0 replicas\) \/ 1 \(nodes - 1, at least 1\) \/ 0\.85/],
    ["OTLP endpoint without a port", { OTLP_ENDPOINT: "collector" }, /OTLP_ENDPOINT \(otlpEndpoint\) must be "disabled" or host:port or an https:\/\/host:port URL \(no scheme and no port.*\), got "collector"/],
    ["OTLP endpoint with a bad port", { OTLP_ENDPOINT: "collector:99999" }, /otlpEndpoint\b.* got "collector:99999"/],
    ["OTLP endpoint over plain http", { OTLP_ENDPOINT: "http://collector:4317" }, /otlpEndpoint\b.* must be .*\(plain http:\/\/ is not accepted here: the traffic must be encrypted\)/],
    ["OTLP endpoint with spaces", { OTLP_ENDPOINT: "https://collector:4317 --x" }, /otlpEndpoint\b.* got "https:\/\/collector:4317 --x"/],
    ["OTLP_SECURE false", { OTLP_SECURE: "false" }, /OTLP_SECURE \(otlpSecure\) must be true \(the collector accepts TLS only\), got false/],
    ["OTLP_SECURE not a boolean", { OTLP_SECURE: "yes" }, /otlpSecure\b.* must be true or false, got "yes"/],
    ["UI URL over http", { JAEGER_UI_URL: "http://jaeger.example.com" }, /JAEGER_UI_URL \(jaegerUiUrl\) must be an https:\/\/ URL/],
    ["unknown ENVIRONMENT", { ENVIRONMENT: "qa" }, /ENVIRONMENT \(environment\) must be one of local, development, staging, production, got "qa"/],
    ["image tag latest", { JAEGER_VERSION: "latest" }, /JAEGER_VERSION \(images\.jaeger\.tag\) must be an exact version tag, not latest in any case \(it moves under a running deploy\), got "latest"/],
    ["image tag empty", { ELASTICSEARCH_VERSION: "" }, /ELASTICSEARCH_VERSION \(images\.elasticsearch\.tag\) must be an exact version tag: 1-128 letters, digits, _ \. and -, not starting with \. or -, got ""/],
    ["Jaeger v1", { JAEGER_VERSION: "1.76.0" }, /images\.jaeger\.tag\b.* must be a Jaeger v2 release/],
    ["Elasticsearch 6", { ELASTICSEARCH_VERSION: "6.8.23" }, /images\.elasticsearch\.tag\b.* must be an Elasticsearch 7\.x, 8\.x or 9\.x release/],
    ["index prefix with capitals", { TRACE_INDEX_PREFIX: "Genesis" }, /TRACE_INDEX_PREFIX \(indexPrefix\) must be 1-30 lower-case letters/],
    ["service name with a newline", { SDK_SERVICE_NAME: "orders\nEVIL=1" }, /SDK_SERVICE_NAME \(sdk\.serviceName\) must be 1-63 letters/],
    [
      "DNS namespace is not a DNS label",
      { TRACING_DNS_NAMESPACE: "Kube-System" },
      /TRACING_DNS_NAMESPACE \(kubernetes\.dns\.namespace\) must be a DNS label: 1-63 lower-case letters, digits and inner dashes, got "Kube-System"/,
    ],
    ["DNS namespace empty", { TRACING_DNS_NAMESPACE: "" }, /kubernetes\.dns\.namespace\b.* must be a DNS label.*, got ""/],
    [
      "DNS namespace is the tracing namespace",
      { TRACING_DNS_NAMESPACE: "tracing" },
      /kubernetes\.dns\.namespace\b.* must be the namespace of the cluster DNS pods, not the tracing namespace, got "tracing"/,
    ],
    [
      "DNS pod labels empty",
      { TRACING_DNS_POD_LABELS: "" },
      /TRACING_DNS_POD_LABELS \(kubernetes\.dns\.podLabels\) must be at least one key=value label of the DNS pods, got \{\}/,
    ],
    ["DNS pod label without a value", { TRACING_DNS_POD_LABELS: "k8s-app" }, /kubernetes\.dns\.podLabels\b.* must be key=value pairs separated by commas, got "k8s-app"/],
    [
      "DNS pod label key repeated",
      { TRACING_DNS_POD_LABELS: "k8s-app=kube-dns,k8s-app=coredns" },
      /kubernetes\.dns\.podLabels\b.* must be key=value pairs with distinct keys \(k8s-app repeats\), got "k8s-app=kube-dns,k8s-app=coredns"/,
    ],
    ["DNS pod label key starts with a dash", { TRACING_DNS_POD_LABELS: "-app=kube-dns" }, /kubernetes\.dns\.podLabels\b.* must be label keys of an optional DNS-subdomain prefix .*, got "-app"/],
    ["DNS pod label key name over 63 characters", { TRACING_DNS_POD_LABELS: `${"k".repeat(64)}=kube-dns` }, /kubernetes\.dns\.podLabels\b.* must be label keys .*, got "k{64}"/],
    ["DNS pod label key prefix not a DNS subdomain", { TRACING_DNS_POD_LABELS: "Example.COM/app=dns" }, /kubernetes\.dns\.podLabels\b.* must be label keys .*, got "Example\.COM\/app"/],
    ["DNS pod label key with two slashes", { TRACING_DNS_POD_LABELS: "example.com/a/b=dns" }, /kubernetes\.dns\.podLabels\b.* must be label keys .*, got "example\.com\/a\/b"/],
    ["DNS pod label value empty", { TRACING_DNS_POD_LABELS: "k8s-app=" }, /kubernetes\.dns\.podLabels\b.* must be label values of 1-63 letters, digits, .*, got "k8s-app="/],
    ["DNS pod label value over 63 characters", { TRACING_DNS_POD_LABELS: `k8s-app=${"v".repeat(64)}` }, /kubernetes\.dns\.podLabels\b.* must be label values .*, got "k8s-app=v{64}"/],
    ["DNS pod label value ends with a dot", { TRACING_DNS_POD_LABELS: "k8s-app=kube-dns." }, /kubernetes\.dns\.podLabels\b.* must be label values .*, got "k8s-app=kube-dns\."/],
    ["DNS pod label value with a space", { TRACING_DNS_POD_LABELS: "k8s-app=kube dns" }, /kubernetes\.dns\.podLabels\b.* must be label values .*, got "k8s-app=kube dns"/],
    ["DNS port zero", { TRACING_DNS_PORT: "0" }, /TRACING_DNS_PORT \(kubernetes\.dns\.port\) must be a whole number between 1 and 65535, got 0/],
    ["DNS port above 65535", { TRACING_DNS_PORT: "65536" }, /kubernetes\.dns\.port\b.* must be a whole number between 1 and 65535, got 65536/],
    ["DNS port not a number", { TRACING_DNS_PORT: "53/udp" }, /kubernetes\.dns\.port\b.* must be a whole number, got "53\/udp"/],
  ];

  /** A prod-only variable is read by the prod stack only. */
  const stackReading = (env: EnvironmentVariables) =>
    Object.keys(env).some((variable) => SETTINGS.find((s) => s.variable === variable)?.scope === "prod") ? "prod" : "local";

  test.each(failures)("fails if %s", (_rule, env, message) => {
    expect(() => resolveSettings(stackReading(env), env)).toThrow(message);
  });

  test("fails if replicas leave a single node yellow", () => {
    expect(() => resolveSettings("prod", { PROD_ES_DISK_GIB: "30" })).not.toThrow();
    const settings = resolveSettings("local");
    const problems = validateSettings({ ...settings, elasticsearch: { ...settings.elasticsearch, replicas: 1, diskGiB: 100 } });
    expect(problems).toEqual([
      expect.objectContaining({ field: "elasticsearch.replicas", value: 1, allowed: expect.stringMatching(/between 0 and 0/) }),
    ]);
  });

  test("fails if certificate renewal is later than 2/3 of the leaf lifetime", () => {
    const settings = resolveSettings("local");
    const problems = validateSettings({ ...settings, certificates: { ...settings.certificates, leafRenewBeforeDays: 31 } });
    expect(problems).toEqual([expect.objectContaining({ field: "certificates.leafRenewBeforeDays", value: 31 })]);
  });

  test("reports every problem at once, for the right stack", () => {
    expect(() => resolveSettings("prod", { TRACE_SAMPLING_RATE: "2", ENVIRONMENT: "qa" })).toThrow(
      /invalid tracing settings for stack "prod":\n {2}- ENVIRONMENT \(environment\b.*\n {2}- TRACE_SAMPLING_RATE \(sampling\.baseRate/,
    );
  });
});

describe("each variable sets the field the schema names", () => {
  const fieldOf = (settings: object, field: string) => field.split(".").reduce<any>((node, key) => node?.[key], settings);
  /** `VAR` or its stack-scoped `LOCAL_VAR` / `PROD_VAR`, and the stack it then applies to. */
  const stackSetting = (env: object, spec: (typeof SETTINGS)[number]) => {
    const scoped = STACK_NAMES.find((stack) => `${stack.toUpperCase()}_${spec.variable}` in env);
    return scoped ?? (spec.variable in env ? (spec.scope === "both" ? "prod" : spec.scope) : undefined);
  };
  /** Settings that accept one value only, which is their default: nothing can move them. */
  const SINGLE_VALUED: Record<string, unknown> = { OTLP_SECURE: true };
  test.each(SETTINGS.map((o) => [o.variable, o.field, o]))("%s moves %s: one of its accepted cases changes that field", (variable, field, spec) => {
    const moved = acceptedCases.flatMap(([description, env, files]) => {
      const stack = stackSetting(env, spec);
      if (stack === undefined) return [];
      const before = fieldOf(resolveSettings(stack, {}, ISSUER_CA_FILES), field);
      const after = fieldOf(resolveSettings(stack, env, files ?? ISSUER_CA_FILES), field);
      return JSON.stringify(after) === JSON.stringify(before) ? [] : [description];
    });
    if (variable in SINGLE_VALUED) expect(fieldOf(resolveSettings("prod", { [variable]: "true" }), field)).toBe(SINGLE_VALUED[variable]);
    else expect({ variable, moved: moved.length > 0 }).toEqual({ variable, moved: true });
  });
});

describe("validation of settings without an environment variable", () => {
  const base = resolveSettings("prod");
  const cases: [string, object, string][] = [
    ["no Elasticsearch node", { elasticsearch: { ...base.elasticsearch, nodeCount: 0 } }, "elasticsearch.nodeCount"],
    ["no shard", { elasticsearch: { ...base.elasticsearch, shards: 0 } }, "elasticsearch.shards"],
    ["more replicas than other nodes", { elasticsearch: { ...base.elasticsearch, replicas: 3, diskGiB: 100 } }, "elasticsearch.replicas"],
    ["a negative error sampling rate", { sampling: { ...base.sampling, errorRate: -1 } }, "sampling.errorRate"],
    ["an infinite critical sampling rate", { sampling: { ...base.sampling, criticalOperationRate: Infinity } }, "sampling.criticalOperationRate"],
    ["a fractional slow threshold", { sampling: { ...base.sampling, slowOperationThresholdMs: 0.5 } }, "sampling.slowOperationThresholdMs"],
    ["attributes longer than 1 KB", { sdk: { ...base.sdk, attributeValueLengthLimit: 4096 } }, "sdk.attributeValueLengthLimit"],
    [
      "export batches larger than the queue",
      { sdk: { ...base.sdk, batchSpanProcessor: { ...base.sdk.batchSpanProcessor, maxExportBatchSize: 4096 } } },
      "sdk.batchSpanProcessor.maxExportBatchSize",
    ],
    ["a CA that does not outlive two leaf lifetimes", { certificates: { ...base.certificates, caValidityDays: 120 } }, "certificates.caValidityDays"],
    ["leaves valid longer than 397 days", { certificates: { ...base.certificates, leafValidityDays: 400, leafRenewBeforeDays: 100 } }, "certificates.leafValidityDays"],
    ["an image repository with capitals", { images: { ...base.images, jaeger: { ...base.images.jaeger, repository: "Jaeger" } } }, "images.jaeger.repository"],
    ["a redacted key with regex syntax", { redactedAttributeKeys: ["pass|.*"] }, "redactedAttributeKeys"],
    ["a fractional DNS port", { kubernetes: { ...base.kubernetes, dns: { ...base.kubernetes.dns, port: 53.5 } } }, "kubernetes.dns.port"],
  ];

  test.each(cases)("fails if %s", (_rule, change, field) => {
    expect(validateSettings({ ...base, ...change }).map((p) => p.field)).toContain(field);
  });

  test("the defaults of both stacks are valid", () => {
    expect(validateSettings(resolveSettings("local"))).toEqual([]);
    expect(validateSettings(base)).toEqual([]);
  });
});

test.each(["169.254.20.10/32", "300.1.1.1", "0.0.0.0", "::1", "169.254.20", " 169.254.20.10"])(
  "fails if TRACING_DNS_NODE_LOCAL_ADDRESS is %j (one IPv4 address)",
  (value) => {
    expect(() => resolveSettings("prod", { TRACING_DNS_NODE_LOCAL_ADDRESS: value })).toThrow(/TRACING_DNS_NODE_LOCAL_ADDRESS \(kubernetes\.dns\.nodeLocalAddress\) must be empty, or the IPv4 address/);
  },
);

describe("the schema", () => {
  const derived = new Set(["stack", "tracingEnabled", "images.esRollover.tag", "images.eckOperator.tag", "certificates.issuerCaPem"]);
  /** Settings whose value is a map of labels: one setting, however many keys. */
  const labelFields = new Set(["kubernetes.prometheusSelectorLabels", "kubernetes.prometheus.podLabels", "kubernetes.dns.podLabels", "kubernetes.scheduling.nodeSelector"]);
  const leaves = (node: unknown, path: string[] = []): string[] =>
    node !== null && typeof node === "object" && !Array.isArray(node) && !("kind" in node) && !labelFields.has(path.join("."))
      ? Object.entries(node).flatMap(([key, value]) => leaves(value, [...path, key]))
      : [path.join(".")];

  test.each(STACK_NAMES)("describes every setting of the %s stack exactly once; only derived values are not settings", (stack) => {
    const fields = leaves(resolveSettings(stack)).filter((field) => !derived.has(field));
    expect(fields.sort()).toEqual(SETTINGS.map((s) => s.field).sort());
    expect(new Set(SETTINGS.map((s) => s.variable)).size).toBe(SETTINGS.length);
  });

  test("a prod-only setting never changes the local stack", () => {
    const env = { TRACING_UI_HOST: "jaeger.example.com", TRACING_UI_AUTH_URL: "https://auth.example.com/oauth2/auth", TRACING_NAMESPACE: "observability" };
    expect(resolveSettings("local", env)).toEqual(resolveSettings("local"));
    expect(resolveSettings("prod", env).jaegerUiUrl).toBe("https://jaeger.example.com");
  });

  test("a LOCAL_ prefix on a prod-only setting is refused, under local", () => {
    expect(() => resolveSettings("local", { LOCAL_TRACING_UI_HOST: "jaeger.example.com" })).toThrow(
      /stack "local":\n {2}- LOCAL_TRACING_UI_HOST \(kubernetes\.ingress\.host\) must be unset: TRACING_UI_HOST applies to the prod stack only/,
    );
  });

  test("errors in prod-only settings are reported under prod, and local still resolves", () => {
    const env = { TRACING_DNS_PORT: "0" };
    expect(() => resolveSettings("local", env)).not.toThrow();
    expect(() => resolveSettings("prod", env)).toThrow(/stack "prod":\n {2}- TRACING_DNS_PORT \(kubernetes\.dns\.port\)/);
  });

  test("defaults computed from other settings follow them: the namespace moves the endpoints and the alert selector", () => {
    const s = resolveSettings("prod", { TRACING_NAMESPACE: "observability" });
    expect([s.otlpEndpoint, s.jaegerUiUrl, s.alerts.selector]).toEqual([
      "https://jaeger-collector.observability.svc:4317",
      "https://jaeger-query.observability.svc:16686",
      'namespace="observability"',
    ]);
  });

  test("a value is shown cut to 80 characters", () => {
    expect(() => resolveSettings("local", { SDK_SERVICE_NAME: "x".repeat(500) })).toThrow(/got "x{76}\.\.\.$/m);
  });

  test("both stacks' problems are reported in one run", () => {
    expect(() => resolveAllSettings({ LOCAL_TRACE_SAMPLING_RATE: "2", PROD_TRACE_RETENTION_DAYS: "0" })).toThrow(
      /invalid tracing settings for stack "local":\n {2}- LOCAL_TRACE_SAMPLING_RATE \(sampling\.baseRate\).*\ninvalid tracing settings for stack "prod":\n {2}- PROD_TRACE_RETENTION_DAYS \(retentionDays\)/,
    );
  });
});

test.each<[string, EnvironmentVariables, RegExp]>([
  ["an IngressClass that is not a name", { TRACING_UI_INGRESS_CLASS: "Nginx Class" }, /TRACING_UI_INGRESS_CLASS \(kubernetes\.ingress\.className\)/],
  ["a TLS Secret that is not a name", { TRACING_UI_TLS_SECRET: "ui_tls" }, /TRACING_UI_TLS_SECRET \(kubernetes\.ingress\.tlsSecretName\)/],
  ["an auth URL that is not a URL", { TRACING_UI_AUTH_URL: "oauth2-proxy" }, /TRACING_UI_AUTH_URL \(kubernetes\.ingress\.authUrl\) must be .*\(no scheme such as https:\/\/\), got "oauth2-proxy"/],
  ["a sign-in URL over http", { TRACING_UI_AUTH_SIGNIN_URL: "http://auth.example.com/start" }, /TRACING_UI_AUTH_SIGNIN_URL \(kubernetes\.ingress\.authSignInUrl\)/],
])("ingress settings are checked even without a host: fails if %s", (_name, env, message) => {
  expect(() => resolveSettings("prod", env)).toThrow(message);
});

test("every number a variable sets has bounds, matched to what a node or API accepts", () => {
  const parsesToNumber = (raw: string, s: (typeof SETTINGS)[number]) => {
    const result = s.parse(raw);
    return result.ok && typeof result.value === "number";
  };
  const numeric = SETTINGS.filter((s) => parsesToNumber("1", s));
  expect(numeric.length).toBeGreaterThan(30);
  expect(numeric.filter((s) => s.range === undefined).map((s) => s.variable)).toEqual([]);
});

test("a refused value is reported once: rules that read it do not judge its default as well", () => {
  let message = "";
  try {
    resolveSettings("local", { ES_MEMORY_LIMIT_MIB: "8g", ES_HEAP_MIB: "4096" });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message.split("\n").filter((line) => line.includes("ES_MEMORY_LIMIT_MIB"))).toEqual([
    '  - ES_MEMORY_LIMIT_MIB (elasticsearch.memoryLimitMiB) must be a whole number, got "8g"',
  ]);
});

describe("host ports (local)", () => {
  test("a moved port moves what is published and the local endpoints, never prod", () => {
    const env = { TRACING_HOST_PORT_OTLP_GRPC: "14317", TRACING_HOST_PORT_UI: "26686" };
    const local = resolveSettings("local", env);
    expect([local.otlpEndpoint, local.jaegerUiUrl]).toEqual(["https://localhost:14317", "https://localhost:26686"]);
    expect(resolveSettings("prod", env)).toEqual(resolveSettings("prod"));
  });

  test("fails if two local containers would publish the same host port, naming both variables", () => {
    expect(() => resolveSettings("local", { TRACING_HOST_PORT_UI: "4317" })).toThrow(
      /TRACING_HOST_PORT_OTLP_GRPC \(hostPorts\.otlpGrpc, default; or change TRACING_HOST_PORT_UI\) must be a host port no other local container publishes, got 4317/,
    );
  });

  test("fails if a host port is privileged", () => {
    expect(() => resolveSettings("local", { TRACING_HOST_PORT_ELASTICSEARCH: "443" })).toThrow(/TRACING_HOST_PORT_ELASTICSEARCH \(hostPorts\.elasticsearchHttp\) must be a whole number between 1024 and 65535/);
  });
});

describe("the issuer's CA file (TRACING_CERT_ISSUER_CA_FILE)", () => {
  const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/certificates", name), "utf8");
  const ca = fixture("issuer-ca.pem");
  const env = { TRACING_CERTIFICATES: "cert-manager", TRACING_CERT_ISSUER: "ClusterIssuer/vault", TRACING_CERT_ISSUER_CA_FILE: "ca.pem" };
  const withFile = (text: string) => () => resolveSettings("prod", env, { "ca.pem": text });

  test("default properties: terraform mode, no issuer, no CA of another's", () => {
    expect(resolveSettings("prod").certificates).toMatchObject({ mode: "terraform", issuer: "", issuerCaFile: "", issuerCaPem: "" });
  });

  test("a bundle of CA certificates is trusted as read, one PEM block after another", () => {
    expect(withFile(`${ca}\n${ca}`)().certificates.issuerCaPem).toBe(`${ca}${ca}`);
  });

  test.each([
    ["holds no certificate", "nothing here\n", /holds none/],
    ["holds a private key", `${ca}-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n`, /holds a PRIVATE KEY block, which must never reach the clients' trust bundle/],
    ["holds a certificate that is no CA", fixture("not-a-ca.pem"), /CA certificates only; "CN=not-a-ca\.example" is not a CA/],
    ["holds text around the certificates", `${ca}trust me\n`, /other text between or around them/],
    ["holds a block that is no X.509", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", /parse as X\.509/],
  ])("fails if the file %s", (_what, text, message) => {
    expect(withFile(text)).toThrow(/TRACING_CERT_ISSUER_CA_FILE \(certificates\.issuerCaFile\) must be /);
    expect(withFile(text)).toThrow(message);
  });
});

describe("the Monitor tab's Prometheus (TRACING_PROMETHEUS_*)", () => {
  const prometheus = (env: Record<string, string>) => resolveSettings("prod", env).kubernetes.prometheus;

  test("the pods' port defaults to the URL's, or its scheme's when it names none; the setting overrides it", () => {
    // No URL, no egress rule: Prometheus' own port only keeps the value in range (and is what .env.example shows).
    expect(prometheus({}).podPort).toBe(9090);
    expect(prometheus({ TRACING_PROMETHEUS_URL: "http://prometheus-operated.monitoring.svc:9091/" }).podPort).toBe(9091);
    expect(prometheus({ TRACING_PROMETHEUS_URL: "http://prometheus-server.monitoring.svc" }).podPort).toBe(80);
    expect(prometheus({ TRACING_PROMETHEUS_URL: "https://10.0.0.9" }).podPort).toBe(443);
    expect(prometheus({ TRACING_PROMETHEUS_URL: "http://prometheus-server.monitoring.svc", TRACING_PROMETHEUS_POD_PORT: "9090" }).podPort).toBe(9090);
  });

  test.each([
    ["TRACING_PROMETHEUS_TOKEN_SECRET", "kubernetes.prometheus.tokenSecret"],
    ["TRACING_PROMETHEUS_BASIC_AUTH_SECRET", "kubernetes.prometheus.basicAuthSecret"],
  ])("refuses %s over plain http, naming the URL and the fix", (variable, field) => {
    expect(() => resolveSettings("prod", { TRACING_PROMETHEUS_URL: "http://prometheus-operated.monitoring.svc:9090", [variable]: "prometheus-reader" })).toThrow(
      `  - ${variable} (${field}; or change TRACING_PROMETHEUS_URL) must be empty while TRACING_PROMETHEUS_URL is plain http:// (the credential would cross the network in cleartext): ` +
        'make TRACING_PROMETHEUS_URL https:// (with TRACING_PROMETHEUS_CA_SECRET for a private CA), or drop the credential if that Prometheus checks none, got "prometheus-reader"',
    );
    expect(prometheus({ TRACING_PROMETHEUS_URL: "https://prometheus-operated.monitoring.svc:9090", [variable]: "prometheus-reader" })).toEqual(
      expect.objectContaining({ url: "https://prometheus-operated.monitoring.svc:9090" }),
    );
  });

  test("pod labels name pods of the URL's Service namespace: refused for a Prometheus named by IP address", () => {
    expect(() => resolveSettings("prod", { TRACING_PROMETHEUS_URL: "https://10.0.0.9:9090", TRACING_PROMETHEUS_POD_LABELS: "app=prometheus" })).toThrow(
      "TRACING_PROMETHEUS_POD_LABELS (kubernetes.prometheus.podLabels; or change TRACING_PROMETHEUS_URL) must be empty while TRACING_PROMETHEUS_URL's host is an IP address",
    );
    expect(prometheus({ TRACING_PROMETHEUS_URL: "http://prometheus-server.monitoring.svc", TRACING_PROMETHEUS_POD_LABELS: "app=prometheus,component=server" }).podLabels).toEqual({
      app: "prometheus",
      component: "server",
    });
  });
});
