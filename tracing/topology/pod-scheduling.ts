/**
 * Where and how every prod pod is pulled and placed (`kubernetes.scheduling`), as the two
 * places it goes spell it: the pod spec of our own Deployments and Jobs in the Kubernetes
 * provider's schema, and Kubernetes' YAML for the charts (the Elasticsearch nodes' pod
 * template, the ECK operator's top-level values). Empty settings give empty fragments, so a
 * cluster without them gets exactly the pods it got before.
 */
import type { PodSchedulingSettings } from "../settings";

/** A toleration: the provider's schema takes `tolerationSeconds` as a string, Kubernetes' YAML as a number. */
export interface TolerationFragment<Seconds extends string | number> {
  readonly key: string;
  readonly operator: string;
  readonly value?: string;
  readonly effect: string;
  readonly tolerationSeconds?: Seconds;
}

/**
 * The fragment of a `kubernetes_deployment_v1`/`kubernetes_job_v1` pod spec (cdktf's names;
 * mutable lists, as the provider's structs take them).
 */
export interface ProviderPodScheduling {
  readonly imagePullSecrets?: { readonly name: string }[];
  readonly toleration?: TolerationFragment<string>[];
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly priorityClassName?: string;
}

/** The same fragment in Kubernetes' own YAML (a PodSpec's fields, and the eck-operator chart's top-level values). */
export interface ManifestPodScheduling {
  readonly imagePullSecrets?: readonly { readonly name: string }[];
  readonly tolerations?: readonly TolerationFragment<number>[];
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly priorityClassName?: string;
}

export interface PodScheduling {
  /** For the pod spec of our Deployments and Jobs. */
  readonly provider: ProviderPodScheduling;
  /** For Helm values: `nodeSets[].podTemplate.spec`, the eck-operator chart's top level. */
  readonly manifest: ManifestPodScheduling;
}

/** Only the keys that have a value: an empty setting adds no key anywhere. */
const present = <T extends Record<string, string | object>>(fields: T): Partial<T> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => Object.keys(value).length > 0)) as Partial<T>;

/** The pod-spec fragments of `scheduling`, for our own pods and for the charts'. */
export function renderPodScheduling(scheduling: PodSchedulingSettings): PodScheduling {
  const imagePullSecrets = scheduling.imagePullSecrets.map((name) => ({ name }));
  const tolerations = scheduling.tolerations.map((t) => ({
    key: t.key,
    operator: t.operator,
    ...(t.value === undefined ? {} : { value: t.value }),
    effect: t.effect,
    ...(t.tolerationSeconds === undefined ? {} : { tolerationSeconds: t.tolerationSeconds }),
  }));
  const nodeSelector = { ...scheduling.nodeSelector };
  const priorityClassName = scheduling.priorityClassName;
  return {
    provider: present({
      imagePullSecrets,
      toleration: tolerations.map(({ tolerationSeconds, ...t }) => ({ ...t, ...(tolerationSeconds === undefined ? {} : { tolerationSeconds: String(tolerationSeconds) }) })),
      nodeSelector,
      priorityClassName,
    }),
    manifest: present({ imagePullSecrets, tolerations, nodeSelector, priorityClassName }),
  };
}
