/**
 * `TRACING_STATE_BACKEND`: where Terraform keeps each stack's state. Every part is held to
 * the rules of the service that stores it, so a bad value stops the synth with the rule it
 * breaks instead of reaching `terraform init` as an API error, or worse, as a valid name that
 * is not the one meant.
 */
import type { StateBackendSettings } from "../settings/model";
import { parsed, refused, type Parsed } from "./parsed";
import { describeCharacter, shown } from "./text";

const FORMS = "local, s3://bucket/key-prefix?region=REGION, gcs://bucket/prefix or kubernetes://namespace/secret-suffix";

/** Other spellings of a scheme we know, for a did-you-mean (`gs://` is gsutil's for GCS). */
const SCHEME_ALIASES: ReadonlyMap<string, string> = new Map([
  ["gs", "gcs"],
  ["k8s", "kubernetes"],
  ["s3a", "s3"],
  ["s3n", "s3"],
]);

/**
 * Longest key prefix or GCS prefix. The stack's state object is `<prefix>/<stack>.tfstate`;
 * 200 keeps it far below S3's 1024-byte and GCS's 1024-byte object name limits.
 */
export const STATE_PREFIX_MAX_LENGTH = 200;

/**
 * Longest secret suffix. Terraform's kubernetes backend (internal/backend/remote-state/
 * kubernetes/client.go) names the state Secret `tfstate-<workspace>-<secret_suffix>` (a
 * DNS-1123 subdomain) and labels it `tfstateSecretSuffix: <secret_suffix>`, and a label value
 * holds at most 63 characters. We pass `<suffix>-<stack>`; `local` is the longest stack name.
 */
export const KUBERNETES_SECRET_SUFFIX_MAX_LENGTH = 63 - "-local".length;

/**
 * `local`, `s3://bucket/key-prefix?region=REGION`, `gcs://bucket/prefix` or
 * `kubernetes://namespace/secret-suffix`. A refusal names the first rule the value breaks.
 */
