import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { PublishedPort } from "../../tracing/topology/local-resources";
import { JAEGER_PATHS } from "../../tracing/core/paths";
import { HEALTH_PATH, PORTS } from "../../tracing/core/ports";
import type { ServerCertificate } from "../tls/server-certificate";
import { HardenedContainer } from "./hardened-container";

/** The uid the `jaegertracing/jaeger` image runs as. */
const JAEGER_UID = 10001;

export interface JaegerComponentProps {
  readonly containerName: string;
  readonly imageId: string;
  readonly networkName: string;
  /** Host names on the network; the certificate must cover them. */
  readonly hostAliases: readonly string[];
  /** Rendered Jaeger v2 config (collector or query role). */
  readonly configYaml: string;
  /** Certificate of the component's TLS listeners. */
  readonly certificate: ServerCertificate;
  /** CA that signed Elasticsearch's certificate. */
  readonly elasticsearchCaPem: string;
  /** Password of the component's own Elasticsearch user. */
  readonly elasticsearchPassword: string;
  /** Ports published on 127.0.0.1. */
  readonly loopbackPorts: readonly PublishedPort[];
  /** The container's memory limit (tracing/topology/local-resources.ts sizes it). */
  readonly memoryLimitMiB: number;
  /** What must have completed first (the Elasticsearch bootstrap). */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * One Jaeger v2 process in a role given by its config. The config, certificate, CA and
 * password are uploaded read-only at the paths the renderers reference.
 */
export class JaegerComponent extends Construct {
  readonly container: HardenedContainer;

  constructor(scope: Construct, id: string, props: JaegerComponentProps) {
    super(scope, id);
    this.container = new HardenedContainer(this, "Container", {
      containerName: props.containerName,
      imageId: props.imageId,
      uid: JAEGER_UID,
      memoryMiB: props.memoryLimitMiB,
      networkName: props.networkName,
      networkAliases: props.hostAliases,
      command: ["--config", JAEGER_PATHS.configFile],
      files: [
        { path: JAEGER_PATHS.configFile, content: props.configYaml },
        { path: JAEGER_PATHS.tlsCertificate, content: props.certificate.certificatePem },
        { path: JAEGER_PATHS.tlsKey, content: props.certificate.privateKeyPem },
        { path: JAEGER_PATHS.elasticsearchCa, content: props.elasticsearchCaPem },
        { path: JAEGER_PATHS.elasticsearchPassword, content: props.elasticsearchPassword },
      ],
      loopbackPorts: props.loopbackPorts,
      dependsOn: props.dependsOn,
      lifecycle: {
        kind: "service",
        // The image is Alpine-based: busybox wget fails on the 503 healthcheckv2 returns while starting.
        healthcheck: ["CMD", "wget", "-q", "-O", "/dev/null", `http://localhost:${PORTS.health}${HEALTH_PATH}`],
      },
    });
  }
}
