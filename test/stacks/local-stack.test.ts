import { goDuration } from "../../constructs/docker/hardened-container";
import { spawnSync } from "node:child_process";
import "./jest-matchers";
import { Image } from "@cdktf/provider-docker/lib/image";
import { Network } from "@cdktf/provider-docker/lib/network";
import { renderPasswordHandoff } from "../../tracing/elasticsearch/elasticsearch-password";
import { LOCAL_SERVICE_CONTAINERS } from "../../tracing/topology/local-resources";
import { Volume } from "@cdktf/provider-docker/lib/volume";
import { File } from "@cdktf/provider-local/lib/file";
import { LocallySignedCert } from "@cdktf/provider-tls/lib/locally-signed-cert";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import { parse } from "yaml";
import { literalText } from "../../constructs/terraform-text";
import { renderBootstrapScript } from "../../tracing/elasticsearch/bootstrap-script";
import { resolveSettings } from "../../tracing/checked-settings";
import { stackDocuments } from "../../tools/synth-documents";
import { collectorModeSynth } from "../default-synth";
import { resourceNamed, resourcesOf, synthLocal } from "./synth";

const synthesized = synthLocal();
const container = (name: string) => resourceNamed(synthesized, "docker_container", `genesis-tracing-${name}`);
const upload = (c: any, file: string): string => c.upload.find((u: any) => u.file === file)?.content;
const envOf = (c: any): Record<string, string> => Object.fromEntries(c.env.map((e: string) => e.split(/=(.*)/s).slice(0, 2)));

