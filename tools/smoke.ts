/**
 * `npm run smoke -- local|prod`: after a deploy, proves it from the user's side (issue 17 §5):
 * one trace sent over OTLP/gRPC with TLS through the OpenTelemetry JS SDK, read back through
 * the Jaeger query API, the ILM policy and write aliases checked as the monitoring user, and,
 * when query has a metrics backend, the smoke service's call rate in the Monitor tab's API.
 * PASS/FAIL per step with the likely cause; exit 0 only when every step passes, 1 otherwise,
 * 2 for a usage error or bad settings.
 *
 * local: the published ports on localhost, `.tracing/local/ca.crt`, and the monitor user's
 * password from `terraform output` of the local stack. prod: through `kubectl port-forward`
 * (docs/operations.md#smoke-test-npm-run-smoke----localprod) to the same host ports, each certificate checked for its Service's
 * name; the CA and the password come from files the user fetched with kubectl.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CommandError, readEnvironment, resolveEnvironment, runCommand, UsageError } from "../environment";
import { COLLECTOR_NAME, QUERY_NAME } from "../tracing/core/names";
import { backendComponents } from "../tracing/topology/components";
import { LOCAL_CLIENT_DIR, LOCAL_MONITOR_PASSWORD_OUTPUT } from "../tracing/topology/local-resources";
import { stackFolder } from "../tracing/core/paths";
import { STACK_NAMES, type StackName, type TracingSettings } from "../tracing/settings";
import { TRUST_BUNDLE_CONFIG_MAP } from "../tracing/topology/topology";
import { parseOptions, userPath } from "./options";
import { formatSmoke, monitorUser, runSmoke, smokeExitCode, type SmokeTarget } from "./smoke-steps";

const USAGE =
  "npm run smoke -- local|prod [--ca <file>] [--password-file <file>] [--timeout <seconds>]\n" +
  "  local: CA from .tracing/local/ca.crt, the monitor password from terraform output\n" +
  "  prod:  through kubectl port-forward (docs/operations.md#smoke-test-npm-run-smoke----localprod); --ca and --password-file required";

function readUserFile(option: string, file: string): string {
  try {
    return readFileSync(userPath(file), "utf8");
  } catch (error) {
    throw new CommandError(`${option} ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`, 2);
  }
}

/** The monitor user's password of the deployed local stack, from its Terraform state. */
function localMonitorPassword(): string {
  try {
    return execFileSync("terraform", ["output", "-raw", LOCAL_MONITOR_PASSWORD_OUTPUT], { cwd: join(process.cwd(), stackFolder("local")), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 30_000 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim().split("\n")[0];
    throw new CommandError(`cannot read the monitor user's password (terraform output -raw ${LOCAL_MONITOR_PASSWORD_OUTPUT} in ${stackFolder("local")}): ${stderr || (error as Error).message}\nDeploy first (cdktf deploy local), or give --password-file.`);
  }
}

function target(stack: StackName, settings: TracingSettings, values: Readonly<Record<string, string>>): SmokeTarget {
  const ports = settings.hostPorts;
  const username = monitorUser(settings);
  if (stack === "local") {
    const caFile = values["--ca"] ?? join(LOCAL_CLIENT_DIR, "ca.crt");
    const caPem = readUserFile("--ca", caFile);
    const password = values["--password-file"] ? readUserFile("--password-file", values["--password-file"]).trim() : localMonitorPassword();
    const local = (port: number) => ({ host: "localhost", port });
    return { stack, caPem, caSource: caFile, otlp: local(ports.otlpGrpc), query: local(ports.queryHttp), elasticsearch: { ...local(ports.elasticsearchHttp), username, password } };
  }
  const { namespace } = settings.kubernetes;
  if (!values["--ca"] || !values["--password-file"]) {
    throw new UsageError(
      `prod needs --ca and --password-file, e.g.\n` +
        `  kubectl -n ${namespace} get configmap ${TRUST_BUNDLE_CONFIG_MAP} -o jsonpath='{.data.ca\\.crt}' > ca.crt\n` +
        `  kubectl -n ${namespace} get secret ${username} -o jsonpath='{.data.password}' | base64 -d > monitor-password\n` +
        `usage: ${USAGE}`,
    );
  }
  const otlpService = backendComponents(settings).find((c) => c.reachedBy.some((reach) => reach.from.kind === "clients"));
  const forwarded = (port: number, service: string) => ({ host: "127.0.0.1", port, serverName: `${service}.${namespace}.svc` });
  return {
    stack,
    caPem: readUserFile("--ca", values["--ca"]),
    caSource: values["--ca"],
    otlp: forwarded(ports.otlpGrpc, otlpService?.name ?? COLLECTOR_NAME),
    query: forwarded(ports.queryHttp, QUERY_NAME),
    elasticsearch: { ...forwarded(ports.elasticsearchHttp, `${settings.kubernetes.elasticsearchName}-es-http`), username, password: readUserFile("--password-file", values["--password-file"]).trim() },
  };
}

runCommand(() => {
  const { positionals, values } = parseOptions(process.argv.slice(2), { usage: USAGE, positionals: 1, values: ["--ca", "--password-file", "--timeout"] });
  const stack = positionals[0];
  if (stack === undefined) throw new UsageError(`which stack? local or prod\nusage: ${USAGE}`);
  if (!(STACK_NAMES as readonly string[]).includes(stack)) throw new UsageError(`unknown stack ${JSON.stringify(stack)}: local or prod\nusage: ${USAGE}`);
  const timeout = values["--timeout"] === undefined ? 60 : Number(values["--timeout"]);
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 600) throw new UsageError(`--timeout must be a whole number of seconds from 1 to 600, got ${JSON.stringify(values["--timeout"])}\nusage: ${USAGE}`);
  const settings = resolveEnvironment(readEnvironment(process.cwd(), process.env))[stack as StackName];
  const smokeTarget = target(stack as StackName, settings, values);
  runSmoke(smokeTarget, settings, { readBackTimeoutMs: timeout * 1000, progress: (line) => console.error(line) }).then(
    (results) => {
      console.log(formatSmoke(stack as StackName, results));
      process.exitCode = smokeExitCode(results);
    },
    (error: Error) => {
      console.error(`smoke could not finish: ${error.message} (a bug of smoke's, not of your deploy)`);
      process.exitCode = 2;
    },
  );
}, 2);
