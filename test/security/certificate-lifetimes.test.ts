/**
 * Certificate lifetimes and the rotation path, from the synthesized JSON of both stacks.
 * Rotation is Terraform's: hashicorp/tls plans a replacement once
 * `now >= validity_end - early_renewal_hours` (internal/provider/common_cert.go), on the first
 * deploy after that point. The simulation below applies that rule to a weekly deploy.
 */
import { stackDocuments } from "../../tools/synth-documents";
import { defaultSynth } from "../default-synth";

const stacks = stackDocuments(defaultSynth());
const HOURS_PER_DAY = 24;
const MAX_LEAF_DAYS = 90;

describe.each(Object.entries(stacks))("%s stack", (_stack, doc: any) => {
  const cas = Object.entries<any>(doc.resource.tls_self_signed_cert);
  const leaves = Object.entries<any>(doc.resource.tls_locally_signed_cert);

  test("one CA, and every server certificate is signed by it", () => {
    expect(cas).toHaveLength(1);
    const [caId, ca] = cas[0];
    expect(ca.is_ca_certificate).toBe(true);
    expect(leaves.length).toBeGreaterThanOrEqual(2);
    for (const [, leaf] of leaves) expect(leaf.ca_cert_pem).toBe(`\${tls_self_signed_cert.${caId}.cert_pem}`);
  });

  test(`server certificates live at most ${MAX_LEAF_DAYS} days and renew at or before 2/3 of their life`, () => {
    for (const [, leaf] of leaves) {
      expect(leaf.validity_period_hours).toBeLessThanOrEqual(MAX_LEAF_DAYS * HOURS_PER_DAY);
      expect(leaf.early_renewal_hours).toBeGreaterThanOrEqual(leaf.validity_period_hours / 3);
      expect(leaf.early_renewal_hours).toBeLessThan(leaf.validity_period_hours);
    }
  });

  test("the CA outlives every server certificate, is never replaced by a plain deploy, and a plan warns in time to replace it", () => {
    const [caId, ca] = cas[0];
    // A CA replaced by `early_renewal_hours` would re-issue every certificate in the same
    // apply, before any client trusts it; replacement goes through the trusted CA slots.
    expect(ca.early_renewal_hours).toBeUndefined();
    const [[checkName, check]] = Object.entries<any>(doc.check);
    expect(checkName).toBe("blue_ca_expiry");
    const warnFromHours = Number(/timeadd\(tls_self_signed_cert\.(\w+)\.validity_end_time, "-(\d+)h"\)/.exec(check.assert[0].condition)?.[2]);
    expect(check.assert[0].condition).toContain(`tls_self_signed_cert.${caId}.validity_end_time`);
    expect(check.assert[0].condition).toMatch(/^\$\{\(timecmp\(plantimestamp\(\), timeadd\(.*\)\) == -1\)\}$/);
    for (const [, leaf] of leaves) {
      expect(ca.validity_period_hours).toBeGreaterThan(leaf.validity_period_hours + leaf.early_renewal_hours);
      // Warned this early, a replacement (three deploys and a client restart) fits long
      // before any certificate the old CA signed could outlive it.
      expect(warnFromHours).toBeGreaterThanOrEqual(leaf.validity_period_hours);
    }
  });

  test("keys are ECDSA P-256", () => {
    for (const key of Object.values<any>(doc.resource.tls_private_key)) expect(key).toMatchObject({ algorithm: "ECDSA", ecdsa_curve: "P256" });
  });

  test("a weekly deploy renews every server certificate with weeks to spare", () => {
    for (const [, leaf] of leaves) {
      const validityDays = leaf.validity_period_hours / HOURS_PER_DAY;
      const renewFromDay = validityDays - leaf.early_renewal_hours / HOURS_PER_DAY;
      // Deploys on days 7, 14, 21, …: the first one at or after the renewal point replaces it.
      let day = 7;
      while (day < renewFromDay) day += 7;
      expect(day).toBeLessThan(validityDays);
      expect(validityDays - day).toBeGreaterThanOrEqual(21);
      // Before the renewal point no deploy replaces it (no needless churn).
      expect(renewFromDay).toBeGreaterThan(validityDays / 2);
    }
  });
});

describe("the renewed certificate reaches the process that serves it", () => {
  test("local: containers carry the certificate as an upload, so a new certificate replaces the container", () => {
    const uploads = Object.values<any>(stacks.local.resource.docker_container).flatMap((c) => c.upload ?? []);
    const served = uploads.filter((u: any) => u.file.endsWith("tls.crt")).map((u: any) => u.content);
    expect(served).toHaveLength(3);
    for (const content of served) expect(content).toMatch(/^\$\{tls_locally_signed_cert\.\w+\.cert_pem\}$/);
  });

  test("prod: the Secrets Jaeger mounts and ECK serves hold the certificate, updated in place; Jaeger and Elasticsearch re-read them", () => {
    const tlsSecrets = Object.values<any>(stacks.prod.resource.kubernetes_secret_v1).filter((s) => s.type === "kubernetes.io/tls");
    expect(tlsSecrets.map((s) => s.metadata.name).sort()).toEqual(["genesis-http-certificate", "jaeger-collector-tls", "jaeger-query-tls"]);
    for (const secret of tlsSecrets) expect(secret.data["tls.crt"]).toMatch(/^\$\{tls_locally_signed_cert\.\w+\.cert_pem\}$/);
    const jaeger = Object.values<any>(stacks.prod.resource.kubernetes_deployment_v1).filter((d) => d.metadata.name.startsWith("jaeger-"));
    expect(jaeger).toHaveLength(2);
    for (const deployment of jaeger) {
      const mounts = deployment.spec.template.spec.container[0].volume_mount;
      expect(mounts.find((m: any) => m.name === "tls")).toEqual({ name: "tls", mount_path: "/etc/jaeger/tls", read_only: true });
    }
  });
});
