import type {
  DeploymentV1SpecTemplateSpecContainer,
  DeploymentV1SpecTemplateSpecContainerSecurityContext,
  DeploymentV1SpecTemplateSpecSecurityContext,
} from "@cdktf/provider-kubernetes/lib/deployment-v1";

/**
 * Pod Security Standards `restricted`, pod level: non-root and the runtime's default seccomp
 * profile. `fsGroup` makes mounted secrets readable by the (non-root) group only.
 */
export function restrictedPodSecurity(uid: number): DeploymentV1SpecTemplateSpecSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: String(uid),
    runAsGroup: String(uid),
    fsGroup: String(uid),
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Pod Security Standards `restricted`, container level, plus a read-only root filesystem. */
export function restrictedContainerSecurity(uid: number): DeploymentV1SpecTemplateSpecContainerSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: String(uid),
    runAsGroup: String(uid),
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    privileged: false,
    capabilities: { drop: ["ALL"] },
  };
}

/** Requests equal to what the container needs; a memory limit always, a CPU limit to cap bursts. */
export function containerResources(props: {
  readonly cpu: string;
  readonly memoryMiB: number;
  readonly cpuLimit?: string;
}): DeploymentV1SpecTemplateSpecContainer["resources"] {
  return {
    requests: { cpu: props.cpu, memory: `${props.memoryMiB}Mi` },
    limits: { cpu: props.cpuLimit ?? props.cpu, memory: `${props.memoryMiB}Mi` },
  };
}

/** Mode of mounted secret and config files: readable by owner and group (fsGroup), nobody else. */
export const MOUNTED_FILE_MODE = "0440";