export function parseStateBackend(raw: string): Parsed<StateBackendSettings> {
  // Every form is printable ASCII; anything else is a paste accident or an attempt to hide
  // part of the value (a newline, a zero-width space, a look-alike letter).
  const chars = [...raw];
  const bad = chars.findIndex((char) => !/^[\x21-\x7e]$/.test(char));
  if (bad >= 0) {
    return refused(`${FORMS}, in printable ASCII without spaces (${describeCharacter(chars[bad])} at character ${bad + 1})`);
  }
  if (raw === "local") return parsed({ kind: "local" });
  if (raw.toLowerCase() === "local") return refused(`local, in lowercase`);
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?(.*)$/.exec(raw);
  if (match === null) return refused(`one of ${FORMS}`);
  const [, scheme, slashes, location] = match;
  const known = LOCATIONS.get(scheme);
  if (known === undefined) {
    const meant = LOCATIONS.has(scheme.toLowerCase()) ? scheme.toLowerCase() : SCHEME_ALIASES.get(scheme.toLowerCase());
    return refused(`one of ${FORMS}${meant ? ` (did you mean ${meant}://?)` : ""}`);
  }
  if (slashes === undefined) return refused(`${scheme}://…, with two slashes after "${scheme}:"`);
  // Backends take credentials from their environment; a URL is no place for a password.
  if (/^[^/?]*@/.test(location)) return refused(`${scheme}://… without credentials or user names ("@"); the backend reads them from its environment`);
  return known(location);
}

const LOCATIONS: ReadonlyMap<string, (location: string) => Parsed<StateBackendSettings>> = new Map([
  ["s3", parseS3],
  ["gcs", parseGcs],
  ["kubernetes", parseKubernetes],
]);

function parseS3(location: string): Parsed<StateBackendSettings> {
  const form = "s3://bucket/key-prefix?region=REGION";
  const [path, query, ...extra] = location.split("?");
  if (extra.length > 0) return refused(`${form}, with one "?"`);
  if (query === undefined) return refused(`${form}: the region is missing, and the S3 backend needs it to reach the bucket`);
  const params = query.split("&");
  const other = params.find((param) => !param.startsWith("region="));
  if (other !== undefined) {
    return refused(`${form} with region as the only query parameter (not ${shown(other)}; encryption and locking are always on)`);
  }
  if (params.length > 1) return refused(`${form} with the region given once`);
  const region = params[0].slice("region=".length);
  const parts = splitLocation(path, form, "bucket", "key prefix");
  if (!parts.ok) return parts;
  const [bucket, keyPrefix] = parts.value;
  const problem = s3BucketProblem(bucket) ?? prefixProblem(keyPrefix, "an S3 key prefix") ?? awsRegionProblem(region);
  return problem ? refused(problem) : parsed({ kind: "s3", bucket, keyPrefix, region });
}

function parseGcs(location: string): Parsed<StateBackendSettings> {
  const form = "gcs://bucket/prefix";
  if (location.includes("?")) return refused(`${form} without a query string ("?region=" is for s3:// only)`);
  const parts = splitLocation(location, form, "bucket", "prefix");
  if (!parts.ok) return parts;
  const [bucket, prefix] = parts.value;
  const problem = gcsBucketProblem(bucket) ?? prefixProblem(prefix, "a GCS prefix");
  return problem ? refused(problem) : parsed({ kind: "gcs", bucket, prefix });
}

function parseKubernetes(location: string): Parsed<StateBackendSettings> {
  const form = "kubernetes://namespace/secret-suffix";
  if (location.includes("?")) return refused(`${form} without a query string ("?region=" is for s3:// only)`);
  const parts = splitLocation(location, form, "namespace", "secret suffix");
  if (!parts.ok) return parts;
  const [namespace, secretSuffix] = parts.value;
  const problem =
    dnsLabelProblem(namespace, "Kubernetes namespace (a DNS-1123 label)", 63) ??
    dnsLabelProblem(
      secretSuffix,
      `secret suffix (Terraform names the state Secret tfstate-default-<suffix>-<stack> and labels it with <suffix>-<stack>, at most 63 characters)`,
      KUBERNETES_SECRET_SUFFIX_MAX_LENGTH,
    );
  return problem ? refused(problem) : parsed({ kind: "kubernetes", namespace, secretSuffix });
}

/** `first/rest` at the first slash; both parts must be there. */
function splitLocation(location: string, form: string, first: string, rest: string): Parsed<[string, string]> {
  const slash = location.indexOf("/");
  if (slash < 0) return refused(`${form}: the ${rest} after the ${first} is missing`);
  return parsed([location.slice(0, slash), location.slice(slash + 1)]);
}

/** Four dot-separated numbers: what both clouds call "formatted as an IP address". */
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Amazon S3 general purpose bucket naming rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
function s3BucketProblem(bucket: string): string | undefined {
  const what = `an S3 bucket name`;
  if (bucket.length < 3 || bucket.length > 63) return `${what} of 3 to 63 characters (${shown(bucket)} has ${bucket.length})`;
  const bad = /[^a-z0-9.-]/.exec(bucket);
  if (bad) return `${what} of lowercase letters, digits, "." and "-" (${shown(bucket)} has ${describeCharacter(bad[0])})`;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(bucket)) return `${what} that starts and ends with a letter or digit (${shown(bucket)})`;
  if (bucket.includes("..")) return `${what} without two adjacent periods (${shown(bucket)})`;
  if (IP_ADDRESS.test(bucket)) return `${what} not formatted as an IP address (${shown(bucket)})`;
  const prefix = ["xn--", "sthree-", "amzn-s3-demo-"].find((p) => bucket.startsWith(p));
  if (prefix) return `${what} not starting with "${prefix}", which AWS reserves (${shown(bucket)})`;
  // Reserved for access point aliases, Object Lambda, Multi-Region Access Points,
  // directory buckets and table buckets.
  const suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((s) => bucket.endsWith(s));
  if (suffix) return `${what} not ending with "${suffix}", which AWS reserves (${shown(bucket)})`;
  return undefined;
}

/**
 * Google Cloud Storage bucket naming rules (https://cloud.google.com/storage/docs/buckets#naming).
 * Of Google's "close misspellings" of google, only digit look-alikes (g00gle, goog1e) are
 * caught; the service refuses the others itself.
 */
function gcsBucketProblem(bucket: string): string | undefined {
  const what = `a GCS bucket name`;
  const dotted = bucket.includes(".");
  const max = dotted ? 222 : 63;
  if (bucket.length < 3 || bucket.length > max) {
    return `${what} of 3 to ${max} characters${dotted ? " when it has dots" : ""} (${shown(bucket)} has ${bucket.length})`;
  }
  const bad = /[^a-z0-9._-]/.exec(bucket);
  if (bad) return `${what} of lowercase letters, digits, "-", "_" and "." (${shown(bucket)} has ${describeCharacter(bad[0])})`;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(bucket)) return `${what} that starts and ends with a letter or digit (${shown(bucket)})`;
  // A dotted name is a domain name Google verifies you own: no empty or over-long labels.
  const parts = bucket.split(".");
  if (parts.some((part) => part === "")) return `${what} without two adjacent dots (${shown(bucket)})`;
  const long = parts.find((part) => part.length > 63);
  if (long) return `${what} whose dot-separated parts have at most 63 characters (${shown(long)} has ${long.length})`;
  if (IP_ADDRESS.test(bucket)) return `${what} not formatted as an IP address (${shown(bucket)})`;
  if (bucket.startsWith("goog")) return `${what} not starting with "goog", which Google reserves (${shown(bucket)})`;
  if (bucket.replace(/0/g, "o").replace(/1/g, "l").includes("google")) {
    return `${what} not containing "google" or a look-alike such as "g00gle", which Google reserves (${shown(bucket)})`;
  }
  return undefined;
}

