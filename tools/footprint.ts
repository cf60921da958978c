/**
 * What prod costs: CPU and memory requests and limits, and disk, per component, read from the
 * synthesized prod stack (its Deployments and autoscalers, and the Helm values of the
 * Elasticsearch and ECK operator releases), so the table cannot drift from what is deployed.
 * `npm run footprint` prints it for the current settings; docs/prod.md holds it, between
 * `FOOTPRINT_TABLE_MARKERS`, at default settings and at the largest scale the settings allow, and
 * README.md's prod checklist its default total, between `FOOTPRINT_SUMMARY_MARKERS`.
 */
import { parse } from "yaml";
import { readEnvironment, resolveEnvironment, runCommand } from "../environment";
import { resolveSettings } from "../tracing/checked-settings";
import { type EnvironmentVariables, type TracingSettings } from "../tracing/settings";
import { withGeneratedBlock } from "./generated-block";
import { parseOptions } from "./options";

/** One component: its pods, and one pod's resources. */
export interface FootprintRow {
  readonly component: string;
  /** Pods at the configured replicas. */
  readonly pods: number;
  /** Pods the autoscaler may add up to. @default - pods: not autoscaled */
  readonly maxPods: number;
  /** One pod's CPU in millicores and memory in MiB; `undefined` when no limit is set. */
  readonly cpuRequestMilli: number;
  readonly cpuLimitMilli: number | undefined;
  readonly memoryRequestMiB: number;
  readonly memoryLimitMiB: number | undefined;
  /** One pod's persistent volume, GiB. */
  readonly diskGiB: number;
}

const UNITS: Readonly<Record<string, number>> = { "": 1, Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 };

/** A Kubernetes CPU quantity (`250m`, `1`) in millicores. */
export function cpuMilli(quantity: string | number): number {
  const text = String(quantity);
  return text.endsWith("m") ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

/** A Kubernetes memory quantity (`512Mi`, `1Gi`, bytes) in MiB. */
export function mebibytes(quantity: string | number): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)?$/.exec(String(quantity));
  if (!m) throw new Error(`not a memory quantity: ${quantity}`);
  return m[2] ? Number(m[1]) * UNITS[m[2]] : Number(m[1]) / 1024 / 1024;
}

interface Resources {
  readonly requests?: Record<string, string | number>;
  readonly limits?: Record<string, string | number>;
}

/** One pod's resources: the sum over its containers (a missing limit on any leaves the pod unlimited). */
function podResources(containers: readonly Resources[]) {
  const sum = (pick: (r: Resources) => string | number | undefined, parseQuantity: (q: string | number) => number) => {
    const values = containers.map(pick);
    return values.some((v) => v === undefined) ? undefined : values.reduce<number>((total, v) => total + parseQuantity(v as string), 0);
  };
  return {
    cpuRequestMilli: sum((r) => r.requests?.cpu, cpuMilli) ?? 0,
    cpuLimitMilli: sum((r) => r.limits?.cpu, cpuMilli),
    memoryRequestMiB: sum((r) => r.requests?.memory, mebibytes) ?? 0,
    memoryLimitMiB: sum((r) => r.limits?.memory, mebibytes),
  };
}

/** The footprint of a synthesized prod stack (its parsed JSON). */
export function footprintOf(prod: { readonly resource?: Record<string, Record<string, any>> }): FootprintRow[] {
  const resource = prod.resource ?? {};
  const autoscalers = Object.values<any>(resource.kubernetes_horizontal_pod_autoscaler_v2 ?? {});
  const rows: FootprintRow[] = Object.values<any>(resource.kubernetes_deployment_v1 ?? {}).map((d) => {
    const pods = Number(d.spec.replicas);
    const hpa = autoscalers.find((a) => a.metadata.name === d.metadata.name);
    return {
      component: d.metadata.name,
      pods,
      maxPods: hpa ? Number(hpa.spec.max_replicas) : pods,
      ...podResources(d.spec.template.spec.container.map((c: any) => c.resources)),
      diskGiB: 0,
    };
  });
  for (const release of Object.values<any>(resource.helm_release ?? {})) {
    // Helm merges the values files in order; the stack's own come last.
    const values = (release.values ?? []).map((v: string) => parse(v) ?? {}).reduce((a: any, b: any) => ({ ...a, ...b }), {});
    if (release.chart === "eck-elasticsearch") {
      for (const nodeSet of values.nodeSets) {
        const containers = nodeSet.podTemplate.spec.containers as { resources: Resources }[];
        const claim = nodeSet.volumeClaimTemplates.find((t: any) => t.metadata.name === "elasticsearch-data");
        rows.push({
          component: `elasticsearch (${nodeSet.name})`,
          pods: nodeSet.count,
          maxPods: nodeSet.count,
          ...podResources(containers.map((c) => c.resources)),
          diskGiB: mebibytes(claim.spec.resources.requests.storage) / 1024,
        });
      }
    }
    if (release.chart === "eck-operator" && values.resources) {
      rows.push({ component: "eck-operator", pods: 1, maxPods: 1, ...podResources([values.resources]), diskGiB: 0 });
    }
  }
  return rows;
}

