/**
 * prod refuses, when Terraform plans it, a local state file nobody opted into and a deploy to
 * whatever context is current; synth, tests and `npm run diff` go on working offline. The
 * synthesized preconditions are run by the real Terraform (terraform_data needs no provider).
 */
import { prodDeployPreconditions } from "../../tracing/deploy/deploy-preconditions";
import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables } from "../../tracing/settings";
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";
import { hasTerraform, withTerraform } from "../terraform";

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
  withTerraform("deploy-preconditions-", (terraform) => {
    const plan = (config: object) => {
      terraform.write(config);
      return terraform.run("plan");
    };
    expect(terraform.run("init").status).toBe(0);
    const refused = plan(synthesized);
    expect(refused.status).toBe(1);
    expect(refused.text.match(/Error: Resource precondition failed/g)).toHaveLength(2);
    expect(refused.text).toContain("Set TRACING_STATE_BACKEND to s3://, gcs:// or kubernetes:// (docs/prod.md#what-terraform-state-holds-and-where-it-lives), or TRACING_ALLOW_LOCAL_STATE=true to accept it.");
    expect(refused.text).toContain("Set TRACING_KUBE_CONTEXT to the prod cluster's context");
    expect(plan(passing).status).toBe(0);
  });
}, 30_000);
