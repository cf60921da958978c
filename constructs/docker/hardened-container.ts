import { Container } from "@cdktf/provider-docker/lib/container";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { PublishedPort } from "../../tracing/topology/local-resources";
import { literalText } from "../terraform-text";

/** A file copied into the container before it starts. */
export interface ContainerFile {
  /** Absolute path inside the container. */
  readonly path: string;
  /** Text or a Terraform reference (certificates, passwords). */
  readonly content: string;
}

export interface VolumeMount {
  /** `name` of a `docker_volume`. */
  readonly volumeName: string;
  readonly containerPath: string;
  /**
   * Mount it read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

export interface HardenedContainerProps {
  readonly containerName: string;
  /** `image_id` of a `docker_image`. */
  readonly imageId: string;
  /** The image's numeric user; never root. It runs with group 0, which owns the uploaded files. */
  readonly uid: number;
  readonly memoryMiB: number;
  /** The private network the container joins. */
  readonly networkName: string;
  /**
   * DNS names of the container on the network.
   * @default - the container name only
   */
  readonly networkAliases?: readonly string[];
  /**
   * Environment variables; never secrets (those are files).
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Files uploaded read-only: owned by root:root with mode 0440, so the container's user reads
   * them through group 0 and no other process of the container can.
   * @default - none
   */
  readonly files?: readonly ContainerFile[];
  /** @default - the image's entrypoint */
  readonly entrypoint?: readonly string[];
  /** @default - the image's command */
  readonly command?: readonly string[];
  /**
   * Labels besides the memory label; a changed label replaces the container.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Run Docker's init (tini) as PID 1, to forward signals and reap children when the entrypoint
   * is replaced by one that does not.
   * @default false
   */
  readonly init?: boolean;
  /**
   * Named volumes to mount.
   * @default - none
   */
  readonly volumes?: readonly VolumeMount[];
  /**
   * Ports published on 127.0.0.1 only.
   * @default - none
   */
  readonly loopbackPorts?: readonly PublishedPort[];
  /**
   * What must be running before this container is created.
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
  /** Long-running service (health-checked) or one-shot task (must exit 0). */
  readonly lifecycle: ServiceLifecycle | TaskLifecycle;
}

export interface ServiceLifecycle {
  readonly kind: "service";
  /** Docker HEALTHCHECK test, e.g. `["CMD", "wget", …]`. */
  readonly healthcheck: readonly string[];
  /**
   * Grace period before failed checks count, in seconds.
   * @default 30
   */
  readonly startPeriodSeconds?: number;
  /**
   * How long `cdktf deploy` waits for the container to turn healthy.
   * @default 300
   */
  readonly waitTimeoutSeconds?: number;
}

export interface TaskLifecycle {
  readonly kind: "task";
}

/**
 * The task's log as the provisioner's environment can carry it. Provider 3.x keeps Docker's
 * multiplexed stream: every chunk starts with an 8-byte header holding NUL bytes, which no
 * environment variable may contain (fixed upstream only in 4.2.0). The headers are removed and
 * the log is cut to its last 32 KiB, far below the kernel's 128 KiB limit for one variable.
 */
/** RE2, as Terraform's `replace` reads it between slashes: one frame header of the stream. */
const FRAME_HEADER = String.raw`/(?s)[\\x00-\\x02]\\x00\\x00\\x00.{4}/`;
const TASK_LOG = `\${substr(replace(self.container_logs, "${FRAME_HEADER}", ""), max(0, length(replace(self.container_logs, "${FRAME_HEADER}", "")) - 32768), -1)}`;

/** The label that makes a memory change replace the container. */
export const MEMORY_LABEL = "genesis-tracing.memory-mib";

/** Uploads are root-owned (the provider copies them as root): group-readable, for group 0 only. */
const UPLOADED_FILE_MODE = "0440";
/** The group the container runs with: the uploads' group. It grants no privilege of its own. */
const UPLOAD_GROUP = 0;

