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
  /** CA that verifies the Prometheus the Monitor tab reads (query, prod, `TRACING_PROMETHEUS_CA_SECRET`). */
  prometheusCaDir: "/etc/jaeger/prometheus-ca",
  prometheusCa: "/etc/jaeger/prometheus-ca/ca.crt",
  /** Its bearer token, re-read every 10 s (`TRACING_PROMETHEUS_TOKEN_SECRET`). */
  prometheusTokenDir: "/etc/jaeger/prometheus-token",
  prometheusToken: "/etc/jaeger/prometheus-token/token",
} as const;

/**
 * Where the gateway (the OpenTelemetry Collector contrib image, `FROM scratch`) finds its
 * files. The image's own default config path is replaced by `--config`.
 */
export const GATEWAY_PATHS = {
  configDir: "/etc/otelcol/config",
  configFile: "/etc/otelcol/config/config.yaml",
  tlsDir: "/etc/otelcol/tls",
  tlsCertificate: "/etc/otelcol/tls/tls.crt",
  tlsKey: "/etc/otelcol/tls/tls.key",
  /** The CA bundle the gateway verifies the collectors' certificates with. */
  trustDir: "/etc/otelcol/trust",
  trustBundle: "/etc/otelcol/trust/ca.crt",
} as const;

/** Where client pods mount the CA ConfigMap (prod); the SDK environment points at `ca.crt` there. */
export const CLIENT_CA_DIR = "/etc/genesis-tracing";

/** Files of the Elasticsearch bootstrap step (ILM policy, roles, users, `es-rollover init`). */
export const BOOTSTRAP_PATHS = {
  scriptDir: "/bootstrap/script",
  script: "/bootstrap/script/bootstrap.sh",
  /** The es-rollover binary, copied out of its own image: the script runs in the Elasticsearch image. */
  binDir: "/bootstrap/bin",
  esRollover: "/bootstrap/bin/es-rollover",
  elasticsearchCaDir: "/bootstrap/elasticsearch-ca",
  elasticsearchCa: "/bootstrap/elasticsearch-ca/ca.crt",
  secretsDir: "/bootstrap/secrets",
  /** Password of the built-in `elastic` superuser, used only by the bootstrap steps. */
  adminPassword: "/bootstrap/secrets/elastic-password",
} as const;

/**
 * Inside `jaegertracing/jaeger-es-rollover` (`cmd/es-rollover/Dockerfile`): Alpine with the
 * binary alone in its directory. The binary is statically linked (Jaeger builds with
 * CGO_ENABLED=0), so it runs unchanged in the Elasticsearch image.
 */
export const ES_ROLLOVER_IMAGE_PATHS = {
  binDir: "/go/bin",
  binary: "/go/bin/es-rollover",
} as const;

/**
 * Terraform runs each stack inside `cdktf.out/stacks/<stack>/`, a folder `cdktf synth`
 * rewrites. State, kubeconfig and files meant to outlive a synth are addressed relative to the
 * project root from there, so the synthesized JSON holds no absolute, machine-specific path.
 */
export const PROJECT_ROOT_FROM_STACK = "../../..";

/** The folder Terraform runs `stack` in, from the project root: the way back is PROJECT_ROOT_FROM_STACK. */
export const stackFolder = (stack: string): string => `cdktf.out/stacks/${stack}`;
