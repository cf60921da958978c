import { homedir } from "node:os";
import { resolveSettings } from "../../tracing/checked-settings";
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";
import { synthesizeApp } from "../../tools/synth";
import { goDuration, MEMORY_LABEL } from "../../constructs/docker/hardened-container";

const files = defaultSynth();
const stacks = stackDocuments(files);
const containers = Object.entries<any>(stacks.local.resource.docker_container);

test("both stacks are synthesized", () => {
  expect(Object.keys(stacks).sort()).toEqual(["local", "prod"]);
});

describe("portable and stable output", () => {
  test("no absolute or machine-specific path", () => {
    for (const [path, text] of files) {
      // The project folder, the home folder, and the temporary folder the app synthesized into.
      for (const local of [process.cwd(), homedir(), "tracing-synth-"]) {
        expect({ path, local: text.includes(local) }).toEqual({ path, local: false });
      }
    }
  });

  test("synthesizing twice gives the same bytes", () => {
    expect(synthesizeApp()).toEqual(files);
  });
});

describe("every local container", () => {
  const settings = resolveSettings("local");
  const { jaeger, esRollover, elasticsearch, prometheus } = settings.images;
  const pinned = [jaeger, esRollover, elasticsearch, prometheus].map((i) => `${i.repository}:${i.tag}`);

  test("runs a pulled image pinned to an exact version", () => {
    const images = Object.values<any>(stacks.local.resource.docker_image).map((i) => i.name);
    expect(images.sort()).toEqual([...pinned].sort());
    for (const [, c] of containers) expect(c.image).toMatch(/^\$\{docker_image\.\w+\.image_id\}$/);
  });

  test.each(containers)("%s is hardened: non-root, no capabilities, no privilege escalation, memory-limited", (_id, c) => {
    // A numeric user, never root, with group 0: the group of the uploaded files.
    expect(c.user).toMatch(/^[1-9]\d*:0$/);
    expect(c.capabilities).toEqual({ drop: ["ALL"] });
    expect(c.security_opts).toEqual(["no-new-privileges:true"]);
    expect(c.privileged).toBeUndefined();
    expect(c.memory).toBeGreaterThan(0);
    expect(c.memory_swap).toBe(c.memory);
    for (const u of c.upload ?? []) expect(u.permissions).toBe("0440");
  });

  test.each(containers)("%s publishes ports on 127.0.0.1 only", (_id, c) => {
    for (const port of c.ports ?? []) expect(port.ip).toBe("127.0.0.1");
  });

  test.each(containers)("%s is either a health-checked service the deploy waits for, or a task that must exit 0", (_id, c) => {
    if (c.must_run === false) {
      expect(c.provisioner[0]["local-exec"].environment.EXIT_CODE).toBe("${self.exit_code}");
    } else {
      expect(c.healthcheck.test.length).toBeGreaterThan(1);
      expect(c.wait).toBe(true);
      expect(c.restart).toBe("unless-stopped");
    }
  });

  test("published ports are exactly OTLP, the UI, Elasticsearch, the collector's metrics and Prometheus", () => {
    const published = containers.flatMap(([, c]) => (c.ports ?? []).map((p: any) => p.external)).sort((a: number, b: number) => a - b);
    expect(published).toEqual([4317, 4318, 8888, 8889, 9090, 9200, 16686]);
  });
});

describe("a redeploy that changes nothing plans nothing", () => {
  test.each(containers)("%s ignores what the provider reads back differently: the daemon's log options, memory_swap without swap accounting", (_id, c) => {
    expect(c.lifecycle.ignore_changes).toEqual(["log_opts", "memory_swap"]);
  });

  test.each(containers)("%s is replaced, not updated, when its memory changes (its swap limit is ignored)", (_id, c) => {
    expect(c.labels).toEqual(expect.arrayContaining([{ label: MEMORY_LABEL, value: String(c.memory) }]));
  });

  test.each(containers)("%s writes every duration the way Go prints it back", (_id, c) => {
    const durations = Object.entries<string>(c.healthcheck ?? {}).filter(([key]) => ["interval", "timeout", "start_period"].includes(key));
    for (const [key, value] of durations) expect({ key, value }).toEqual({ key, value: goDuration(goSeconds(value)) });
  });
});

/** Seconds of a Go duration such as `2m0s`. */
function goSeconds(duration: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(\d+)s$/.exec(duration);
  if (!match) throw new Error(`not a Go duration: ${duration}`);
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3]);
}