/**
 * A duration as Go prints it (`2m0s`, `30s`), which is how the provider reads durations back:
 * written any other way (`120s`), every plan would show a change.
 */
export function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

/**
 * A Docker container with the hardening every container of this stack gets: a non-root
 * user, all capabilities dropped, no privilege escalation, a memory limit, a private network
 * and ports on loopback only. Services are health-checked and `cdktf deploy` waits until
 * they are healthy; tasks run to completion and fail the deploy, with their log, unless they
 * exit 0.
 */
export class HardenedContainer extends Construct {
  readonly resource: Container;

  constructor(scope: Construct, id: string, props: HardenedContainerProps) {
    super(scope, id);
    const task = props.lifecycle.kind === "task";
    this.resource = new Container(this, "Resource", {
      name: props.containerName,
      image: props.imageId,
      user: `${props.uid}:${UPLOAD_GROUP}`,
      capabilities: { drop: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
      memory: props.memoryMiB,
      memorySwap: props.memoryMiB,
      // memory is updated in place, but memory_swap is ignored (read back as -1 without swap
      // accounting): an update would keep the old swap limit, below the new memory, which Docker
      // refuses. Labels force a new container, so a new limit replaces it whole.
      labels: [{ label: MEMORY_LABEL, value: String(props.memoryMiB) }, ...Object.entries(props.labels ?? {}).map(([label, value]) => ({ label, value }))],
      networksAdvanced: [{ name: props.networkName, aliases: [...(props.networkAliases ?? [])] }],
      env: Object.entries(props.env ?? {}).map(([key, value]) => `${key}=${literalText(value)}`),
      upload: (props.files ?? []).map((file) => ({
        file: file.path,
        content: literalText(file.content),
        permissions: UPLOADED_FILE_MODE,
      })),
      entrypoint: props.entrypoint ? props.entrypoint.map(literalText) : undefined,
      command: props.command ? props.command.map(literalText) : undefined,
      init: props.init,
      volumes: props.volumes?.map((v) => ({ volumeName: v.volumeName, containerPath: v.containerPath, readOnly: v.readOnly })),
      ports: props.loopbackPorts?.map((port) => ({ internal: port.internal, external: port.external, ip: "127.0.0.1", protocol: "tcp" })),
      dependsOn: props.dependsOn,
      // The daemon's default log options and, without swap accounting, memory_swap = -1 are
      // read back into state: compared with the config they would replace or update every
      // container on every deploy.
      lifecycle: { ignoreChanges: ["log_opts", "memory_swap"] },
      // The provider records a task's non-zero exit without failing. A failing creation-time
      // provisioner fails the deploy with the task's log and taints the container, so the next
      // deploy simply runs it again (a postcondition would leave it in state, failing forever).
      provisioners: task
        ? [
            {
              type: "local-exec",
              command: `test "$EXIT_CODE" = 0 || { printf '%s failed (exit code %s):\\n%s\\n' "$NAME" "$EXIT_CODE" "$LOGS" >&2; exit 1; }`,
              environment: { NAME: props.containerName, EXIT_CODE: "${self.exit_code}", LOGS: TASK_LOG },
            },
          ]
        : undefined,
      ...(props.lifecycle.kind === "service"
        ? {
            restart: "unless-stopped",
            mustRun: true,
            healthcheck: {
              test: [...props.lifecycle.healthcheck],
              interval: goDuration(10),
              timeout: goDuration(5),
              retries: 5,
              startPeriod: goDuration(props.lifecycle.startPeriodSeconds ?? 30),
            },
            wait: true,
            waitTimeout: props.lifecycle.waitTimeoutSeconds ?? 300,
            destroyGraceSeconds: 30,
          }
        : {
            restart: "no",
            mustRun: false,
            attach: true,
            logs: true,
          }),
    });
  }
}