describe("local stack", () => {
  test("keeps state at the project root, outside cdktf.out", () => {
    expect(JSON.parse(synthesized).terraform.backend).toEqual({ local: { path: "../../../terraform.local.tfstate" } });
  });

  test("pulls pinned images and keeps them locally", () => {
    expect(synthesized).toHaveResourceWithProperties(Image, { name: "jaegertracing/jaeger:2.20.0", keep_locally: true });
    expect(synthesized).toHaveResourceWithProperties(Image, { name: "jaegertracing/jaeger-es-rollover:2.20.0", keep_locally: true });
    expect(synthesized).toHaveResourceWithProperties(Image, {
      name: "docker.elastic.co/elasticsearch/elasticsearch:9.5.0",
      keep_locally: true,
    });
  });

  test("the service containers doctor checks for a stopped one are exactly those the stack keeps running", () => {
    const services = Object.values<any>(resourcesOf(synthesized, "docker_container")).filter((c) => c.must_run).map((c) => c.name);
    expect(services.sort()).toEqual([...LOCAL_SERVICE_CONTAINERS].sort());
  });

  test("the single node's disk watermarks are free space, so a laptop disk over 90 % used with gigabytes free still takes new shards", () => {
    const env: string[] = resourceNamed(synthesized, "docker_container", "genesis-tracing-elasticsearch").env;
    expect(env.filter((e) => e.startsWith("cluster.routing.allocation.disk.")).sort()).toEqual([
      "cluster.routing.allocation.disk.watermark.flood_stage=512mb",
      "cluster.routing.allocation.disk.watermark.high=1gb",
      "cluster.routing.allocation.disk.watermark.low=2gb",
    ]);
  });

  test("runs everything on one private network", () => {
    expect(synthesized).toHaveResourceWithProperties(Network, { name: "genesis-tracing" });
    for (const c of Object.values(resourcesOf(synthesized, "docker_container"))) {
      expect(c.networks_advanced).toEqual([expect.objectContaining({ name: "${docker_network.Network.name}" })]);
    }
  });

  describe("Elasticsearch", () => {
    const es = container("elasticsearch");
    const env = envOf(es);

    test("has a 2 GB heap in a 4 GB container without swap", () => {
      expect(env.ES_JAVA_OPTS).toBe("-Xms2g -Xmx2g");
      expect(es.memory).toBe(4096);
      expect(es.memory_swap).toBe(4096);
    });

    test("runs one secured node with HTTPS and transport TLS from the stack's CA", () => {
      expect(env).toMatchObject({
        "discovery.type": "single-node",
        "xpack.security.enabled": "true",
        "xpack.security.http.ssl.enabled": "true",
        "xpack.security.http.ssl.certificate": "certs/tls.crt",
        "xpack.security.http.ssl.key": "certs/tls.key",
        "xpack.security.http.ssl.certificate_authorities": "certs/ca.crt",
        "xpack.security.transport.ssl.enabled": "true",
        "xpack.security.transport.ssl.verification_mode": "certificate",
        "node.store.allow_mmap": "false",
      });
      expect(upload(es, "/usr/share/elasticsearch/config/certs/tls.key")).toMatch(/^\$\{tls_private_key\.[^}]+\.private_key_pem\}$/);
      expect(upload(es, "/run/secrets/elastic-password")).toBe("${random_password.ElasticPassword.result}");
    });

    test("hands the image's entrypoint a 0400 copy of the password file, never the password in its environment", () => {
      const env: string[] = es.env;
      expect(env.filter((e) => /^ELASTIC_PASSWORD/.test(e))).toEqual([]);
      expect(es.entrypoint).toEqual([
        "/bin/sh",
        "-c",
        renderPasswordHandoff({ uploaded: "/run/secrets/elastic-password", nodeCopy: "/tmp/elastic-password" }),
      ]);
      // Docker's init replaces the image's tini as PID 1.
      expect(es.init).toBe(true);
    });

    test("keeps its data on a named volume", () => {
      expect(synthesized).toHaveResourceWithProperties(Volume, { name: "genesis-tracing-elasticsearch-data" });
      expect(es.volumes).toEqual([
        { volume_name: expect.stringMatching(/^\$\{docker_volume\.Elasticsearch_Data_\w+\.name\}$/), container_path: "/usr/share/elasticsearch/data" },
      ]);
    });

    test("is healthy when the cluster answers at least yellow over verified TLS, and the deploy waits for it", () => {
      expect(es.healthcheck.test[0]).toBe("CMD-SHELL");
      expect(es.healthcheck.test[1]).toContain("--cacert /usr/share/elasticsearch/config/certs/ca.crt");
      expect(es.healthcheck.test[1]).toContain("https://localhost:9200/_cluster/health?wait_for_status=yellow");
      expect(es.wait).toBe(true);
    });
  });

  describe("bootstrap", () => {
    const binary = container("bootstrap-binary");
    const script = container("bootstrap-script");

    test("the es-rollover binary fills a volume named after its version, on first mount of its own directory", () => {
      expect(synthesized).toHaveResourceWithProperties(Volume, { name: "genesis-tracing-bootstrap-es-rollover-2.20.0" });
      const renamed = resourcesOf(synthLocal({ JAEGER_VERSION: "2.19.0" }), "docker_volume");
      expect(Object.values(renamed).map((v) => v.name)).toContain("genesis-tracing-bootstrap-es-rollover-2.19.0");
      expect(binary.image).toBe("${docker_image.EsRolloverImage.image_id}");
      expect(binary.volumes).toEqual([{ volume_name: expect.stringMatching(/^\$\{docker_volume\.ElasticsearchBootstrap_BinaryVolume_\w+\.name\}$/), container_path: "/go/bin" }]);
      expect(binary.entrypoint).toEqual(["/go/bin/es-rollover", "--help"]);
      expect(binary.user).toBe("10001:0");
    });

    test("the script runs in the Elasticsearch image with the binary read-only, after Elasticsearch is healthy and the volume is filled", () => {
      expect(script.image).toBe("${docker_image.ElasticsearchImage.image_id}");
      expect(script.entrypoint).toEqual(["/bin/sh", "/bootstrap/script/bootstrap.sh"]);
      expect(script.volumes).toEqual([{ volume_name: binary.volumes[0].volume_name, container_path: "/bootstrap/bin", read_only: true }]);
      expect(script.depends_on).toEqual(["docker_container.Elasticsearch_Container_12D8BB15", "docker_container.ElasticsearchBootstrap_Binary_26A9E545"]);
      expect(script.env).toEqual([]);
    });

    test("the script is the rendered one, with every user managed through the API and the passwords as files", () => {
      const settings = resolveSettings("local");
      const rendered = renderBootstrapScript(settings, { elasticsearchUrl: "https://elasticsearch:9200", users: "api" });
      expect(upload(script, "/bootstrap/script/bootstrap.sh")).toBe(literalText(rendered));
      expect(upload(script, "/bootstrap/secrets/elastic-password")).toBe("${random_password.ElasticPassword.result}");
      expect(upload(script, "/bootstrap/secrets/writer-password")).toBe("${random_password.WriterPassword.result}");
    });

    test("runs again with every new node container, as a new or reset data volume needs (a changed label replaces the container)", () => {
      const es = container("elasticsearch");
      const nodeId = "${docker_container.Elasticsearch_Container_12D8BB15.id}";
      expect(es.name).toBe("genesis-tracing-elasticsearch");
      expect(script.labels).toEqual(expect.arrayContaining([{ label: "genesis-tracing.elasticsearch-container", value: nodeId }]));
      // The binary task needs no re-run: its volume is keyed by the es-rollover version.
      expect(binary.labels.map((l: any) => l.label)).toEqual(["genesis-tracing.memory-mib"]);
    });

    test.each(["bootstrap-binary", "bootstrap-script"])("%s runs once and fails the deploy with its log unless it exits 0", (name) => {
      const task = container(name);
      expect(task).toMatchObject({ attach: true, logs: true, must_run: false, restart: "no" });
      expect(task.lifecycle).toEqual({ ignore_changes: ["log_opts", "memory_swap"] });
      const [provisioner] = task.provisioner;
      // The log without the stream's frame headers (tested with Terraform in task-failure-terraform).
      expect(provisioner["local-exec"].environment).toEqual({ NAME: `genesis-tracing-${name}`, EXIT_CODE: "${self.exit_code}", LOGS: expect.stringContaining("replace(self.container_logs") });
      // The command, run as Terraform runs it (/bin/sh -c): a non-zero exit fails with the log, 0 passes.
      const run = (exitCode: string) =>
        spawnSync("/bin/sh", ["-c", provisioner["local-exec"].command], { env: { NAME: `genesis-tracing-${name}`, EXIT_CODE: exitCode, LOGS: "first line\nlast line" }, encoding: "utf8" });
      expect(run("0")).toMatchObject({ status: 0, stderr: "" });
      expect(run("3")).toMatchObject({ status: 1, stderr: `genesis-tracing-${name} failed (exit code 3):\nfirst line\nlast line\n` });
    });
  });

  describe("Jaeger", () => {
    test.each([
      ["collector", [4317, 4318, 8888, 8889], "genesis-jaeger-writer", "WriterPassword"],
      ["query", [16686], "genesis-jaeger-reader", "ReaderPassword"],
    ])("%s runs its rendered config after the bootstrap, on loopback ports %j", (name, ports, user, password) => {
      const c = container(name as string);
      expect(c.command).toEqual(["--config", "/etc/jaeger/config/config.yaml"]);
      expect(c.depends_on).toEqual(["docker_container.ElasticsearchBootstrap_Script_92EA0080"]);
      expect(c.ports).toEqual((ports as number[]).map((port) => ({ internal: port, external: port, ip: "127.0.0.1", protocol: "tcp" })));
      const config = parse(upload(c, "/etc/jaeger/config/config.yaml"));
      expect(config.extensions.jaeger_storage.backends.genesis_elasticsearch.elasticsearch.auth.basic.username).toBe(user);
      expect(upload(c, "/etc/jaeger/elasticsearch-credentials/password")).toBe(`\${random_password.${password}.result}`);
      expect(c.healthcheck.test).toEqual(["CMD", "wget", "-q", "-O", "/dev/null", "http://localhost:13133/status"]);
      expect(c.restart).toBe("unless-stopped");
    });

    test("the collector gets the memory its storage queue is sized for", () => {
      expect(container("collector").memory).toBe(512);
      const bigger = synthLocal({ TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "1280" });
      expect(resourceNamed(bigger, "docker_container", "genesis-tracing-collector").memory).toBe(1280);
    });
  });

  describe("Prometheus and the Monitor tab", () => {
    const prometheus = container("prometheus");
    const queryConfig = parse(upload(container("query"), "/etc/jaeger/config/config.yaml"));

    test("query's Monitor tab reads the stack's Prometheus by its network name, at the connector's own names (local keeps every trace)", () => {
      expect(queryConfig.extensions.jaeger_query.storage).toEqual({ traces: "genesis_elasticsearch", metrics: "genesis_prometheus" });
      expect(queryConfig.extensions.jaeger_storage.metric_backends).toEqual({
        genesis_prometheus: {
          prometheus: {
            endpoint: "http://prometheus:9090",
            metric_namespace: "traces_span_metrics",
            latency_unit: "ms",
            normalize_calls: true,
            normalize_duration: true,
          },
        },
      });
      expect(prometheus.networks_advanced).toEqual([{ name: "${docker_network.Network.name}", aliases: ["prometheus"] }]);
    });

    test("scrapes the collector's own and span metrics and query's metrics as job genesis-tracing, and loads the tab's rules and the alerts", () => {
      const config = parse(upload(prometheus, "/etc/prometheus/prometheus.yml"));
      expect(config.scrape_configs[0]).toEqual({
        job_name: "genesis-tracing",
        static_configs: [{ targets: ["jaeger-collector:8888", "jaeger-collector:8889", "jaeger-query:8888"] }],
      });
      expect(config.rule_files).toEqual(["/etc/prometheus/rules/monitor-tab.yaml", "/etc/prometheus/rules/alerts.yaml"]);
      // Local keeps every trace (base rate 1): the span metrics are the traffic, nothing to scale.
      expect(parse(upload(prometheus, "/etc/prometheus/rules/monitor-tab.yaml"))).toEqual({ groups: [] });
      expect(upload(prometheus, "/etc/prometheus/rules/alerts.yaml")).toMatch(/^ {6}- alert: TracingNoSpansReceived$/m);
    });

    test("is a pinned, hardened, health-checked service on 127.0.0.1, its data on a volume kept as long as the traces and at most 1GB", () => {
      expect(synthesized).toHaveResourceWithProperties(Image, { name: "prom/prometheus:v3.12.0", keep_locally: true });
      expect(synthesized).toHaveResourceWithProperties(Volume, { name: "genesis-tracing-prometheus-data" });
      expect(prometheus.user).toBe("65534:0");
      expect(prometheus.memory).toBe(256);
      expect(prometheus.ports).toEqual([{ internal: 9090, external: 9090, ip: "127.0.0.1", protocol: "tcp" }]);
      expect(prometheus.volumes).toEqual([{ volume_name: "${docker_volume.Prometheus_Data_C4CC480F.name}", container_path: "/prometheus" }]);
      expect(prometheus.command).toEqual([
        "--config.file=/etc/prometheus/prometheus.yml",
        "--storage.tsdb.path=/prometheus",
        "--storage.tsdb.retention.time=7d",
        "--storage.tsdb.retention.size=1GB",
      ]);
      expect(prometheus.healthcheck.test).toEqual(["CMD", "wget", "-q", "-O", "/dev/null", "http://localhost:9090/-/ready"]);
    });
  });

  describe("certificates", () => {
    test("a CA valid 3 years, never replaced by a deploy, with a warning on every plan in its last year", () => {
      expect(synthesized).toHaveResourceWithProperties(SelfSignedCert, { is_ca_certificate: true, validity_period_hours: 1095 * 24 });
      expect(JSON.parse(synthesized).check.blue_ca_expiry.assert[0].condition).toContain(`"-${365 * 24}h"`);
    });

    test("server certificates valid 90 days, replaced by the first deploy in their last 30", () => {
      const leaves = Object.values(resourcesOf(synthesized, "tls_locally_signed_cert"));
      expect(leaves).toHaveLength(3);
      for (const leaf of leaves) {
        expect(leaf).toMatchObject({ validity_period_hours: 2160, early_renewal_hours: 720 });
      }
      expect(synthesized).toHaveResourceWithProperties(LocallySignedCert, {
        allowed_uses: ["digital_signature", "key_encipherment", "server_auth", "client_auth"],
      });
    });

    test("cover the network names and localhost", () => {
      const requests = Object.values(resourcesOf(synthesized, "tls_cert_request")).map((r) => r.dns_names);
      expect(requests).toEqual(
        expect.arrayContaining([
          ["elasticsearch", "genesis-tracing-elasticsearch", "localhost"],
          ["jaeger-collector", "localhost"],
          ["jaeger-query", "localhost"],
        ]),
      );
    });
  });

  test("writes the CA and SDK environment under .tracing/local for local services", () => {
    expect(synthesized).toHaveResourceWithProperties(File, {
      filename: "../../../.tracing/local/ca.crt",
      content: "${tls_self_signed_cert.CertificateAuthority_9B2AFD3C.cert_pem}",
    });
    const envFile = resourcesOf(synthesized, "local_file").ClientSdkEnvironment;
    expect(envFile.filename).toBe("../../../.tracing/local/sdk.env");
    expect(envFile.content).toContain("OTEL_EXPORTER_OTLP_CERTIFICATE=${abspath(local_file.ClientCaCertificate.filename)}\n");
    expect(envFile.content).toContain("OTLP_ENDPOINT=https://localhost:4317\n");
  });

  test("writes a second SDK environment for services in containers on the tracing network, with the CA where prod's pods mount it", () => {
    const envFile = resourcesOf(synthesized, "local_file").ClientSdkContainerEnvironment;
    expect(envFile.filename).toBe("../../../.tracing/local/sdk.container.env");
    const env = Object.fromEntries(envFile.content.trim().split("\n").map((line: string) => line.split(/=(.*)/s).slice(0, 2)));
    expect(env).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://jaeger-collector:4317",
      OTLP_ENDPOINT: "https://jaeger-collector:4317",
      JAEGER_UI_URL: "https://jaeger-query:16686",
      OTEL_EXPORTER_OTLP_CERTIFICATE: "/etc/genesis-tracing/ca.crt",
      OTEL_TRACES_SAMPLER: "parentbased_always_on",
    });
    // Nothing else differs from the laptop's file: the same sampling, limits and batching.
    const laptop = Object.fromEntries(resourcesOf(synthesized, "local_file").ClientSdkEnvironment.content.trim().split("\n").map((line: string) => line.split(/=(.*)/s).slice(0, 2)));
    const differing = Object.keys(env).filter((key) => env[key] !== laptop[key]);
    expect(differing.sort()).toEqual(["JAEGER_UI_URL", "OTEL_EXPORTER_OTLP_CERTIFICATE", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTLP_ENDPOINT"]);
  });

  test.each([
    ["sdk.env", "ClientSdkEnvironment"],
    ["sdk.container.env", "ClientSdkContainerEnvironment"],
  ])("every host %s dials is a DNS name of the certificate serving it", (_, id) => {
    const content: string = resourcesOf(synthesized, "local_file")[id].content;
    const hostOf = (key: string) => new URL(new RegExp(`^${key}=(.*)$`, "m").exec(content)?.[1] as string).hostname;
    // The certificate whose request names the component (the collector's or the query's).
    const namesOf = (component: string) =>
      Object.values<any>(resourcesOf(synthesized, "tls_cert_request")).find((r) => r.subject[0].common_name === component).dns_names;
    for (const key of ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTLP_ENDPOINT"]) expect(namesOf("jaeger-collector")).toContain(hostOf(key));
    expect(namesOf("jaeger-query")).toContain(hostOf("JAEGER_UI_URL"));
  });

  test("writes the alert rules and the Grafana dashboard next to the SDK environment", () => {
    const files = resourcesOf(synthesized, "local_file");
    expect(files.ClientAlertRules.filename).toBe("../../../.tracing/local/prometheus-rules.yaml");
    expect(parse(files.ClientAlertRules.content).groups[0].rules[0].expr).toContain('{job="genesis-tracing"}');
    expect(files.ClientDashboard.filename).toBe("../../../.tracing/local/grafana-dashboard.json");
    // Terraform reads `$${` as a literal `${` (Grafana's datasource variable).
    expect(JSON.parse(files.ClientDashboard.content.replace(/\$\$\{/g, "${")).title).toBe("Genesis tracing backend");
  });

  test("outputs the UI URL and the OTLP endpoints", () => {
    const outputs = JSON.parse(synthesized).output;
    expect(outputs.jaeger_ui_url.value).toBe("https://localhost:16686");
    expect(outputs.otlp_grpc_endpoint.value).toBe("https://localhost:4317");
    expect(outputs.otlp_http_endpoint.value).toBe("https://localhost:4318");
  });

  test("snapshot", () => {
    expect(JSON.parse(synthesized)).toMatchSnapshot();
  });
});

test.each([
  [30, "30s"],
  [90, "1m30s"],
  [120, "2m0s"],
  [3600, "1h0m0s"],
  [3725, "1h2m5s"],
])("%i seconds are written %s, as Go's time.Duration prints them", (seconds, written) => {
  expect(goDuration(seconds)).toBe(written);
});

test("sdk.env is refused before it is written where the project's path would need quoting (it must work sourced and as docker --env-file)", () => {
  const envFile = Object.values<any>(resourcesOf(synthesized, "local_file")).find((f) => f.filename.endsWith("/sdk.env"));
  const [precondition] = envFile.lifecycle.precondition;
  const pattern = /regex\("(.+)", abspath\(local_file\.ClientCaCertificate\.filename\)\)/.exec(precondition.condition)?.[1] as string;
  const unquoted = new RegExp(pattern);
  expect(["/home/ops/genesis-tracing/.tracing/local/ca.crt", "C:/work/genesis/.tracing/local/ca.crt"].map((p) => unquoted.test(p))).toEqual([true, true]);
  expect(["/Users/Jane Doe/genesis/.tracing/local/ca.crt", "/srv/a$b/ca.crt", "/srv/it's/ca.crt"].map((p) => unquoted.test(p))).toEqual([false, false, false]);
  expect(precondition.error_message).toContain("move it (got ${abspath(local_file.ClientCaCertificate.filename)})");
});

test("TRACING_HOST_PORT_* move the ports published on 127.0.0.1, the containers keep theirs", () => {
  const moved = JSON.parse(synthLocal({ TRACING_HOST_PORT_OTLP_GRPC: "14317", TRACING_HOST_PORT_ELASTICSEARCH: "19200" }));
  const ports = Object.values<any>(moved.resource.docker_container).flatMap((c) => c.ports ?? []);
  expect(ports).toEqual(expect.arrayContaining([
    { internal: 4317, external: 14317, ip: "127.0.0.1", protocol: "tcp" },
    { internal: 9200, external: 19200, ip: "127.0.0.1", protocol: "tcp" },
  ]));
  expect(moved.output.otlp_grpc_endpoint.value).toBe("https://localhost:14317");
});

describe("local stack in collector sampling mode", () => {
  // The shared synth of test/global-setup.ts, local side.
  const sampled = JSON.stringify(stackDocuments(collectorModeSynth()).local);
  const collector = resourceNamed(sampled, "docker_container", "genesis-tracing-collector");
  const config = parse(upload(collector, "/etc/jaeger/config/config.yaml"));

  test("the one collector takes the clients' OTLP and applies the same policy as prod's collectors", () => {
    const prod = parse(renderCollectorConfigYaml());
    // The same rules; only the base rate is each stack's own (local keeps every trace).
    const withoutBase = (policies: any[]) => policies.filter((p) => p.name !== "base");
    expect(withoutBase(config.processors.tail_sampling.policies)).toEqual(withoutBase(prod.processors.tail_sampling.policies));
    expect(config.processors.tail_sampling.policies.find((p: any) => p.name === "base").probabilistic.sampling_percentage).toBe(100);
    expect(config.service.pipelines.traces.receivers).toEqual(["otlp"]);
    expect(config.service.pipelines["traces/sampled"].processors).toEqual(["tail_sampling", "batch"]);
    // Sized for one collector at the laptop's design rate (50 spans/s).
    expect(config.processors.tail_sampling.num_traces).toBe(170);
  });

  test("no gateway container, the same published ports, and the SDK file exports every span to the collector", () => {
    expect(Object.values<any>(resourcesOf(sampled, "docker_container")).map((c) => c.name).filter((n: string) => /gateway/.test(n))).toEqual([]);
    expect(collector.ports.map((p: any) => Number(p.external)).sort((a: number, b: number) => a - b)).toEqual([4317, 4318, 8888, 8889]);
    const env = Object.values<any>(resourcesOf(sampled, "local_file")).find((f) => /sdk\.env$/.test(f.filename)).content;
    expect(env).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT=https:\/\/localhost:4317$/m);
    expect(env).toMatch(/^OTEL_TRACES_SAMPLER=parentbased_always_on$/m);
    expect(env).toMatch(/^TRACE_SAMPLING_MODE=collector$/m);
  });
});

/** Prod's collector config in collector mode, as the prod stack renders it. */
function renderCollectorConfigYaml(): string {
  const prod = stackDocuments(collectorModeSynth()).prod;
  return Object.values<any>(prod.resource.kubernetes_config_map_v1).find((m) => m.metadata.name === "jaeger-collector-config").data["config.yaml"];
}
