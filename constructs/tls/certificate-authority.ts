import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import { Construct } from "constructs";
import type { CertificateSettings } from "../../tracing/settings";
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
 * A private CA owned by the stack (ECDSA P-256 key in Terraform state only). It is replaced
 * on the first deploy inside its renewal window; every certificate it signed is re-issued in
 * the same apply because their `ca_cert_pem` changes.
 */
export class CertificateAuthority extends Construct {
  /** PEM of the CA certificate: what clients trust. Public. */
  readonly certificatePem: string;
  private readonly privateKeyPem: string;
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
      earlyRenewalHours: props.lifetimes.caRenewBeforeDays * HOURS_PER_DAY,
      allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
    });
    this.privateKeyPem = key.privateKeyPem;
    this.certificatePem = certificate.certPem;
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
