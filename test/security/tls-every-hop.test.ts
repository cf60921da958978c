/**
 * Every hop that carries traces, queries or stored spans is TLS, and every client verifies
 * the server. Read from the synthesized JSON of both stacks: the Jaeger configs as uploaded
 * (local) and as ConfigMaps (prod), the Elasticsearch settings, the bootstrap script and the
 * SDK environment.
 */
import { parse } from "yaml";
import { stackDocuments } from "../../tools/synth-documents";
import { resolveSettings } from "../../tracing/checked-settings";
import { prodTopology } from "../../tracing/topology/topology";
import { collectorModeSynth, defaultSynth } from "../default-synth";

const stacks = stackDocuments(defaultSynth());
const containers = Object.values<any>(stacks.local.resource.docker_container);
const containerNamed = (name: string) => containers.find((c) => c.name === name);
const upload = (c: any, file: string) => c.upload.find((u: any) => u.file === file).content;
const configMaps = Object.values<any>(stacks.prod.resource.kubernetes_config_map_v1);
const configMap = (name: string) => configMaps.find((m) => m.metadata.name === name);

/** The collector and query configs of both stacks. */
const jaegerConfigs: [string, any][] = [
  ["local collector", parse(upload(containerNamed("genesis-tracing-collector"), "/etc/jaeger/config/config.yaml"))],
  ["local query", parse(upload(containerNamed("genesis-tracing-query"), "/etc/jaeger/config/config.yaml"))],
  ["prod collector", parse(configMap("jaeger-collector-config").data["config.yaml"])],
  ["prod query", parse(configMap("jaeger-query-config").data["config.yaml"])],
];
const TLS_VERSIONS = ["1.2", "1.3"];

/** Every listener that serves traffic other than health and metrics. */
function servedListeners(config: any): [string, any][] {
  const listeners: [string, any][] = [];
  for (const [protocol, server] of Object.entries<any>(config.receivers?.otlp?.protocols ?? {})) listeners.push([`otlp ${protocol}`, server]);
  const query = config.extensions.jaeger_query;
  if (query) listeners.push(["query http", query.http], ["query grpc", query.grpc]);
  return listeners;
}

