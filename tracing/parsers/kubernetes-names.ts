/**
 * Kubernetes' own name syntaxes, as its API server checks them (apimachinery's validation
 * package): object names and label keys and values. Pure, and imports nothing.
 */

/** A Kubernetes object name (DNS-1123 subdomain): Secrets, PriorityClasses, StorageClasses. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The name part of a label key, and a label value (here never empty), as Kubernetes checks them. */
export const LABEL_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** A label key: a name, optionally after a DNS-subdomain prefix and `/` (`k8s-app`, `app.kubernetes.io/name`). */
export function isLabelKey(key: string): boolean {
  const parts = key.split("/");
  if (parts.length === 1) return LABEL_NAME.test(key);
  return parts.length === 2 && DNS_SUBDOMAIN.test(parts[0]) && LABEL_NAME.test(parts[1]);
}

/** What a label key may be, in the words of error messages. */
export const LABEL_KEY_ALLOWED =
  "an optional DNS-subdomain prefix and '/', then 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

/** What a label value may be, in the words of error messages. */
export const LABEL_VALUE_ALLOWED = "1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
