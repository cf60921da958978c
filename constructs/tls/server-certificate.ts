import { CertRequest } from "@cdktf/provider-tls/lib/cert-request";
import { LocallySignedCert } from "@cdktf/provider-tls/lib/locally-signed-cert";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { Construct } from "constructs";
import { expiryInUnixSeconds } from "./certificate-expiry";

/** What a `CertificateAuthority` hands to the certificates it issues. */
export interface CertificateIssuer {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly organization: string;
  readonly validityHours: number;
  readonly earlyRenewalHours: number;
}

export interface ServerCertificateProps {
  readonly issuer: CertificateIssuer;
  /** Subject common name. */
  readonly commonName: string;
  /** Subject alternative DNS names; clients verify the host name against these. */
  readonly dnsNames: readonly string[];
  /**
   * Subject alternative IP addresses.
   * @default - none
   */
  readonly ipAddresses?: readonly string[];
  /**
   * Also allow TLS client authentication (Elasticsearch nodes authenticate to each other).
   * @default false
   */
  readonly clientAuth?: boolean;
}

/**
 * A server key and certificate signed by the stack's CA. `early_renewal_hours` makes the
 * first `cdktf deploy` inside the renewal window plan a real replacement (unlike
 * `time_rotating` + `replace_triggered_by`, which does not fire: terraform-provider-time#118).
 */
export class ServerCertificate extends Construct {
  /** PEM of the leaf certificate. */
  readonly certificatePem: string;
  /** PEM of the private key; a Terraform reference, the value lives in state only. */
  readonly privateKeyPem: string;
  /** When it expires, in Unix seconds: a deploy-time reference for the expiry alerts. */
  readonly notAfterUnix: string;

  constructor(scope: Construct, id: string, props: ServerCertificateProps) {
    super(scope, id);
    const key = new PrivateKey(this, "Key", { algorithm: "ECDSA", ecdsaCurve: "P256" });
    const request = new CertRequest(this, "Request", {
      privateKeyPem: key.privateKeyPem,
      subject: [{ commonName: props.commonName, organization: props.issuer.organization }],
      dnsNames: [...props.dnsNames],
      ipAddresses: props.ipAddresses ? [...props.ipAddresses] : undefined,
    });
    const certificate = new LocallySignedCert(this, "Resource", {
      certRequestPem: request.certRequestPem,
      caCertPem: props.issuer.certificatePem,
      caPrivateKeyPem: props.issuer.privateKeyPem,
      validityPeriodHours: props.issuer.validityHours,
      earlyRenewalHours: props.issuer.earlyRenewalHours,
      allowedUses: ["digital_signature", "key_encipherment", "server_auth", ...(props.clientAuth ? ["client_auth"] : [])],
    });
    this.certificatePem = certificate.certPem;
    this.privateKeyPem = key.privateKeyPem;
    this.notAfterUnix = expiryInUnixSeconds(this, certificate.validityEndTime);
  }
}
