import { IngressV1 } from "@cdktf/provider-kubernetes/lib/ingress-v1";
import { Construct } from "constructs";
import type { IngressSettings } from "../../tracing/settings";
import { INSTANCE } from "../../tracing/topology/topology";

export interface QueryIngressProps {
  readonly namespace: string;
  readonly settings: IngressSettings;
  /** The query Service and its UI port. */
  readonly service: { readonly name: string; readonly port: number };
}

/**
 * Optional public entry to the Jaeger UI. Every request must be approved by the external
 * authentication service in settings (nginx-compatible `auth-url` annotations); controllers
 * that do not read them must not serve this Ingress, so the class is explicit. The query
 * NetworkPolicy admits only the controller's namespace, and the backend speaks TLS only.
 */
export class QueryIngress extends Construct {
  constructor(scope: Construct, id: string, props: QueryIngressProps) {
    super(scope, id);
    const s = props.settings;
    new IngressV1(this, "Resource", {
      metadata: {
        name: props.service.name,
        namespace: props.namespace,
        labels: { "app.kubernetes.io/part-of": INSTANCE },
        annotations: {
          "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
          "nginx.ingress.kubernetes.io/auth-url": s.authUrl,
          ...(s.authSignInUrl ? { "nginx.ingress.kubernetes.io/auth-signin": s.authSignInUrl } : {}),
          "nginx.ingress.kubernetes.io/auth-response-headers": "X-Auth-Request-User,X-Auth-Request-Email",
        },
      },
      spec: {
        ingressClassName: s.className,
        tls: [{ hosts: [s.host], secretName: s.tlsSecretName }],
        rule: [
          {
            host: s.host,
            http: {
              path: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: props.service.name, port: { number: props.service.port } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
}
