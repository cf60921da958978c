/**
 * Container image references, checked as the distribution reference grammar defines them
 * (distribution/reference `reference.go`, which Docker, containerd and the kubelet parse with):
 *
 *     reference        := name [ ":" tag ] [ "@" digest ]
 *     name             := [ domain "/" ] path-component [ "/" path-component ]*
 *     domain           := host [ ":" port-number ]
 *     host             := domain-name | IPv4address | "[" IPv6address "]"
 *     domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 *     path-component   := [a-z0-9]+ ( separator [a-z0-9]+ )*     separator := [_.] | "__" | "-"+
 *     tag              := [\w][\w.-]{0,127}
 *     digest           := algorithm ":" hex
 *
 * A name is at most 255 characters (`NameTotalLengthMax`). Its first component is a registry
 * when it holds a `.` or `:` or is `localhost` (`splitDockerDomain` in `normalize.go`), and a
 * registry alone is no name: `host:5000` with a tag reads `host:5000:2.20.0`. Ports are
 * checked as connectable ports (1-65535), which the grammar's `[0-9]+` leaves open.
 */
import { isIpv4, isIpv6, portProblem } from "./address";
import type { ContainerImage } from "../settings/model";

const NAME_MAX_LENGTH = 255;
const DOMAIN_COMPONENT = /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PATH_COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
/** The only digest algorithm registries and the kubelet verify everywhere. */
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Whether the first component of a name is a registry host (Docker's rule). */
function namesRegistry(first: string): boolean {
  return first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase();
}

/** Why `host[:port]` is no registry address, or undefined. */
function registryProblem(domain: string): string | undefined {
  const bracketEnd = domain.startsWith("[") ? domain.indexOf("]") : -1;
  const colon = domain.indexOf(":", bracketEnd + 1);
  const host = colon < 0 ? domain : domain.slice(0, colon);
  if (colon >= 0) {
    const problem = portProblem(domain.slice(colon + 1));
    if (problem) return problem.replace(/^a port/, "a registry port");
  }
  if (host.startsWith("[")) return host.endsWith("]") && isIpv6(host.slice(1, -1)) ? undefined : `a registry host (${host} is no IPv6 address)`;
  if (/^[\d.]+$/.test(host)) return isIpv4(host) ? undefined : `a registry host (${host} is no IPv4 address of four octets 0-255 without leading zeros)`;
  return host.split(".").every((component) => DOMAIN_COMPONENT.test(component))
    ? undefined
    : `a registry host of letters, digits and inner dashes between dots (got ${host})`;
}

/** Why `repository` is no image name (a registry host is optional), or undefined. */
export function imageRepositoryProblem(repository: string): string | undefined {
  if (repository.length > NAME_MAX_LENGTH) return `at most ${NAME_MAX_LENGTH} characters (got ${repository.length})`;
  const components = repository.split("/");
  const hasRegistry = namesRegistry(components[0]) && components.length > 1;
  if (hasRegistry) {
    const problem = registryProblem(components[0]);
    if (problem) return problem;
  } else if (components[0].includes(":")) {
    return `a registry followed by a path such as ${components[0]}/jaegertracing/jaeger (a registry alone is no repository, and the tag is a setting of its own)`;
  }
  const path = hasRegistry ? components.slice(1) : components;
  const bad = path.find((component) => !PATH_COMPONENT.test(component));
  return bad === undefined
    ? undefined
    : `path components of lower-case letters and digits joined by . _ __ or dashes (got ${JSON.stringify(bad)}); the tag and digest are settings of their own`;
}

/** Why `tag` is no exact version tag, or undefined; `latest` in any case moves under a deploy. */
export function imageTagProblem(tag: string): string | undefined {
  if (!TAG.test(tag)) return "an exact version tag: 1-128 letters, digits, _ . and -, not starting with . or -";
  if (tag.toLowerCase() === "latest") return "an exact version tag, not latest in any case (it moves under a running deploy)";
  return undefined;
}

/** Why `digest` is neither empty nor a sha256 content digest, or undefined. */
export function imageDigestProblem(digest: string): string | undefined {
  return digest === "" || DIGEST.test(digest) ? undefined : "empty, or sha256: followed by 64 lower-case hex digits (docker buildx imagetools inspect shows it)";
}

/**
 * What to pull: `repository:tag`, or `repository@sha256:…` when pinned. The pinned form leaves
 * the tag out because every consumer reads it alike (the kubelet, ECK's `spec.image`, and the
 * Docker provider, whose `name` takes "tags or SHA256 repo digests"); the tag still sets the
 * version labels and Elasticsearch's `spec.version`.
 */
export function imageReference(image: ContainerImage): string {
  return image.digest === "" ? `${image.repository}:${image.tag}` : `${image.repository}@${image.digest}`;
}
