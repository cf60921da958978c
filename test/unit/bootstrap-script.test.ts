import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { renderBootstrapScript } from "../../tracing/elasticsearch/bootstrap-script";
import { BOOTSTRAP_PATHS } from "../../tracing/core/paths";
import { resolveSettings } from "../../tracing/checked-settings";
import { LOCAL_ILM_POLICY, localInitEnvironment } from "../fixtures/local-ilm";

const local = resolveSettings("local");

const script = renderBootstrapScript(local, { elasticsearchUrl: "https://elasticsearch:9200", users: "api" });
const withoutUsers = renderBootstrapScript(local, { elasticsearchUrl: "https://elasticsearch:9200", users: "none" });

describe("rendered bootstrap script", () => {
  const requests = (text: string) =>
    text
      .split("\n")
      .filter((line) => /(^|\| )es PUT/.test(line.trim()))
      .map((line) => line.trim().replace(/^\| /, "").split(" ").slice(0, 3).join(" "));

  test("upserts the policy, then each role before its user", () => {
    expect(requests(script)).toEqual([
      "es PUT '/_ilm/policy/genesis-jaeger-ilm-policy'",
      "es PUT '/_security/role/genesis-jaeger-writer'",
      "es PUT '/_security/user/genesis-jaeger-writer'",
      "es PUT '/_security/role/genesis-jaeger-reader'",
      "es PUT '/_security/user/genesis-jaeger-reader'",
      "es PUT '/_security/role/genesis-jaeger-monitor'",
      "es PUT '/_security/user/genesis-jaeger-monitor'",
    ]);
  });

  test("with users owned elsewhere, upserts only the policy, as the scoped bootstrap user, and touches no user or role", () => {
    expect(requests(withoutUsers)).toEqual(["es PUT '/_ilm/policy/genesis-jaeger-ilm-policy'"]);
    expect(withoutUsers).not.toMatch(/_security/);
    expect(withoutUsers).not.toMatch(/writer-password|reader-password|monitor-password|elastic-password|elastic:/);
    expect(withoutUsers).toContain(`auth="genesis-jaeger-bootstrap:$(cat '/bootstrap/secrets/bootstrap-password')"`);
  });

  test("sends the 7-day ILM policy as the body of its PUT", () => {
    const body = /^es PUT '\/_ilm\/policy\/genesis-jaeger-ilm-policy' <<'JSON'\n(.*)\nJSON$/m.exec(script)?.[1];
    expect(JSON.parse(body ?? "null")).toEqual(LOCAL_ILM_POLICY);
  });

  test("verifies Elasticsearch's certificate on every request and reads every password from a file", () => {
    expect(script.match(/--cacert '\/bootstrap\/elasticsearch-ca\/ca\.crt'/g)).toHaveLength(3);
    expect(script).toContain(`auth="elastic:$(cat '/bootstrap/secrets/elastic-password')"`);
    expect(script.match(/--user "\$auth"/g)).toHaveLength(3);
    expect(script).toContain(`"$(cat '/bootstrap/secrets/writer-password')"`);
    expect(script).toContain(`"$(cat '/bootstrap/secrets/reader-password')"`);
    expect(script).not.toMatch(/--insecure|-k /);
  });

  test("waits, bounded, for the cluster to be at least yellow before the first request", () => {
    const wait = script.indexOf("_cluster/health?wait_for_status=yellow");
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThan(script.indexOf("es PUT"));
    expect(script).toContain('if [ "$attempt" -ge 60 ]; then');
  });

  test("stops at the first failed request", () => {
    expect(script).toMatch(/^set -eu$/m);
    expect(script).toContain("--fail-with-body");
  });

  test("checks the write alias of spans, services and dependencies, after access is set up", () => {
    const checks = script.split("\n").filter((line) => line.startsWith("check '"));
    expect(checks).toEqual([
      "check 'jaeger-span' 'genesis-jaeger-span-write' 'genesis-jaeger-span-read' 'genesis-jaeger-span-000001'",
      "check 'jaeger-service' 'genesis-jaeger-service-write' 'genesis-jaeger-service-read' 'genesis-jaeger-service-000001'",
      "check 'jaeger-dependencies' 'genesis-jaeger-dependencies-write' 'genesis-jaeger-dependencies-read' 'genesis-jaeger-dependencies-000001'",
    ]);
    expect(script.indexOf(checks[0])).toBeGreaterThan(script.lastIndexOf("_security/user/"));
  });

  test("ends by exec'ing the copied es-rollover binary, its environment exported and the password read from a file", () => {
    const tail = script.slice(script.indexOf("export ES_USE_ILM")).trimEnd().split("\n");
    const exported = tail.filter((l) => l.startsWith("export ") && l.includes("="));
    expect(exported).toEqual(Object.entries(localInitEnvironment("/bootstrap/elasticsearch-ca/ca.crt")).map(([k, v]) => `export ${k}='${v}'`));
    expect(tail.slice(-3)).toEqual([`ES_PASSWORD="$(cat '/bootstrap/secrets/elastic-password')"`, "export ES_PASSWORD", `exec '/bootstrap/bin/es-rollover' init "$es_url"`]);
  });

  test.each([
    ["users api", script],
    ["users none", withoutUsers],
  ])("is valid POSIX shell (%s)", (_name, text) => {
    expect(() => execFileSync("/bin/sh", ["-n"], { input: text })).not.toThrow();
  });
});

