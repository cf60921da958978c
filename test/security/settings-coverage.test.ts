/**
 * Every variable of the schema is tried both ways: at least one hostile value that must stop
 * the synth (hostile-input.test.ts) and one unusual but legitimate value that must render valid
 * documents (accepted-input.test.ts). A new setting without both fails here by name.
 */
import { SETTINGS, STACK_PREFIXES } from "../../tracing/settings/schema";
import { acceptedCases, hostileCases } from "./settings-cases";

/** The schema variable a case's environment key sets, stack prefix removed. */
const unprefixed = (key: string) => STACK_PREFIXES.reduce((name, prefix) => (name.startsWith(prefix) ? name.slice(prefix.length) : name), key);
const setBy = (cases: readonly (readonly [string, Readonly<Record<string, string | undefined>>, ...unknown[]])[]) =>
  new Set(cases.flatMap(([, env]) => Object.keys(env).map(unprefixed)));

test.each([
  ["a hostile", setBy(hostileCases)],
  ["an accepted", setBy(acceptedCases)],
] as const)("every schema variable has %s case", (_kind, covered) => {
  expect(SETTINGS.map((spec) => spec.variable).filter((variable) => !covered.has(variable))).toEqual([]);
});
