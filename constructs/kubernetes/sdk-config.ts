import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { Construct } from "constructs";
import { INSTANCE, TRUST_BUNDLE_CONFIG_MAP } from "../../tracing/topology/topology";

/** Names of the two ConfigMaps every client namespace gets. */
export const SDK_CONFIG_MAPS = {
  /** The SDK environment, for `envFrom`. */
  environment: "genesis-tracing-sdk",
  /** The CA bundle (`ca.crt`), for a volume mount at the path in the environment. */
  caBundle: TRUST_BUNDLE_CONFIG_MAP,
} as const;

export interface SdkConfigProps {
  /** Namespaces of the client services; they must exist. */
  readonly namespaces: readonly string[];
  /** Rendered SDK environment (no secrets). */
  readonly environment: Readonly<Record<string, string>>;
  /** The trusted CAs, among them the one that signed the collector's certificate. */
  readonly trustBundlePem: string;
}

/**
 * In each client namespace: the SDK environment as a ConfigMap (`envFrom`) and the CA bundle
 * as another (mounted as a directory, without subPath). Two ConfigMaps because `envFrom`
 * would otherwise try to turn `ca.crt` into a variable.
 */
export class SdkConfig extends Construct {
  constructor(scope: Construct, id: string, props: SdkConfigProps) {
    super(scope, id);
    const labels = { "app.kubernetes.io/part-of": INSTANCE, "app.kubernetes.io/component": "sdk-config" };
    for (const namespace of props.namespaces) {
      new ConfigMapV1(this, `${namespace}-environment`, {
        metadata: { name: SDK_CONFIG_MAPS.environment, namespace, labels },
        data: { ...props.environment },
      });
      new ConfigMapV1(this, `${namespace}-ca`, {
        metadata: { name: SDK_CONFIG_MAPS.caBundle, namespace, labels },
        data: { "ca.crt": props.trustBundlePem },
      });
    }
  }
}
