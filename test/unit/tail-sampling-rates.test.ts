/**
 * Tail-sampling rules at the ends of their rates, as rendered (the rule list compared whole,
 * with `toStrictEqual`: `toEqual` would pass a list with an extra undefined entry). Found by
 * mutation testing (docs/testing.md "Mutation testing").
 */
import { resolveSettings } from "../../tracing/checked-settings";
import type { EnvironmentVariables } from "../../tracing/settings";
import { renderSamplingPolicies } from "../../tracing/pipeline/tail-sampling";

const policies = (env: EnvironmentVariables): any[] => renderSamplingPolicies(resolveSettings("prod", { TRACE_SAMPLING_MODE: "collector", ...env }));
const names = (env: EnvironmentVariables): string[] => policies(env).map((policy) => policy.name);

test.each([
  ["TRACE_SAMPLING_ERROR_RATE", ["slow", "critical-operations", "base"]],
  ["TRACE_SAMPLING_SLOW_RATE", ["errors", "critical-operations", "base"]],
  ["TRACE_SAMPLING_CRITICAL_RATE", ["errors", "slow", "base"]],
  ["TRACE_SAMPLING_RATE", ["errors", "slow", "critical-operations"]],
])("%s 0 leaves its rule out, not rendered at 0 %%", (variable, expected) => {
  expect(names({ [variable]: "0" })).toStrictEqual(expected);
});

test("a rule at rate 1 is the bare rule, with no probabilistic share", () => {
  expect(policies({ TRACE_SAMPLING_CRITICAL_RATE: "1", TRACE_SAMPLING_CRITICAL_OPERATIONS: "payments.*" })[2]).toStrictEqual({
    name: "critical-operations",
    type: "ottl_condition",
    ottl_condition: { error_mode: "ignore", span: ['IsMatch(name, "^payments[.].*$")'] },
  });
});

test("every probabilistic share hashes with the one salt, genesis-tracing", () => {
  const salts = (policy: any): string[] =>
    policy.type === "probabilistic" ? [policy.probabilistic.hash_salt] : policy.type === "and" ? policy.and.and_sub_policy.flatMap(salts) : [];
  expect(policies({ TRACE_SAMPLING_ERROR_RATE: "0.5" }).flatMap(salts)).toStrictEqual(["genesis-tracing", "genesis-tracing", "genesis-tracing"]);
});
