import { Fn } from "cdktf";
import { MOUNTED_FILE_MODE } from "./pod-security";

/** The CA bundle as pods see it: a ConfigMap (`ca.crt`) of the stack's, and its content. */
export interface TrustBundle {
  readonly configMapName: string;
  /** PEM of every trusted CA; a deploy-time reference. */
  readonly pem: string;
}

/** A volume with the bundle as `ca.crt`, mounted as a directory so updates reach the file. */
export function trustBundleVolume(name: string, bundle: TrustBundle) {
  return { name, configMap: { name: bundle.configMapName, defaultMode: MOUNTED_FILE_MODE, items: [{ key: "ca.crt", path: "ca.crt" }] } };
}

/**
 * Pod annotation that changes with the bundle: Go TLS clients read their CA once, so a pod
 * that trusts the bundle must restart when it changes (a CA added or retired).
 */
export function trustChecksum(bundle: TrustBundle): Record<string, string> {
  return { "checksum/trust": Fn.sha256(bundle.pem) };
}