describe.each(jaegerConfigs)("%s", (_name, config) => {
  test("serves OTLP and queries over TLS 1.2+ only, reloading renewed certificates", () => {
    const listeners = servedListeners(config);
    expect(listeners.length).toBeGreaterThanOrEqual(2);
    for (const [listener, server] of listeners) {
      expect({ listener, tls: server.tls }).toEqual({
        listener,
        tls: expect.objectContaining({ cert_file: expect.any(String), key_file: expect.any(String), reload_interval: expect.any(String) }),
      });
      expect(TLS_VERSIONS).toContain(server.tls.min_version);
    }
  });

  test("reaches Elasticsearch over https, verifying it against a CA, never skipping verification", () => {
    for (const backend of Object.values<any>(config.extensions.jaeger_storage.backends)) {
      const es = backend.elasticsearch;
      for (const url of es.server_urls) expect(url).toMatch(/^https:\/\//);
      expect(es.tls.ca_file).toMatch(/\.crt$/);
      expect(es.tls).not.toHaveProperty("insecure");
      expect(es.tls).not.toHaveProperty("insecure_skip_verify");
      expect(TLS_VERSIONS).toContain(es.tls.min_version);
    }
  });
});

test("no config anywhere turns verification off", () => {
  for (const [name, text] of Object.entries(stacks).map(([n, d]) => [n, JSON.stringify(d)])) {
    expect({ name, insecure: /insecure(_skip_verify)?"?\s*[:=]\s*"?true|skip-host-verify|SKIP_HOST_VERIFY|--insecure|curl -k /i.test(text) }).toEqual({ name, insecure: false });
  }
});

describe("Elasticsearch serves HTTPS", () => {
  test("local: HTTP and transport TLS on, with the stack's certificate", () => {
    const env = containerNamed("genesis-tracing-elasticsearch").env;
    expect(env).toEqual(
      expect.arrayContaining([
        "xpack.security.enabled=true",
        "xpack.security.http.ssl.enabled=true",
        "xpack.security.transport.ssl.enabled=true",
        "xpack.security.transport.ssl.verification_mode=certificate",
      ]),
    );
  });

  test("prod: ECK serves the stack's certificate, issued for every name clients use", () => {
    const release = Object.values<any>(stacks.prod.resource.helm_release).find((r) => r.chart === "eck-elasticsearch");
    const merged = { ...parse(release.values[0]), ...parse(release.values[1]) };
    expect(merged.http).toEqual({ tls: { certificate: { secretName: "genesis-http-certificate" } } });
    const secret = Object.values<any>(stacks.prod.resource.kubernetes_secret_v1).find((s) => s.metadata.name === "genesis-http-certificate");
    const certificate = /^\$\{tls_locally_signed_cert\.(\w+)\.cert_pem\}$/.exec(secret.data["tls.crt"])?.[1] as string;
    const request = /^\$\{tls_cert_request\.(\w+)\.cert_request_pem\}$/.exec(stacks.prod.resource.tls_locally_signed_cert[certificate].cert_request_pem)?.[1] as string;
    const names = stacks.prod.resource.tls_cert_request[request].dns_names;
    // The host every client of ours connects to, and the Service ECK's operator falls back to.
    expect(names).toContain(new URL(prodTopology(resolveSettings("prod")).urls.elasticsearch).hostname);
    expect(names).toContain("genesis-es-internal-http.tracing.svc");
  });
});

describe("bootstrap clients verify Elasticsearch", () => {
  const scripts = [
    ["local", upload(containerNamed("genesis-tracing-bootstrap-script"), "/bootstrap/script/bootstrap.sh")],
    ["prod", configMaps.find((m) => m.metadata.name.endsWith("bootstrap-script")).data["bootstrap.sh"]],
  ];

  test.each(scripts)("%s: every curl uses --cacert against https, es-rollover uses TLS with the CA", (_stack, script) => {
    expect(script).toMatch(/es_url='https:\/\//);
    expect(script.match(/curl /g)?.length).toBeGreaterThanOrEqual(3);
    expect(script.match(/--cacert '/g)?.length).toBe(script.match(/curl /g)?.length);
    expect(script).toContain("export ES_TLS_ENABLED='true'");
    expect(script).toMatch(/^export ES_TLS_CA='\/.+\.crt'$/m);
  });
});

describe("clients of the collector verify it", () => {
  test.each([
    ["local", stacks.local.resource.local_file.ClientSdkEnvironment.content as string],
    ["prod", Object.entries(configMap("genesis-tracing-sdk").data).map(([k, v]) => `${k}=${v}`).join("\n")],
  ])("%s SDK environment: https endpoint and a CA to verify it", (_stack, envFile) => {
    expect(envFile).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT=https:\/\//m);
    // Locally the absolute path of the CA file is known only at apply time.
    expect(envFile).toMatch(/^OTEL_EXPORTER_OTLP_CERTIFICATE=(\/\S+\/ca\.crt|\$\{abspath\(local_file\.ClientCaCertificate\.filename\)\})$/m);
    expect(envFile).toMatch(/^OTLP_SECURE=true$/m);
    expect(envFile).not.toMatch(/OTEL_EXPORTER_OTLP_INSECURE=true/);
  });
});

describe("collector sampling mode: services -> gateway -> collectors, TLS and verified on both hops", () => {
  const sampled = stackDocuments(collectorModeSynth());
  const maps = Object.values<any>(sampled.prod.resource.kubernetes_config_map_v1);
  const config = (name: string) => parse(maps.find((m) => m.metadata.name === name).data["config.yaml"]);
  const gateway = config("otel-gateway-config");
  /** The DNS names of the certificate a workload's TLS Secret serves. */
  const certificateNames = (secretName: string): string[] => {
    const secret = Object.values<any>(sampled.prod.resource.kubernetes_secret_v1).find((s) => s.metadata.name === secretName);
    const certificate = /^\$\{tls_locally_signed_cert\.(\w+)\.cert_pem\}$/.exec(secret.data["tls.crt"])?.[1] as string;
    const request = /^\$\{tls_cert_request\.(\w+)\.cert_request_pem\}$/.exec(sampled.prod.resource.tls_locally_signed_cert[certificate].cert_request_pem)?.[1] as string;
    return sampled.prod.resource.tls_cert_request[request].dns_names;
  };

  test("the gateway and the collectors serve OTLP over TLS 1.2+ only, reloading renewed certificates", () => {
    for (const [name, served] of [["gateway", gateway], ["collector", config("jaeger-collector-config")]] as const) {
      const listeners = servedListeners(served);
      expect({ name, count: listeners.length }).toEqual({ name, count: 2 });
      for (const [listener, server] of listeners) {
        expect({ name, listener, tls: server.tls }).toEqual({ name, listener, tls: expect.objectContaining({ cert_file: expect.any(String), reload_interval: "5m" }) });
      }
    }
  });

  test("services verify the gateway: the SDK endpoint's host is on the gateway's certificate", () => {
    const sdk = Object.values<any>(sampled.prod.resource.kubernetes_config_map_v1).find((m) => m.metadata.name === "genesis-tracing-sdk").data;
    const host = new URL(sdk.OTEL_EXPORTER_OTLP_ENDPOINT).hostname;
    expect(host).toBe("otel-gateway.tracing.svc");
    expect(certificateNames("otel-gateway-tls")).toContain(host);
  });

  test("the gateway verifies each collector against the stack's CA by a name every collector's certificate carries", () => {
    const tls = gateway.exporters.loadbalancing.protocol.otlp.tls;
    expect(tls.ca_file).toBe("/etc/otelcol/trust/ca.crt");
    expect(TLS_VERSIONS).toContain(tls.min_version);
    expect(certificateNames("jaeger-collector-tls")).toContain(tls.server_name_override);
    // The CA file is the trust bundle, mounted where the config reads it.
    const pod = sampled.prod.resource.kubernetes_deployment_v1.Gateway_Deployment_76AFDECA.spec.template.spec;
    const mount = pod.container[0].volume_mount.find((m: any) => m.mount_path === "/etc/otelcol/trust");
    expect(pod.volume.find((v: any) => v.name === mount.name).config_map.name).toBe("${kubernetes_config_map_v1.TrustBundle.metadata[0].name}");
  });

  test("nothing in collector mode turns verification off", () => {
    for (const [name, document] of Object.entries(sampled)) {
      expect({ name, insecure: /insecure(_skip_verify)?"?\s*[:=]\s*"?true/i.test(JSON.stringify(document)) }).toEqual({ name, insecure: false });
    }
  });
});
