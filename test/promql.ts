/**
 * PromQL and rule-file checks shared by the tests: the expressions the renderers write must parse
 * with Prometheus' own Lezer grammar, and the rule file must have the shape Prometheus loads.
 */
import { parser } from "@prometheus-io/lezer-promql";
import { parse as parseYaml } from "yaml";
import { toYaml } from "../tracing/core/yaml";

/** PromQL syntax errors, as Prometheus' own Lezer grammar finds them. */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`error at ${node.from}: ${JSON.stringify(expr.slice(node.from, node.from + 20))}`);
    },
  });
  return errors;
}

/** The rule-file format Prometheus loads (docs: configuration/recording_rules, alerting_rules). */
export function ruleFileProblems(file: unknown): string[] {
  const problems: string[] = [];
  const doc = parseYaml(toYaml(file as object));
  if (!Array.isArray(doc.groups)) return ["groups must be a list"];
  const groupNames = new Set<string>();
  for (const group of doc.groups) {
    for (const key of Object.keys(group)) if (!["name", "interval", "rules", "limit", "labels"].includes(key)) problems.push(`unknown group key ${key}`);
    if (typeof group.name !== "string" || groupNames.has(group.name)) problems.push(`group name ${group.name} missing or repeated`);
    groupNames.add(group.name);
    for (const r of group.rules) {
      for (const key of Object.keys(r)) if (!["alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"].includes(key)) problems.push(`unknown rule key ${key}`);
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(r.alert)) problems.push(`bad alert name ${r.alert}`);
      if (typeof r.expr !== "string") problems.push(`${r.alert}: expr must be a string`);
      else problems.push(...promqlErrors(r.expr).map((e) => `${r.alert}: ${e}`));
      if (r.for !== undefined && !/^(\d+(ms|s|m|h|d|w|y))+$/.test(r.for)) problems.push(`${r.alert}: bad duration ${r.for}`);
      for (const map of [r.labels, r.annotations]) {
        for (const [k, v] of Object.entries(map ?? {})) if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k) || typeof v !== "string") problems.push(`${r.alert}: bad label ${k}`);
      }
    }
  }
  return problems;
}

/** The label matchers of every vector selector in `expr`, as written, in order. */
export function selectorMatchers(expr: string): string[][] {
  const selectors: string[][] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name !== "LabelMatchers") return;
      const matchers: string[] = [];
      for (let child = node.node.firstChild; child; child = child.nextSibling) {
        if (child.name.endsWith("LabelMatcher")) matchers.push(expr.slice(child.from, child.to));
      }
      selectors.push(matchers);
    },
  });
  return selectors;
}
