import { KUBERNETES_SECRET_SUFFIX_MAX_LENGTH, STATE_PREFIX_MAX_LENGTH, parseStateBackend } from "../../tracing/parsers/state-backend";
import type { StateBackendSettings } from "../../tracing/settings/model";

const bucket63 = "b".repeat(63);
/** A dotted GCS name of 222 characters: three 63-character labels and a 31-character one. */
const dotted222 = ["a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(30)].join(".");
const longestSuffix = "s".repeat(KUBERNETES_SECRET_SUFFIX_MAX_LENGTH);

describe("parseStateBackend accepts", () => {
  test.each<[string, StateBackendSettings]>([
    ["local", { kind: "local" }],
    ["s3://genesis-terraform/tracing?region=eu-west-1", { kind: "s3", bucket: "genesis-terraform", keyPrefix: "tracing", region: "eu-west-1" }],
    ["s3://state.genesis.example/a/b/c?region=us-gov-west-1", { kind: "s3", bucket: "state.genesis.example", keyPrefix: "a/b/c", region: "us-gov-west-1" }],
    ["s3://abc/x?region=cn-northwest-1", { kind: "s3", bucket: "abc", keyPrefix: "x", region: "cn-northwest-1" }],
    [`s3://${bucket63}/p?region=eusc-de-east-1`, { kind: "s3", bucket: bucket63, keyPrefix: "p", region: "eusc-de-east-1" }],
    ["s3://1-bucket/env_prod/tracing.v2?region=us-isob-east-1", { kind: "s3", bucket: "1-bucket", keyPrefix: "env_prod/tracing.v2", region: "us-isob-east-1" }],
    [
      `s3://genesis-terraform/${"k".repeat(STATE_PREFIX_MAX_LENGTH)}?region=ap-southeast-5`,
      { kind: "s3", bucket: "genesis-terraform", keyPrefix: "k".repeat(STATE_PREFIX_MAX_LENGTH), region: "ap-southeast-5" },
    ],
    ["gcs://genesis-terraform/tracing", { kind: "gcs", bucket: "genesis-terraform", prefix: "tracing" }],
    ["gcs://genesis_terraform/teams/tracing", { kind: "gcs", bucket: "genesis_terraform", prefix: "teams/tracing" }],
    ["gcs://state.genesis.example.com/tracing", { kind: "gcs", bucket: "state.genesis.example.com", prefix: "tracing" }],
    [`gcs://${dotted222}/tracing`, { kind: "gcs", bucket: dotted222, prefix: "tracing" }],
    ["kubernetes://terraform/genesis-tracing", { kind: "kubernetes", namespace: "terraform", secretSuffix: "genesis-tracing" }],
    [`kubernetes://${"n".repeat(63)}/${longestSuffix}`, { kind: "kubernetes", namespace: "n".repeat(63), secretSuffix: longestSuffix }],
    ["kubernetes://t/0", { kind: "kubernetes", namespace: "t", secretSuffix: "0" }],
  ])("%s", (raw, value) => {
    expect(parseStateBackend(raw)).toEqual({ ok: true, value });
  });
});

/** [what is wrong, raw value, a pattern the refusal must match: the rule it names]. */
const refusals: [string, string, RegExp][] = [
  // The form itself
  ["empty", "", /^one of local, s3:\/\/bucket\/key-prefix\?region=REGION, gcs:\/\/bucket\/prefix or kubernetes:\/\/namespace\/secret-suffix$/],
  ["local in capitals", "LOCAL", /local, in lowercase/],
  ["an unknown scheme", "ftp://host/state", /^one of local, .*secret-suffix$/],
  ["gsutil's gs:// scheme", "gs://genesis-terraform/tracing", /did you mean gcs:\/\/\?/],
  ["k8s:// for kubernetes://", "k8s://terraform/genesis-tracing", /did you mean kubernetes:\/\/\?/],
  ["a scheme in capitals", "S3://genesis-terraform/tracing?region=eu-west-1", /did you mean s3:\/\/\?/],
  ["one slash after the scheme", "s3:/genesis-terraform/tracing?region=eu-west-1", /two slashes after "s3:"/],
  ["credentials in the URL", "s3://AKIA:secret@genesis-terraform/tracing?region=eu-west-1", /without credentials .*"@"/],
  // Characters no form holds
  ["a leading space", " local", /printable ASCII without spaces \(U\+0020 at character 1\)/],
  ["a trailing newline", "local\n", /U\+000A at character 6/],
  ["a carriage return", "kubernetes://terraform/genesis-tracing\r", /U\+000D/],
  ["a NUL", "s3://genesis-terraform/tracing?region=eu-west-1\u0000", /U\+0000/],
  ["a zero-width space", "gcs://genesis-terraform/tra\u200bcing", /U\+200B at character 28/],
  ["a Cyrillic look-alike letter", "\u04553://genesis-terraform/tracing?region=eu-west-1", /U\+0455 at character 1/],
  ["an ESC sequence", "gcs://genesis-terraform/\u001b[31mtracing", /U\+001B/],
  // S3 bucket naming rules
  ["an S3 bucket of 2 characters", "s3://ab/tracing?region=eu-west-1", /S3 bucket name of 3 to 63 characters \("ab" has 2\)/],
  ["an S3 bucket of 64 characters", `s3://${"b".repeat(64)}/tracing?region=eu-west-1`, /S3 bucket name of 3 to 63 characters .* has 64/],
  ["an S3 bucket in capitals", "s3://Genesis-Terraform/tracing?region=eu-west-1", /S3 bucket name of lowercase letters, digits, "\." and "-" .*has "G"/],
  ["an S3 bucket with an underscore", "s3://genesis_terraform/tracing?region=eu-west-1", /S3 bucket name of lowercase .*has "_"/],
  ["an S3 bucket starting with a hyphen", "s3://-genesis/tracing?region=eu-west-1", /S3 bucket name that starts and ends with a letter or digit/],
  ["an S3 bucket ending with a dot", "s3://genesis./tracing?region=eu-west-1", /S3 bucket name that starts and ends with a letter or digit/],
  ["an S3 bucket with adjacent periods", "s3://genesis..terraform/tracing?region=eu-west-1", /S3 bucket name without two adjacent periods/],
  ["an S3 bucket formatted as an IP address", "s3://192.168.5.4/tracing?region=eu-west-1", /S3 bucket name not formatted as an IP address/],
  ["the xn-- prefix", "s3://xn--genesis/tracing?region=eu-west-1", /not starting with "xn--", which AWS reserves/],
  ["the sthree- prefix", "s3://sthree-configurator/tracing?region=eu-west-1", /not starting with "sthree-"/],
  ["the amzn-s3-demo- prefix", "s3://amzn-s3-demo-bucket/tracing?region=eu-west-1", /not starting with "amzn-s3-demo-"/],
  ["the -s3alias suffix", "s3://genesis-s3alias/tracing?region=eu-west-1", /not ending with "-s3alias", which AWS reserves/],
  ["the --ol-s3 suffix", "s3://genesis--ol-s3/tracing?region=eu-west-1", /not ending with "--ol-s3"/],
  ["the .mrap suffix", "s3://genesis.mrap/tracing?region=eu-west-1", /not ending with "\.mrap"/],
  ["the --x-s3 suffix", "s3://genesis--x-s3/tracing?region=eu-west-1", /not ending with "--x-s3"/],
  ["the --table-s3 suffix", "s3://genesis--table-s3/tracing?region=eu-west-1", /not ending with "--table-s3"/],
  // S3 region and query
  ["an S3 URL without a region", "s3://genesis-terraform/tracing", /the region is missing/],
  ["an availability zone for a region", "s3://genesis-terraform/tracing?region=eu-west-1a", /"eu-west-1a" is an availability zone, its region is "eu-west-1"/],
  ["a region in capitals", "s3://genesis-terraform/tracing?region=EU-WEST-1", /AWS region such as eu-west-1 .*, in lowercase/],
  ["a region by its city", "s3://genesis-terraform/tracing?region=ireland", /AWS region such as eu-west-1 or us-gov-west-1 in \?region= \("ireland"\)/],
  ["an empty region", "s3://genesis-terraform/tracing?region=", /AWS region .*\(it is empty\)/],
  ["another query parameter", "s3://genesis-terraform/tracing?region=eu-west-1&encrypt=false", /region as the only query parameter \(not "encrypt=false"/],
  ["the region twice", "s3://genesis-terraform/tracing?region=eu-west-1&region=us-east-1", /region given once/],
  ["two question marks", "s3://genesis-terraform/tracing?region=eu-west-1?x=1", /with one "\?"/],
  ["a fragment after the region", "s3://genesis-terraform/tracing?region=eu-west-1#x", /AWS region .*"eu-west-1#x"/],
  // Key prefixes
  ["an S3 URL without a key prefix", "s3://genesis-terraform?region=eu-west-1", /the key prefix after the bucket is missing/],
  ["an empty key prefix", "s3://genesis-terraform/?region=eu-west-1", /an S3 key prefix of 1 to 200 characters \(this one has 0\)/],
  ["a key prefix over 200 characters", `s3://genesis-terraform/${"k".repeat(201)}?region=eu-west-1`, /an S3 key prefix of 1 to 200 characters \(this one has 201\)/],
  ["a leading slash in the key prefix", "s3://genesis-terraform//tracing?region=eu-west-1", /an S3 key prefix without a leading "\/"/],
  ["a trailing slash in the key prefix", "s3://genesis-terraform/tracing/?region=eu-west-1", /an S3 key prefix without a trailing "\/"/],
  ["an empty segment in the key prefix", "s3://genesis-terraform/teams//tracing?region=eu-west-1", /an S3 key prefix without an empty segment "\/\/"/],
  ["a .. segment in the key prefix", "s3://genesis-terraform/teams/../tracing?region=eu-west-1", /an S3 key prefix without "\." or "\.\." segments/],
  ["a . segment in the GCS prefix", "gcs://genesis-terraform/./tracing", /a GCS prefix without "\." or "\.\." segments/],
  ["a colon in the key prefix", "s3://genesis-terraform/state:prod?region=eu-west-1", /an S3 key prefix of letters, digits, .* has ":"/],
  ["a percent-encoded slash in the GCS prefix", "gcs://genesis-terraform/a%2Fb", /a GCS prefix of letters, .* has "%"/],
  // GCS bucket naming rules
  ["a GCS bucket of 2 characters", "gcs://ab/tracing", /GCS bucket name of 3 to 63 characters \("ab" has 2\)/],
  ["a dotted GCS bucket over 222 characters", `gcs://${dotted222}x/tracing`, /GCS bucket name of 3 to 222 characters when it has dots .* has 223/],
  ["a dotted GCS bucket with a 64-character part", `gcs://${"a".repeat(64)}.example/tracing`, /dot-separated parts have at most 63 characters .* has 64/],
  ["a GCS bucket in capitals", "gcs://Genesis/tracing", /GCS bucket name of lowercase letters, digits, "-", "_" and "\." .*has "G"/],
  ["a GCS bucket with adjacent dots", "gcs://genesis..example/tracing", /GCS bucket name without two adjacent dots/],
  ["a GCS bucket ending with an underscore", "gcs://genesis_/tracing", /GCS bucket name that starts and ends with a letter or digit/],
  ["a GCS bucket formatted as an IP address", "gcs://10.0.0.1/tracing", /GCS bucket name not formatted as an IP address/],
  ["a GCS bucket starting with goog", "gcs://goog-state/tracing", /not starting with "goog", which Google reserves/],
  ["a GCS bucket containing google", "gcs://genesis-google-state/tracing", /not containing "google"/],
  ["a GCS bucket containing g00gle", "gcs://genesis-g00gle-state/tracing", /look-alike such as "g00gle"/],
  ["a query string on gcs://", "gcs://genesis-terraform/tracing?region=eu-west-1", /gcs:\/\/bucket\/prefix without a query string/],
  // Kubernetes namespace and secret suffix
  ["a namespace in capitals", "kubernetes://Terraform/genesis-tracing", /Kubernetes namespace .*\("Terraform" has "T"; write it in lowercase\)/],
  ["a namespace of 64 characters", `kubernetes://${"n".repeat(64)}/genesis-tracing`, /Kubernetes namespace .*1 to 63 .* has 64/],
  ["a secret suffix with an underscore", "kubernetes://terraform/genesis_tracing", /secret suffix .*has "_"/],
  ["a secret suffix in capitals", "kubernetes://terraform/Genesis-Tracing", /secret suffix .*has "G"; write it in lowercase/],
  ["a secret suffix one character too long", `kubernetes://terraform/${longestSuffix}s`, /secret suffix .*1 to 57 lowercase letters.* has 58/],
  ["a secret suffix starting with a hyphen", "kubernetes://terraform/-genesis", /secret suffix .*starting and ending with a letter or digit \("-genesis"\)/],
  ["a secret suffix of two segments", "kubernetes://terraform/genesis/tracing", /secret suffix .*has "\/"/],
  ["a secret suffix with a dot", "kubernetes://terraform/genesis.tracing", /secret suffix .*has "\."/],
  ["a kubernetes URL without a secret suffix", "kubernetes://terraform", /the secret suffix after the namespace is missing/],
  ["a query string on kubernetes://", "kubernetes://terraform/genesis-tracing?namespace=x", /without a query string/],
];

describe("parseStateBackend refuses", () => {
  test.each(refusals)("%s: %j", (_, raw, rule) => {
    expect(parseStateBackend(raw)).toEqual({ ok: false, allowed: expect.stringMatching(rule) });
  });

  test("no refusal echoes an invisible character or runs past 400 characters", () => {
    for (const [, raw] of refusals) {
      const result = parseStateBackend(raw);
      if (result.ok) throw new Error(`accepted ${JSON.stringify(raw)}`);
      expect(result.allowed).not.toMatch(/[\p{Cc}\p{Cf}]/u);
      expect(result.allowed.length).toBeLessThanOrEqual(400);
    }
  });
});
