import { LocalBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { TracingSettings } from "../tracing/settings";
import { localStatePath } from "./layout";

export interface ProdStackProps {
  readonly settings: TracingSettings;
}

/**
 * `cdktf deploy prod`: the Kubernetes stack (ECK Elasticsearch, Jaeger collector and query,
 * NetworkPolicies, SDK ConfigMaps). Until that work lands it holds only its backend, so the
 * app already synthesizes both stacks and validates the prod settings.
 */
export class ProdStack extends TerraformStack {
  readonly settings: TracingSettings;

  constructor(scope: Construct, id: string, props: ProdStackProps) {
    super(scope, id);
    this.settings = props.settings;
    new LocalBackend(this, { path: localStatePath(id) });
  }
}
