/**
 * The prod namespace as synthesized (shared default synth): Pod Security `restricted` enforced,
 * audited and warned at the latest policy version, and Terraform refusing to destroy it (its
 * PVCs go with it) at default settings. Until mutation testing (README "Mutation testing")
 * only the prod snapshot saw the version labels and the lifecycle.
 */
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";

const [namespace, ...others] = Object.values<any>(stackDocuments(defaultSynth()).prod.resource.kubernetes_namespace_v1);

test("one namespace, tracing, labelled for Pod Security restricted at the latest version in all three modes", () => {
  expect(others).toStrictEqual([]);
  expect(namespace.metadata).toStrictEqual({
    name: "tracing",
    labels: {
      "app.kubernetes.io/part-of": "genesis-tracing",
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": "latest",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "latest",
    },
  });
});

test("Terraform refuses to destroy it at default settings", () => {
  expect(namespace.lifecycle).toStrictEqual({ prevent_destroy: true });
});
