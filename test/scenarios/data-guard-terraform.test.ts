/**
 * The Elasticsearch data guard, run by the real Terraform (terraform_data needs no provider
 * download): the volume claims the kubernetes_resources data source would list at plan are
 * given as a variable, and each refusal is the plan's error. Deploy once, then change what
 * holds the data, and read what the next plan says.
 */
import { Testing, TerraformStack } from "cdktf";
import { ElasticsearchDataGuard, ECK_CLUSTER_NAME_LABEL, type ElasticsearchDataGuardProps } from "../../constructs/kubernetes/elasticsearch-data-guard";
import { resolveSettings } from "../../tracing/checked-settings";
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";
import { hasTerraform, withTerraform } from "../terraform";

if (!hasTerraform) console.warn("data guard test skipped: terraform is not on the PATH");

const deployed: ElasticsearchDataGuardProps = {
  namespace: "tracing",
  clusterName: "genesis",
  indexPrefix: "genesis",
  storageClassName: "fast",
  diskGiB: 30,
  allowDataDestroy: false,
};

/** The guard's Terraform JSON with the listed claims read from `var.volumes` instead of the cluster. */
function guardConfig(props: ElasticsearchDataGuardProps): object {
  const stack = new TerraformStack(Testing.app(), "guard");
  new ElasticsearchDataGuard(stack, "Guard", props);
  const doc = JSON.parse(Testing.synth(stack));
  const [dataName] = Object.keys(doc.data.kubernetes_resources);
  const text = JSON.stringify(doc.resource).replaceAll(`data.kubernetes_resources.${dataName}.objects`, "var.volumes");
  return { variable: { volumes: { type: "any", default: [] } }, resource: JSON.parse(text) };
}

const claim = (cluster: string, storage: string, storageClassName = "fast") => ({
  metadata: { name: `elasticsearch-data-${cluster}-es-default-0`, labels: { [ECK_CLUSTER_NAME_LABEL]: cluster } },
  spec: { resources: { requests: { storage } }, storageClassName },
});

test("CI runs the data guard with Terraform", () => {
  expect({ ci: process.env.CI === "true", terraform: hasTerraform }).not.toEqual({ ci: true, terraform: false });
});

test("the prod stack guards the cluster its settings name, with the settings' own values", () => {
  const settings = resolveSettings("prod");
  const prod = stackDocuments(defaultSynth()).prod;
  const guard = Object.values<any>(prod.resource.terraform_data).find((r) => r.triggers_replace?.elasticsearch_name !== undefined);
  expect(guard.triggers_replace).toEqual({ elasticsearch_name: settings.kubernetes.elasticsearchName, index_prefix: settings.indexPrefix, storage_class: "" });
  expect(guard.lifecycle.prevent_destroy).toBe(true);
  // Each precondition named by the setting its message tells to set back: with the cluster's
  // default StorageClass ("") there is no class to compare the claims with.
  expect(guard.lifecycle.precondition.map((precondition: any) => precondition.error_message.match(/TRACING_ES_CLUSTER_NAME|ES_DISK_GIB|TRACING_STORAGE_CLASS/)?.[0])).toEqual([
    "TRACING_ES_CLUSTER_NAME",
    "ES_DISK_GIB",
  ]);
  const [volumes] = Object.values<any>(prod.data.kubernetes_resources);
  // The label ECK's StatefulSets put on every volume claim of a cluster.
  expect(volumes).toMatchObject({ api_version: "v1", kind: "PersistentVolumeClaim", namespace: settings.kubernetes.namespace, label_selector: "elasticsearch.k8s.elastic.co/cluster-name" });
});

(hasTerraform ? test : test.skip)(
  "a plan refuses a rename, a new index prefix or StorageClass, a shrunk disk and a foreign cluster's volumes; growth and an allowed wipe pass",
  () => {
    withTerraform("data-guard-", (terraform) => {
      const configure = (props: ElasticsearchDataGuardProps, volumes: object[]) => terraform.write(guardConfig(props), { volumes });
      /** The plan's outcome: its exit code and its error text on one line. */
      const plan = (props: ElasticsearchDataGuardProps, volumes: object[]) => {
        configure(props, volumes);
        return terraform.run("plan", "-detailed-exitcode");
      };
      expect(terraform.run("init").status).toBe(0);
      // The first deploy: no volumes yet.
      configure(deployed, []);
      expect(terraform.run("apply", "-auto-approve").status).toBe(0);
      const running = [claim("genesis", "30Gi"), claim("genesis", "30Gi")];

      expect(plan(deployed, running).status).toBe(0);
      // Disk growth is an in-place change of the claims, not of the guard.
      expect(plan({ ...deployed, diskGiB: 60 }, running).status).toBe(0);

      // State alone refuses these, whatever the cluster lists (here: nothing).
      for (const change of [{ clusterName: "genesis-eu" }, { indexPrefix: "genesis-v2" }, { storageClassName: "slow" }]) {
        const refused = plan({ ...deployed, ...change }, []);
        expect({ change, status: refused.status }).toEqual({ change, status: 1 });
        expect(refused.text).toContain("Instance cannot be destroyed");
        expect(refused.text).toContain("lifecycle.prevent_destroy");
      }

      // The live volumes refuse with what to do, before the replacement is even planned.
      const renamed = plan({ ...deployed, clusterName: "genesis-eu" }, running);
      expect(renamed.status).toBe(1);
      expect(renamed.text).toContain(
        'genesis still has its Elasticsearch volumes in namespace tracing: naming the cluster "genesis-eu" (TRACING_ES_CLUSTER_NAME) would make ECK delete it with every stored trace and start an empty one. ' +
          "Set TRACING_ES_CLUSTER_NAME back, or see docs/operations.md#changing-what-holds-the-data.",
      );
      const shrunk = plan({ ...deployed, diskGiB: 20 }, [claim("genesis", "30Gi"), claim("genesis", "40Gi")]);
      expect(shrunk.status).toBe(1);
      expect(shrunk.text).toContain(
        "The Elasticsearch volumes hold up to 40 GiB each; ES_DISK_GIB=20 would shrink them, which Kubernetes and ECK refuse. Keep ES_DISK_GIB at least that large.",
      );
      const reclassed = plan(deployed, [claim("genesis", "30Gi", "standard")]);
      expect(reclassed.status).toBe(1);
      expect(reclassed.text).toContain(
        "The Elasticsearch volumes are on StorageClass standard; TRACING_STORAGE_CLASS=fast would need new volumes, which ECK refuses for an existing node set. " +
          "Set TRACING_STORAGE_CLASS back, or see docs/operations.md#changing-what-holds-the-data.",
      );

      // The deploy meant to start empty: the rename plans the guard's replacement, and passes.
      const wipe = plan({ ...deployed, clusterName: "genesis-eu", allowDataDestroy: true }, running);
      expect(wipe.status).toBe(2);
      expect(wipe.text).toContain("must be replaced");
    });
  },
  60_000,
);
