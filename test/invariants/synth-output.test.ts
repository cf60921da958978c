import { homedir } from "node:os";
import { resolveSettings } from "../../tracing/settings";
import { stackDocuments, stringLeaves, synthesizeApp } from "./synth-output";

const files = synthesizeApp();
const stacks = stackDocuments(files);
const containers = Object.entries<any>(stacks.local.resource.docker_container);
/** A Terraform reference and nothing else, e.g. `${random_password.x.result}`. */
const REFERENCE = /^\$\{[a-z_0-9]+\.[A-Za-z0-9_-]+\.[a-z_]+\}$/;
/** Names of fields and variables that hold secret values (not their names or file paths). */
const SECRET_NAME = /(password|passwd|secret|token|private_key|api_?key)$/i;

test("both stacks are synthesized", () => {
  expect(Object.keys(stacks).sort()).toEqual(["local", "prod"]);
});

describe("secret hygiene over all of cdktf.out", () => {
  test("no private key material anywhere", () => {
    for (const [path, text] of files) expect({ path, pem: /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) }).toEqual({ path, pem: false });
  });

  test("every field named like a secret holds a Terraform reference, never a value", () => {
    const literal = Object.values(stacks)
      .flatMap((doc) => stringLeaves(doc))
      // "//" holds cdktf's metadata (construct paths and output names), not configuration.
      .filter(({ path }) => path[0] !== "//" && SECRET_NAME.test(path[path.length - 1]))
      .filter(({ value }) => !REFERENCE.test(value));
    expect(literal).toEqual([]);
  });

  test("container env never carries a secret, only paths to secret files", () => {
    const leaks = containers.flatMap(([id, c]) =>
      (c.env ?? [])
        .map((entry: string) => entry.split(/=(.*)/s))
        .filter(([name]: string[]) => SECRET_NAME.test(name) && !name.endsWith("_FILE"))
        .map(([name]: string[]) => `${id}: ${name}`),
    );
    expect(leaks).toEqual([]);
  });

  test("every uploaded secret file is filled from a generated resource", () => {
    const uploads = containers.flatMap(([, c]) => c.upload ?? []);
    const secretUploads = uploads.filter((u: any) => /password|secret|\.key$/.test(u.file));
    expect(secretUploads.length).toBeGreaterThanOrEqual(9);
    for (const u of secretUploads) expect({ file: u.file, content: u.content }).toEqual({ file: u.file, content: expect.stringMatching(REFERENCE) });
  });

  test("no command line or script passes a password literally", () => {
    const lines = containers.flatMap(([, c]) => [
      ...(c.entrypoint ?? []),
      ...(c.command ?? []),
      ...(c.healthcheck?.test ?? []),
      ...(c.upload ?? []).filter((u: any) => u.file.endsWith(".sh")).map((u: any) => u.content),
    ]);
    // Credentials appear only as `$(cat <file>)`, read inside the container at run time.
    for (const line of lines) expect(line).not.toMatch(/(--user|-u|ES_PASSWORD=|"password":)\s*"?(?!\$\(cat |%s)[^\s"]*[A-Za-z0-9]{12,}/);
  });
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
  const pinned = Object.values(settings.images).map((i) => `${i.repository}:${i.tag}`);

  test("runs a pulled image pinned to an exact version", () => {
    const images = Object.values<any>(stacks.local.resource.docker_image).map((i) => i.name);
    expect(images.sort()).toEqual([...pinned].sort());
    for (const [, c] of containers) expect(c.image).toMatch(/^\$\{docker_image\.\w+\.image_id\}$/);
  });

  test.each(containers)("%s is hardened: non-root, no capabilities, no privilege escalation, memory-limited", (_id, c) => {
    expect(c.user).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(c.capabilities).toEqual({ drop: ["ALL"] });
    expect(c.security_opts).toEqual(["no-new-privileges:true"]);
    expect(c.privileged).toBeUndefined();
    expect(c.memory).toBeGreaterThan(0);
    expect(c.memory_swap).toBe(c.memory);
    for (const u of c.upload ?? []) expect(u.permissions).toBe("0444");
  });

  test.each(containers)("%s publishes ports on 127.0.0.1 only", (_id, c) => {
    for (const port of c.ports ?? []) expect(port.ip).toBe("127.0.0.1");
  });

  test.each(containers)("%s is either a health-checked service the deploy waits for, or a task that must exit 0", (_id, c) => {
    if (c.must_run === false) {
      expect(c.lifecycle.postcondition[0].condition).toBe("${self.exit_code == 0}");
    } else {
      expect(c.healthcheck.test.length).toBeGreaterThan(1);
      expect(c.wait).toBe(true);
      expect(c.restart).toBe("unless-stopped");
    }
  });

  test("published ports are exactly OTLP, the UI and Elasticsearch", () => {
    const published = containers.flatMap(([, c]) => (c.ports ?? []).map((p: any) => p.external)).sort((a: number, b: number) => a - b);
    expect(published).toEqual([4317, 4318, 9200, 16686]);
  });
});
