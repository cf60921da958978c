/**
 * The cert-manager issuer a prod stack may be told to use (`TRACING_CERT_ISSUER`), and the CA
 * bundle clients must then trust (`TRACING_CERT_ISSUER_CA_FILE`): its syntax, and what a
 * bundle must hold. The file itself is read with the settings (environment.ts), never here.
 */
import { X509Certificate } from "node:crypto";
import { ISSUER_KINDS, type IssuerKind } from "../settings/model";
import { parsed, refused, type Parsed } from "./parsed";

/** A Kubernetes object name (DNS-1123 subdomain), as cert-manager's issuers are named. */
const OBJECT_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const ISSUER_REFERENCE_ALLOWED = "empty, `Issuer/<name>` (in the tracing namespace) or `ClusterIssuer/<name>`, a Kubernetes object name";

export interface IssuerReference {
  readonly kind: IssuerKind;
  readonly name: string;
}

/** `Issuer/<name>` or `ClusterIssuer/<name>`; undefined for empty or anything else. */
export function issuerReference(text: string): IssuerReference | undefined {
  const slash = text.indexOf("/");
  const kind = text.slice(0, slash) as IssuerKind;
  const name = text.slice(slash + 1);
  return slash > 0 && ISSUER_KINDS.includes(kind) && OBJECT_NAME.test(name) ? { kind, name } : undefined;
}

export const parseIssuerReference = (raw: string): Parsed<string> =>
  raw === "" || issuerReference(raw) !== undefined ? parsed(raw) : refused(ISSUER_REFERENCE_ALLOWED);

/** A file path as written: no control characters (a newline would be a second value). */
export const parseFilePath = (raw: string): Parsed<string> =>
  /^[^\u0000-\u001f\u007f]*$/.test(raw) ? parsed(raw) : refused("a file path without control characters");

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END \1-----/g;

export interface BundleCertificate {
  readonly subject: string;
  /** When it expires, in Unix seconds. */
  readonly notAfterUnix: number;
}

/**
 * The CA certificates of a PEM bundle, or why it is none: one or more `CERTIFICATE` blocks,
 * each a CA certificate, and nothing else (a private key here would be published to every
 * client namespace).
 */
export function parseCaBundle(text: string): Parsed<{ readonly pem: string; readonly certificates: readonly BundleCertificate[] }> {
  const blocks = [...text.matchAll(PEM_BLOCK)];
  const rest = text.replace(PEM_BLOCK, "").trim();
  if (blocks.length === 0) return refused("a file of one or more PEM certificates (-----BEGIN CERTIFICATE-----); it holds none");
  const other = blocks.find((b) => b[1] !== "CERTIFICATE");
  if (other) return refused(`a file of PEM certificates only; it holds a ${other[1]} block, which must never reach the clients' trust bundle`);
  if (rest !== "") return refused("a file of PEM certificates only; it holds other text between or around them");
  const certificates: BundleCertificate[] = [];
  for (const [block] of blocks) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch {
      return refused("a file of PEM certificates that parse as X.509; one does not");
    }
    if (!certificate.ca) return refused(`CA certificates only; "${certificate.subject.replace(/\n/g, ", ")}" is not a CA (basicConstraints CA:FALSE)`);
    certificates.push({ subject: certificate.subject.replace(/\n/g, ", "), notAfterUnix: Math.floor(Date.parse(certificate.validTo) / 1000) });
  }
  return parsed({ pem: blocks.map(([block]) => `${block.replace(/\r\n/g, "\n")}\n`).join(""), certificates });
}
