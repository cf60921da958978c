import { createHash } from "node:crypto";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import type { DeploymentV1SpecTemplateSpec } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { JobV1, type JobV1SpecTemplateSpec } from "@cdktf/provider-kubernetes/lib/job-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { literalText } from "../terraform-text";
import { BOOTSTRAP_PATHS, ES_ROLLOVER_IMAGE_PATHS } from "../../tracing/core/paths";
import type { ProviderPodScheduling } from "../../tracing/topology/pod-scheduling";
import { INSTANCE, type PodGroup } from "../../tracing/topology/topology";
import { trustBundleVolume, type TrustBundle } from "./trust-bundle";
import { containerResources, MOUNTED_FILE_MODE, restrictedContainerSecurity, restrictedPodSecurity } from "./pod-security";

/** uid of the Elasticsearch image (runs the script with its curl). */
const ELASTICSEARCH_UID = 1000;
/** uid of the `jaeger-es-rollover` image (copies its binary out). */
const ES_ROLLOVER_UID = 10001;

export interface ElasticsearchBootstrapJobProps {
  readonly group: PodGroup;
  /** `repository:tag` of the Elasticsearch image (it carries curl): runs the script. */
  readonly elasticsearchImage: string;
  /** `repository:tag` of `jaegertracing/jaeger-es-rollover`: only supplies its binary. */
  readonly esRolloverImage: string;
  /** Rendered `renderBootstrapScript`. */
  readonly script: string;
  /** The CAs that signed Elasticsearch's HTTP certificate. */
  readonly trustBundle: TrustBundle;
  /**
   * The Secret and key with the password of the scoped bootstrap user (ECK's file realm), and
   * where the script reads it (`bootstrapIdentity`).
   */
  readonly credentials: { readonly secretName: string; readonly key: string; readonly mountedAt: string };
  /**
   * Pull secrets, tolerations, node selector and priority class of the pods
   * (tracing/topology/pod-scheduling.ts).
   * @default - none: the cluster's defaults
   */
  readonly scheduling?: ProviderPodScheduling;
  readonly dependsOn: ITerraformDependable[];
}

/**
 * The one-shot bootstrap between Elasticsearch and Jaeger, as a Job: an init container copies
 * the static es-rollover binary out of its image into an emptyDir, then the bootstrap script
 * runs in the Elasticsearch image (it has curl) with that binary mounted read-only. Failed
 * pods are kept with their logs (`restartPolicy: Never`) while the Job retries in new pods;
 * `cdktf deploy` waits for the Job and fails if it fails. It runs as the scoped bootstrap user
 * of ECK's file realm, never as `elastic`; the password is that user's Secret mounted as a
 * file, never in args or ConfigMaps.
 */
export class ElasticsearchBootstrapJob extends Construct {
  readonly job: JobV1;

  constructor(scope: Construct, id: string, props: ElasticsearchBootstrapJobProps) {
    super(scope, id);
    const { name, namespace, selector } = props.group;
    const labels = { ...selector, "app.kubernetes.io/part-of": INSTANCE, "app.kubernetes.io/managed-by": "terraform" };
    const script = new ConfigMapV1(this, "Script", {
      metadata: { name: `${name}-script`, namespace, labels },
      // Terraform would read `${` and `%{` in the script as template syntax.
      data: { "bootstrap.sh": literalText(props.script) },
    });
    const file = (path: string) => path.slice(BOOTSTRAP_PATHS.secretsDir.length + 1);
    const podSpec: DeploymentV1SpecTemplateSpec = {
      restartPolicy: "Never",
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: { ...restrictedPodSecurity(ES_ROLLOVER_UID), fsGroup: String(ES_ROLLOVER_UID) },
      ...props.scheduling,
      initContainer: [
        {
          name: "es-rollover-binary",
          image: props.esRolloverImage,
          imagePullPolicy: "IfNotPresent",
          command: ["/bin/cp", ES_ROLLOVER_IMAGE_PATHS.binary, BOOTSTRAP_PATHS.esRollover],
          resources: containerResources({ cpu: "50m", memoryMiB: 64 }),
          securityContext: restrictedContainerSecurity(ES_ROLLOVER_UID),
          volumeMount: [{ name: "bin", mountPath: BOOTSTRAP_PATHS.binDir }],
        },
      ],
      container: [
        {
          name: "bootstrap",
          image: props.elasticsearchImage,
          imagePullPolicy: "IfNotPresent",
          command: ["/bin/sh", BOOTSTRAP_PATHS.script],
          resources: containerResources({ cpu: "100m", memoryMiB: 128 }),
          // The fsGroup as primary group: the mounted secrets are readable by that group only.
          securityContext: { ...restrictedContainerSecurity(ELASTICSEARCH_UID), runAsGroup: String(ES_ROLLOVER_UID) },
          volumeMount: [
            { name: "script", mountPath: BOOTSTRAP_PATHS.scriptDir, readOnly: true },
            { name: "elasticsearch-ca", mountPath: BOOTSTRAP_PATHS.elasticsearchCaDir, readOnly: true },
            { name: "secrets", mountPath: BOOTSTRAP_PATHS.secretsDir, readOnly: true },
            { name: "bin", mountPath: BOOTSTRAP_PATHS.binDir, readOnly: true },
            // The root filesystem is read-only; the shell may write here-documents to /tmp.
            { name: "tmp", mountPath: "/tmp" },
          ],
        },
      ],
      volume: [
        { name: "script", configMap: { name: script.metadata.name, defaultMode: MOUNTED_FILE_MODE } },
        trustBundleVolume("elasticsearch-ca", props.trustBundle),
        {
          name: "secrets",
          secret: { secretName: props.credentials.secretName, defaultMode: MOUNTED_FILE_MODE, items: [{ key: props.credentials.key, path: file(props.credentials.mountedAt) }] },
        },
        { name: "bin", emptyDir: { sizeLimit: "128Mi" } },
        { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
      ],
    };
    // The content hash in the name makes a changed bootstrap a new Job (Jobs are immutable);
    // scheduling counts only when set, so a cluster without it keeps its Job's name.
    const scheduled = props.scheduling !== undefined && Object.keys(props.scheduling).length > 0 ? [props.scheduling] : [];
    const revision = createHash("sha256")
      .update(JSON.stringify([props.script, props.elasticsearchImage, props.esRolloverImage, ...scheduled]))
      .digest("hex")
      .slice(0, 8);
    this.job = new JobV1(this, "Job", {
      metadata: { name: `${name}-${revision}`, namespace, labels },
      spec: {
        backoffLimit: 6,
        activeDeadlineSeconds: 1800,
        template: { metadata: { labels }, spec: podSpec as JobV1SpecTemplateSpec },
      },
      waitForCompletion: true,
      timeouts: { create: "30m", update: "30m" },
      dependsOn: props.dependsOn,
    });
  }
}
