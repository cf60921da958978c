import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { Construct } from "constructs";
import type { NetworkPolicyDocument } from "../../tracing/topology/network-policy";
import { INSTANCE } from "../../tracing/topology/topology";

export interface NetworkPoliciesProps {
  /**
   * Rendered by `renderNetworkPolicies` from the flow intent, each placed in its namespace by
   * reference so it waits for the namespace.
   */
  readonly policies: readonly NetworkPolicyDocument[];
}

type Selector = { readonly matchLabels?: Readonly<Record<string, string>> };
type Peer = { readonly namespaceSelector?: Selector; readonly podSelector?: Selector; readonly ipBlock?: { readonly cidr: string } };
type Port = { readonly port: number; readonly protocol: string };

const selector = (s: Selector | undefined) => (s ? { matchLabels: { ...s.matchLabels } } : undefined);
const peer = (p: Peer) => ({
  namespaceSelector: selector(p.namespaceSelector),
  podSelector: selector(p.podSelector),
  ipBlock: p.ipBlock ? { cidr: p.ipBlock.cidr } : undefined,
});
const port = (p: Port) => ({ port: String(p.port), protocol: p.protocol });

/** Places the rendered NetworkPolicies; all decisions are in `tracing/topology/network-policy.ts`. */
export class NetworkPolicies extends Construct {
  /** The placed policies; workloads depend on them so no pod starts unprotected. */
  readonly resources: NetworkPolicyV1[];

  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    this.resources = props.policies.map((policy) => {
      const { spec } = policy;
      return new NetworkPolicyV1(this, policy.name, {
        metadata: { name: policy.name, namespace: policy.namespace, labels: { "app.kubernetes.io/part-of": INSTANCE } },
        spec: {
          podSelector: selector(spec.podSelector) ?? {},
          policyTypes: [...spec.policyTypes],
          ingress: spec.ingress?.map((rule) => ({ from: (rule.from as Peer[]).map(peer), ports: (rule.ports as Port[]).map(port) })),
          egress: spec.egress?.map((rule) => ({ to: (rule.to as Peer[]).map(peer), ports: (rule.ports as Port[]).map(port) })),
        },
      });
    });
  }
}
