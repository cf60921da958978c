/**
 * cdktf is deprecated (0.21.0 is its last release): each synthesized stack folder must stay a
 * plain Terraform configuration that `terraform -chdir=cdktf.out/stacks/<stack> init` and
 * `apply` (or OpenTofu) deploy without the cdktf CLI. So it holds its one file, reads no file
 * outside itself, and reaches outside only for the documented outputs and state.
 */
import { parse as parseYaml } from "yaml";
import { stackDocuments, stringLeaves } from "../../tools/synth-documents";
import { certManagerSynth, defaultSynth } from "../default-synth";

const files = defaultSynth();
const stacks = stackDocuments(files);

/** What a stack may name outside its folder, relative to it: its state and local's client files. */
const OUTSIDE = /^\.\.\/\.\.\/\.\.\/(terraform\.(local|prod)\.tfstate|\.tracing\/local\/[a-z-]+(\.container)?\.(crt|env|yaml|json))$/;

test.each(Object.keys(stacks))("the %s folder holds only its configuration", (stack) => {
  const inFolder = [...files.keys()].filter((path) => path.startsWith(`stacks/${stack}/`));
  expect(inFolder).toEqual([`stacks/${stack}/cdk.tf.json`]);
});

test("in cert-manager mode the prod folder also holds the stack's own chart, which its releases name by a path inside it", () => {
  const managed = certManagerSynth();
  const inFolder = [...managed.keys()].filter((path) => path.startsWith("stacks/prod/")).sort();
  expect(inFolder.map((path) => path.replace(/[0-9A-F]{32}/, "<hash>"))).toEqual([
    "stacks/prod/assets/ObjectsChart/<hash>/Chart.yaml",
    "stacks/prod/assets/ObjectsChart/<hash>/templates/objects.yaml",
    "stacks/prod/assets/ObjectsChart/<hash>/values.yaml",
    "stacks/prod/cdk.tf.json",
  ]);
  const charts = Object.values<any>(stackDocuments(managed).prod.resource.helm_release).filter((r) => !r.repository).map((r) => r.chart);
  expect(charts.map((chart) => inFolder.includes(`stacks/prod/${chart}/Chart.yaml`))).toEqual([true, true]);
});

test.each(Object.entries(stacks))("%s reads no file: Helm values, scripts and configs are inlined", (_stack, doc) => {
  const text = JSON.stringify(doc);
  expect(text).not.toMatch(/\$\{[^}]*\b(file|filebase64|templatefile|fileset|filemd5|filesha256)\(/);
  for (const release of Object.values<any>(doc.resource?.helm_release ?? {})) {
    expect(release.set_file).toBeUndefined();
    for (const values of release.values) expect(typeof parseYaml(values)).toBe("object");
  }
});

test.each(Object.entries(stacks))("%s names nothing outside its folder but its state and the documented client files", (_stack, doc) => {
  const outside = stringLeaves(doc)
    .map((leaf) => leaf.value)
    // Absolute paths of this machine are refused by synth-output's portability test; paths
    // inside containers are not this machine's.
    .filter((value) => value.startsWith("../"))
    .filter((value) => !OUTSIDE.test(value));
  expect(outside).toEqual([]);
});
