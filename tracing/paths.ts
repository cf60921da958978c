/**
 * Where files live inside the containers. Both stacks mount the same files at the same
 * paths, so one rendered Jaeger config serves Docker and Kubernetes alike. Each kind of file
 * has its own directory because Kubernetes mounts a ConfigMap or Secret as a whole directory.
 */
export const JAEGER_PATHS = {
  /** Directory holding the rendered Jaeger config. */
  configDir: "/etc/jaeger/config",
  configFile: "/etc/jaeger/config/config.yaml",
  /** Server certificate (leaf + CA chain) and key for OTLP and the UI. */
  tlsDir: "/etc/jaeger/tls",
  tlsCertificate: "/etc/jaeger/tls/tls.crt",
  tlsKey: "/etc/jaeger/tls/tls.key",
  /** CA that signed Elasticsearch's HTTP certificate. */
  elasticsearchCaDir: "/etc/jaeger/elasticsearch-ca",
  elasticsearchCa: "/etc/jaeger/elasticsearch-ca/ca.crt",
  /** Password of Jaeger's own Elasticsearch user, re-read by `auth.basic.reload_interval`. */
  elasticsearchCredentialsDir: "/etc/jaeger/elasticsearch-credentials",
  elasticsearchPassword: "/etc/jaeger/elasticsearch-credentials/password",
} as const;

/** Files of the Elasticsearch bootstrap step (ILM policy, roles, users). */
export const BOOTSTRAP_PATHS = {
  scriptDir: "/bootstrap/script",
  script: "/bootstrap/script/bootstrap.sh",
  elasticsearchCaDir: "/bootstrap/elasticsearch-ca",
  elasticsearchCa: "/bootstrap/elasticsearch-ca/ca.crt",
  secretsDir: "/bootstrap/secrets",
  /** Password of the built-in `elastic` superuser, used only by the bootstrap steps. */
  adminPassword: "/bootstrap/secrets/elastic-password",
  writerPassword: "/bootstrap/secrets/writer-password",
  readerPassword: "/bootstrap/secrets/reader-password",
  monitorPassword: "/bootstrap/secrets/monitor-password",
} as const;
