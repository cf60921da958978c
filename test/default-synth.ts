import { readFileSync } from "node:fs";

/** The settings of the second shared synth: tail sampling behind the gateway. */
export const COLLECTOR_MODE = { TRACE_SAMPLING_MODE: "collector" } as const;

/** A private registry, as an air-gapped cluster has one. */
export const MIRROR_REGISTRY = "mirror.corp.example:5000";
export const MIRROR_HELM_REPOSITORY = "https://mirror.corp.example/helm/elastic";
const digestOf = (hexDigit: string) => `sha256:${hexDigit.repeat(64)}`;

/** cert-manager issues and renews the prod server certificates. */
export const CERT_MANAGER = { TRACING_CERTIFICATES: "cert-manager" } as const;

/**
 * How an air-gapped cluster pulls and places pods: with pull secrets for its registry, on nodes
 * set aside (labelled and tainted) for tracing, at a priority of its own.
 */
export const SCHEDULED = {
  TRACING_IMAGE_PULL_SECRETS: "mirror-pull,mirror-pull-backup",
  TRACING_NODE_SELECTOR: "node-role.corp.example/tracing=true",
  TRACING_TOLERATIONS: "dedicated=tracing:NoSchedule,node.kubernetes.io/unreachable:NoExecute:300",
  TRACING_PRIORITY_CLASS: "tracing-high",
} as const;

/**
 * The settings of the third shared synth: collector mode, so that every image is in use (the
 * gateway's too), with every image and the chart repository on a mirror, pinned by digest, and
 * every pod pulled and placed as `SCHEDULED` says; and cert-manager mode, so that every server
 * certificate (the gateway's too) is a cert-manager `Certificate`, through the in-repo chart
 * that needs no repository at all.
 */
export const MIRRORED = {
  ...COLLECTOR_MODE,
  ...SCHEDULED,
  ...CERT_MANAGER,
  JAEGER_IMAGE: `${MIRROR_REGISTRY}/jaegertracing/jaeger`,
  JAEGER_IMAGE_DIGEST: digestOf("1"),
  ES_ROLLOVER_IMAGE: `${MIRROR_REGISTRY}/jaegertracing/jaeger-es-rollover`,
  ES_ROLLOVER_IMAGE_DIGEST: digestOf("2"),
  ELASTICSEARCH_IMAGE: `${MIRROR_REGISTRY}/elasticsearch/elasticsearch`,
  ELASTICSEARCH_IMAGE_DIGEST: digestOf("3"),
  OTEL_COLLECTOR_CONTRIB_IMAGE: `${MIRROR_REGISTRY}/otel/opentelemetry-collector-contrib`,
  OTEL_COLLECTOR_CONTRIB_IMAGE_DIGEST: digestOf("4"),
  ES_EXPORTER_IMAGE: `${MIRROR_REGISTRY}/prometheuscommunity/elasticsearch-exporter`,
  ES_EXPORTER_IMAGE_DIGEST: digestOf("5"),
  ECK_OPERATOR_IMAGE: `${MIRROR_REGISTRY}/eck/eck-operator`,
  ECK_OPERATOR_IMAGE_DIGEST: digestOf("6"),
  PROMETHEUS_IMAGE: `${MIRROR_REGISTRY}/prom/prometheus`,
  PROMETHEUS_IMAGE_DIGEST: digestOf("7"),
  TRACING_HELM_REPOSITORY: MIRROR_HELM_REPOSITORY,
} as const;

/** Set under mutation testing (test/mutation-setup.ts): the shared synths are made in each suite, where Stryker's mutant is on. */
export const SYNTH_IN_SUITE = "TRACING_SYNTH_IN_SUITE";

/** The variable the Stryker Jest runner names the active mutant in (@stryker-mutator/api 9.6.1 `INSTRUMENTER_CONSTANTS`). */
export const STRYKER_ACTIVE_MUTANT = "__STRYKER_ACTIVE_MUTANT__";

/** A synth's outcome: its files, or what it threw (a mutant can make the synth throw). */
type SynthOutcome = { readonly files: Map<string, string> } | { readonly error: unknown };

