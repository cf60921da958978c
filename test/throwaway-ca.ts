/**
 * Throwaway certificates for tests that run real TLS servers on 127.0.0.1, made offline with
 * node:crypto alone: Node can sign but not build X.509, so the DER is assembled here (P-256 keys,
 * ECDSA-SHA256, a CA with basicConstraints and a server certificate with subjectAltName).
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

const der = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
};
const seq = (...parts: Buffer[]) => der(0x30, ...parts);
const oid = (dotted: string): Buffer => {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * a + b];
  for (const value of rest) {
    const chunk = [value & 0x7f];
    for (let v = value >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
};
const utf8 = (text: string) => der(0x0c, Buffer.from(text));
const time = (date: Date) => der(0x17, Buffer.from(date.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z"));
const name = (commonName: string) => seq(der(0x31, seq(oid("2.5.4.3"), utf8(commonName))));
const ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"));

export interface Issued {
  readonly certPem: string;
  readonly keyPem: string;
  readonly key: KeyObject;
  readonly commonName: string;
}

function issue(commonName: string, extensions: Buffer[], issuer?: Issued): Issued {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const now = Date.now();
  const serial = randomBytes(8);
  serial[0] &= 0x7f;
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, serial),
    ECDSA_SHA256,
    name(issuer?.commonName ?? commonName),
    seq(time(new Date(now - 60_000)), time(new Date(now + 86_400_000))),
    name(commonName),
    publicKey.export({ type: "spki", format: "der" }),
    der(0xa3, seq(...extensions)),
  );
  const signature = sign("sha256", tbs, issuer?.key ?? privateKey);
  const cert = seq(tbs, ECDSA_SHA256, der(0x03, Buffer.from([0]), signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${cert.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`.replace("\n\n", "\n");
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return { certPem, keyPem, key: createPrivateKey(keyPem), commonName };
}

/** A self-signed CA. */
export function throwawayCa(commonName = "throwaway test CA"): Issued {
  const basicConstraints = seq(oid("2.5.29.19"), der(0x01, Buffer.from([0xff])), der(0x04, seq(der(0x01, Buffer.from([0xff])))));
  return issue(commonName, [basicConstraints], undefined);
}

/** A server certificate for `dnsNames` and 127.0.0.1, signed by `ca`. */
export function serverCertificate(ca: Issued, dnsNames: readonly string[]): Issued {
  const names = [...dnsNames.map((dns) => der(0x82, Buffer.from(dns))), der(0x87, Buffer.from([127, 0, 0, 1]))];
  const subjectAltName = seq(oid("2.5.29.17"), der(0x04, seq(...names)));
  return issue(dnsNames[0], [subjectAltName], ca);
}
