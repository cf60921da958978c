/**
 * The package's layer rules, checked by dependency-cruiser in `npm test` (`npm run lint:deps`).
 * docs/architecture.md explains the layers; this file is where they are enforced.
 *
 * tracing/ is layered bottom to top; a module may import its own layer and the ones below:
 *   core              constants and formats (ports, paths, names, YAML, the scrape interval)
 *   parsers, settings the settings model, its schema and the parsers of single values
 *   elasticsearch, deploy   ILM, users, the bootstrap; the deploy's own preconditions
 *   pipeline          collector and gateway configs, sampling, queue sizing, the SDK environment
 *   topology          components, their network flows and policies, certificates, scheduling, ECK values
 *   monitoring        alerts, dashboard, scrape configs, the Monitor tab
 *   checked-settings  the checks across fields that need the models above, and resolveSettings
 * Above tracing/: constructs/ place what tracing/ renders, stacks/ compose constructs, tools/ and
 * test/ use everything.
 */
const LAYERS = [["core"], ["parsers", "settings"], ["elasticsearch", "deploy"], ["pipeline"], ["topology"], ["monitoring"], ["checked-settings"]];
const folders = (layers) => `^tracing/(${layers.flat().join("|")})/`;

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.join("-")}`,
  comment: `tracing/{${layer.join(",")}} may import only its own layer and those below it`,
  severity: "error",
  from: { path: folders([layer]) },
  to: { path: folders(LAYERS.slice(i + 1)) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No import cycle anywhere, type-only imports included: a change to one module must not reach back into itself",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "parsers-read-only-the-model",
      comment: "Parsers check single values: of the settings they may know only the model's types and constants",
      severity: "error",
      from: { path: "^tracing/parsers/" },
      to: { path: "^tracing/settings/", pathNot: "^tracing/settings/model[.]ts$" },
    },
    {
      name: "renderers-are-pure",
      comment: "tracing/ renders plain objects: no cdktf, no constructs, no provider, no file system, nothing above it",
      severity: "error",
      from: { path: "^tracing/" },
      to: { path: "(^|/)node_modules/(cdktf|constructs|@cdktf/)|^(constructs|stacks|tools|test)/|^(fs|child_process)$" },
    },
    {
      name: "constructs-place-only",
      comment: "constructs/ may not reach the stacks, tools or tests",
      severity: "error",
      from: { path: "^constructs/" },
      to: { path: "^(stacks|tools|test)/" },
    },
    {
      name: "stacks-not-tools",
      comment: "What cdktf synth runs (main.ts, environment.ts, stacks/) does not depend on the developer tools or the tests",
      severity: "error",
      from: { path: "^(stacks/|main[.]ts$|environment[.]ts$)" },
      to: { path: "^(tools|test)/" },
    },
    {
      name: "tools-not-tests",
      comment: "tools/ are what users run: they never load test code",
      severity: "error",
      from: { path: "^tools/" },
      to: { path: "^test/" },
    },
    {
      name: "synth-without-dev-dependencies",
      comment: "npm ci --omit=dev must be enough to synthesize: what cdktf synth runs imports no devDependency",
      severity: "error",
      from: { path: "^(tracing|constructs|stacks)/|^main[.]ts$|^environment[.]ts$" },
      to: { dependencyTypes: ["npm-dev"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(cdktf.out|[.]build|examples|charts)/" },
    // Type-only imports count: a cycle through types still ties the modules' meaning together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    moduleSystems: ["cjs", "es6"],
  },
};
