/**
 * The prod stack's server certificates, described once: who serves each, the names it carries
 * and the Secret that holds it; and, in `cert-manager` mode, the cert-manager objects that issue
 * and renew them. The CA stays the stack's blue/green Terraform CA (research option A): one CA
 * `Issuer` per trusted slot, every `Certificate` issued by the signing slot's, so moving the
 * signing slot re-issues every certificate while clients trust both. Or an issuer the cluster
 * already has (`TRACING_CERT_ISSUER`), whose CAs the settings bring (`TRACING_CERT_ISSUER_CA_FILE`).
 */
import { backendComponents, type ComponentId } from "./components";
import { issuerReference, parseCaBundle } from "../parsers/certificate-issuer";
import { CA_SLOTS, type CaSlot, type TracingSettings } from "../settings";
import { certificateSecretName, INSTANCE, prodTopology, serviceNames } from "./topology";
import { COLLECTOR_HEADLESS_SERVICE } from "../pipeline/gateway-config";
import { spanMetricsAt } from "../pipeline/sampling";

const HOURS_PER_DAY = 24;
const CERT_MANAGER_API = "cert-manager.io/v1";
const CERT_MANAGER_GROUP = "cert-manager.io";

/** What serves TLS: a component of ours, or Elasticsearch's HTTP layer (served by ECK). */
export type ServingCertificateId = ComponentId | "elasticsearchHttp";

export interface ServingCertificate {
  readonly id: ServingCertificateId;
  readonly commonName: string;
  /** Every name clients use for its Services; they verify the host name against these. */
  readonly dnsNames: readonly string[];
  /**
   * The `kubernetes.io/tls` Secret (`tls.crt`, `tls.key`, `ca.crt`) that holds it: the stack's
   * in `terraform` mode, cert-manager's (`-cm`) in `cert-manager` mode, so that switching modes
   * never gives one Secret two writers.
   */
  readonly secretName: string;
}

/**
 * Every server certificate of the prod stack, in the order the stack has always issued them:
 * Elasticsearch's HTTP layer, then each component that serves TLS (not the exporter, which
 * serves plain metrics). The collectors' also carries the headless Service the gateway dials.
 */
export function servingCertificates(settings: TracingSettings): ServingCertificate[] {
  const { namespace, elasticsearchName } = settings.kubernetes;
  const topology = prodTopology(settings);
  const behindGateway = spanMetricsAt(settings) === "gateway";
  const components = backendComponents(settings).filter((c) => c.ports.some((p) => !p.metrics));
  return [
    {
      id: "elasticsearchHttp",
      commonName: `${elasticsearchName}-es-http`,
      dnsNames: topology.elasticsearchHttpNames,
      secretName: topology.elasticsearchHttpCertificateSecret,
    },
    ...components.map((c) => ({
      id: c.id,
      commonName: c.name,
      dnsNames: [c.name, ...(c.id === "collector" && behindGateway ? [COLLECTOR_HEADLESS_SERVICE] : [])].flatMap((service) => serviceNames(service, namespace)),
      secretName: certificateSecretName(settings, `${c.name}-tls`),
    })),
  ];
}

/** The serving certificate of one component. */
export function servingCertificate(settings: TracingSettings, id: ServingCertificateId): ServingCertificate {
  const found = servingCertificates(settings).find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} certificate in this configuration`);
  return found;
}

/** Name of the CA Issuer, and of the Secret with its CA key pair, of one slot of the stack's CA. */
export const caIssuerName = (slot: CaSlot): string => `${INSTANCE}-ca-${slot}`;

/** The CA slots that get an Issuer: every trusted one, unless an issuer of the cluster's signs. */
export function issuerSlots(settings: TracingSettings): CaSlot[] {
  const c = settings.certificates;
  return c.mode !== "cert-manager" || c.issuer !== "" ? [] : CA_SLOTS.filter((slot) => c.trustedAuthorities.includes(slot));
}

/** The labels of every object, and of every Secret cert-manager writes (a fresh copy each: YAML would alias a shared one). */
const labels = () => ({ "app.kubernetes.io/part-of": INSTANCE });

/** One CA `Issuer` per slot of `issuerSlots`, each signing with the key pair in its Secret. */
export function renderIssuers(settings: TracingSettings): object[] {
  return issuerSlots(settings).map((slot) => ({
    apiVersion: CERT_MANAGER_API,
    kind: "Issuer",
    metadata: { name: caIssuerName(slot), namespace: settings.kubernetes.namespace, labels: labels() },
    spec: { ca: { secretName: caIssuerName(slot) } },
  }));
}

/** The issuer every Certificate names: the signing slot's Issuer, or the cluster's issuer the settings name. */
export function issuerRef(settings: TracingSettings): { readonly name: string; readonly kind: string; readonly group: string } {
  const external = issuerReference(settings.certificates.issuer);
  return external
    ? { name: external.name, kind: external.kind, group: CERT_MANAGER_GROUP }
    : { name: caIssuerName(settings.certificates.signingAuthority), kind: "Issuer", group: CERT_MANAGER_GROUP };
}

/**
 * One cert-manager `Certificate` per serving certificate, with everything explicit that a
 * cert-manager version could default differently: lifetime and renewal from the settings, an
 * ECDSA P-256 key like the Terraform certificates', a new key at every renewal
 * (`rotationPolicy: Always`, the default only from v1.18), and server usages.
 */
export function renderCertificates(settings: TracingSettings): object[] {
  const c = settings.certificates;
  return servingCertificates(settings).map((certificate) => ({
    apiVersion: CERT_MANAGER_API,
    kind: "Certificate",
    metadata: { name: certificate.secretName, namespace: settings.kubernetes.namespace, labels: labels() },
    spec: {
      secretName: certificate.secretName,
      secretTemplate: { labels: labels() },
      commonName: certificate.commonName,
      dnsNames: [...certificate.dnsNames],
      duration: `${c.leafValidityDays * HOURS_PER_DAY}h`,
      renewBefore: `${c.leafRenewBeforeDays * HOURS_PER_DAY}h`,
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      usages: ["server auth", "digital signature", "key encipherment"],
      issuerRef: issuerRef(settings),
    },
  }));
}

/**
 * The expiry of each CA of `TRACING_CERT_ISSUER_CA_FILE`, known when the settings are read
 * (`issuer-ca-1`, `issuer-ca-2`, … in the file's order): clients trust them, so they alert too.
 */
export function issuerCaExpiries(settings: TracingSettings): KnownExpiry[] {
  const bundle = settings.certificates.issuerCaPem === "" ? undefined : parseCaBundle(settings.certificates.issuerCaPem);
  return bundle?.ok ? bundle.value.certificates.map((c, i) => ({ certificate: `issuer-ca-${i + 1}`, notAfterUnix: c.notAfterUnix })) : [];
}

/**
 * A certificate or CA the stack made with Terraform, whose expiry it writes into the rules at
 * apply time: no metric reports it.
 */
export interface KnownExpiry {
  /** The alerts' `certificate` label: the Secret that holds it, or the CA's name. */
  readonly certificate: string;
  /** `notAfter` in Unix seconds: a number, or a deploy-time reference the stack fills in. */
  readonly notAfterUnix: number | string;
}
