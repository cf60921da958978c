/**
 * `npm run bench [-- --runs N]`: times the tool itself on this machine, several runs each,
 * and prints the median against the targets (a 2-core machine): `npx cdktf synth` of both
 * stacks <= 3 s, the synth app alone <= 1 s, `npm test` <= 20 s. Exit code 0 when every
 * target is met, 1 when one is missed, 2 when the arguments or settings are bad or a command
 * fails.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CommandError, readEnvironment, resolveEnvironment, runCommand } from "../environment";
import { parseOptions } from "./options";

const root = join(__dirname, "..");

/** `--runs`: how many timed runs per benchmark. */
function runsOf(value: string | undefined): number {
  if (value === undefined) return 5;
  if (!/^[1-9][0-9]?$/.test(value)) throw new CommandError(`--runs must be a whole number from 1 to 99, got ${JSON.stringify(value.slice(0, 80))}`);
  return Number(value);
}

function time(command: string, env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, { cwd: root, env, shell: true, stdio: "pipe" });
  if (result.status !== 0) throw new CommandError(`${command} failed:\n${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

runCommand(() => {
  const options = parseOptions(process.argv.slice(2), { usage: "npm run bench [-- --runs N]", values: ["--runs"] });
  const runs = runsOf(options.values["--runs"]);
  // Every benchmark synthesizes with the package's .env: bad settings end the bench here, with
  // their message, instead of as a failed synth after the warm-up.
  resolveEnvironment(readEnvironment(root, process.env));
  const app: string = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app;
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "1", FORCE_COLOR: "0" };
  const benchmarks = [
    { name: "npx cdktf synth (both stacks)", command: "npx cdktf synth", targetSeconds: 3, runs },
    { name: "synth app alone (cdktf.json app)", command: app, targetSeconds: 1, runs },
    { name: "npm test (tsc --noEmit + jest)", command: "npm test --silent", targetSeconds: 20, runs: Math.max(1, Math.min(runs, 3)) },
  ];

  console.log(`bench: median of runs on ${require("node:os").cpus().length} cores, node ${process.version}\n`);
  let missed = 0;
  for (const b of benchmarks) {
    time(b.command, env); // warm-up: disk caches, tsx/esbuild and Jest caches
    const samples = Array.from({ length: b.runs }, () => time(b.command, env));
    const m = median(samples);
    const ok = m <= b.targetSeconds;
    if (!ok) missed += 1;
    console.log(
      `${b.name.padEnd(36)} median ${m.toFixed(2)} s  (target <= ${b.targetSeconds} s: ${ok ? "met" : "MISSED"})  runs: ${samples.map((s) => s.toFixed(2)).join(", ")}`,
    );
  }
  return missed > 0 ? 1 : 0;
}, 2);
