/**
 * What a Prometheus would scrape, worked out offline: Kubernetes service discovery (role `pod`)
 * over the pods of the synthesized stack, then a job's `relabel_configs`, as Prometheus applies
 * them (docs "kubernetes_sd_config" and "relabel_config", prometheus/model/relabel/relabel.go:
 * regexes anchored at both ends, source values joined by `;`, a missing label reads as "").
 */
import type { Pod } from "../tools/network-policy-evaluator";
import type { RelabelConfig, ScrapeJob } from "../tracing/monitoring/scrape-config";

export type TargetLabels = Record<string, string>;

/** Kubernetes label name as a meta label suffix: every character outside [a-zA-Z0-9_] becomes `_`. */
const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, "_");

/** A pod as discovery sees it: the synthesized pods are `Running` unless a test says otherwise. */
export type DiscoveredPod = Pod & { readonly phase?: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown" };

/** Role `pod`: one target per container port, with the pod's meta labels (at a made-up IP). */
export function discoverPodTargets(pods: readonly DiscoveredPod[], namespaces: readonly string[]): TargetLabels[] {
  return pods
    .filter((pod) => namespaces.includes(pod.namespace))
    .flatMap((pod, index) => {
      const podName = pod.name.slice(pod.name.indexOf("/") + 1);
      const common: TargetLabels = {
        __meta_kubernetes_namespace: pod.namespace,
        __meta_kubernetes_pod_name: podName,
        __meta_kubernetes_pod_phase: pod.phase ?? "Running",
        __meta_kubernetes_pod_container_name: "main",
        ...Object.fromEntries(Object.entries(pod.labels).map(([key, value]) => [`__meta_kubernetes_pod_label_${sanitize(key)}`, value])),
      };
      const ip = `10.0.0.${index + 1}`;
      return pod.ports.map((port) => ({
        ...common,
        __address__: `${ip}:${port.port}`,
        __meta_kubernetes_pod_container_port_name: port.name ?? "",
        __meta_kubernetes_pod_container_port_number: String(port.port),
      }));
    });
}

/** One relabelling step; `undefined` when the target is dropped. */
function relabel(labels: TargetLabels, step: RelabelConfig): TargetLabels | undefined {
  const regex = new RegExp(`^(?:${step.regex ?? "(.*)"})$`);
  const value = (step.source_labels ?? []).map((name) => labels[name] ?? "").join(step.separator ?? ";");
  switch (step.action ?? "replace") {
    case "keep":
      return regex.test(value) ? labels : undefined;
    case "drop":
      return regex.test(value) ? undefined : labels;
    case "labelmap":
      return Object.entries(labels).reduce<TargetLabels>(
        (out, [name, v]) => (regex.test(name) ? { ...out, [name.replace(regex, step.replacement ?? "$1")]: v } : out),
        { ...labels },
      );
    case "replace": {
      const match = regex.exec(value);
      if (!match || !step.target_label) return labels;
      const result = value.replace(regex, step.replacement ?? "$1");
      const { [step.target_label]: _replaced, ...rest } = labels;
      return result === "" ? rest : { ...rest, [step.target_label]: result };
    }
  }
}

/** The targets a job scrapes: its discovered targets after relabelling, meta labels gone, `job` and `instance` set. */
export function scrapedTargets(job: ScrapeJob, pods: readonly DiscoveredPod[]): TargetLabels[] {
  return discoverPodTargets(pods, job.kubernetes_sd_configs.flatMap((sd) => sd.namespaces.names)).flatMap((discovered) => {
    const final = job.relabel_configs.reduce<TargetLabels | undefined>((labels, step) => labels && relabel(labels, step), discovered);
    if (!final) return [];
    const visible = Object.fromEntries(Object.entries(final).filter(([name]) => !name.startsWith("__")));
    return [{ job: job.job_name, instance: final.__address__, ...visible, __address__: final.__address__ }];
  });
}
