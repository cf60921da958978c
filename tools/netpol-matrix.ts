/**
 * `npm run netpol:matrix`: synthesizes the prod stack (offline, from the current settings)
 * and prints which source may reach which destination port under its NetworkPolicies.
 * Rows are sources, columns destination:port; `allow` cells are the whole attack surface.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { resolveSettings } from "../tracing/settings";
import { evaluate, type Endpoint, type Pod } from "./network-policy-evaluator";
import { INTERNET, prodClusterModel } from "./prod-cluster-model";
import { stackDocuments, synthesizeApp } from "./synth";

const dotenvFile = join(__dirname, "..", ".env");
const env = { ...(existsSync(dotenvFile) ? parseDotenv(readFileSync(dotenvFile)) : {}), ...process.env };
const { cluster, pods } = prodClusterModel(stackDocuments(synthesizeApp(env)).prod, resolveSettings("prod", env));

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
