/**
 * The one-shot tasks' failure check, run by the real Terraform on the synthesized provisioner:
 * `terraform_data` stands in for the container (the Docker provider cannot be downloaded here),
 * with a log in the provider's format (Docker's multiplexed stream, 8-byte headers with NULs).
 */
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";
import { hasTerraform, withTerraform } from "../terraform";

if (!hasTerraform) console.warn("task failure test skipped: terraform is not on the PATH");

test("CI runs the task failure check with Terraform", () => {
  expect({ ci: process.env.CI === "true", terraform: hasTerraform }).not.toEqual({ ci: true, terraform: false });
});

(hasTerraform ? test : test.skip)("a task that exits 0 passes, one that fails prints its clean log and is tainted for the next deploy", () => {
  const doc = stackDocuments(defaultSynth()).local;
  const task = Object.values<any>(doc.resource.docker_container).find((c) => c.name === "genesis-tracing-bootstrap-script");
  const { command, environment } = task.provisioner[0]["local-exec"];
  const frame = (text: string) => `\u0001\u0000\u0000\u0000\u0000\u0000\u0000${String.fromCharCode(text.length)}${text}`;
  const standIn = (code: string) => ({
    input: { code, logs: frame("first line\n") + frame("last line\n") },
    provisioner: [
      {
        "local-exec": {
          command,
          environment: { ...environment, EXIT_CODE: "${self.input.code}", LOGS: environment.LOGS.replaceAll("self.container_logs", "self.input.logs") },
        },
      },
    ],
  });
  withTerraform("task-failure-", (terraform) => {
    terraform.write({ resource: { terraform_data: { succeeded: standIn("0"), failed: standIn("3") } } });
    expect(terraform.run("init").status).toBe(0);
    const apply = terraform.run("apply", "-auto-approve");
    expect(apply.status).toBe(1);
    expect(apply.stdout).toContain("terraform_data.succeeded: Creation complete");
    const failedOutput = apply.stdout
      .split("\n")
      .filter((line) => line.startsWith("terraform_data.failed (local-exec): ") && !line.includes("Executing:"))
      .map((line) => line.slice("terraform_data.failed (local-exec): ".length));
    expect(failedOutput).toEqual(["genesis-tracing-bootstrap-script failed (exit code 3):", "first line", "last line"]);
    expect(apply.stdout + apply.stderr).not.toContain("NUL");
    const plan = terraform.run("plan");
    expect(plan.stdout).toContain("terraform_data.failed is tainted, so must be replaced");
    expect(plan.stdout).not.toContain("terraform_data.succeeded is tainted");
  });
}, 30_000);