/**
 * The script run by `sh` against a stand-in for Elasticsearch on 127.0.0.1, with es-rollover
 * replaced by a stub that records its arguments and environment. The script under test is the
 * rendered one, moved under a temporary root (every path in it is a quoted `/bootstrap/…`).
 */
const hasCurl = spawnSync("curl", ["--version"]).status === 0;
if (!hasCurl) console.warn("bootstrap script runtime tests skipped: curl is not installed (apt-get install -y curl)");

// CI installs curl (.ci/run): there, a skipped runtime test would hide a broken guard.
test("CI runs the bootstrap script for real", () => {
  expect({ ci: process.env.CI === "true", curl: hasCurl }).not.toEqual({ ci: true, curl: false });
});

(hasCurl ? describe : describe.skip)("bootstrap script run against a stand-in Elasticsearch", () => {
  /** Where the variant for users owned by ECK's file realm is written. */
  const FILE_REALM_SCRIPT = "/bootstrap/script/file-realm.sh";
  const PASSWORDS = { "elastic-password": "AdminPassw0rdFromFile", "writer-password": "Wr1ter", "reader-password": "Re4der", "monitor-password": "M0nitor", "bootstrap-password": "B00tstrap" };
  const SPAN = { write: "genesis-jaeger-span-write", read: "genesis-jaeger-span-read", first: "genesis-jaeger-span-000001" };
  const SERVICE = { write: "genesis-jaeger-service-write", read: "genesis-jaeger-service-read", first: "genesis-jaeger-service-000001" };
  const DEPENDENCIES = { write: "genesis-jaeger-dependencies-write", read: "genesis-jaeger-dependencies-read", first: "genesis-jaeger-dependencies-000001" };

  /** What the stand-in holds; HEAD /<name> matches an index or an alias, as Elasticsearch's does. */
  interface Cluster {
    readonly indices: string[];
    readonly aliases: string[];
    /** Paths answered with a 500. */
    readonly failing?: string[];
    /** Users and roles of the native realm, as `user/<name>` and `role/<name>`. */
    readonly native?: string[];
  }
  let cluster: Cluster = { indices: [], aliases: [] };
  let seen: { method: string; path: string; authorization?: string; body: string }[] = [];
  let server: Server;
  let root: string;
  let url: string;
  const at = (path: string) => join(root, path);

  const answer = (req: IncomingMessage, body: string): [number, object?] => {
    const path = (req.url ?? "").split("?")[0];
    seen.push({ method: req.method ?? "", path, authorization: req.headers.authorization, body });
    if (cluster.failing?.includes(path)) return [500, { error: "stand-in failure" }];
    if (req.method === "GET" && path === "/_cluster/health") return [200, { status: "green" }];
    if (req.method === "PUT" && /^\/_(ilm\/policy|security\/(role|user))\//.test(path)) return [200, { acknowledged: true }];
    if (req.method === "DELETE" && path.startsWith("/_security/")) return [cluster.native?.includes(path.slice(11)) ? 200 : 404, {}];
    if (req.method === "HEAD" && path.startsWith("/_alias/")) return [cluster.aliases.includes(path.slice(8)) ? 200 : 404];
    if (req.method === "HEAD") return [[...cluster.indices, ...cluster.aliases].includes(path.slice(1)) ? 200 : 404];
    return [400, { error: `unexpected ${req.method} ${path}` }];
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "bootstrap-script-"));
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const [status, json] = answer(req, body);
        res.writeHead(status, { "Content-Type": "application/json" }).end(json ? JSON.stringify(json) : undefined);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const moved = (users: "api" | "none") => {
      const rendered = renderBootstrapScript(local, { elasticsearchUrl: url, users });
      const relocated = rendered.split("'/bootstrap/").join(`'${root}/bootstrap/`);
      // Every path was quoted, so none is left behind.
      expect(relocated.split(`${root}/bootstrap/`).length).toBe(rendered.split("/bootstrap/").length);
      return relocated;
    };
    const files: Record<string, string> = {
      [BOOTSTRAP_PATHS.script]: moved("api"),
      [FILE_REALM_SCRIPT]: moved("none"),
      [BOOTSTRAP_PATHS.elasticsearchCa]: "not used over http\n",
      // The stub records what es-rollover would have been given.
      [BOOTSTRAP_PATHS.esRollover]: `#!/bin/sh\nprintf '%s\\n' "$@" > '${at("argv")}'\nenv > '${at("env")}'\n`,
      ...Object.fromEntries(Object.entries(PASSWORDS).map(([name, password]) => [`${BOOTSTRAP_PATHS.secretsDir}/${name}`, password])),
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(at(path)), { recursive: true });
      writeFileSync(at(path), content);
    }
    chmodSync(at(BOOTSTRAP_PATHS.esRollover), 0o755);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  beforeEach(() => {
    seen = [];
    rmSync(at("argv"), { force: true });
    rmSync(at("env"), { force: true });
  });

  const run = (state: Cluster, script: string = BOOTSTRAP_PATHS.script) => {
    cluster = state;
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn("/bin/sh", [at(script)], { timeout: 4000 });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  };
  const initRan = () => existsSync(at("argv"));
  const envOfInit = () => Object.fromEntries(readFileSync(at("env"), "utf8").trimEnd().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2)));

  test("fresh cluster: sets up access, then runs init with its environment, the password only from the file", async () => {
    const result = await run({ indices: [], aliases: [] });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("Running es-rollover init: no write alias yet for: jaeger-span jaeger-service jaeger-dependencies");
    const argv = readFileSync(at("argv"), "utf8");
    expect(argv).toBe(`init\n${url}\n`);
    expect(argv).not.toContain(PASSWORDS["elastic-password"]);
    expect(envOfInit()).toMatchObject({ ...localInitEnvironment(at("/bootstrap/elasticsearch-ca/ca.crt")), ES_PASSWORD: PASSWORDS["elastic-password"] });
    expect(JSON.parse(seen.find((r) => r.path === "/_ilm/policy/genesis-jaeger-ilm-policy")!.body)).toEqual(LOCAL_ILM_POLICY);
    expect(seen.filter((r) => r.method === "PUT").map((r) => r.path)).toEqual([
      "/_ilm/policy/genesis-jaeger-ilm-policy",
      "/_security/role/genesis-jaeger-writer",
      "/_security/user/genesis-jaeger-writer",
      "/_security/role/genesis-jaeger-reader",
      "/_security/user/genesis-jaeger-reader",
      "/_security/role/genesis-jaeger-monitor",
      "/_security/user/genesis-jaeger-monitor",
    ]);
    expect(JSON.parse(seen.find((r) => r.path === "/_security/user/genesis-jaeger-writer")!.body)).toEqual({
      password: PASSWORDS["writer-password"],
      roles: ["genesis-jaeger-writer"],
    });
    const basic = `Basic ${Buffer.from(`elastic:${PASSWORDS["elastic-password"]}`).toString("base64")}`;
    expect(new Set(seen.map((r) => r.authorization))).toEqual(new Set([basic]));
  });

  test("every write alias exists (ILM already deleted the span -000001): init is skipped, exit 0", async () => {
    const result = await run({
      indices: ["genesis-jaeger-span-000004", SERVICE.first, DEPENDENCIES.first],
      aliases: [SPAN.write, SPAN.read, SERVICE.write, SERVICE.read, DEPENDENCIES.write, DEPENDENCIES.read],
    });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("es-rollover init skipped: every write alias exists");
    expect(initRan()).toBe(false);
  });

  test("a write alias without its -000001 while another is missing: init is not run, exit 1 names both", async () => {
    const result = await run({
      indices: ["genesis-jaeger-span-000004", DEPENDENCIES.first],
      aliases: [SPAN.write, SPAN.read, DEPENDENCIES.write, DEPENDENCIES.read],
    });
    expect(result.code).toBe(1);
    expect(initRan()).toBe(false);
    expect(result.stderr).toContain("no write alias for: jaeger-service, while for: jaeger-span the write alias exists but -000001 is gone");
    expect(result.stderr).toContain(
      `PUT /${SERVICE.first} {"aliases":{"${SERVICE.read}":{},"${SERVICE.write}":{"is_write_index":true}}}`,
    );
    expect(result.stderr).not.toContain(DEPENDENCIES.first);
  });

  test("a first run cut short (aliases of one type only, its -000001 still there): init runs for the rest", async () => {
    const result = await run({ indices: [SPAN.first], aliases: [SPAN.write, SPAN.read] });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("no write alias yet for: jaeger-service jaeger-dependencies");
    expect(initRan()).toBe(true);
  });

  test("users in ECK's file realm: the script runs as the scoped bootstrap user, es-rollover too, and calls no security API", async () => {
    const result = await run({ indices: [], aliases: [] }, FILE_REALM_SCRIPT);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const basic = `Basic ${Buffer.from(`genesis-jaeger-bootstrap:${PASSWORDS["bootstrap-password"]}`).toString("base64")}`;
    expect(new Set(seen.map((r) => r.authorization))).toEqual(new Set([basic]));
    expect(seen.filter((r) => r.path.startsWith("/_security"))).toEqual([]);
    expect(seen.filter((r) => r.method === "PUT").map((r) => r.path)).toEqual(["/_ilm/policy/genesis-jaeger-ilm-policy"]);
    expect(initRan()).toBe(true);
    expect(envOfInit()).toMatchObject({ ES_USERNAME: "genesis-jaeger-bootstrap", ES_PASSWORD: PASSWORDS["bootstrap-password"] });
  });

  test("any answer but 200 or 404 to a check stops the script before init", async () => {
    const result = await run({ indices: [], aliases: [], failing: [`/_alias/${SERVICE.write}`] });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`HEAD /_alias/${SERVICE.write} answered '500', expected 200 or 404`);
    expect(initRan()).toBe(false);
  });
});
