import { renderLocalPrometheusConfig } from "../../tracing/monitoring/local-prometheus";
import { selectorMatchers } from "../../tracing/parsers/alert-selector";
import { resolveSettings } from "../../tracing/checked-settings";

/** The labels of each target of the backend's scrape job, as Prometheus gives them (job, instance, static labels). */
function backendTargets(selector?: string): Record<string, string>[] {
  const settings = resolveSettings("local", selector === undefined ? {} : { TRACING_ALERT_SELECTOR: selector });
  const [job] = (renderLocalPrometheusConfig(settings) as any).scrape_configs;
  return job.static_configs.flatMap((group: any) => group.targets.map((target: string) => ({ job: job.job_name, instance: target, ...group.labels })));
}

/** Whether every `=` matcher of the selector holds for a target (local validation admits no other). */
const selects = (selector: string, target: Record<string, string>) => selectorMatchers(selector).every((m) => target[m.label] === m.value);

test("by default the backend's targets are job genesis-tracing: the collector, its span metrics and query", () => {
  expect(backendTargets()).toEqual([
    { job: "genesis-tracing", instance: "jaeger-collector:8888" },
    { job: "genesis-tracing", instance: "jaeger-collector:8889" },
    { job: "genesis-tracing", instance: "jaeger-query:8888" },
  ]);
});

test.each(['job="genesis-tracing"', 'job="laptop"', 'team="payments"', 'job="dev",env="laptop",team="risk"'])(
  "the alert rules and the Monitor tab's rules select every target of the bundled Prometheus with the selector %s",
  (selector) => {
    const targets = backendTargets(selector);
    expect(targets).toHaveLength(3);
    expect(targets.filter((target) => !selects(selector, target))).toEqual([]);
  },
);

test("a selector's job names the job and its other labels label every target", () => {
  expect(backendTargets('job="dev",team="risk"')[0]).toEqual({ job: "dev", instance: "jaeger-collector:8888", team: "risk" });
});
