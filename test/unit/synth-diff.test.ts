import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffValues, MASK } from "../../tools/structural-diff";
import { CommandError } from "../../environment";
import { describeSides, parseDiffArguments } from "../../tools/diff-cli";
import { diffStack, renderStackDiffs } from "../../tools/synth-diff";
import { stackDocuments, synthesizeApp } from "../../tools/synth";
import { collectorModeSynth, defaultSynth } from "../default-synth";

describe("structural diff", () => {
  test("nested objects report each changed leaf by path", () => {
    expect(diffValues({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 3, d: 4 } })).toEqual([
      { path: "a.c", before: 2, after: 3 },
      { path: "a.d", after: 4 },
    ]);
  });

  test("embedded YAML and JSON are compared as documents", () => {
    expect(diffValues({ config: "a:\n  b: 1\n" }, { config: "a:\n  b: 2\n" })).toEqual([{ path: "config⟨yaml⟩.a.b", before: 1, after: 2 }]);
    expect(diffValues({ body: '{"x":[1]}' }, { body: '{"x":[2]}' })).toEqual([{ path: "body⟨json⟩.x[0]", before: 1, after: 2 }]);
  });

  test("scripts are compared line by line", () => {
    expect(diffValues({ s: "#!/bin/sh\necho a\necho b\n" }, { s: "#!/bin/sh\necho a\necho c\n" })).toEqual([
      { path: "s⟨line 3⟩", before: "echo b" },
      { path: "s⟨line 3⟩", after: "echo c" },
    ]);
  });

  test("KEY=value lists compare as maps, named items by name", () => {
    expect(diffValues({ env: ["A=1", "B=2"] }, { env: ["B=3", "A=1"] })).toEqual([{ path: "env.B", before: "2", after: "3" }]);
    expect(diffValues([{ name: "x", v: 1 }, { name: "y", v: 1 }], [{ name: "y", v: 2 }, { name: "x", v: 1 }])).toEqual([{ path: "[y].v", before: 1, after: 2 }]);
  });

  describe("lists are compared by identity, not position", () => {
    const rule = (port: number, ns: string) => ({ from: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": ns } } }], ports: [{ port, protocol: "TCP" }] });
    const ingress = [rule(9200, "tracing"), rule(9200, "elastic-system"), rule(9300, "tracing"), rule(9114, "monitoring")];

    test("a rule inserted in the middle is one added item, not every later rule changed", () => {
      const widened = [...ingress.slice(0, 2), rule(9200, "genesis"), ...ingress.slice(2)];
      expect(diffValues({ spec: { ingress } }, { spec: { ingress: widened } })).toEqual([{ path: "spec.ingress[2]", after: rule(9200, "genesis") }]);
    });

    test("a rule removed is one removed item; a rule changed in place shows the changed field", () => {
      expect(diffValues({ ingress }, { ingress: [ingress[0], ingress[2], ingress[3]] })).toEqual([{ path: "ingress[1]", before: ingress[1] }]);
      const loosened = [ingress[0], ingress[1], rule(9300, "genesis"), ingress[3]];
      expect(diffValues({ ingress }, { ingress: loosened })).toEqual([
        { path: "ingress[2].from[0].namespace_selector.match_labels[kubernetes.io/metadata.name]", before: "tracing", after: "genesis" },
      ]);
    });

    test("a rule inserted beside a widened one: whole items, so the widening is not read as an edit of its neighbour", () => {
      const after = [ingress[0], ingress[1], rule(9200, "monitoring"), rule(9300, "genesis"), ingress[3]];
      expect(diffValues({ ingress }, { ingress: after })).toEqual([
        { path: "ingress[2]", before: rule(9300, "tracing") },
        { path: "ingress[2]", after: rule(9200, "monitoring") },
        { path: "ingress[3]", after: rule(9300, "genesis") },
      ]);
    });

    test("a whole item added or removed keeps its secrets hidden", () => {
      const users = [{ name: "writer" }];
      expect(diffValues({ users }, { users: [...users, { name: "reader", password: "topsecret123", nested: { token: "abcdefgh" } }] })).toEqual([
        { path: "users[reader]", after: { name: "reader", password: MASK, nested: { token: MASK } } },
      ]);
    });

    test("strings too: one argument added is one item", () => {
      expect(diffValues({ args: ["--config", "/etc/a"] }, { args: ["--config", "/etc/a", "--debug"] })).toEqual([{ path: "args[2]", after: "--debug" }]);
    });

    test("depends_on is a set: the same dependencies in another order are no change, a new one is one item", () => {
      expect(diffValues({ depends_on: ["a.x", "b.y", "c.z"] }, { depends_on: ["c.z", "a.x", "b.y"] })).toEqual([]);
      expect(diffValues({ depends_on: ["a.x", "c.z"] }, { depends_on: ["c.z", "b.y", "a.x"] })).toEqual([{ path: "depends_on[1]", after: "b.y" }]);
      // One dependency swapped for another is one removed and one added, never "a -> b".
      expect(diffValues({ depends_on: ["a.x", "c.z"] }, { depends_on: ["b.y", "c.z"] })).toEqual([
        { path: "depends_on[0]", before: "a.x" },
        { path: "depends_on[0]", after: "b.y" },
      ]);
    });
  });

  test("secret values are masked", () => {
    expect(diffValues({ password: "old-one" }, { password: "new-one" })).toEqual([{ path: "password", before: MASK, after: MASK }]);
    expect(diffValues({ data: { writer: "a" } }, { data: { writer: "b" } }, "", true)).toEqual([{ path: "data.writer", before: MASK, after: MASK }]);
  });
});

describe("stack diff", () => {
  const before = stackDocuments(defaultSynth());
  const after = stackDocuments(synthesizeApp({ TRACE_RETENTION_DAYS: "14", ES_DISK_GIB: "20" }));

  test("identical synths have no changes", () => {
    expect(diffStack(before.local, before.local)).toEqual([]);
  });

  test("a retention change shows as field changes inside the rendered configs", () => {
    const changes = diffStack(before.local, after.local);
    const collector = changes.find((c) => c.address === "docker_container.Collector_Container_D8049ED0")!;
    expect(collector.change).toBe("changed");
    expect(collector.fields).toContainEqual({
      path: "upload[/etc/jaeger/config/config.yaml].content⟨yaml⟩.extensions.jaeger_storage.backends.genesis_elasticsearch.elasticsearch.max_span_age",
      before: "168h",
      after: "336h",
    });
    const text = renderStackDiffs({ local: changes }, "markdown");
    expect(text).toMatch(/^### stack local: 0 added, 0 removed, \d+ changed\n\n```diff\n~ /);
  });

  test("resources that appear or disappear are listed by address", () => {
    // The shared collector-mode synth: the gateway comes, the collectors' autoscaler goes.
    const sampled = stackDocuments(collectorModeSynth());
    const moved = (from: any, to: any) => diffStack(from, to).filter((c) => c.change !== "changed").map((c) => `${c.change} ${c.address.replace(/_[0-9A-F]{8}$/, "")}`);
    expect(moved(before.prod, sampled.prod)).toEqual(expect.arrayContaining(["added kubernetes_deployment_v1.Gateway_Deployment", "removed kubernetes_horizontal_pod_autoscaler_v2.Collector_Autoscaler"]));
    expect(moved(sampled.prod, before.prod)).toEqual(expect.arrayContaining(["removed kubernetes_deployment_v1.Gateway_Deployment", "added kubernetes_horizontal_pod_autoscaler_v2.Collector_Autoscaler"]));
  });
});

/** `body` run with `dir` as the working directory (relative settings files are read from there). */
function withCwd<T>(dir: string, body: () => T): T {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return body();
  } finally {
    process.chdir(cwd);
  }
}

describe("npm run diff", () => {
  const root = join(__dirname, "../..");
  let clone: string;

  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), "tracing-diff-test-"));
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", root, clone]);
    symlinkSync(join(root, "node_modules"), join(clone, "node_modules"), "dir");
  });
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  const diff = (...args: string[]) =>
    // The working tree's tool, run inside a clone of the committed project.
    spawnSync(process.execPath, ["--require", "tsx/cjs", join(root, "tools/diff-cli.ts"), ...args], { cwd: clone, encoding: "utf8" });

  // One run (each synthesizes twice): its exact output also proves synth is deterministic
  // across processes, since any unrelated difference would be listed.
  test("reports exactly the working-tree change against the base and exits 1", () => {
    const file = join(clone, "tracing/elasticsearch/ilm.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace("max_age: `${ROLLOVER_MAX_AGE_DAYS}d`", 'max_age: "12h"'));
    const run = diff("--base", "HEAD");
    const rollover = '⟨line 22⟩⟨json⟩.policy.phases.hot.actions.rollover.max_age: "1d" -> "12h"';
    expect(run.stdout.split("\n")).toEqual([
      "Synth diff",
      "  base:  HEAD, settings from no .env: (none: the defaults)",
      "  after: the working tree, settings from no .env: (none: the defaults)",
      "",
      "Network flows (prod NetworkPolicies, as the evaluator reads them):",
      "  no flow opened or closed",
      "",
      "== stack local: 0 added, 0 removed, 1 changed",
      "~ docker_container.ElasticsearchBootstrap_Script_92EA0080",
      `    upload[/bootstrap/script/bootstrap.sh].content${rollover}`,
      "== stack prod: 0 added, 0 removed, 2 changed",
      "~ kubernetes_config_map_v1.ElasticsearchBootstrap_Script_CF19D1FB",
      `    data[bootstrap.sh]${rollover}`,
      // The Job is named by its script's hash, so a changed script runs again.
      "~ kubernetes_job_v1.ElasticsearchBootstrap_Job_05B6CC1D",
      expect.stringMatching(/^    metadata\.name: "jaeger-elasticsearch-bootstrap-[0-9a-f]{8}" -> "jaeger-elasticsearch-bootstrap-[0-9a-f]{8}"$/),
      "",
    ]);
    expect(run.status).toBe(1);
  });

  test("compares two settings files on the same code: each side's settings, the changed ones, secrets and query strings masked", () => {
    writeFileSync(join(clone, "base.env"), "# the defaults\n");
    writeFileSync(
      join(clone, "new.env"),
      "TRACE_SAMPLING_MODE=collector\nTRACING_UI_AUTH_URL=https://auth.example.com/oauth2/auth?sig=s3cr3tV4lue99\nTRACING_UI_TLS_SECRET=jaeger-tls\n",
    );
    const { base, after } = withCwd(clone, () => parseDiffArguments(["--base-env", "base.env", "--env", "new.env"], clone));
    expect([base.ref, after.ref]).toEqual([undefined, undefined]);
    const header = describeSides(base, after, {}, "text");
    expect(header).toEqual([
      "  base:  the working tree, settings from base.env: (none: the defaults)",
      "  after: the working tree, settings from new.env: TRACE_SAMPLING_MODE=collector TRACING_UI_AUTH_URL=https://auth.example.com/oauth2/auth?(masked) TRACING_UI_TLS_SECRET=jaeger-tls",
      "  settings changed: TRACE_SAMPLING_MODE: (unset) -> collector; TRACING_UI_AUTH_URL: (unset) -> https://auth.example.com/oauth2/auth?(masked); TRACING_UI_TLS_SECRET: (unset) -> jaeger-tls",
      "",
    ]);
    expect(header.join("\n")).not.toContain("s3cr3tV4lue99");
    // The process environment applies to both sides, and says so.
    expect(describeSides(base, after, { TRACE_RETENTION_DAYS: "14", HOME: "/root" }, "text")).toContain("  both sides, from the process environment: TRACE_RETENTION_DAYS=14");
  });

  // The command ends a CommandError with its message and exit code 2 (script-errors.test.ts runs it so).
  test.each([
    [["--base"], "--base needs a value"],
    [["--bsae", "HEAD"], 'unknown option "--bsae"'],
    [["--base-env", "missing.env"], "--base-env missing.env: no such file"],
    [["--markdown", "--markdown"], "--markdown is given twice"],
    [["--base-env", "tools"], "--base-env tools: no such file"],
  ])("refuses %j with a message", (args, message) => {
    withCwd(clone, () => {
      expect(() => parseDiffArguments(args, clone)).toThrow(CommandError);
      expect(() => parseDiffArguments(args, clone)).toThrow(message);
    });
  });
});
