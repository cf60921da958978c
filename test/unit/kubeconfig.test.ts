import { parseKubeContext, parseKubeconfig } from "../../tracing/parsers/kubeconfig";

const root = "/home/dev/genesis-tracing-infra";

describe("parseKubeconfig accepts", () => {
  test.each<[string, string, string]>([
    ["in-cluster", root, "in-cluster"],
    ["IN-CLUSTER", root, "in-cluster"],
    ["In-Cluster", root, "in-cluster"],
    ["~/.kube/config", root, "~/.kube/config"],
    ["~/Library/Application Support/kube/config", root, "~/Library/Application Support/kube/config"],
    ["/etc/kubernetes/admin.conf", root, "/etc/kubernetes/admin.conf"],
    ["/etc/kubernetes/../rancher/./k3s.yaml", root, "/etc/rancher/k3s.yaml"],
    ["kubeconfig.yaml", root, `${root}/kubeconfig.yaml`],
    ["./secrets/kubeconfig", root, `${root}/secrets/kubeconfig`],
    ["../shared/kubeconfig", root, "/home/dev/shared/kubeconfig"],
    ["clusters/prod eu/config", root, `${root}/clusters/prod eu/config`],
    // A file of that name, written as a path, is a file and not a look-alike of in-cluster.
    ["./in-cluster", root, `${root}/in-cluster`],
    // The root as seen from cdktf.out/stacks/<stack> gives a machine-independent path.
    ["kubeconfig.yaml", "../../..", "../../../kubeconfig.yaml"],
  ])("%j from %s as %j", (raw, projectRoot, value) => {
    expect(parseKubeconfig(raw, projectRoot)).toEqual({ ok: true, value });
  });
});

describe("parseKubeconfig refuses", () => {
  test.each<[string, string, RegExp]>([
    ["in-cluster without its hyphen", "incluster", /did you mean in-cluster\? For a file of that name write \.\/incluster$/],
    ["in-cluster with an underscore", "in_cluster", /did you mean in-cluster\?/],
    ["in-cluster with a space", "in cluster", /did you mean in-cluster\?$/],
    ["in-cluster after a space", " in-cluster", /did you mean in-cluster\?/],
    ["in-cluster before a newline", "in-cluster\n", /did you mean in-cluster\?/],
    ["in-cluster in quotes", '"in-cluster"', /did you mean in-cluster\?$/],
    ["a typo of in-cluster", "in-clsuter", /did you mean in-cluster\?/],
    ["an empty value", "", /"in-cluster" or the path of a kubeconfig file \(it is empty\)/],
    ["another user's home", "~admin/.kube/config", /expand only ~\/ .*not ~user\/; write the full path of "~admin"'s home/],
    ["the home directory itself", "~", /under ~\/, not the home directory itself/],
    ["an environment variable", "$HOME/.kube/config", /without "\$": no environment variable is expanded/],
    ["a Terraform interpolation", "~/.kube/${var.cluster}", /"\$\{" starts a Terraform template/],
    ["a Terraform template directive", "~/.kube/%{if true}config%{endif}", /without "%\{", which Terraform reads as a template directive/],
    ["a shell command after the path", "~/.kube/config; rm -rf /", /not a shell command \(";"\)/],
    ["a NUL", "~/.kube/config\u0000", /without control or invisible characters \(U\+0000\)/],
    ["an ESC", "~/.kube/\u001b[2Jconfig", /U\+001B/],
    ["a zero-width space", "~/.kube/\u200bconfig", /without control or invisible characters \(U\+200B\)/],
    ["a tab", "~/.kube/con\tfig", /U\+0009/],
    ["a no-break space", "~/.kube/con\u00a0fig", /only whitespace is the plain space \(U\+00A0\)/],
    ["a trailing space", "~/.kube/config ", /without leading or trailing spaces/],
    ["single quotes left from a shell", "'~/.kube/config'", /without quotes or backslashes, used exactly as written \("'"\)/],
    ["a Windows path", "C:\\Users\\dev\\.kube\\config", /without quotes or backslashes, .*"\\\\"/],
    ["a wildcard", "~/.kube/*.yaml", /one kubeconfig file, without wildcards, which nothing expands \("\*"\)/],
    ["a directory", "~/.kube/", /not of a directory \("~\/\.kube\/" names one\)/],
    ["the parent directory", "..", /not of a directory \("\.\." names one\)/],
    ["a path ending in .", "./clusters/.", /not of a directory/],
    ["a path longer than PATH_MAX", `/${"k".repeat(4096)}`, /at most 4096 characters \(this one has 4097\)/],
  ])("%s: %j", (_, raw, rule) => {
    expect(parseKubeconfig(raw, root)).toEqual({ ok: false, allowed: expect.stringMatching(rule) });
  });

  test("a missing project root is a programming error, not a setting to refuse", () => {
    expect(() => parseKubeconfig("kubeconfig.yaml", "")).toThrow(/needs the project root/);
  });
});

describe("parseKubeContext", () => {
  test.each([
    ["", ""],
    ["prod-admin", "prod-admin"],
    ["arn:aws:eks:eu-west-1:123456789012:cluster/genesis-prod", "arn:aws:eks:eu-west-1:123456789012:cluster/genesis-prod"],
    ["gke_genesis_europe-west1-b_prod", "gke_genesis_europe-west1-b_prod"],
    ["kubernetes-admin@kubernetes", "kubernetes-admin@kubernetes"],
    ["default/api-prod-genesis:6443/admin", "default/api-prod-genesis:6443/admin"],
    ["c".repeat(253), "c".repeat(253)],
  ])("accepts %j", (raw, value) => {
    expect(parseKubeContext(raw)).toEqual({ ok: true, value });
  });

  test.each<[string, string, RegExp]>([
    ["quotes and a command", 'prod" && curl evil', /without quotes or backslashes, used exactly as written \("\\""\)/],
    ["a newline", "prod\n", /without control or invisible characters \(U\+000A\)/],
    ["a zero-width joiner", "pr\u200dod", /U\+200D/],
    ["a leading space", " prod", /without leading or trailing spaces/],
    ["a shell operator", "prod|sh", /not a shell command \("\|"\)/],
    ["a Terraform interpolation", "${var.context}", /without "\$\{", which Terraform reads as a template/],
    ["a Terraform directive", "%{if x}prod%{endif}", /without "%\{", which Terraform reads as a template/],
    ["254 characters", "c".repeat(254), /at most 253 characters \(this one has 254\)/],
  ])("refuses %s", (_, raw, rule) => {
    expect(parseKubeContext(raw)).toEqual({ ok: false, allowed: expect.stringMatching(rule) });
  });
});
