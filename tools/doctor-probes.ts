/**
 * The real `Probes` of `npm run doctor`: `docker`, `terraform` and `kubectl` run with
 * `execFile` (no shell) and a timeout each, ports tried with Node's `net`, registries asked
 * with one HTTPS HEAD request. A probe never throws: what went wrong is its answer.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { request } from "node:https";
import { createServer } from "node:net";
import { IN_CLUSTER } from "../tracing/parsers/kubeconfig";
import { LOCAL_NAME_PREFIX } from "../tracing/topology/local-resources";
import type { DockerContext, DockerEngine, KubeTarget, PortState, Probed, Probes, Reachability } from "./doctor-checks";

export const TIMEOUTS_MS = { docker: 10_000, terraform: 10_000, kubectl: 20_000, https: 5_000 } as const;

const firstLine = (text: string) => text.trim().split("\n")[0] ?? "";

/** `file args…` without a shell; stdout, or why there is none. */
export function execute(file: string, args: readonly string[], timeoutMs: number): Promise<Probed<string>> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 32 * 2 ** 20, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, value: stdout });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return resolve({ ok: false, kind: "missing", error: `${file} not found on PATH` });
      if (error.killed || error.signal) return resolve({ ok: false, kind: "failed", error: `${file} ${args[0] ?? ""} gave no answer within ${timeoutMs / 1000} s` });
      const message = firstLine(stderr) || firstLine(stdout) || error.message;
      // Only the API server's own answer means the object is absent; "executable … not found"
      // (a missing auth plugin) is a failure to ask.
      resolve({ ok: false, kind: /Error from server \(NotFound\)/.test(stderr) ? "not-found" : "failed", error: message });
    });
  });
}

function parsedJson<T>(probed: Probed<string>, read: (json: any) => T): Probed<T> {
  if (!probed.ok) return probed;
  try {
    return { ok: true, value: read(JSON.parse(probed.value)) };
  } catch {
    return { ok: false, kind: "failed", error: `unexpected output: ${firstLine(probed.value).slice(0, 120)}` };
  }
}

/** Listens on 127.0.0.1:`port` as Docker's port publishing would, and closes again. */
export function portState(port: number): Promise<PortState> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      const reason = error.code === "EADDRINUSE" ? "another process listens there" : error.code === "EACCES" ? "not allowed to listen there" : (error.code ?? error.message);
      resolve({ free: false, reason });
    });
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => server.close(() => resolve({ free: true })));
  });
}

/** One HEAD request; any HTTP status (401 from a registry too) means the host answers. */
export function head(url: string, timeoutMs = TIMEOUTS_MS.https): Promise<Reachability> {
  return new Promise((resolve) => {
    const req = request(url, { method: "HEAD", timeout: timeoutMs }, (res) => {
      res.resume();
      resolve({ reachable: true, status: res.statusCode ?? 0 });
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: "TIMEOUT" })));
    req.on("error", (error: NodeJS.ErrnoException) => {
      const reason = error.code === "ENOTFOUND" || error.code === "EAI_AGAIN" ? "DNS lookup failed: no network?" : error.code === "TIMEOUT" ? error.message : `${error.code ?? ""} ${error.message}`.trim();
      resolve({ reachable: false, reason });
    });
    req.end();
  });
}

/** `docker ps` Ports, e.g. `127.0.0.1:9200->9200/tcp, :::8080->80/tcp`: the host ports. */
export function publishedPorts(psOutput: string): Map<number, string> {
  const ports = new Map<number, string>();
  for (const line of psOutput.split("\n")) {
    const [name, published = ""] = line.split("\t");
    for (const match of published.matchAll(/:(\d+)->/g)) ports.set(Number(match[1]), name);
  }
  return ports;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

export function realProbes(): Probes {
  const docker = (...args: string[]) => execute("docker", args, TIMEOUTS_MS.docker);
  return {
    dockerInfo: once(async () => {
      // With the engine down, docker info still prints JSON, naming the problem in ServerErrors.
      const probed = await docker("info", "--format", "{{json .}}");
      const output = probed.ok ? probed.value : undefined;
      if (!probed.ok && probed.kind === "missing") return probed;
      const info = parsedJson<any>(output ? probed : { ok: true, value: "{}" }, (json) => json);
      const serverError = info.ok ? info.value.ServerErrors?.[0] : undefined;
      if (serverError || !info.ok || !info.value.ServerVersion) {
        return { ok: false, kind: "failed", error: firstLine(serverError ?? (probed.ok ? "no server version" : probed.error)) } as const;
      }
      const engine: DockerEngine = { memTotalBytes: Number(info.value.MemTotal ?? 0), serverVersion: String(info.value.ServerVersion), operatingSystem: String(info.value.OperatingSystem ?? "") };
      return { ok: true, value: engine } as const;
    }),
    dockerContext: async () =>
      parsedJson<DockerContext>(await docker("context", "inspect"), (json) => ({ name: String(json[0].Name), endpoint: String(json[0].Endpoints.docker.Host) })),
    containerImage: async (name) => {
      const probed = await docker("container", "inspect", "--format", "{{.Config.Image}}", name);
      if (!probed.ok) return /No such container/i.test(probed.error) ? { ok: false, kind: "not-found", error: probed.error } : probed;
      return { ok: true, value: probed.value.trim() };
    },
    sameEngineAt: async (endpoint) => {
      const [current, there] = await Promise.all([docker("info", "--format", "{{.ID}}"), docker("-H", endpoint, "info", "--format", "{{.ID}}")]);
      return current.ok && there.ok && current.value.trim() !== "" && current.value.trim() === there.value.trim();
    },
    stackContainers: async () => {
      const probed = await docker("ps", "--all", "--filter", `name=^${LOCAL_NAME_PREFIX}-`, "--format", "{{.Names}}\t{{.State}}");
      if (!probed.ok) return probed;
      const states = probed.value.split("\n").filter((line) => line.includes("\t")).map((line) => line.split("\t") as [string, string]);
      return { ok: true, value: new Map(states) };
    },
    dockerPublishedPorts: async () => {
      const probed = await docker("ps", "--format", "{{.Names}}\t{{.Ports}}");
      return probed.ok ? { ok: true, value: publishedPorts(probed.value) } : probed;
    },
    portState,
    terraformVersion: async () => parsedJson<string>(await execute("terraform", ["version", "-json"], TIMEOUTS_MS.terraform), (json) => String(json.terraform_version)),
    head: (url) => head(url),
    readFile: async (path) => {
      try {
        return { ok: true, value: await readFile(path, "utf8") };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { ok: false, kind: code === "ENOENT" ? "not-found" : "failed", error: (error as Error).message };
      }
    },
    kubectlGet: async (target: KubeTarget, args: readonly string[]) => {
      const cluster = target.kubeconfig === IN_CLUSTER ? [] : ["--kubeconfig", target.kubeconfig, "--context", target.context];
      const timeout = `--request-timeout=${TIMEOUTS_MS.kubectl / 2000}s`;
      // `get --raw <path>` (API discovery) answers JSON itself and refuses `-o`.
      const output = args[0] === "--raw" ? [] : ["-o", "json"];
      return parsedJson<unknown>(await execute("kubectl", [...cluster, timeout, "get", ...args, ...output], TIMEOUTS_MS.kubectl), (json) => json);
    },
  };
}