/**
 * The prod footprint for these settings (a synth of the prod stack alone, without validations).
 * cdktf and the providers load here, not with the module: a bad .env or flag answers at once.
 */
export function prodFootprint(settings: TracingSettings): FootprintRow[] {
  const { Testing } = require("cdktf") as typeof import("cdktf");
  const { ProdStack } = require("../stacks/prod-stack") as typeof import("../stacks/prod-stack");
  return footprintOf(JSON.parse(Testing.synth(new ProdStack(Testing.app(), "prod", { settings }))));
}

/**
 * The largest scale the settings allow: each sizing setting at the top of its range (and what
 * the cross-field rules then allow), the ECK operator installed by the stack.
 */
export const LARGEST_SCALE: EnvironmentVariables = {
  ES_NODE_COUNT: "99",
  ES_HEAP_MIB: "31744",
  ES_MEMORY_LIMIT_MIB: "262144",
  ES_DISK_GIB: "65536",
  TRACING_COLLECTOR_REPLICAS: "50",
  TRACING_COLLECTOR_MAX_REPLICAS: "100",
  TRACING_GATEWAY_REPLICAS: "50",
  TRACING_GATEWAY_MAX_REPLICAS: "100",
  TRACING_QUERY_REPLICAS: "20",
  TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "65536",
  TRACING_GATEWAY_MEMORY_LIMIT_MIB: "65536",
};

const cores = (milli: number | undefined) => (milli === undefined ? "none" : `${Number((milli / 1000).toFixed(2))}`);
const gib = (mib: number | undefined) => (mib === undefined ? "none" : `${Number((mib / 1024).toFixed(2))}`);

/** Resources of some pods; a limit is `undefined` when one of them has none. */
interface ScaledResources {
  readonly cpuRequestMilli: number;
  readonly cpuLimitMilli: number | undefined;
  readonly memoryRequestMiB: number;
  readonly memoryLimitMiB: number | undefined;
  readonly diskGiB: number;
}

/** One row's resources times `pods`. */
function scaled(row: FootprintRow, pods: number): ScaledResources {
  return {
    cpuRequestMilli: row.cpuRequestMilli * pods,
    cpuLimitMilli: row.cpuLimitMilli === undefined ? undefined : row.cpuLimitMilli * pods,
    memoryRequestMiB: row.memoryRequestMiB * pods,
    memoryLimitMiB: row.memoryLimitMiB === undefined ? undefined : row.memoryLimitMiB * pods,
    diskGiB: row.diskGiB * pods,
  };
}

/** The sum over the rows, each at the pods `pick` says (the configured or the autoscaled maximum). */
function footprintTotal(rows: readonly FootprintRow[], pick: (row: FootprintRow) => number): ScaledResources {
  const parts = rows.map((row) => scaled(row, pick(row)));
  const add = (key: keyof ScaledResources) => (parts.some((p) => p[key] === undefined) ? undefined : parts.reduce((sum, p) => sum + (p[key] as number), 0));
  return { cpuRequestMilli: add("cpuRequestMilli") ?? 0, cpuLimitMilli: add("cpuLimitMilli"), memoryRequestMiB: add("memoryRequestMiB") ?? 0, memoryLimitMiB: add("memoryLimitMiB"), diskGiB: add("diskGiB") ?? 0 };
}