/** The shared synths made for one Stryker run (one mutant, or the dry run), by variable. */
export interface MutantSynths {
  run: string;
  readonly made: Map<string, SynthOutcome>;
}

/**
 * The files of `variable`'s synth in `run` (a mutant's id, or the dry run): `synthesize`d by the
 * first suite of the run that asks, read from `store` by the others. A new run empties the store
 * first, so no run reads another's output and only one run's synths are kept.
 */
export function synthOfRun(store: MutantSynths, run: string, variable: string, synthesize: () => Map<string, string>): Map<string, string> {
  if (store.run !== run) {
    store.run = run;
    store.made.clear();
  }
  let outcome = store.made.get(variable);
  if (!outcome) {
    try {
      outcome = { files: synthesize() };
    } catch (error) {
      outcome = { error };
    }
    store.made.set(variable, outcome);
  }
  if ("error" in outcome) throw outcome.error;
  return new Map(outcome.files);
}

/**
 * Under Stryker, one store for every suite of a run. The Jest runner runs a mutant's suites one
 * after another in one process (`runInBand`: @stryker-mutator/jest-runner 9.6.1
 * dist/src/jest-test-adapters/jest-test-adapter.js), with the mutant's id in
 * `__STRYKER_ACTIVE_MUTANT__`, set before the run and deleted after it, unset in the dry run
 * (dist/src/jest-test-runner.js, `mutantRun`). Each suite gets its own deep copy of `process`
 * (jest-util 29.7 build/createProcessObject.js), so the store cannot be one of its properties,
 * but the copies keep the real prototype: the store lives there, under a registered symbol,
 * which every suite's realm resolves to the same key.
 */
function runStore(): MutantSynths {
  const shared = Object.getPrototypeOf(process) as Record<symbol, MutantSynths | undefined>;
  const key = Symbol.for("genesis-tracing-infra.mutant-synths");
  shared[key] ??= { run: "", made: new Map() };
  return shared[key];
}

/** Each shared synth: the variable naming its file, and its settings. */
export const SHARED_SYNTHS = {
  TRACING_DEFAULT_SYNTH: {},
  TRACING_COLLECTOR_MODE_SYNTH: COLLECTOR_MODE,
  TRACING_MIRRORED_SYNTH: MIRRORED,
} as const satisfies Record<string, Record<string, string>>;

function sharedSynth(variable: keyof typeof SHARED_SYNTHS): Map<string, string> {
  const file = process.env[variable];
  if (file) return new Map(JSON.parse(readFileSync(file, "utf8")));
  if (process.env[SYNTH_IN_SUITE] !== "1") throw new Error(`${variable} is not set: run the tests through jest.config.js`);
  // Mutation testing (jest.stryker.config.js explains why): synthesized inside the first suite
  // of the mutant's run that reads it, with the mutant on, and kept for the run's other suites.
  // A `require` rather than an import, so that npm test's suites never load cdktf for it.
  const run = process.env[STRYKER_ACTIVE_MUTANT] ?? "dry run";
  return synthOfRun(runStore(), run, variable, () => (require("../tools/synth") as typeof import("../tools/synth")).synthesizeApp(SHARED_SYNTHS[variable]));
}

/** The files of the default-settings synth made once by `test/global-setup.ts`. */
export const defaultSynth = (): Map<string, string> => sharedSynth("TRACING_DEFAULT_SYNTH");

/** The files of the `COLLECTOR_MODE` synth made once by `test/global-setup.ts`. */
export const collectorModeSynth = (): Map<string, string> => sharedSynth("TRACING_COLLECTOR_MODE_SYNTH");

/** The files of the `MIRRORED` synth made once by `test/global-setup.ts`. */
export const mirroredSynth = (): Map<string, string> => sharedSynth("TRACING_MIRRORED_SYNTH");

/** The same synth, read for its cert-manager mode (`CERT_MANAGER` is part of `MIRRORED`). */
export const certManagerSynth = mirroredSynth;
