/**
 * What on-call reads of each alert: its summary (the page's title), written out, and a
 * description and runbook on every alert of every configuration. Summaries and the span-metrics
 * alert's advice were found unchecked by mutation testing (docs/testing.md "Mutation testing").
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
