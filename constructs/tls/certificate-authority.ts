import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import { Fn, Op, type TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CA_SLOTS, type CaSlot, type CertificateSettings } from "../../tracing/settings";
import { expiryInUnixSeconds } from "./certificate-expiry";
import { ServerCertificate, type ServerCertificateProps } from "./server-certificate";

const HOURS_PER_DAY = 24;

export interface CertificateAuthorityProps {
  /** Subject common name of the CA certificate. */
  readonly commonName: string;
  /** Lifetimes and renewal windows of the CA and of the certificates it issues. */
  readonly lifetimes: CertificateSettings;
  /**
   * Subject organization.
   * @default "Genesis"
   */
  readonly organization?: string;
}

/**
 * A private CA owned by the stack (ECDSA P-256 key in Terraform state only). It is never
 * replaced by a plain deploy: replacing it would re-issue every certificate in the same apply,
 * before clients trust the new CA. Rotation goes through `trustedAuthorities` instead.
 */
export class CertificateAuthority extends Construct {
  /** PEM of the CA certificate: what clients trust. Public. */
  readonly certificatePem: string;
  /** When the CA expires (RFC 3339), known after apply. */
  readonly validityEndTime: string;
  /** The same in Unix seconds: a deploy-time reference for the expiry alerts. */
  readonly notAfterUnix: string;
  /**
   * PEM of the CA key: a Terraform reference, the value lives in state. Only for what must sign
   * in the cluster (a cert-manager CA Issuer's Secret); everything else asks for a certificate.
   */
  readonly privateKeyPem: string;
  private readonly lifetimes: CertificateSettings;
  private readonly organization: string;

  constructor(scope: Construct, id: string, props: CertificateAuthorityProps) {
    super(scope, id);
    this.lifetimes = props.lifetimes;
    this.organization = props.organization ?? "Genesis";
    const key = new PrivateKey(this, "Key", { algorithm: "ECDSA", ecdsaCurve: "P256" });
    const certificate = new SelfSignedCert(this, "Resource", {
      privateKeyPem: key.privateKeyPem,
      isCaCertificate: true,
      setSubjectKeyId: true,
      subject: [{ commonName: props.commonName, organization: this.organization }],
      validityPeriodHours: props.lifetimes.caValidityDays * HOURS_PER_DAY,
      allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
    });
    this.privateKeyPem = key.privateKeyPem;
    this.certificatePem = certificate.certPem;
    this.validityEndTime = certificate.validityEndTime;
    this.notAfterUnix = expiryInUnixSeconds(this, certificate.validityEndTime);
  }

  /** Issues a server certificate valid for `dnsNames` and `ipAddresses`, renewed before expiry. */
  issueServerCertificate(id: string, props: Omit<ServerCertificateProps, "issuer">): ServerCertificate {
    return new ServerCertificate(this, id, {
      ...props,
      issuer: {
        certificatePem: this.certificatePem,
        privateKeyPem: this.privateKeyPem,
        organization: this.organization,
        validityHours: this.lifetimes.leafValidityDays * HOURS_PER_DAY,
        earlyRenewalHours: this.lifetimes.leafRenewBeforeDays * HOURS_PER_DAY,
      },
    });
  }
}

export interface TrustedAuthoritiesProps {
  /** Subject common name of the `blue` CA; the `green` one adds "(green)". */
  readonly commonName: string;
  /** Lifetimes, renewal windows, and which CA slots exist, sign and are trusted. */
  readonly certificates: CertificateSettings;
  /**
   * PEM of CAs the stack does not own that every client trusts too (an issuer of the cluster's).
   * @default - none
   */
  readonly alsoTrustedPem?: string;
}

/** The stack's CAs: the one that signs, and the bundle every client trusts. */
export interface TrustedAuthorities {
  readonly signing: CertificateAuthority;
  /** Every CA of the stack's, by slot, blue first. */
  readonly bySlot: ReadonlyMap<CaSlot, CertificateAuthority>;
  /** PEM of every trusted CA, blue first, then `alsoTrustedPem`: what clients and servers verify against. */
  readonly trustBundlePem: string;
}

/**
 * Creates a CA in each trusted slot, directly in `scope`: the blue CA keeps the construct id
 * (and subject) the stack always gave its CA, so existing deployments keep their CA. A check
 * warns on every plan once the signing CA is within `caRenewBeforeDays` of expiry.
 */
export function trustedAuthorities(scope: TerraformStack, props: TrustedAuthoritiesProps): TrustedAuthorities {
  const c = props.certificates;
  const authorities = new Map<CaSlot, CertificateAuthority>(
    CA_SLOTS.filter((slot) => c.trustedAuthorities.includes(slot)).map((slot) => [
      slot,
      new CertificateAuthority(scope, slot === "blue" ? "CertificateAuthority" : "CertificateAuthorityGreen", {
        commonName: slot === "blue" ? props.commonName : `${props.commonName} (green)`,
        lifetimes: c,
      }),
    ]),
  );
  const signing = authorities.get(c.signingAuthority);
  if (!signing) throw new Error(`the signing CA slot ${c.signingAuthority} is not trusted`);
  const warnFromHours = c.caRenewBeforeDays * HOURS_PER_DAY;
  scope.addOverride(`check.${c.signingAuthority}_ca_expiry`, {
    assert: [
      {
        // timecmp is -1 while the plan runs before the warning point.
        condition: Op.eq(Fn.timecmp(Fn.plantimestamp(), Fn.timeadd(signing.validityEndTime, `-${warnFromHours}h`)), -1),
        error_message: `The ${c.signingAuthority} CA expires at ${signing.validityEndTime}: replace it now (docs/operations.md#replacing-the-ca).`,
      },
    ],
  });
  return { signing, bySlot: authorities, trustBundlePem: [...[...authorities.values()].map((ca) => ca.certificatePem), props.alsoTrustedPem ?? ""].join("") };
}
