/**
 * What prod costs, from the synthesized stack: the quantities read right, each component's
 * pods and resources as deployed, docs/prod.md's tables and the README's total up to date, and `npm run footprint`'s
 * command line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HelpRequested, UsageError } from "../../environment";
import { stackDocuments } from "../../tools/synth-documents";
import { cpuMilli, footprintCommand, footprintOf, mebibytes, renderFootprintTable, withFootprintSummary, withFootprintTables } from "../../tools/footprint";
import { collectorModeSynth, defaultSynth } from "../default-synth";

test("Kubernetes quantities: CPU in millicores, memory in MiB", () => {
  expect([cpuMilli("250m"), cpuMilli("1"), cpuMilli(2), cpuMilli("0.5")]).toEqual([250, 1000, 2000, 500]);
  expect([mebibytes("512Mi"), mebibytes("1Gi"), mebibytes("30Gi"), mebibytes("1024Ki"), mebibytes(1048576)]).toEqual([512, 1024, 30720, 1, 1]);
  expect(() => mebibytes("lots")).toThrow(/not a memory quantity: lots/);
});

describe("default settings, from the shared synths", () => {
  const sdk = footprintOf(stackDocuments(defaultSynth()).prod);
  const collector = footprintOf(stackDocuments(collectorModeSynth()).prod);
  const row = (rows: typeof sdk, component: string) => rows.find((r) => r.component === component);

  test("every pod of ours and Elasticsearch's and the operator's, per pod", () => {
    expect(sdk.map((r) => r.component)).toEqual(["jaeger-collector", "elasticsearch-exporter", "jaeger-query", "eck-operator", "elasticsearch (default)"]);
    expect(row(sdk, "jaeger-collector")).toEqual({ component: "jaeger-collector", pods: 2, maxPods: 6, cpuRequestMilli: 250, cpuLimitMilli: 1000, memoryRequestMiB: 512, memoryLimitMiB: 512, diskGiB: 0 });
    expect(row(sdk, "elasticsearch (default)")).toEqual({
      component: "elasticsearch (default)",
      pods: 3,
      maxPods: 3,
      cpuRequestMilli: 1000,
      cpuLimitMilli: undefined,
      memoryRequestMiB: 4096,
      memoryLimitMiB: 4096,
      diskGiB: 30,
    });
    expect(row(sdk, "eck-operator")).toMatchObject({ pods: 1, cpuRequestMilli: 100, cpuLimitMilli: 1000, memoryRequestMiB: 150, memoryLimitMiB: 1024 });
  });

  test("collector mode adds the autoscaled gateway; the collectors no longer autoscale", () => {
    expect(row(collector, "otel-gateway")).toMatchObject({ pods: 2, maxPods: 6, cpuRequestMilli: 250, memoryLimitMiB: 1024 });
    expect(row(collector, "jaeger-collector")).toMatchObject({ pods: 2, maxPods: 2 });
  });

  test("the table: rows are pods x one pod, totals at the configured and the autoscaled maximum", () => {
    const table = renderFootprintTable(sdk).split("\n");
    expect(table).toContain("| elasticsearch (default) | 3 | 3 | none | 12 | 12 | 90 |");
    expect(table).toContain("| jaeger-collector | 2 (up to 6) | 0.5 | 2 | 1 | 1 | 0 |");
    expect(table).toContain("| **Total** | 9 | **4.15** | **none** | **14.21** | **15.06** | **90** |");
    expect(table).toContain("| **Total, autoscaled to the maximum** | 13 | **5.15** | **none** | **16.21** | **17.06** | **90** |");
  });
});

describe("docs/prod.md's tables (synthesized once, for the drift check)", () => {
  const readme = readFileSync(join(__dirname, "../../docs/prod.md"), "utf8");

  test("are up to date (npm run render rewrites them)", () => {
    expect(withFootprintTables(readme) === readme ? "up to date" : "docs/prod.md's footprint tables are out of date: run npm run render").toBe("up to date");
  });

  test("at the largest scale the settings allow: 99 Elasticsearch nodes of 256 GiB and 64 TiB each, 50 to 100 collectors of 64 GiB", () => {
    expect(readme).toContain("| elasticsearch (default) | 99 | 99 | none | 25344 | 25344 | 6488064 |");
    expect(readme).toContain("| jaeger-collector | 50 (up to 100) | 12.5 | 50 | 3200 | 3200 | 0 |");
    expect(readme).toContain("| jaeger-query | 20 | 5 | 20 | 10 | 10 | 0 |");
  });
});

describe("the README's prod checklist", () => {
  const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");

  test("names the default settings' total, up to date (npm run render rewrites it)", () => {
    expect(withFootprintSummary(readme) === readme ? "up to date" : "README.md's footprint total is out of date: run npm run render").toBe("up to date");
    expect(readme).toContain(
      "At default settings (`sdk` sampling) prod runs **9 pods requesting 4.15 CPU cores and 14.21 GiB of memory, with 90 GiB of persistent disk** (memory limits 15.06 GiB; no total CPU limit: a component sets none); autoscaled to the maximum, 13 pods requesting 5.15 cores and 16.21 GiB.",
    );
  });
});

test("npm run footprint: --help exits 0, an unknown option exits 2", () => {
  const fail = (args: string[]) => {
    try {
      footprintCommand(args, __dirname, {});
    } catch (error) {
      return { type: (error as Error).constructor.name, exitCode: (error as UsageError).exitCode, message: (error as Error).message.split("\n")[0] };
    }
    return undefined;
  };
  expect(fail(["--help"])).toEqual({ type: HelpRequested.name, exitCode: 0, message: expect.stringMatching(/^usage: npm run footprint/) });
  expect(fail(["--wide"])).toEqual({ type: UsageError.name, exitCode: 2, message: 'unknown option "--wide"' });
});
