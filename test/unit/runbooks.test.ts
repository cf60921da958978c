/**
 * Every alert's `runbook` annotation points at a heading of docs/monitoring.md that exists
 * (GitHub's anchor: the heading in lower case, spaces as hyphens, punctuation dropped), in every
 * stack and mode.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderAlertRules, RUNBOOK_BASE } from "../../tracing/monitoring/alert-rules";
import { resolveSettings } from "../../tracing/checked-settings";
import { headingAnchors } from "../markdown";

const RUNBOOK_PAGE = "docs/monitoring.md";
const anchors = headingAnchors(readFileSync(join(__dirname, "../..", RUNBOOK_PAGE), "utf8"));

const expiry = [{ certificate: "genesis-tracing-ca-blue", notAfterUnix: 2000000000 }];
const rules = [
  renderAlertRules(resolveSettings("local"), expiry),
  renderAlertRules(resolveSettings("prod"), expiry),
  renderAlertRules(resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector", TRACING_CERTIFICATES: "cert-manager" }), expiry),
].flatMap((file) => file.groups.flatMap((g) => g.rules));

test("every alert has a runbook annotation", () => {
  expect(rules.length).toBeGreaterThan(20);
  expect(rules.filter((r) => !r.annotations.runbook?.startsWith(RUNBOOK_BASE)).map((r) => r.alert)).toEqual([]);
});

test("the runbooks are on the monitoring page, one heading per alert", () => {
  expect(RUNBOOK_BASE).toBe(`${RUNBOOK_PAGE}#`);
  expect(rules.find((r) => r.alert === "TracingNoSpansReceived")?.annotations.runbook).toBe("docs/monitoring.md#tracingnospansreceived");
});

test("every runbook anchor is a heading of docs/monitoring.md", () => {
  const missing = [...new Set(rules.map((r) => r.annotations.runbook?.slice(RUNBOOK_BASE.length) ?? ""))].filter((a) => !anchors.has(a));
  expect(missing).toEqual([]);
});
