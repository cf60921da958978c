import { parsePriorityClass, parseSecretNames, parseTolerations } from "../../tracing/parsers/scheduling";
import { renderPodScheduling } from "../../tracing/topology/pod-scheduling";
import { resolveSettings } from "../../tracing/checked-settings";

const refusedWith = (pattern: RegExp) => ({ ok: false, allowed: expect.stringMatching(pattern) });

describe("TRACING_TOLERATIONS", () => {
  test("default properties: empty is no toleration", () => {
    expect(parseTolerations("")).toEqual({ ok: true, value: [] });
  });

  test("Equal with a value, Exists without, seconds with NoExecute", () => {
    expect(parseTolerations("dedicated=tracing:NoSchedule,spot:PreferNoSchedule,node.kubernetes.io/unreachable:NoExecute:300,k=v:NoExecute:0")).toEqual({
      ok: true,
      value: [
        { key: "dedicated", operator: "Equal", value: "tracing", effect: "NoSchedule" },
        { key: "spot", operator: "Exists", effect: "PreferNoSchedule" },
        { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        { key: "k", operator: "Equal", value: "v", effect: "NoExecute", tolerationSeconds: 0 },
      ],
    });
  });

  test.each([
    ["an effect Kubernetes does not know", "k=v:NoSchedul", /effect "NoSchedul" is not NoSchedule, PreferNoSchedule, NoExecute/],
    ["an effect in lower case", "k=v:noschedule", /effect "noschedule" is not/],
    ["a space after a comma", "k:NoSchedule, j:NoSchedule", /key " j" is no label key/],
    ["a wildcard value", "k=*:NoSchedule", /value "\*" is no label value/],
    ["no effect", "k=v", /"k=v" is not `key\[=value\]:Effect\[:seconds\]`/],
    ["no key", ":NoExecute", /key "" is no label key/],
    ["an empty value (Exists is written without '=')", "k=:NoSchedule", /value "" is no label value/],
    ["seconds without NoExecute", "k=v:NoSchedule:60", /seconds apply to NoExecute only .*not "NoSchedule"/],
    ["seconds with a unit", "k:NoExecute:1m", /seconds "1m" is no whole number/],
    ["a fifth part", "k:NoExecute:1:2", /is not `key\[=value\]:Effect\[:seconds\]`/],
    ["an empty item", "k:NoSchedule,", /an empty item between commas/],
    ["the same toleration twice", "k=v:NoSchedule,k=v:NoSchedule", /"k=v:NoSchedule" tolerated twice/],
    ["one taint with two durations", "k:NoExecute:1,k:NoExecute:2", /"k=\*:NoExecute" tolerated twice/],
    ["an injected YAML item", "k=v:NoSchedule\n- operator: Exists", /effect "NoSchedule\\n- operator" is not NoSchedule/],
  ])("fails on %s", (_what, raw, message) => {
    expect(parseTolerations(raw)).toEqual(refusedWith(message));
  });

  test("every problem of the value is named at once", () => {
    const result = parseTolerations("k:Bad,,k=v:NoSchedule:5");
    expect(result).toEqual(refusedWith(/here an empty item between commas; "k:Bad": effect "Bad" .*; "k=v:NoSchedule:5": seconds apply to NoExecute only/));
  });
});

describe("TRACING_IMAGE_PULL_SECRETS", () => {
  test("default properties: empty is no Secret", () => {
    expect(parseSecretNames("")).toEqual({ ok: true, value: [] });
  });

  test("Secret names, spaces around commas ignored", () => {
    expect(parseSecretNames("mirror-pull, registry.corp.example ")).toEqual({ ok: true, value: ["mirror-pull", "registry.corp.example"] });
  });

  test.each([
    ["a name in capitals", "Mirror", /"Mirror" is no Secret name/],
    ["an empty item", "a,,b", /an empty item between commas/],
    ["a name twice", "a,b,a", /"a" repeats/],
    ["a name over 253 characters", "a".repeat(254), /is no Secret name/],
  ])("fails on %s", (_what, raw, message) => {
    expect(parseSecretNames(raw)).toEqual(refusedWith(message));
  });
});

describe("TRACING_PRIORITY_CLASS", () => {
  test("empty is the cluster's default; a name is taken as it is", () => {
    expect(parsePriorityClass("")).toEqual({ ok: true, value: "" });
    expect(parsePriorityClass("tracing.high")).toEqual({ ok: true, value: "tracing.high" });
  });

  test("fails on Kubernetes' own system- classes", () => {
    expect(parsePriorityClass("system-cluster-critical")).toEqual(refusedWith(/not one of Kubernetes' system- classes/));
  });

  test("fails on a name that is no DNS subdomain", () => {
    expect(parsePriorityClass("High")).toEqual(refusedWith(/a PriorityClass name \(a DNS subdomain/));
  });
});

describe("TRACING_NODE_SELECTOR", () => {
  test("labels in Kubernetes' syntax", () => {
    const settings = resolveSettings("prod", { TRACING_NODE_SELECTOR: "node-role.kubernetes.io/tracing=true,tier=a" });
    expect(settings.kubernetes.scheduling.nodeSelector).toEqual({ "node-role.kubernetes.io/tracing": "true", tier: "a" });
  });

  test("fails on a label value that is no label value, naming the variable", () => {
    expect(() => resolveSettings("prod", { TRACING_NODE_SELECTOR: "tier=*" })).toThrow(
      /TRACING_NODE_SELECTOR \(kubernetes\.scheduling\.nodeSelector\) must be label values of 1-63 letters/,
    );
  });

  test("fails for the local stack, which has no nodes to select", () => {
    expect(() => resolveSettings("local", { LOCAL_TRACING_NODE_SELECTOR: "tier=a" })).toThrow(/TRACING_NODE_SELECTOR applies to the prod stack only/);
  });
});

describe("renderPodScheduling", () => {
  test("default properties: no key at all", () => {
    expect(renderPodScheduling(resolveSettings("prod").kubernetes.scheduling)).toEqual({ provider: {}, manifest: {} });
  });

  test("the provider's names for our pods, Kubernetes' for the charts", () => {
    const { scheduling } = resolveSettings("prod", {
      TRACING_IMAGE_PULL_SECRETS: "mirror-pull",
      TRACING_NODE_SELECTOR: "tier=tracing",
      TRACING_TOLERATIONS: "dedicated=tracing:NoSchedule,node.kubernetes.io/unreachable:NoExecute:300",
      TRACING_PRIORITY_CLASS: "tracing-high",
    }).kubernetes;
    expect(renderPodScheduling(scheduling)).toEqual({
      provider: {
        imagePullSecrets: [{ name: "mirror-pull" }],
        toleration: [
          { key: "dedicated", operator: "Equal", value: "tracing", effect: "NoSchedule" },
          { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: "300" },
        ],
        nodeSelector: { tier: "tracing" },
        priorityClassName: "tracing-high",
      },
      manifest: {
        imagePullSecrets: [{ name: "mirror-pull" }],
        tolerations: [
          { key: "dedicated", operator: "Equal", value: "tracing", effect: "NoSchedule" },
          { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        ],
        nodeSelector: { tier: "tracing" },
        priorityClassName: "tracing-high",
      },
    });
  });

  test("one setting adds its key only", () => {
    const { scheduling } = resolveSettings("prod", { TRACING_PRIORITY_CLASS: "tracing-high" }).kubernetes;
    expect(renderPodScheduling(scheduling)).toEqual({ provider: { priorityClassName: "tracing-high" }, manifest: { priorityClassName: "tracing-high" } });
  });
});
