import { readFileSync } from "node:fs";
import { join } from "node:path";
import { issuerCaExpiries, renderCertificates, renderIssuers, servingCertificates } from "../../tracing/topology/certificates";
import { renderElasticsearchValues } from "../../tracing/topology/eck-values";
import { resolveSettings } from "../../tracing/checked-settings";
import { type EnvironmentVariables } from "../../tracing/settings";

const CA_FILE = "vault-ca.pem";
const files = { [CA_FILE]: readFileSync(join(__dirname, "../fixtures/certificates/issuer-ca.pem"), "utf8") };
const settings = (env: EnvironmentVariables = {}) => resolveSettings("prod", { TRACING_CERTIFICATES: "cert-manager", ...env }, files);
const vault = { TRACING_CERT_ISSUER: "ClusterIssuer/vault", TRACING_CERT_ISSUER_CA_FILE: CA_FILE };
const spec = (certificates: object[], name: string) => (certificates as any[]).find((c) => c.metadata.name === name).spec;

describe("default properties", () => {
  test("terraform mode: the Secrets the stack has always written, and no cert-manager object", () => {
    const terraform = resolveSettings("prod");
    expect(servingCertificates(terraform).map((c) => c.secretName)).toEqual(["genesis-http-certificate", "jaeger-collector-tls", "jaeger-query-tls"]);
    expect(renderIssuers(terraform)).toEqual([]);
  });

  test("cert-manager mode: one Certificate per server certificate, in Secrets of cert-manager's own, by the signing slot's Issuer", () => {
    const certificates = renderCertificates(settings());
    expect(certificates.map((c: any) => `${c.kind}/${c.metadata.namespace}/${c.metadata.name}`)).toEqual([
      "Certificate/tracing/genesis-http-certificate-cm",
      "Certificate/tracing/jaeger-collector-tls-cm",
      "Certificate/tracing/jaeger-query-tls-cm",
    ]);
    expect(spec(certificates, "jaeger-collector-tls-cm")).toEqual({
      secretName: "jaeger-collector-tls-cm",
      secretTemplate: { labels: { "app.kubernetes.io/part-of": "genesis-tracing" } },
      commonName: "jaeger-collector",
      dnsNames: ["jaeger-collector", "jaeger-collector.tracing", "jaeger-collector.tracing.svc", "jaeger-collector.tracing.svc.cluster.local"],
      duration: "2160h",
      renewBefore: "720h",
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      usages: ["server auth", "digital signature", "key encipherment"],
      issuerRef: { name: "genesis-tracing-ca-blue", kind: "Issuer", group: "cert-manager.io" },
    });
    expect(renderIssuers(settings())).toEqual([
      {
        apiVersion: "cert-manager.io/v1",
        kind: "Issuer",
        metadata: { name: "genesis-tracing-ca-blue", namespace: "tracing", labels: { "app.kubernetes.io/part-of": "genesis-tracing" } },
        spec: { ca: { secretName: "genesis-tracing-ca-blue" } },
      },
    ]);
  });
});

test("the certificates carry the names the Terraform ones carry, in both modes", () => {
  const names = (env: EnvironmentVariables) => servingCertificates(resolveSettings("prod", env)).map((c) => [c.id, c.commonName, c.dnsNames]);
  expect(names({ TRACING_CERTIFICATES: "cert-manager", TRACE_SAMPLING_MODE: "collector" })).toEqual(names({ TRACE_SAMPLING_MODE: "collector" }));
  const collector = servingCertificates(settings({ TRACE_SAMPLING_MODE: "collector" })).find((c) => c.id === "collector");
  // The gateway dials the collectors by the headless Service.
  expect(collector?.dnsNames).toContain("jaeger-collector-headless.tracing.svc");
});

test("lifetime and renewal follow TRACING_CERT_VALIDITY_DAYS and TRACING_CERT_RENEW_DAYS", () => {
  const certificate = spec(renderCertificates(settings({ TRACING_CERT_VALIDITY_DAYS: "60", TRACING_CERT_RENEW_DAYS: "20" })), "jaeger-query-tls-cm");
  expect([certificate.duration, certificate.renewBefore]).toEqual(["1440h", "480h"]);
});

test("both slots trusted: an Issuer each; the signing slot's issues every certificate", () => {
  const both = settings({ TRACING_CA_TRUSTED: "blue,green", TRACING_CA_SIGNING: "green" });
  expect(renderIssuers(both).map((i: any) => i.metadata.name)).toEqual(["genesis-tracing-ca-blue", "genesis-tracing-ca-green"]);
  expect(new Set(renderCertificates(both).map((c: any) => c.spec.issuerRef.name))).toEqual(new Set(["genesis-tracing-ca-green"]));
});

test("an issuer of the cluster's: no Issuer of ours, every certificate names it, and its CAs' expiry is known from the file", () => {
  expect(renderIssuers(settings(vault))).toEqual([]);
  expect(new Set(renderCertificates(settings(vault)).map((c: any) => JSON.stringify(c.spec.issuerRef)))).toEqual(new Set([JSON.stringify({ name: "vault", kind: "ClusterIssuer", group: "cert-manager.io" })]));
  expect(spec(renderCertificates(settings({ ...vault, TRACING_CERT_ISSUER: "Issuer/vault" })), "jaeger-query-tls-cm").issuerRef).toEqual({ name: "vault", kind: "Issuer", group: "cert-manager.io" });
  expect(issuerCaExpiries(settings(vault))).toEqual([{ certificate: "issuer-ca-1", notAfterUnix: expect.any(Number) }]);
  expect(issuerCaExpiries(settings(vault))[0].notAfterUnix).toBeGreaterThan(Date.UTC(2046, 0, 1) / 1000);
});

test("ECK serves cert-manager's Secret in cert-manager mode, the stack's otherwise", () => {
  const secretName = (env: EnvironmentVariables) => (renderElasticsearchValues(resolveSettings("prod", env)) as any).http.tls.certificate.secretName;
  expect(secretName({})).toBe("genesis-http-certificate");
  expect(secretName({ TRACING_CERTIFICATES: "cert-manager" })).toBe("genesis-http-certificate-cm");
});
