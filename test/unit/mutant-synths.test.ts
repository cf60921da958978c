/**
 * Under Stryker the suites of one run (one mutant, or the dry run) share each shared synth
 * (test/default-synth.ts `synthOfRun`): made once per run, never read by another run.
 */
import { synthOfRun, type MutantSynths } from "../default-synth";

/** A stand-in for a synth: counts its calls, and names the call in its one file. */
function countingSynth() {
  let calls = 0;
  return {
    calls: () => calls,
    synthesize: () => new Map([["stacks/prod/cdk.tf.json", `synth ${++calls}`]]),
  };
}

const emptyStore = (): MutantSynths => ({ run: "", made: new Map() });

test("the suites of one mutant's run read the synth the first of them made", () => {
  const store = emptyStore();
  const synth = countingSynth();
  const firstSuite = synthOfRun(store, "7", "TRACING_DEFAULT_SYNTH", synth.synthesize);
  const laterSuite = synthOfRun(store, "7", "TRACING_DEFAULT_SYNTH", synth.synthesize);
  expect(synth.calls()).toBe(1);
  expect(laterSuite.get("stacks/prod/cdk.tf.json")).toBe("synth 1");
  // Each suite gets a copy: one that edits its files does not change another's.
  firstSuite.clear();
  expect(synthOfRun(store, "7", "TRACING_DEFAULT_SYNTH", synth.synthesize).size).toBe(1);
});

test("each synth variant is made once per run, apart from the others", () => {
  const store = emptyStore();
  const synth = countingSynth();
  synthOfRun(store, "7", "TRACING_DEFAULT_SYNTH", synth.synthesize);
  expect(synthOfRun(store, "7", "TRACING_MIRRORED_SYNTH", synth.synthesize).get("stacks/prod/cdk.tf.json")).toBe("synth 2");
  expect(synthOfRun(store, "7", "TRACING_DEFAULT_SYNTH", synth.synthesize).get("stacks/prod/cdk.tf.json")).toBe("synth 1");
  expect(synth.calls()).toBe(2);
});

test.each([
  ["the dry run then the first mutant", "dry run", "0"],
  ["two consecutive mutants", "7", "8"],
])("%s do not share a synth, and only the later run's is kept", (_, earlier, later) => {
  const store = emptyStore();
  const synth = countingSynth();
  synthOfRun(store, earlier, "TRACING_DEFAULT_SYNTH", synth.synthesize);
  synthOfRun(store, earlier, "TRACING_MIRRORED_SYNTH", synth.synthesize);
  expect(synthOfRun(store, later, "TRACING_DEFAULT_SYNTH", synth.synthesize).get("stacks/prod/cdk.tf.json")).toBe("synth 3");
  expect([...store.made.keys()]).toEqual(["TRACING_DEFAULT_SYNTH"]);
});

test("a synth the mutant made throw throws in every suite of its run, tried once", () => {
  const store = emptyStore();
  let calls = 0;
  const throwing = () => {
    calls++;
    throw new Error("ELASTICSEARCH_HEAP_MIB (prod) must be at least 2048, got 0");
  };
  expect(() => synthOfRun(store, "9", "TRACING_DEFAULT_SYNTH", throwing)).toThrow("must be at least 2048, got 0");
  expect(() => synthOfRun(store, "9", "TRACING_DEFAULT_SYNTH", throwing)).toThrow("must be at least 2048, got 0");
  expect(calls).toBe(1);
});