/** A Markdown table: one row per component (per pod × pods), and the total at the configured and the autoscaled maximum. */
export function renderFootprintTable(rows: readonly FootprintRow[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const cells = (r: ScaledResources) => [cores(r.cpuRequestMilli), cores(r.cpuLimitMilli), gib(r.memoryRequestMiB), gib(r.memoryLimitMiB), String(r.diskGiB)];
  const total = (pick: (row: FootprintRow) => number) => footprintTotal(rows, pick);
  const pods = (row: FootprintRow) => (row.maxPods > row.pods ? `${row.pods} (up to ${row.maxPods})` : String(row.pods));
  const autoscaled = rows.some((row) => row.maxPods > row.pods);
  return [
    line(["Component", "Pods", "CPU request (cores)", "CPU limit (cores)", "Memory request (GiB)", "Memory limit (GiB)", "Disk (GiB)"]),
    line(["---", "---:", "---:", "---:", "---:", "---:", "---:"]),
    ...rows.map((row) => line([row.component, pods(row), ...cells(scaled(row, row.pods))])),
    line(["**Total**", String(rows.reduce((n, row) => n + row.pods, 0)), ...cells(total((row) => row.pods)).map((c) => `**${c}**`)]),
    ...(autoscaled ? [line(["**Total, autoscaled to the maximum**", String(rows.reduce((n, row) => n + row.maxPods, 0)), ...cells(total((row) => row.maxPods)).map((c) => `**${c}**`)])] : []),
  ].join("\n");
}

/** docs/prod.md's four tables: default and largest scale, each in both sampling modes. */
export function footprintTables(): string {
  const sections: [string, EnvironmentVariables][] = [
    ["Default settings, `sdk` sampling", {}],
    ["Default settings, `collector` sampling (the gateway in front)", { TRACE_SAMPLING_MODE: "collector" }],
    ["Largest scale the settings allow, `sdk` sampling", LARGEST_SCALE],
    ["Largest scale the settings allow, `collector` sampling", { ...LARGEST_SCALE, TRACE_SAMPLING_MODE: "collector" }],
  ];
  return sections.map(([title, env]) => `**${title}**\n\n${renderFootprintTable(prodFootprint(resolveSettings("prod", env)))}\n`).join("\n");
}

/** README.md's one sentence: what prod requests at default settings, and at the autoscaled maximum. */
export function footprintSummary(rows: readonly FootprintRow[]): string {
  const configured = footprintTotal(rows, (row) => row.pods);
  const autoscaled = footprintTotal(rows, (row) => row.maxPods);
  const count = (pick: (row: FootprintRow) => number) => rows.reduce((n, row) => n + pick(row), 0);
  return (
    `At default settings (\`sdk\` sampling) prod runs **${count((row) => row.pods)} pods requesting ${cores(configured.cpuRequestMilli)} CPU cores and ` +
    `${gib(configured.memoryRequestMiB)} GiB of memory, with ${configured.diskGiB} GiB of persistent disk** (memory limits ${gib(configured.memoryLimitMiB)} GiB; ` +
    `${configured.cpuLimitMilli === undefined ? "no total CPU limit: a component sets none" : `CPU limits ${cores(configured.cpuLimitMilli)} cores`}); autoscaled to the maximum, ${count((row) => row.maxPods)} pods requesting ` +
    `${cores(autoscaled.cpuRequestMilli)} cores and ${gib(autoscaled.memoryRequestMiB)} GiB.\n`
  );
}

/** The markers around docs/prod.md's generated footprint tables. */
export const FOOTPRINT_TABLE_MARKERS = ["<!-- footprint:begin (npm run render) -->", "<!-- footprint:end -->"] as const;

/** The markers around README.md's generated footprint sentence. */
export const FOOTPRINT_SUMMARY_MARKERS = ["<!-- footprint-summary:begin (npm run render) -->", "<!-- footprint-summary:end -->"] as const;

/** docs/prod.md with its footprint tables regenerated; `undefined` if it has no markers. */
export function withFootprintTables(page: string): string | undefined {
  return withGeneratedBlock(page, FOOTPRINT_TABLE_MARKERS, footprintTables());
}

/** README.md with its footprint sentence regenerated (default settings); `undefined` if it has no markers. */
export function withFootprintSummary(readme: string): string | undefined {
  return withGeneratedBlock(readme, FOOTPRINT_SUMMARY_MARKERS, footprintSummary(prodFootprint(resolveSettings("prod"))));
}

export const FOOTPRINT_USAGE = "npm run footprint   (prints what prod requests and may use, for the settings in .env and the environment)";

/** `npm run footprint`: the table for the settings of `cwd`'s .env and `env`. */
export function footprintCommand(args: readonly string[], cwd: string, env: EnvironmentVariables): string {
  parseOptions(args, { usage: FOOTPRINT_USAGE });
  const settings = resolveEnvironment(readEnvironment(cwd, env)).prod;
  return `Prod footprint (${settings.sampling.mode} sampling; each row: pods x one pod's resources)\n\n${renderFootprintTable(prodFootprint(settings))}`;
}

if (require.main === module) {
  runCommand(() => {
    console.log(footprintCommand(process.argv.slice(2), process.cwd(), process.env as EnvironmentVariables));
  });
}
