/**
 * Image references as Docker, containerd and the kubelet parse them (the distribution
 * reference grammar), and IPv4 addresses as every parser reads them alike.
 */
import { isIpv4 } from "../../tracing/parsers/address";
import { imageDigestProblem, imageReference, imageRepositoryProblem, imageTagProblem } from "../../tracing/parsers/image-reference";

const digest = `sha256:${"0123456789abcdef".repeat(4)}`;

test.each([
  "jaegertracing/jaeger",
  "jaeger",
  "docker.elastic.co/elasticsearch/elasticsearch",
  "registry.corp.example:5000/mirror/jaegertracing/jaeger",
  "localhost:5000/otel/opentelemetry-collector-contrib",
  "localhost/jaeger",
  "10.0.0.5:5000/elastic/elasticsearch",
  "[fd00::5]:5000/eck/eck-operator",
  "Registry.Corp.Example/team/jaeger",
  "quay.io/prometheus__community/elasticsearch--exporter",
  "registry.corp",
])("accepts the repository %s", (repository) => {
  expect(imageRepositoryProblem(repository)).toBeUndefined();
});

test.each([
  ["a registry alone, which a tag would turn into host:5000:2.20.0", "host:5000", /a registry followed by a path such as host:5000\/jaegertracing\/jaeger/],
  ["a registry port beyond 65535", "registry.corp:65536/jaeger", /a registry port from 1 to 65535 \(got port 65536\)/],
  ["a registry port 0", "registry.corp:0/jaeger", /a registry port from 1 to 65535/],
  ["a registry port with a leading zero", "registry.corp:05000/jaeger", /without leading zeros/],
  ["an empty registry port", "registry.corp:/jaeger", /the port is empty/],
  ["an IPv4 registry with a leading zero", "10.0.0.05:5000/jaeger", /no IPv4 address/],
  ["an IPv4 registry with an octet over 255", "10.0.0.256/jaeger", /no IPv4 address/],
  ["an IPv6 registry that is none", "[fd00::zz]:5000/jaeger", /no IPv6 address/],
  ["a registry label ending in a dash", "registry-.corp/jaeger", /a registry host of letters/],
  ["a path in capitals", "quay.io/PrometheusCommunity/exporter", /path components of lower-case letters/],
  ["a tag inside the repository", "jaegertracing/jaeger:2.20.0", /the tag and digest are settings of their own/],
  ["a digest inside the repository", `jaegertracing/jaeger@${digest}`, /path components/],
  ["an empty path component", "registry.corp//jaeger", /path components/],
  ["a trailing slash", "jaegertracing/jaeger/", /path components/],
  ["a separator at the end of a component", "jaegertracing/jaeger-", /path components/],
  ["three underscores", "jaegertracing/jaeger___x", /path components/],
  ["an empty repository", "", /path components/],
  ["256 characters", `r/${"a".repeat(254)}`, /at most 255 characters \(got 256\)/],
])("refuses %s", (_description, repository, message) => {
  expect(imageRepositoryProblem(repository)).toMatch(message);
});

test.each(["2.20.0", "v1.11.0", "0.155.0-amd64", "v1.11.0_rc1", "_private", "a".repeat(128)])("accepts the tag %s", (tag) => {
  expect(imageTagProblem(tag)).toBeUndefined();
});

test.each([
  ["latest", /not latest in any case/],
  ["LATEST", /not latest in any case/],
  ["Latest", /not latest in any case/],
  ["", /an exact version tag: 1-128/],
  [".2.20", /not starting with \. or -/],
  ["-rc", /not starting with \. or -/],
  ["2.20.0+build", /1-128 letters/],
  ["a".repeat(129), /1-128/],
])("refuses the tag %p", (tag, message) => {
  expect(imageTagProblem(tag)).toMatch(message);
});

test.each([
  [digest, undefined],
  ["", undefined],
  [digest.toUpperCase(), /sha256: followed by 64 lower-case hex digits/],
  [digest.slice(0, -1), /64 lower-case hex/],
  [`${digest}0`, /64 lower-case hex/],
  [`sha512:${"a".repeat(128)}`, /sha256:/],
  [`@${digest}`, /sha256:/],
])("digest %p", (value, message) => {
  const problem = imageDigestProblem(value);
  if (message === undefined) expect(problem).toBeUndefined();
  else expect(problem).toMatch(message);
});

test("a pinned image is pulled by its digest alone; an unpinned one by its tag", () => {
  expect(imageReference({ repository: "registry.corp:5000/jaeger", tag: "2.20.0", digest: "" })).toBe("registry.corp:5000/jaeger:2.20.0");
  expect(imageReference({ repository: "registry.corp:5000/jaeger", tag: "2.20.0", digest })).toBe(`registry.corp:5000/jaeger@${digest}`);
});

test.each([
  ["169.254.20.10", true],
  ["0.0.0.0", true],
  ["255.255.255.255", true],
  ["169.254.020.010", false],
  ["169.254.20.010", false],
  ["01.2.3.4", false],
  ["256.1.1.1", false],
  ["1.2.3", false],
  ["1.2.3.4.5", false],
  ["0x7f.0.0.1", false],
  ["1.2.3.4 ", false],
])("IPv4 %s: %s", (text, valid) => {
  expect(isIpv4(text)).toBe(valid);
});
