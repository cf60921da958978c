/**
 * In-place changes that empty or strand the Elasticsearch cluster are data at risk in both
 * review tools: the eck-elasticsearch values as the prod stack renders them, before and after a
 * settings change, and the data guard's replacement.
 */
import { renderDataRisks } from "../../tools/diff-cli";
import { renderPlanSummary, summarizePlan } from "../../tools/plan-summary";
import { elasticsearchValuesRisks, stackDataRisks } from "../../tools/data-risk";
import { stackDocuments } from "../../tools/synth-documents";
import { renderElasticsearchValues } from "../../tracing/topology/eck-values";
import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables } from "../../tracing/settings";
import { toYaml } from "../../tracing/core/yaml";
import { defaultSynth } from "../default-synth";

/** The release's values list as the prod stack writes it: static values first, then the computed ones. */
const valuesFor = (env: EnvironmentVariables) => ["# static values\nnodeSets: []\n", toYaml(renderElasticsearchValues(resolveSettings("prod", env)))];
const risksOf = (env: EnvironmentVariables) => elasticsearchValuesRisks(valuesFor({}), valuesFor(env));

test.each([
  ["a rename", { TRACING_ES_CLUSTER_NAME: "genesis-eu" }, ["the cluster is renamed genesis -> genesis-eu: ECK deletes the old one with its volumes and starts an empty one"]],
  ["a StorageClass", { TRACING_STORAGE_CLASS: "fast" }, ["the data volumes move from StorageClass (default) to fast: existing volumes cannot change class"]],
  ["a smaller disk", { ES_DISK_GIB: "20" }, ["the data volumes shrink from 30 GiB to 20 GiB: Kubernetes and ECK refuse it"]],
] as const)("%s is data at risk", (_change, env, risks) => {
  expect(risksOf(env)).toEqual(risks);
});

test.each([
  ["a larger disk", { ES_DISK_GIB: "60" }],
  ["more nodes", { ES_NODE_COUNT: "5" }],
  ["a new Elasticsearch version", { ELASTICSEARCH_VERSION: "9.5.1" }],
  ["a bigger heap", { ES_HEAP_MIB: "4096", ES_MEMORY_LIMIT_MIB: "8192" }],
] as const)("%s is not", (_change, env) => {
  expect(risksOf(env)).toEqual([]);
});

describe("the synth diff and plan:summary", () => {
  const prod = stackDocuments(defaultSynth()).prod;
  const releaseName = Object.keys(prod.resource.helm_release).find((name) => prod.resource.helm_release[name].chart === "eck-elasticsearch") as string;
  const guardName = Object.keys(prod.resource.terraform_data).find((name) => prod.resource.terraform_data[name].triggers_replace) as string;
  /** The default prod document with the release's values and the guard's keys of another settings. */
  const renamed = structuredClone(prod);
  renamed.resource.helm_release[releaseName].values = [prod.resource.helm_release[releaseName].values[0], toYaml(renderElasticsearchValues(resolveSettings("prod", { TRACING_ES_CLUSTER_NAME: "genesis-eu" })))];
  renamed.resource.terraform_data[guardName].triggers_replace.elasticsearch_name = "genesis-eu";

  test("the diff names the release's in-place rename and the guard's change", () => {
    expect(stackDataRisks(prod, renamed)).toEqual([
      { address: `helm_release.${releaseName}`, risk: "the cluster is renamed genesis -> genesis-eu: ECK deletes the old one with its volumes and starts an empty one" },
      {
        address: `terraform_data.${guardName}`,
        risk: "what holds the stored traces changes (elasticsearch_name genesis -> genesis-eu): the cluster starts empty or Jaeger reads other indices",
      },
    ]);
    expect(stackDataRisks(prod, prod)).toEqual([]);
    // npm run diff prints them first, as plan:summary does.
    expect(renderDataRisks(stackDataRisks(prod, renamed).slice(0, 1), "text")).toEqual([
      "!! DATA AT RISK",
      `  helm_release.${releaseName}: the cluster is renamed genesis -> genesis-eu: ECK deletes the old one with its volumes and starts an empty one`,
      "",
    ]);
    expect(renderDataRisks([], "text")).toEqual([]);
  });

  test("plan:summary puts an in-place upgrade that renames the cluster under DATA AT RISK, and exits 1 for it", () => {
    const before = prod.resource.helm_release[releaseName];
    const after = renamed.resource.helm_release[releaseName];
    const plan = {
      format_version: "1.2",
      resource_changes: [
        { address: `helm_release.${releaseName}`, type: "helm_release", mode: "managed", change: { actions: ["update"], before, after } },
        {
          address: `terraform_data.${guardName}`,
          type: "terraform_data",
          mode: "managed",
          change: { actions: ["delete", "create"], before: prod.resource.terraform_data[guardName], after: renamed.resource.terraform_data[guardName] },
        },
      ],
    };
    const changes = summarizePlan(plan);
    const lines = renderPlanSummary(changes, "text").split("\n");
    expect(lines.slice(2, 5)).toEqual([
      "!! DATA AT RISK",
      `  UPDATE helm_release.${releaseName}: eck-elasticsearch release upgraded in place, but the cluster is renamed genesis -> genesis-eu: ECK deletes the old one with its volumes and starts an empty one`,
      `  REPLACE terraform_data.${guardName}: Elasticsearch data guard: what holds the stored traces changes (elasticsearch_name genesis -> genesis-eu): the cluster starts empty or Jaeger reads other indices`,
    ]);
  });
});
