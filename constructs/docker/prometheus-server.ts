import { Volume } from "@cdktf/provider-docker/lib/volume";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { PublishedPort } from "../../tracing/topology/local-resources";
import { LOCAL_PROMETHEUS_PATHS, PROMETHEUS_UID } from "../../tracing/monitoring/local-prometheus";
import { PORTS } from "../../tracing/core/ports";
import { HardenedContainer } from "./hardened-container";

export interface PrometheusServerProps {
  readonly containerName: string;
  /** `image_id` of a `docker_image` of prom/prometheus. */
  readonly imageId: string;
  readonly networkName: string;
  /** Its DNS name on the network, which query's metrics backend dials. */
  readonly hostAlias: string;
  /** The server's flags (tracing/monitoring/local-prometheus.ts `localPrometheusCommand`). */
  readonly command: readonly string[];
  /** `prometheus.yml`. */
  readonly configYaml: string;
  /** The Monitor tab's recording rules (tracing/monitoring/monitor-tab.ts). */
  readonly monitorTabRulesYaml: string;
  /** The alert rules; may hold Terraform references (certificate expiries). */
  readonly alertRulesYaml: string;
  readonly memoryLimitMiB: number;
  /** The named volume its data lives on, which survives a replaced container. */
  readonly dataVolumeName: string;
  /**
   * Ports published on 127.0.0.1.
   * @default - none
   */
  readonly loopbackPorts?: readonly PublishedPort[];
  /**
   * What must be running before it starts.
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Prometheus on the private network, hardened like every container of the stack, its data on
 * a named volume. Healthy once `/-/ready` answers (the image's busybox `wget`).
 */
export class PrometheusServer extends Construct {
  readonly container: HardenedContainer;

  constructor(scope: Construct, id: string, props: PrometheusServerProps) {
    super(scope, id);
    const data = new Volume(this, "Data", { name: props.dataVolumeName });
    this.container = new HardenedContainer(this, "Container", {
      containerName: props.containerName,
      imageId: props.imageId,
      uid: PROMETHEUS_UID,
      memoryMiB: props.memoryLimitMiB,
      networkName: props.networkName,
      networkAliases: [props.hostAlias],
      files: [
        { path: LOCAL_PROMETHEUS_PATHS.config, content: props.configYaml },
        { path: LOCAL_PROMETHEUS_PATHS.monitorTabRules, content: props.monitorTabRulesYaml },
        { path: LOCAL_PROMETHEUS_PATHS.alertRules, content: props.alertRulesYaml },
      ],
      command: props.command,
      volumes: [{ volumeName: data.name, containerPath: LOCAL_PROMETHEUS_PATHS.data }],
      loopbackPorts: props.loopbackPorts,
      dependsOn: props.dependsOn,
      lifecycle: { kind: "service", healthcheck: ["CMD", "wget", "-q", "-O", "/dev/null", `http://localhost:${PORTS.prometheus}/-/ready`] },
    });
  }
}
