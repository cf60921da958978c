import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Construct } from "constructs";
import { TRACING_NAMESPACE_LABELS } from "../../tracing/topology/topology";

export interface TracingNamespaceProps {
  readonly name: string;
  /** Refuse to destroy or replace the namespace (and with it every PVC in it). */
  readonly preventDestroy: boolean;
}

/**
 * The namespace of the tracing backend, admitting only pods that meet Pod Security Standards
 * `restricted` (enforced, audited and warned, at the latest policy version).
 */
export class TracingNamespace extends Construct {
  readonly resource: NamespaceV1;
  readonly name: string;

  constructor(scope: Construct, id: string, props: TracingNamespaceProps) {
    super(scope, id);
    this.resource = new NamespaceV1(this, "Resource", {
      metadata: { name: props.name, labels: { ...TRACING_NAMESPACE_LABELS } },
      lifecycle: { preventDestroy: props.preventDestroy },
    });
    // A reference, so everything placed in the namespace waits for it.
    this.name = this.resource.metadata.name;
  }
}
