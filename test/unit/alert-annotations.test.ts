/**
 * What on-call reads of each alert: its summary (the page's title) and description, written
 * out, and a description and runbook on every alert of every configuration. Summaries,
 * descriptions and the span-metrics alert's advice were found unchecked by mutation testing
 * (docs/testing.md "Mutation testing").
 */
import { resolveSettings } from "../../tracing/checked-settings";
import { renderAlertRules, RUNBOOK_BASE } from "../../tracing/monitoring/alert-rules";
import type { EnvironmentVariables } from "../../tracing/settings";
import type { StackName } from "../../tracing/settings/model";

const rules = (stack: StackName, env: EnvironmentVariables = {}) => renderAlertRules(resolveSettings(stack, env)).groups.flatMap((group) => group.rules);

test("every alert's summary, in prod's fullest configuration (collector mode, cert-manager)", () => {
  expect(rules("prod", { TRACE_SAMPLING_MODE: "collector", TRACING_CERTIFICATES: "cert-manager" }).map((r) => [r.alert, r.annotations.summary])).toStrictEqual([
    ["TracingNoSpansReceived", "No spans reach the Jaeger collector"],
    ["TracingExportFailureRatioHigh", "The collector fails to store spans in Elasticsearch"],
    ["TracingSpanDropRatioHigh", "The collector refuses or drops spans"],
    ["TracingCollectorLatencyHigh", "The collector's processing is slow"],
    ["TracedOperationLatencyHigh", "A traced operation is slow: {{ $labels.service_name }} {{ $labels.span_name }}"],
    ["TracingElasticsearchNotGreen", "Elasticsearch cluster health is not green"],
    ["TracingElasticsearchDiskNearWatermark", "An Elasticsearch data disk is nearly full"],
    ["TracingSpanMetricsAbsent", "No span metrics are scraped"],
    ["TracingExportQueueNearFull", "An export queue is nearly full: {{ $labels.exporter }}"],
    ["TracingElasticsearchHeapHigh", "Elasticsearch node {{ $labels.name }} holds most of its heap"],
    ["TracingElasticsearchWriteRejections", "Elasticsearch node {{ $labels.name }} rejects writes"],
    ["TracingElasticsearchIlmErrors", "Index lifecycle management is failing, stopped or unwatched"],
    ["TracingElasticsearchDiskWatermarkReached", "Elasticsearch node {{ $labels.name }} is past the high disk watermark"],
    ["TracingGatewayDown", "A scrape target of otel-gateway is down: {{ $labels.pod }}"],
    ["TracingQueryDown", "A scrape target of jaeger-query is down: {{ $labels.pod }}"],
    ["TracingElasticsearchExporterDown", "A scrape target of elasticsearch-exporter is down: {{ $labels.pod }}"],
    ["TracingTailSamplingDroppedTraces", "Collectors drop traces before deciding on them"],
    ["TracingTailSamplingBufferNearFull", "A collector's tail-sampling buffer is nearly full"],
    ["TracingTailSamplingLateSpans", "Spans arrive after their trace was decided"],
    ["TracingGatewayExportFailing", "The gateway fails to deliver spans to the collectors"],
    ["TracingGatewayNoCollectors", "A gateway finds no collector to route to"],
    ["TracingCertificateExpiresSoon", "{{ $labels.certificate }} expires in less than 14 days"],
    ["TracingCertificateExpiryCritical", "{{ $labels.certificate }} expires in less than 3 days"],
    ["TracingCertificateMetricsAbsent", "cert-manager's certificate metrics are not scraped"],
  ]);
});

test.each([
  ["local", {}],
  ["prod", {}],
  ["prod", { TRACE_SAMPLING_MODE: "collector", TRACING_CERTIFICATES: "cert-manager" }],
  ["prod", { TRACING_PROMETHEUS_OPERATOR: "true" }],
] as const)("%s %j: every alert has a summary, a description of its own and a runbook at its heading", (stack, env) => {
  const all = rules(stack, env);
  const incomplete = all.filter((r) => {
    const { summary, description, runbook } = r.annotations as Record<string, string | undefined>;
    return !summary || !description || description.length < 40 || runbook !== `${RUNBOOK_BASE}${r.alert.toLowerCase()}`;
  });
  expect(incomplete.map((r) => r.alert)).toStrictEqual([]);
  expect(new Set(all.map((r) => r.annotations.description)).size).toBe(all.length);
});

