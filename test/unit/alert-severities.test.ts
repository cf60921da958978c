/**
 * Each alert's severity, written out: `critical` pages someone, `warning` waits for office
 * hours, so a flipped severity is an on-call change. Local has no Elasticsearch, scrape-target
 * or collector-mode alerts. Found unchecked by mutation testing (docs/testing.md "Mutation testing").
 */
import { renderAlertRules } from "../../tracing/monitoring/alert-rules";
import { resolveSettings } from "../../tracing/checked-settings";
import type { EnvironmentVariables } from "../../tracing/settings";
import type { StackName } from "../../tracing/settings/model";

const severities = (stack: StackName, env: EnvironmentVariables = {}) =>
  renderAlertRules(resolveSettings(stack, env)).groups.flatMap((group) => group.rules.map((rule) => [rule.alert, rule.labels] as const));

const COMMON = [
  ["TracingNoSpansReceived", { severity: "critical" }],
  ["TracingExportFailureRatioHigh", { severity: "critical" }],
  ["TracingSpanDropRatioHigh", { severity: "warning" }],
  ["TracingCollectorLatencyHigh", { severity: "warning" }],
  ["TracedOperationLatencyHigh", { severity: "warning" }],
  ["TracingElasticsearchNotGreen", { severity: "critical" }],
  ["TracingElasticsearchDiskNearWatermark", { severity: "warning" }],
  ["TracingSpanMetricsAbsent", { severity: "warning" }],
  ["TracingExportQueueNearFull", { severity: "warning" }],
];
const ELASTICSEARCH = [
  ["TracingElasticsearchHeapHigh", { severity: "warning" }],
  ["TracingElasticsearchWriteRejections", { severity: "warning" }],
  ["TracingElasticsearchIlmErrors", { severity: "warning" }],
  ["TracingElasticsearchDiskWatermarkReached", { severity: "critical" }],
];

test("local: the collector and storage alerts", () => {
  expect(severities("local")).toStrictEqual(COMMON);
});

test("prod at default settings: with Elasticsearch's and the scrape targets'", () => {
  expect(severities("prod")).toStrictEqual([
    ...COMMON,
    ...ELASTICSEARCH,
    ["TracingQueryDown", { severity: "warning" }],
    ["TracingElasticsearchExporterDown", { severity: "warning" }],
  ]);
});

test("prod in collector mode with cert-manager: the gateway's, tail sampling's and the certificates' too", () => {
  expect(severities("prod", { TRACE_SAMPLING_MODE: "collector", TRACING_CERTIFICATES: "cert-manager" })).toStrictEqual([
    ...COMMON,
    ...ELASTICSEARCH,
    ["TracingGatewayDown", { severity: "critical" }],
    ["TracingQueryDown", { severity: "warning" }],
    ["TracingElasticsearchExporterDown", { severity: "warning" }],
    ["TracingTailSamplingDroppedTraces", { severity: "critical" }],
    ["TracingTailSamplingBufferNearFull", { severity: "warning" }],
    ["TracingTailSamplingLateSpans", { severity: "warning" }],
    ["TracingGatewayExportFailing", { severity: "critical" }],
    ["TracingGatewayNoCollectors", { severity: "critical" }],
    ["TracingCertificateExpiresSoon", { severity: "warning" }],
    ["TracingCertificateExpiryCritical", { severity: "critical" }],
    ["TracingCertificateMetricsAbsent", { severity: "warning" }],
  ]);
});
