/**
 * `npm run netpol:matrix`: synthesizes the prod stack (offline, from the current settings)
 * and prints which source may reach which destination port under its NetworkPolicies.
 * Rows are sources, columns destination:port; `allow` cells are the whole attack surface.
 */
import { readEnvironment, resolveEnvironment, runCommand } from "../environment";
import { evaluate, type Endpoint, type Pod } from "./network-policy-evaluator";
import { parseOptions } from "./options";
import { INTERNET, prodClusterModel } from "./prod-cluster-model";
import { stackDocuments, synthesizeApp } from "./synth";

runCommand(() => {
  parseOptions(process.argv.slice(2), { usage: "npm run netpol:matrix   (settings from .env in the working directory and the environment)" });
  // The working directory's .env, as main.ts and cdktf read it (npm runs scripts in the
  // package root); bad settings end here with their message, before anything is synthesized.
  const environment = readEnvironment(process.cwd(), process.env);
  const settings = resolveEnvironment(environment);
  const { cluster, pods } = prodClusterModel(stackDocuments(synthesizeApp(environment.variables)).prod, settings.prod);

  const sources = Object.entries(pods);
  const destinations: { label: string; to: Endpoint; port: number; protocol: string }[] = [
    ...Object.entries(pods).flatMap(([role, pod]: [string, Pod]) =>
      pod.ports.map((p) => ({ label: `${role}:${p.port}${p.protocol === "UDP" ? "/udp" : ""}`, to: pod as Endpoint, port: p.port, protocol: p.protocol ?? "TCP" })),
    ),
    { label: "internet:443", to: INTERNET, port: 443, protocol: "TCP" },
  ];

  const width = Math.max(...sources.map(([role]) => role.length));
  let allowed = 0;
  const lines = [`${"source \\ destination".padEnd(width)}  ${destinations.map((_, i) => String(i + 1).padStart(2)).join(" ")}`];
  for (const [role, pod] of sources) {
    const cells = destinations.map((d) => {
      const ok = evaluate(cluster, { from: pod, to: d.to, port: d.port, protocol: d.protocol }).allowed;
      if (ok) allowed += 1;
      return ok ? " ✓" : " ·";
    });
    lines.push(`${role.padEnd(width)}  ${cells.join(" ")}`);
  }
  console.log("Network reachability of the prod stack (✓ allowed, · denied by NetworkPolicy)\n");
  console.log(lines.join("\n"));
  console.log("\nColumns:");
  destinations.forEach((d, i) => console.log(`${String(i + 1).padStart(3)}  ${d.label}`));
  console.log("\nKubelet probes from each node are always allowed (a Kubernetes rule) and are not shown.");
  console.log(`${sources.length} sources x ${destinations.length} destination ports: ${allowed} allowed, ${sources.length * destinations.length - allowed} denied`);
});
