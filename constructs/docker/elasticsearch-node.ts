import { Volume } from "@cdktf/provider-docker/lib/volume";
import { Construct } from "constructs";
import { renderPasswordHandoff } from "../../tracing/elasticsearch/elasticsearch-password";
import type { PublishedPort } from "../../tracing/topology/local-resources";
import { PORTS } from "../../tracing/core/ports";
import type { ServerCertificate } from "../tls/server-certificate";
import { HardenedContainer } from "./hardened-container";

/** The image's config directory; TLS paths in `xpack.*` settings are relative to it. */
const CONFIG_DIR = "/usr/share/elasticsearch/config";
const ADMIN_PASSWORD_FILE = "/run/secrets/elastic-password";
/** The node user's 0400 copy the image's entrypoint reads (tracing/elasticsearch/elasticsearch-password.ts). */
const NODE_PASSWORD_COPY = "/tmp/elastic-password";
/** The uid the Elasticsearch image runs as (group 0, as Elastic documents). */
const ELASTICSEARCH_UID = 1000;

export interface ElasticsearchNodeProps {
  readonly containerName: string;
  readonly imageId: string;
  readonly networkName: string;
  /** The host name other containers use; must be in the certificate. */
  readonly hostAlias: string;
  /** `-Xms… -Xmx…`. */
  readonly heapOptions: string;
  readonly memoryLimitMiB: number;
  /** `elasticsearch.yml` settings shared with prod. */
  readonly nodeSettings: Readonly<Record<string, string | number | boolean>>;
  /** HTTP and transport certificate of the node. */
  readonly certificate: ServerCertificate;
  readonly caCertificatePem: string;
  /** Bootstrap password of the `elastic` superuser (a reference to a generated password). */
  readonly adminPassword: string;
  /** Named volume that keeps the data across container replacements and re-deploys. */
  readonly dataVolumeName: string;
  /** Ports published on 127.0.0.1. */
  readonly loopbackPorts: readonly PublishedPort[];
}

/**
 * A single Elasticsearch node with security on, HTTPS and transport TLS from the stack's CA,
 * a fixed heap, and its data on a named volume. Healthy means the cluster answers an
 * authenticated health request at least yellow over verified TLS.
 */
export class ElasticsearchNode extends Construct {
  readonly container: HardenedContainer;
  /** HTTPS URL inside the private network. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ElasticsearchNodeProps) {
    super(scope, id);
    const data = new Volume(this, "Data", { name: props.dataVolumeName });
    const tls = (layer: "http" | "transport") => ({
      [`xpack.security.${layer}.ssl.enabled`]: "true",
      [`xpack.security.${layer}.ssl.key`]: "certs/tls.key",
      [`xpack.security.${layer}.ssl.certificate`]: "certs/tls.crt",
      [`xpack.security.${layer}.ssl.certificate_authorities`]: "certs/ca.crt",
    });
    this.url = `https://${props.hostAlias}:${PORTS.elasticsearchHttp}`;
    const healthUrl = `https://localhost:${PORTS.elasticsearchHttp}/_cluster/health?wait_for_status=yellow&timeout=5s`;
    this.container = new HardenedContainer(this, "Container", {
      containerName: props.containerName,
      imageId: props.imageId,
      uid: ELASTICSEARCH_UID,
      memoryMiB: props.memoryLimitMiB,
      networkName: props.networkName,
      networkAliases: [props.hostAlias],
      env: {
        "discovery.type": "single-node",
        "cluster.name": props.containerName,
        ES_JAVA_OPTS: props.heapOptions,
        "xpack.security.enabled": "true",
        "xpack.license.self_generated.type": "basic",
        ...tls("http"),
        ...tls("transport"),
        "xpack.security.transport.ssl.verification_mode": "certificate",
        ...Object.fromEntries(Object.entries(props.nodeSettings).map(([key, value]) => [key, String(value)])),
      },
      files: [
        { path: `${CONFIG_DIR}/certs/tls.crt`, content: props.certificate.certificatePem },
        { path: `${CONFIG_DIR}/certs/tls.key`, content: props.certificate.privateKeyPem },
        { path: `${CONFIG_DIR}/certs/ca.crt`, content: props.caCertificatePem },
        { path: ADMIN_PASSWORD_FILE, content: props.adminPassword },
      ],
      // The image's entrypoint refuses the upload's mode (0440) before elastic/elasticsearch#144144:
      // a 0400 copy owned by the node's user is handed to it instead, and Docker's init stands in
      // for the image's tini as PID 1.
      entrypoint: ["/bin/sh", "-c", renderPasswordHandoff({ uploaded: ADMIN_PASSWORD_FILE, nodeCopy: NODE_PASSWORD_COPY })],
      init: true,
      volumes: [{ volumeName: data.name, containerPath: "/usr/share/elasticsearch/data" }],
      loopbackPorts: props.loopbackPorts,
      lifecycle: {
        kind: "service",
        healthcheck: [
          "CMD-SHELL",
          `curl --silent --fail --cacert ${CONFIG_DIR}/certs/ca.crt --user "elastic:$(cat ${ADMIN_PASSWORD_FILE})" '${healthUrl}'`,
        ],
        startPeriodSeconds: 120,
        waitTimeoutSeconds: 600,
      },
    });
  }
}
