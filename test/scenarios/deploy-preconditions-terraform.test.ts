/**
 * prod refuses, when Terraform plans it, a local state file nobody opted into and a deploy to
 * whatever context is current; synth, tests and `npm run diff` go on working offline. The
 * synthesized preconditions are run by the real Terraform (terraform_data needs no provider).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prodDeployPreconditions } from "../../tracing/deploy-preconditions";
import { resolveSettings, type EnvironmentVariables } from "../../tracing/settings";
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";

const hasTerraform = spawnSync("terraform", ["version"]).status === 0;
const remote = { TRACING_STATE_BACKEND: "s3://genesis-terraform-state/tracing?region=eu-west-1", TRACING_KUBE_CONTEXT: "prod-eu" };
const holds = (env: EnvironmentVariables) => prodDeployPreconditions(resolveSettings("prod", env)).map((p) => p.holds);

test.each<[string, EnvironmentVariables, boolean[]]>([
  ["the defaults: local state, the current context", {}, [false, false]],
  ["remote state and a named context", remote, [true, true]],
  ["local state opted into, with a named context", { TRACING_ALLOW_LOCAL_STATE: "true", TRACING_KUBE_CONTEXT: "prod-eu" }, [true, true]],
  ["in-cluster needs no context", { ...remote, TRACING_KUBE_CONTEXT: "", TRACING_KUBECONFIG: "in-cluster" }, [true, true]],
  ["a kubernetes state backend without a context", { TRACING_STATE_BACKEND: "kubernetes://terraform/genesis-tracing" }, [true, false]],
])("%s", (_case, env, expected) => {
  expect(holds(env)).toEqual(expected);
});

(hasTerraform ? test : test.skip)("a plan of the default prod stops on both, naming the settings; settings that pass plan cleanly", () => {
  const prod = stackDocuments(defaultSynth()).prod;
  const synthesized = { locals: prod.locals, resource: { terraform_data: { preconditions: prod.resource.terraform_data.ProdDeployPreconditions } } };
  // The same resource, with the outcomes of settings that pass.
  const passing = { ...synthesized, locals: { prod_deploy_checks: Object.fromEntries(prodDeployPreconditions(resolveSettings("prod", remote)).map((c) => [c.name, c.holds])) } };
  const dir = mkdtempSync(join(tmpdir(), "deploy-preconditions-"));
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  delete env.TF_CLI_CONFIG_FILE;
  const plan = (config: object) => {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config));
    const result = spawnSync("terraform", ["plan", "-no-color", "-input=false"], { cwd: dir, env, encoding: "utf8" });
    return { status: result.status, text: (result.stdout + result.stderr).replace(/[\s│]+/g, " ") };
  };
  try {
    expect(spawnSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env }).status).toBe(0);
    const refused = plan(synthesized);
    expect(refused.status).toBe(1);
    expect(refused.text.match(/Error: Resource precondition failed/g)).toHaveLength(2);
    expect(refused.text).toContain("Set TRACING_STATE_BACKEND to s3://, gcs:// or kubernetes:// (README: What Terraform state holds), or TRACING_ALLOW_LOCAL_STATE=true to accept it.");
    expect(refused.text).toContain("Set TRACING_KUBE_CONTEXT to the prod cluster's context");
    expect(plan(passing).status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
