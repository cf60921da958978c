import { StaticResource } from "@cdktf/provider-time/lib/static-resource";
import { Token } from "cdktf";
import type { Construct } from "constructs";

/**
 * A certificate's expiry in Unix seconds, as a deploy-time reference: a `time_static` (child
 * `Expiry` of `scope`) pinned to the certificate's `validity_end_time`. Terraform has no function
 * from RFC 3339 to Unix time; `time_static` exposes `unix`, and is replaced (so the value follows)
 * whenever the certificate is re-issued. The alert rules compare it with `time()`, so an expiry
 * is noticed without a deploy.
 */
export function expiryInUnixSeconds(scope: Construct, validityEndTime: string): string {
  return Token.asString(new StaticResource(scope, "Expiry", { rfc3339: validityEndTime }).unix);
}
