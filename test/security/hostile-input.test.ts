/**
 * Hostile and malformed settings: each must stop the synth with a message naming the field,
 * before any stack (and so any rendered config) exists.
 */
import { Testing } from "cdktf";
import { KNOWN_VARIABLES, resolveEnvironment } from "../../environment";
import { addTracingStacks } from "../../stacks/app";
import { inspectDotenv, inspectEnvironmentNames } from "../../tracing/parsers/dotenv-file";
import { resolveAllSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables } from "../../tracing/settings";
import { SettingsError } from "../../tracing/settings/problems";
import { hostileCases, type DotenvCase, type HostileCase } from "./settings-cases";

/** `.env` files that would silently leave a default in force: refused with the line and the key. */
const dotenvCases: DotenvCase[] = [
  ["a typo of TRACE_SAMPLING_RATE", "TRACE_SAMPLNG_RATE=0.5\n", "TRACE_SAMPLNG_RATE"],
  ["a typo of OTLP_ENDPOINT", "OTLP_ENDPIONT=https://x:4317\n", "OTLP_ENDPIONT"],
  ["an unknown variable of ours", "TRACING_NAMESPACES=observability\n", "TRACING_NAMESPACES"],
  ["a lowercase emergency switch, which would leave tracing on", "otlp_endpoint=disabled\n", "otlp_endpoint"],
  ["a key in mixed case", "Trace_Sampling_Rate=0.5\n", "Trace_Sampling_Rate"],
  ["an unknown stack prefix", "DEV_TRACE_SAMPLING_RATE=0.5\n", "DEV_TRACE_SAMPLING_RATE"],
  ["a zero-width space inside a key", "TRACE_\u200BSAMPLING_RATE=0.5\n", "TRACE_\u200BSAMPLING_RATE"],
  ["a non-ASCII letter in a key", "TRACE_SAMPLİNG_RATE=0.5\n", "TRACE_SAMPLİNG_RATE"],
  ["a key set twice", "TRACE_SAMPLING_RATE=0.5\nTRACE_SAMPLING_RATE=0.1\n", "TRACE_SAMPLING_RATE"],
  ["a line dotenv would drop", "TRACE_SAMPLING_RATE 0.5\n", "TRACE_SAMPLING_RATE 0.5"],
];

/**
 * Process-environment names (a shell profile, a CI job) that would silently leave a default in
 * force: refused, with the closest known name.
 */
const environmentCases: [description: string, name: string, meant: string][] = [
  ["a dropped letter in a prod-scoped context", "PROD_TRACING_KUBE_CONTXT", "PROD_TRACING_KUBE_CONTEXT"],
  ["a plural of ours", "TRACING_NAMESPACES", "TRACING_NAMESPACE"],
  ["swapped letters", "TRACE_SAMPLIGN_RATE", "TRACE_SAMPLING_RATE"],
  ["the emergency switch in lower case, which would leave tracing on", "otlp_endpoint", "OTLP_ENDPOINT"],
  ["a local-scoped typo", "LOCAL_TRACING_HOST_PORT_OTLP_GRCP", "LOCAL_TRACING_HOST_PORT_OTLP_GRPC"],
  ["a typo in the contrib version, under the one OTEL_ prefix we own", "OTEL_COLLECTOR_CONTRIB_VERSON", "OTEL_COLLECTOR_CONTRIB_VERSION"],
  ["a typo of an Elasticsearch setting", "ES_HEAP_MB", "ES_HEAP_MIB"],
  ["a typo of the ECK operator's image", "ECK_OPERATOR_IMAGES", "ECK_OPERATOR_IMAGE"],
];

let rejected = 0;

test.each(environmentCases)("rejects a process environment with %s", (_description, name, meant) => {
  const environment = { ...process.env, [name]: "x" };
  const problems = inspectEnvironmentNames(Object.keys(environment), KNOWN_VARIABLES);
  expect(problems.map((p) => p.key)).toEqual([name]);
  expect(() => resolveEnvironment({ file: ".env", variables: {}, problems: [], files: {}, environmentProblems: problems })).toThrow(
    new RegExp(`invalid settings in the process environment:\n {2}- ${name} is .*\(did you mean ${meant}\?\)`),
  );
  rejected += 1;
});

test("a process environment may hold other tools' variables, the standard OpenTelemetry ones included", () => {
  const others = ["OTEL_SERVICE_NAME", "OTEL_SDK_DISABLED", "OTEL_EXPORTER_OTLP_CERTIFICATE", "ES_JAVA_OPTS", "JAEGER_ENDPOINT", "JAEGER_SAMPLER_TYPE", "ELASTICSEARCH_HOSTS", "DOCKER_HOST", "KUBECONFIG"];
  expect(inspectEnvironmentNames(others, KNOWN_VARIABLES)).toEqual([]);
});

// A rest parameter: with a fourth named parameter Jest would pass a `done` callback into it.
test.each(hostileCases)("rejects %s", (...row) => {
  const [, env, field] = row as HostileCase;
  const app = Testing.app();
  let error: unknown;
  try {
    addTracingStacks(app, resolveAllSettings(env));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SettingsError);
  const message = (error as Error).message;
  expect(message).toMatch(/ must be .+, got /);
  // The variable to change comes first on the problem's own line: one the case set.
  const line = message.split("\n").find((l) => l.includes(field)) as string;
  expect(line).toMatch(/^ {2}- [A-Z][A-Z0-9_]* \(/);
  expect({ line, names: Object.keys(env).some((variable) => line.includes(variable)) }).toEqual({ line, names: true });
  // Nothing was built, so nothing was rendered.
  expect(app.node.children).toHaveLength(0);
  rejected += 1;
});

test.each(dotenvCases)("rejects a .env with %s", (_description, dotenv, key) => {
  const problems = inspectDotenv(dotenv, KNOWN_VARIABLES).problems;
  expect(problems.map((p) => p.key)).toContain(key);
  expect(() => resolveEnvironment({ file: ".env", variables: {}, problems, files: {} })).toThrow(/invalid settings in \.env:\n {2}- line \d+: /);
  rejected += 1;
});

test("a .env file may hold variables that are not ours", () => {
  expect(inspectDotenv("CHECKPOINT_DISABLE=1\nHTTPS_PROXY=http://proxy:3128\n", KNOWN_VARIABLES).problems).toEqual([]);
});

afterAll(() => {
  process.stdout.write(`hostile inputs rejected: ${rejected} of ${hostileCases.length + dotenvCases.length + environmentCases.length}\n`);
});

test("a refused value never floods the terminal: control characters are escaped, long values cut", () => {
  const messageOf = (env: EnvironmentVariables) => {
    try {
      resolveAllSettings(env);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("accepted");
  };
  for (const env of [{ TRACING_UI_HOST: "a\u001b[2Jb.example.com" }, { JAEGER_UI_URL: `https://jaeger.example.com/${"x".repeat(1900)}#` }, { OTLP_ENDPOINT: "https://coll\u202eector:4317" }]) {
    const message = messageOf(env);
    expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    for (const line of message.split("\n")) expect(line.length).toBeLessThan(600);
  }
});