/**
 * Shape of an AWS region name. The partition tables of the AWS SDKs (partitions.json) match
 * `^<prefix>-\w+-\d+$` per partition: eu-west-1, cn-north-1, us-gov-west-1, us-isob-east-1,
 * eusc-de-east-1. The shape rather than a list of prefixes, since new regions (il-, mx-) keep
 * coming; Terraform's S3 backend still refuses a well-formed name of no real region.
 */
const AWS_REGION = /^[a-z]{2,4}(-[a-z]+)?-[a-z]+-\d{1,2}$/;

function awsRegionProblem(region: string): string | undefined {
  if (AWS_REGION.test(region)) return undefined;
  const what = `an AWS region such as eu-west-1 or us-gov-west-1 in ?region=`;
  if (region === "") return `${what} (it is empty)`;
  if (AWS_REGION.test(region.toLowerCase())) return `${what}, in lowercase (${shown(region)})`;
  if (AWS_REGION.test(region.slice(0, -1)) && /[a-z]$/.test(region)) {
    return `${what}; ${shown(region)} is an availability zone, its region is ${shown(region.slice(0, -1))}`;
  }
  return `${what} (${shown(region)})`;
}

/**
 * A key prefix (S3) or prefix (GCS) under which the stack's state object is stored. Both
 * stores keep `.`, `..` and empty segments as literal parts of a name, so `a/../b` is another
 * object than `b`, one that tools treating keys as paths (console folder views, sync tools)
 * show differently or not at all; both providers' naming guidelines advise against them.
 */
function prefixProblem(prefix: string, what: string): string | undefined {
  const max = STATE_PREFIX_MAX_LENGTH;
  if (prefix.length === 0 || prefix.length > max) return `${what} of 1 to ${max} characters (this one has ${prefix.length})`;
  const bad = /[^A-Za-z0-9._/-]/.exec(prefix);
  if (bad) return `${what} of letters, digits, ".", "_", "-" and "/" (${shown(prefix)} has ${describeCharacter(bad[0])})`;
  if (prefix.startsWith("/")) return `${what} without a leading "/" (${shown(prefix)})`;
  if (prefix.endsWith("/")) return `${what} without a trailing "/"; the stack's state goes after one (${shown(prefix)})`;
  if (prefix.includes("//")) return `${what} without an empty segment "//" (${shown(prefix)})`;
  if (prefix.split("/").some((segment) => segment === "." || segment === "..")) {
    return `${what} without "." or ".." segments, which the store keeps literally (${shown(prefix)})`;
  }
  return undefined;
}

/** A DNS-1123 label (RFC 1123, as Kubernetes checks names), at most `max` characters. */
function dnsLabelProblem(value: string, what: string, max: number): string | undefined {
  const rule = `1 to ${max} lowercase letters, digits and "-", starting and ending with a letter or digit`;
  if (value.length === 0 || value.length > max) return `a ${what}: ${rule} (${shown(value)} has ${value.length})`;
  const bad = /[^a-z0-9-]/.exec(value);
  if (bad) {
    const hint = /[A-Z]/.test(bad[0]) ? "; write it in lowercase" : "";
    return `a ${what}: ${rule} (${shown(value)} has ${describeCharacter(bad[0])}${hint})`;
  }
  if (!/^[a-z0-9](.*[a-z0-9])?$/.test(value)) return `a ${what}: ${rule} (${shown(value)})`;
  return undefined;
}
