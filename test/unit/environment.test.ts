import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandError, HelpRequested, readEnvironment, resolveEnvironment, runCommand, UsageError } from "../../environment";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tracing-environment-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const withDotenv = (text: string) => {
  writeFileSync(join(dir, ".env"), text);
  return dir;
};

describe("readEnvironment", () => {
  test("merges .env under the process environment and reports the file's problems", () => {
    const environment = readEnvironment(withDotenv("TRACE_SAMPLING_RATE=0.5\nENVIRONMENT=staging\notlp_endpoint=disabled\n"), { ENVIRONMENT: "production" });
    expect(environment.file).toBe(join(dir, ".env"));
    expect(environment.variables).toEqual({ TRACE_SAMPLING_RATE: "0.5", ENVIRONMENT: "production", otlp_endpoint: "disabled" });
    expect(environment.problems).toEqual([{ key: "otlp_endpoint", line: 3, allowed: expect.stringContaining("did you mean OTLP_ENDPOINT?") }]);
  });

  test("without a .env file, the process environment alone and no problem", () => {
    expect(readEnvironment(dir, { OTLP_ENDPOINT: "disabled" })).toEqual({ file: join(dir, ".env"), variables: { OTLP_ENDPOINT: "disabled" }, problems: [], files: {}, environmentProblems: [] });
  });

  test("a misspelt name of ours in the process environment is refused with the closest known name", () => {
    const environment = readEnvironment(dir, { PROD_TRACING_KUBE_CONTXT: "prod-eu", otlp_endpoint: "disabled" });
    expect(environment.problems).toEqual([]);
    expect(environment.environmentProblems).toEqual([
      { key: "PROD_TRACING_KUBE_CONTXT", allowed: "not a variable this package reads, so it would be ignored (did you mean PROD_TRACING_KUBE_CONTEXT?)" },
      { key: "otlp_endpoint", allowed: expect.stringContaining("(did you mean OTLP_ENDPOINT?)") },
    ]);
    expect(() => resolveEnvironment(environment)).toThrow(
      "invalid settings in the process environment:\n  - PROD_TRACING_KUBE_CONTXT is not a variable this package reads, so it would be ignored (did you mean PROD_TRACING_KUBE_CONTEXT?)\n",
    );
  });

  test("other tools' variables are left alone: the standard OTEL_* ones, and names of our prefixes near none of ours", () => {
    const others = ["OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_SAMPLER", "ES_JAVA_OPTS", "ES_PATH_CONF", "JAEGER_AGENT_HOST", "ELASTICSEARCH_URL", "ELASTICSEARCH_PASSWORD", "PATH", "HOME"];
    expect(readEnvironment(dir, Object.fromEntries(others.map((name) => [name, "x"]))).environmentProblems).toEqual([]);
  });
});

describe("resolveEnvironment", () => {
  test("gives the settings of both stacks", () => {
    const settings = resolveEnvironment(readEnvironment(withDotenv("LOCAL_TRACE_SAMPLING_RATE=0.5\n"), {}));
    expect([settings.local.sampling.baseRate, settings.prod.sampling.baseRate]).toEqual([0.5, 0.01]);
  });

  test("lists the .env problems and the bad settings of both stacks in one error", () => {
    const environment = readEnvironment(withDotenv("otlp_endpoint=disabled\nTRACE_SAMPLING_RATE=2\n"), {});
    expect(() => resolveEnvironment(environment)).toThrow(CommandError);
    const message = (() => {
      try {
        resolveEnvironment(environment);
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain(`invalid settings in ${join(dir, ".env")}:\n  - line 1: otlp_endpoint must be`);
    // Both stacks refuse the shared value alike: it is listed once, under both, the variable first.
    expect(message).toContain('invalid tracing settings for stack "local" and stack "prod":\n  - TRACE_SAMPLING_RATE (sampling.baseRate) must be');
    expect(message.match(/TRACE_SAMPLING_RATE/g)).toHaveLength(1);
  });
});

describe("a file a setting names", () => {
  const ca = readFileSync(join(__dirname, "../fixtures/certificates/issuer-ca.pem"), "utf8");
  const issuer = "TRACING_CERTIFICATES=cert-manager\nTRACING_CERT_ISSUER=ClusterIssuer/vault\n";

  test("is read with the settings, relative to the project root, and its CAs reach the prod settings", () => {
    writeFileSync(join(dir, "vault-ca.pem"), ca);
    const environment = readEnvironment(withDotenv(`${issuer}TRACING_CERT_ISSUER_CA_FILE=vault-ca.pem\n`), {});
    expect(environment.files).toEqual({ "vault-ca.pem": ca });
    expect(resolveEnvironment(environment).prod.certificates.issuerCaPem).toBe(ca);
  });

  test("that cannot be read is named with its variable, and nothing is synthesized", () => {
    const environment = readEnvironment(withDotenv(`${issuer}TRACING_CERT_ISSUER_CA_FILE=missing.pem\n`), {});
    expect(environment.files).toEqual({});
    expect(() => resolveEnvironment(environment)).toThrow(
      /TRACING_CERT_ISSUER_CA_FILE \(certificates\.issuerCaFile\) must be a readable file \(relative to the project root, or absolute\), got "missing\.pem"/,
    );
  });
});

describe("runCommand", () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
    jest.restoreAllMocks();
  });

  test("sets the exit code the body returns", () => {
    runCommand(() => 3);
    expect(process.exitCode).toBe(3);
  });

  test("ends bad input with its message alone and the failure code", () => {
    const error = jest.spyOn(console, "error").mockImplementation(() => undefined);
    runCommand(() => {
      throw new CommandError("--runs must be a whole number");
    }, 2);
    expect(error.mock.calls).toEqual([["--runs must be a whole number"]]);
    expect(process.exitCode).toBe(2);
  });

  test("a usage error exits 2 whatever the command's failure code; --help prints the usage on stdout and exits 0", () => {
    const error = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    runCommand(() => {
      throw new UsageError("unknown option");
    }, 1);
    expect(process.exitCode).toBe(2);
    runCommand(() => {
      throw new HelpRequested("usage: npm run x");
    }, 2);
    expect(process.exitCode).toBe(0);
    expect(log.mock.calls).toEqual([["usage: npm run x"]]);
    expect(error.mock.calls).toEqual([["unknown option"]]);
  });

  test("lets any other error through, with its stack", () => {
    expect(() =>
      runCommand(() => {
        throw new TypeError("a bug");
      }),
    ).toThrow(TypeError);
  });
});
