import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Construct } from "constructs";
import type { JaegerAccess } from "../../tracing/elasticsearch/elasticsearch-access";
import { INSTANCE } from "../../tracing/topology/topology";

/** One user of ECK's file realm. */
export interface FileRealmUser {
  readonly access: JaegerAccess;
  /** Secret name; ECK's `spec.auth.fileRealm` names it. */
  readonly secretName: string;
  readonly username: string;
  /** A reference to an ephemeral password (write-only: it reaches the Secret, never the state). */
  readonly password: string;
  /** Roles, as ECK reads them (a comma list). */
  readonly roles: readonly string[];
}

export interface ElasticsearchUsersProps {
  /** The namespace of the Elasticsearch resource (ECK reads Secrets there only). */
  readonly namespace: string;
  readonly users: readonly FileRealmUser[];
  /**
   * The write-only revision of the users' Secrets: Terraform writes `username`, `password` and
   * `roles` when a Secret is created and whenever this changes, and keeps none of them in state.
   */
  readonly revision: number;
  /** The roles Secret ECK's `spec.auth.roles` names, and its `roles.yml`. */
  readonly roles: { readonly secretName: string; readonly rolesYaml: string };
}

/**
 * Jaeger's Elasticsearch users and roles as ECK file-realm Secrets: one
 * `kubernetes.io/basic-auth` Secret per user (`username`, `password`, `roles`, written
 * write-only) and one with `roles.yml`. ECK watches them, so a new password reaches
 * Elasticsearch without an API call.
 */
export class ElasticsearchUsers extends Construct {
  /** Every Secret placed here; the Elasticsearch release waits for them. */
  readonly secrets: SecretV1[];
  private readonly byAccess = new Map<JaegerAccess, SecretV1>();

  constructor(scope: Construct, id: string, props: ElasticsearchUsersProps) {
    super(scope, id);
    const labels = { "app.kubernetes.io/part-of": INSTANCE };
    for (const user of props.users) {
      this.byAccess.set(
        user.access,
        new SecretV1(this, user.access, {
          metadata: { name: user.secretName, namespace: props.namespace, labels },
          type: "kubernetes.io/basic-auth",
          dataWo: { username: user.username, password: user.password, roles: user.roles.join(",") },
          dataWoRevision: props.revision,
        }),
      );
    }
    const roles = new SecretV1(this, "Roles", {
      metadata: { name: props.roles.secretName, namespace: props.namespace, labels },
      type: "Opaque",
      data: { "roles.yml": props.roles.rolesYaml },
    });
    this.secrets = [...this.byAccess.values(), roles];
  }

  /** Where a user's password is: its Secret (by reference) and key. */
  passwordOf(access: JaegerAccess): { readonly secretName: string; readonly key: string } {
    const secret = this.byAccess.get(access);
    if (!secret) throw new Error(`no Elasticsearch user for ${access}`);
    return { secretName: secret.metadata.name, key: "password" };
  }
}
