/**
 * Every kind of state backend through the real app synth. `App.synth` gives a stack without a
 * backend element cdktf's default local backend; `Testing.synth` does not, so only this synth
 * shows a second backend, which `terraform init` refuses ("Duplicate backend configuration").
 * One synth per kind, shared by its tests; `local` reuses the default synth of global setup.
 */
import { TerraformStack, Testing } from "cdktf";
import { KubernetesBackend } from "../../stacks/backend";
import { stackDocuments, synthesizeApp } from "../../tools/synth";
import { KUBERNETES_SECRET_SUFFIX_MAX_LENGTH, parseStateBackend } from "../../tracing/parsers/state-backend";
import type { EnvironmentVariables } from "../../tracing/settings";
import { defaultSynth } from "../default-synth";

/** The longest suffix the parser accepts, so the names Terraform derives from it are tested at their longest. */
const longestSuffix = "genesis-tracing-".padEnd(KUBERNETES_SECRET_SUFFIX_MAX_LENGTH, "x");

interface BackendCase {
  readonly kind: string;
  /** @default - the default settings */
  readonly env?: EnvironmentVariables;
  readonly expected: Record<string, unknown>;
}

const cases: BackendCase[] = [
  {
    kind: "local",
    expected: {
      local: { local: { path: "../../../terraform.local.tfstate" } },
      prod: { local: { path: "../../../terraform.prod.tfstate" } },
    },
  },
  {
    kind: "s3",
    env: { TRACING_STATE_BACKEND: "s3://genesis-terraform/tracing?region=eu-west-1" },
    expected: Object.fromEntries(
      ["local", "prod"].map((stack) => [
        stack,
        { s3: { bucket: "genesis-terraform", key: `tracing/${stack}.tfstate`, region: "eu-west-1", encrypt: true, use_lockfile: true } },
      ]),
    ),
  },
  {
    kind: "gcs",
    env: { TRACING_STATE_BACKEND: "gcs://genesis-terraform/tracing" },
    expected: Object.fromEntries(["local", "prod"].map((stack) => [stack, { gcs: { bucket: "genesis-terraform", prefix: `tracing/${stack}` } }])),
  },
  {
    kind: "kubernetes",
    // Both ways of reaching the cluster: the local stack in-cluster, prod through a kubeconfig.
    env: { TRACING_STATE_BACKEND: `kubernetes://terraform/${longestSuffix}`, LOCAL_TRACING_KUBECONFIG: "in-cluster", PROD_TRACING_KUBE_CONTEXT: "prod-admin" },
    expected: {
      local: { kubernetes: { namespace: "terraform", secret_suffix: `${longestSuffix}-local`, in_cluster_config: true } },
      prod: { kubernetes: { namespace: "terraform", secret_suffix: `${longestSuffix}-prod`, config_path: "~/.kube/config", config_context: "prod-admin" } },
    },
  },
];

const synthesized = new Map<string, Record<string, any>>();
/** `terraform.backend` of each stack, synthesized once per kind. */
function backendsOf({ kind, env }: BackendCase): Record<string, any> {
  if (!synthesized.has(kind)) {
    const documents = stackDocuments(env ? synthesizeApp(env) : defaultSynth());
    synthesized.set(kind, Object.fromEntries(Object.entries(documents).map(([stack, doc]) => [stack, doc.terraform?.backend])));
  }
  return synthesized.get(kind)!;
}

describe.each(cases)("a $kind state backend, through the real app synth", (backendCase) => {
  test("every stack has exactly one backend, of this kind", () => {
    const kinds = Object.entries(backendsOf(backendCase)).map(([stack, backend]) => [stack, Object.keys(backend ?? {})]);
    expect(kinds).toEqual([
      ["local", [backendCase.kind]],
      ["prod", [backendCase.kind]],
    ]);
  });

  test("each stack keeps its state under its own name", () => {
    expect(backendsOf(backendCase)).toEqual(backendCase.expected);
  });
});

describe("the kubernetes backend's names at the longest suffix the parser accepts", () => {
  /** A DNS-1123 subdomain, as Terraform checks the Secret name (k8s.io/apimachinery validation). */
  const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
  /** A Kubernetes label value: Terraform labels the Secret and Lease with the secret_suffix. */
  const LABEL_VALUE = /^(?=.{0,63}$)(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
  const kubernetes = cases.find((c) => c.kind === "kubernetes")!;

  test("the parser accepts that suffix and refuses one character more", () => {
    expect(parseStateBackend(`kubernetes://terraform/${longestSuffix}`)).toEqual({
      ok: true,
      value: { kind: "kubernetes", namespace: "terraform", secretSuffix: longestSuffix },
    });
    expect(parseStateBackend(`kubernetes://terraform/${longestSuffix}x`).ok).toBe(false);
  });

  test.each(["local", "prod"])("stack %s: the secret_suffix is a label value, the Secret, its parts and the Lease valid names", (stack) => {
    const suffix: string = backendsOf(kubernetes)[stack].kubernetes.secret_suffix;
    expect(suffix).toMatch(LABEL_VALUE);
    // Recent Terraform splits a large state over `-part-<n>` Secrets; the lock Lease is `lock-<Secret>`.
    for (const name of [`tfstate-default-${suffix}`, `tfstate-default-${suffix}-part-99`, `lock-tfstate-default-${suffix}`]) {
      expect(name).toMatch(DNS_SUBDOMAIN);
    }
  });
});

test("a KubernetesBackend is read from another stack through terraform_remote_state with the same settings", () => {
  const stack = new TerraformStack(Testing.app(), "reader");
  const backend = new KubernetesBackend(stack, { secretSuffix: "genesis-tracing-prod", namespace: "terraform", configPath: "~/.kube/config" });
  backend.getRemoteStateDataSource(stack, "prod_state", "prod");
  expect(JSON.parse(Testing.synth(stack)).data.terraform_remote_state.prod_state).toEqual({
    backend: "kubernetes",
    workspace: "${terraform.workspace}",
    config: { secret_suffix: "genesis-tracing-prod", namespace: "terraform", config_path: "~/.kube/config" },
  });
});