test("the span-metrics alert says where the span metrics are scraped, per stack and mode", () => {
  const advice = (stack: StackName, env: EnvironmentVariables = {}) =>
    rules(stack, env).find((r) => r.alert === "TracingSpanMetricsAbsent")!.annotations.description.replace(/^.*cannot fire\. /, "");
  const pasteIn = "(its ServiceMonitor with TRACING_PROMETHEUS_OPERATOR=true; otherwise the job of examples/<scenario>/prometheus-scrape.yaml, which keeps container ports named span-metrics).";
  expect(advice("local")).toBe("The bundled Prometheus scrapes the collector's span metrics (job genesis-tracing); check its targets at http://127.0.0.1:9090/targets.");
  expect(advice("local", { TRACING_ALERT_SELECTOR: 'job="laptop"' })).toBe("The bundled Prometheus scrapes the collector's span metrics (job laptop); check its targets at http://127.0.0.1:9090/targets.");
  expect(advice("prod")).toBe(`Scrape port 8889 of the collectors ${pasteIn}`);
  expect(advice("prod", { TRACE_SAMPLING_MODE: "collector" })).toBe(`Scrape port 8889 of the gateway ${pasteIn}`);
});

test("every description, written out, in prod's fullest configuration: the thresholds as on-call reads them and what to do", () => {
  expect(rules("prod", { TRACE_SAMPLING_MODE: "collector", TRACING_CERTIFICATES: "cert-manager" }).map((r) => [r.alert, r.annotations.description])).toStrictEqual([
    ["TracingNoSpansReceived",
      "Traces per minute must stay above 0; none arrived for 10 minutes. Check the services' OTLP_ENDPOINT, the collector pods and the NetworkPolicies."],
    ["TracingExportFailureRatioHigh",
      "More than 1 % of spans fail to export to Elasticsearch (threshold: export failures < 1 %)."],
    ["TracingSpanDropRatioHigh",
      "More than 0.1 % of spans are refused (memory limiter, bad requests) or dropped from a full queue (threshold: span drop rate < 0.1 %)."],
    ["TracingCollectorLatencyHigh",
      "p99 time in the collector's processors is above 10 ms (threshold: collector latency < 10 ms)."],
    ["TracedOperationLatencyHigh",
      "p99 latency of {{ $labels.service_name }} {{ $labels.span_name }} is {{ $value }} ms, above 200 ms."],
    ["TracingElasticsearchNotGreen",
      "The trace store is yellow or red (replicas unassigned or primaries missing), or its health is not reported at all. Check `GET _cluster/health`, `GET _cluster/allocation/explain` and the elasticsearch-exporter."],
    ["TracingElasticsearchDiskNearWatermark",
      "More than 80 % of a data disk is used; at 85 % Elasticsearch stops allocating shards there. Raise ES_DISK_GIB and deploy: ECK grows the volumes in place, one node at a time, where the StorageClass allows volume expansion (npm run doctor prod says; a shrink is refused at plan). Or shorten TRACE_RETENTION_DAYS; docs/operations.md#growing-the-disk."],
    ["TracingSpanMetricsAbsent",
      "traces_span_metrics_calls_total is missing, so TracedOperationLatencyHigh cannot fire. Scrape port 8889 of the gateway (its ServiceMonitor with TRACING_PROMETHEUS_OPERATOR=true; otherwise the job of examples/<scenario>/prometheus-scrape.yaml, which keeps container ports named span-metrics)."],
    ["TracingExportQueueNearFull",
      "{{ $labels.exporter }}'s queue is more than 80 % full: what it sends to (Elasticsearch, or the collectors behind the gateway) is slower than what arrives. Once full, new spans are dropped."],
    ["TracingElasticsearchHeapHigh",
      "More than 85 % of {{ $labels.name }}'s JVM heap has been in use for 15 minutes: garbage collection no longer frees it, and at 95 % the real-memory circuit breaker refuses requests (bulk writes first)."],
    ["TracingElasticsearchWriteRejections",
      "The write thread pool of {{ $labels.name }} is full and rejects bulk requests (HTTP 429): the collectors' bulk requests fail and, past their retries, spans are lost (TracingExportFailureRatioHigh counts them)."],
    ["TracingElasticsearchIlmErrors",
      "An index is in ILM's ERROR step, ILM is not RUNNING, or the exporter reports no ILM status: old trace indices are then not deleted and the disk fills."],
    ["TracingElasticsearchDiskWatermarkReached",
      "A data disk is used beyond the high watermark (the cluster's setting; 90 % by default): Elasticsearch moves shards off that node, and at the flood stage (95 %) it blocks writes to its indices, so spans are lost."],
    ["TracingGatewayDown",
      "Prometheus cannot scrape the gateway, which every span passes ({{ $labels.pod }}), or finds no otel-gateway pod at all."],
    ["TracingQueryDown",
      "Prometheus cannot scrape Jaeger query (the UI and API) ({{ $labels.pod }}), or finds no jaeger-query pod at all."],
    ["TracingElasticsearchExporterDown",
      "Prometheus cannot scrape the elasticsearch-exporter, without which the Elasticsearch alerts are blind ({{ $labels.pod }}), or finds no elasticsearch-exporter pod at all."],
    ["TracingTailSamplingDroppedTraces",
      "The tail-sampling buffer (num_traces 3400 per collector) overflows: traces are evicted undecided and their spans lost. Raise TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND (and the memory it asks for) or add collectors."],
    ["TracingTailSamplingBufferNearFull",
      "More than 80 % of num_traces (3400, twice the design rate's need) are held for a decision: traffic is about 1.6x the design rate. Raise TRACE_SAMPLING_DESIGN_SPANS_PER_SECOND before the buffer overflows."],
    ["TracingTailSamplingLateSpans",
      "More than 0.05 late spans per trace: decision_wait is shorter than traces take to arrive. Raise TRACE_SAMPLING_LONGEST_TRACE_SECONDS."],
    ["TracingGatewayExportFailing",
      "More than 1 % of the gateway's sends to collectors fail; spans wait in its queue and are retried. Check the collectors and the gateway's TLS to them."],
    ["TracingGatewayNoCollectors",
      "The collectors' headless Service does not resolve or lists no ready pod: spans queue in the gateway until it fills, then are dropped."],
    ["TracingCertificateExpiresSoon",
      "The certificate or CA {{ $labels.certificate }} expires within 14 days; once it has, clients refuse the connection. For a server certificate, cert-manager renews server certificates 30 days before expiry: check `kubectl -n tracing describe certificate` and the cert-manager logs. For a CA, replace it (docs/operations.md#replacing-the-ca)."],
    ["TracingCertificateExpiryCritical",
      "The certificate or CA {{ $labels.certificate }} expires within 3 days; once it has, clients refuse the connection. For a server certificate, cert-manager renews server certificates 30 days before expiry: check `kubectl -n tracing describe certificate` and the cert-manager logs. For a CA, replace it (docs/operations.md#replacing-the-ca)."],
    ["TracingCertificateMetricsAbsent",
      "certmanager_certificate_expiration_timestamp_seconds for the tracing namespace is missing, so TracingCertificateExpiresSoon cannot see the server certificates. Scrape the cert-manager controller on port 9402 (its chart: prometheus.enabled, or a ServiceMonitor)."],
  ]);
});

test("without cert-manager, a certificate alert tells to deploy, which re-issues server certificates", () => {
  const expiry = [{ certificate: "jaeger-query-tls", notAfterUnix: 1_900_000_000 }];
  const rule = renderAlertRules(resolveSettings("prod"), expiry).groups[0].rules.find((r) => r.alert === "TracingCertificateExpiresSoon")!;
  expect(rule.annotations.description).toBe(
    "The certificate or CA {{ $labels.certificate }} expires within 14 days; once it has, clients refuse the connection. " +
      "For a server certificate, a deploy re-issues server certificates in their last 30 days: run npx cdktf deploy prod. " +
      "For a CA, replace it (docs/operations.md#replacing-the-ca).",
  );
});
