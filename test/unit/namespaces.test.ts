import { parseNamespaceList, type ForbiddenNamespace } from "../../tracing/parsers/namespaces";

/** What the settings pass: the tracing namespace and the ECK operator's. */
const forbidden: ForbiddenNamespace[] = [
  { name: "tracing", why: "the tracing namespace itself (TRACING_NAMESPACE)" },
  { name: "elastic-system", why: "the ECK operator's namespace (TRACING_ECK_NAMESPACE)" },
];

describe("parseNamespaceList accepts", () => {
  test.each([
    ["one namespace", "genesis", ["genesis"]],
    ["two namespaces", "genesis,risk", ["genesis", "risk"]],
    ["spaces around items, trimmed", "genesis, risk", ["genesis", "risk"]],
    ["spaces at both ends", "  genesis ,  risk  ", ["genesis", "risk"]],
    ["digits and inner dashes", "orders-2,0risk", ["orders-2", "0risk"]],
    ["a 63-character name", "n".repeat(63), ["n".repeat(63)]],
    ["a name that only contains a forbidden one", "tracing-clients", ["tracing-clients"]],
  ])("%s", (_, raw, value) => {
    expect(parseNamespaceList(raw, forbidden)).toEqual({ ok: true, value });
  });
});

describe("parseNamespaceList refuses, naming the rule", () => {
  test.each([
    ["an empty list", "", /^at least one namespace/],
    ["only spaces", "   ", /^at least one namespace/],
    ["only commas", ",,", /^at least one namespace/],
    ["an empty item", "genesis,,risk", /here an empty item between commas/],
    ["a trailing comma", "genesis,", /here an empty item between commas/],
    ["a duplicate, named", "genesis,risk,genesis", /here genesis repeats$/],
    ["a duplicate once trimmed", "genesis, genesis", /here genesis repeats$/],
    ["two duplicates, both named", "a,b,a,b", /here a, b repeat$/],
    ["kube-system", "genesis,kube-system", /kube-system is not allowed: the control plane's namespace/],
    ["kube-public", "kube-public", /kube-public is not allowed: readable by every user/],
    ["kube-node-lease", "kube-node-lease", /kube-node-lease is not allowed: holds only the nodes' heartbeat Leases/],
    ["the tracing namespace, with the caller's reason", "tracing", /tracing is not allowed: the tracing namespace itself \(TRACING_NAMESPACE\)/],
    ["the ECK operator namespace, with the caller's reason", "genesis,elastic-system", /elastic-system is not allowed: the ECK operator's namespace/],
    ["upper case", "genesis,Orders", /"Orders" is no DNS label/],
    ["a 64-character name", "n".repeat(64), /is no DNS label \(1-63/],
    ["a leading dash", "-genesis", /"-genesis" is no DNS label/],
    ["a dot (a subdomain, not a label)", "genesis.prod", /"genesis.prod" is no DNS label/],
    ["a tab is not trimmed", "genesis,\trisk", /"\\trisk" is no DNS label/],
    ["a newline is not trimmed", "genesis\n", /"genesis\\n" is no DNS label/],
  ])("%s", (_, raw, rule) => {
    const result = parseNamespaceList(raw, forbidden);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.allowed).toMatch(rule);
  });

  test("every problem of the list is named at once", () => {
    expect(parseNamespaceList("genesis,,Risk,kube-system,genesis", forbidden)).toEqual({
      ok: false,
      allowed:
        "a comma-separated list of distinct namespaces, each a DNS label; here an empty item between commas; " +
        '"Risk" is no DNS label (1-63 lower-case letters, digits and inner dashes); ' +
        "kube-system is not allowed: the control plane's namespace; genesis repeats",
    });
  });

  test("the system namespaces are refused even when the caller forbids nothing", () => {
    expect(parseNamespaceList("kube-system", []).ok).toBe(false);
    expect(parseNamespaceList("tracing", [])).toEqual({ ok: true, value: ["tracing"] });
  });
});
