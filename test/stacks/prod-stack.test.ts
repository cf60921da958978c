import "./jest-matchers";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Testing } from "cdktf";
import { parse } from "yaml";
import { ElasticsearchBootstrapJob, type ElasticsearchBootstrapJobProps } from "../../constructs/kubernetes/elasticsearch-bootstrap-job";
import { ElasticsearchUsers } from "../../constructs/kubernetes/elasticsearch-users";
import { QueryIngress } from "../../constructs/kubernetes/query-ingress";
import { renderBootstrapScript } from "../../tracing/elasticsearch/bootstrap-script";
import { resolveSettings } from "../../tracing/checked-settings";
import { prodTopology } from "../../tracing/topology/topology";
import { namespaceOf, stackGraph } from "../../tools/terraform-graph";
import { resourceNamed, resourcesOf, synthProd } from "./synth";
import { stackDocuments } from "../../tools/synth-documents";
import { certManagerSynth } from "../default-synth";
import { evaluate, type Pod } from "../../tools/network-policy-evaluator";
import { prodClusterModel } from "../../tools/prod-cluster-model";

const synthesized = synthProd();
const doc = JSON.parse(synthesized);
const graph = stackGraph(doc);
const byMetadataName = (type: string, name: string, namespace = "tracing") => {
  const matches = Object.entries<any>(resourcesOf(synthesized, type))
    .filter(([id, r]) => r.metadata.name === name && namespaceOf(graph, `${type}.${id}`) === namespace)
    .map(([, r]) => r);
  if (matches.length !== 1) throw new Error(`expected one ${type} ${name}, found ${matches.length}`);
  return matches[0];
};
const deployment = (name: string) => byMetadataName("kubernetes_deployment_v1", name);
const podSpec = (name: string) => deployment(name).spec.template.spec;
const release = (name: string) => resourceNamed(synthesized, "helm_release", name);

describe("prod stack", () => {
  describe("providers and state", () => {
    test("Kubernetes and Helm use the kubeconfig from settings", () => {
      expect(synthesized).toHaveProviderWithProperties(KubernetesProvider, { config_path: "~/.kube/config" });
      expect(synthesized).toHaveProviderWithProperties(HelmProvider, { kubernetes: { config_path: "~/.kube/config" } });
    });

    test("a context can be chosen, or the pod's in-cluster service account", () => {
      const withContext = JSON.parse(synthProd({ TRACING_KUBE_CONTEXT: "prod-eu" })).provider.kubernetes[0];
      expect(withContext).toEqual({ config_path: "~/.kube/config", config_context: "prod-eu" });
      const inCluster = JSON.parse(synthProd({ TRACING_KUBECONFIG: "in-cluster" })).provider;
      expect(inCluster.kubernetes[0]).toEqual({});
      expect(inCluster.helm[0]).toEqual({ kubernetes: {} });
    });

    test("state is local by default, at the project root", () => {
      expect(doc.terraform.backend).toEqual({ local: { path: "../../../terraform.prod.tfstate" } });
    });

    test.each([
      [
        "s3://genesis-terraform/tracing?region=eu-west-1",
        { s3: { bucket: "genesis-terraform", key: "tracing/prod.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true } },
      ],
      ["gcs://genesis-terraform/tracing", { gcs: { bucket: "genesis-terraform", prefix: "tracing/prod" } }],
      [
        "kubernetes://terraform/genesis-tracing",
        { kubernetes: { namespace: "terraform", secret_suffix: "genesis-tracing-prod", config_path: "~/.kube/config" } },
      ],
    ])("TRACING_STATE_BACKEND=%s gives a backend keyed by stack", (spec, backend) => {
      expect(JSON.parse(synthProd({ TRACING_STATE_BACKEND: spec })).terraform.backend).toEqual(backend);
    });
  });

  test("the namespace enforces, audits and warns Pod Security `restricted`", () => {
    expect(synthesized).toHaveResourceWithProperties(NamespaceV1, {
      metadata: {
        name: "tracing",
        labels: expect.objectContaining({
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/warn": "restricted",
        }),
      },
    });
  });

  describe("Elasticsearch through ECK", () => {
    const helmValues = (file: string) => readFileSync(join(__dirname, "../../helm-values", file), "utf8");

    test("the operator chart is pinned, from Elastic's repository, watching only the tracing namespace", () => {
      const operator = release("elastic-operator");
      expect(operator).toMatchObject({
        chart: "eck-operator",
        repository: "https://helm.elastic.co",
        version: "3.5.0",
        namespace: "elastic-system",
      });
      expect(parse(operator.values[0])).toEqual(parse(helmValues("eck-operator.yaml")));
      expect(parse(operator.values[1])).toEqual({
        managedNamespaces: ["tracing"],
        image: { repository: "docker.elastic.co/eck/eck-operator", tag: "3.5.0" },
        // Metrics on plain HTTP from the pod (secureMode needs a ClusterRole), for the paste-in job:
        // no PodMonitor without the Prometheus Operator.
        config: { metrics: { port: "9090", secureMode: { enabled: false } } },
        podLabels: { "app.kubernetes.io/part-of": "genesis-tracing" },
        podMonitor: { enabled: false },
      });
      expect(parse(helmValues("eck-operator.yaml")).podSecurityContext.seccompProfile).toEqual({ type: "RuntimeDefault" });
    });

    test("the operator is namespace-scoped: the chart's restricted profile, with the tracing namespace managed", () => {
      const operator = release("elastic-operator");
      const [base, computed] = operator.values.map((v: string) => parse(v));
      // Helm merges the second values file into the first key by key (`config` holds keys of both).
      const values = { ...base, ...computed, config: { ...base.config, ...computed.config } };
      // deploy/eck-operator/profile-restricted.yaml at elastic/cloud-on-k8s v3.5.0, managedNamespaces ours.
      const restricted = { managedNamespaces: ["tracing"], createClusterScopedResources: false, installCRDs: false, webhook: { enabled: false }, config: { validateStorageClass: false } };
      expect(values).toMatchObject(restricted);
      // No node reads either: nothing copies node labels.
      expect(values.config.exposedNodeLabels).toEqual([]);
    });

    test("the CRDs come first, from their own release that keeps nothing else", () => {
      const crds = release("elastic-operator-crds");
      expect(crds).toMatchObject({ chart: "eck-operator-crds", repository: "https://helm.elastic.co", version: "3.5.0", namespace: "elastic-system", create_namespace: true });
      expect(crds.lifecycle.prevent_destroy).toBe(false);
      const crdsAddress = Object.entries<any>(doc.resource.helm_release).find(([, r]) => r.name === "elastic-operator-crds")![0];
      // The operator's Role and RoleBinding go into the tracing namespace: it must exist first.
      const namespaceAddress = Object.keys(doc.resource.kubernetes_namespace_v1)[0];
      expect(release("elastic-operator").depends_on).toEqual([`helm_release.${crdsAddress}`, `kubernetes_namespace_v1.${namespaceAddress}`]);
    });

    test("the cluster chart is pinned and runs the local stack's Elasticsearch version", () => {
      const cluster = release("elasticsearch");
      expect(cluster).toMatchObject({ chart: "eck-elasticsearch", repository: "https://helm.elastic.co", version: "0.20.0" });
      expect(parse(cluster.values[0])).toEqual(parse(helmValues("elasticsearch.yaml")));
      const values = parse(cluster.values[1]);
      expect(values.fullnameOverride).toBe("genesis");
      expect(values.version).toBe(resolveSettings("local").images.elasticsearch.tag);
      expect(cluster.depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^helm_release\.EckOperator_Release_/), expect.stringMatching(/^kubernetes_network_policy_v1\./)]),
      );
    });

    test("three nodes with a 2 GB heap, twice that memory, 30 GiB volumes, one per host", () => {
      const [nodeSet] = parse(release("elasticsearch").values[1]).nodeSets;
      expect(nodeSet.count).toBe(3);
      expect(nodeSet.config).toEqual({ "node.store.allow_mmap": false, "ingest.geoip.downloader.enabled": false });
      const [container] = nodeSet.podTemplate.spec.containers;
      expect(container.env).toEqual([{ name: "ES_JAVA_OPTS", value: "-Xms2g -Xmx2g" }]);
      expect(container.resources).toEqual({ requests: { cpu: "1", memory: "4096Mi" }, limits: { memory: "4096Mi" } });
      expect(nodeSet.podTemplate.spec.securityContext).toBeUndefined();
      expect(nodeSet.volumeClaimTemplates).toEqual([
        {
          metadata: { name: "elasticsearch-data" },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "30Gi" } } },
        },
      ]);
      expect(nodeSet.podTemplate.spec.topologySpreadConstraints[0]).toMatchObject({
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "DoNotSchedule",
      });
    });

    test("volumes survive the release's removal and use the StorageClass from settings", () => {
      expect(parse(helmValues("elasticsearch.yaml")).volumeClaimDeletePolicy).toBe("DeleteOnScaledownOnly");
      const withClass = synthProd({ TRACING_STORAGE_CLASS: "fast-ssd" });
      const [nodeSet] = parse(resourceNamed(withClass, "helm_release", "elasticsearch").values[1]).nodeSets;
      expect(nodeSet.volumeClaimTemplates[0].spec.storageClassName).toBe("fast-ssd");
    });

    test("Jaeger's file-realm users: a basic-auth Secret each, written write-only, the roles file in an Opaque Secret, and the cluster waits for all five", () => {
      const writer = byMetadataName("kubernetes_secret_v1", "genesis-jaeger-writer");
      expect(writer).toMatchObject({
        type: "kubernetes.io/basic-auth",
        data_wo: { username: "genesis-jaeger-writer", roles: "genesis-jaeger-writer", password: "${ephemeral.random_password.writer_password.result}" },
        data_wo_revision: 1,
      });
      const roles = byMetadataName("kubernetes_secret_v1", "genesis-jaeger-roles");
      expect(roles.type).toBe("Opaque");
      const rolesFile = parse(roles.data["roles.yml"]);
      expect(Object.keys(rolesFile)).toEqual(["genesis-jaeger-writer", "genesis-jaeger-reader", "genesis-jaeger-monitor", "genesis-jaeger-bootstrap"]);
      expect(rolesFile["genesis-jaeger-reader"]).toEqual({ cluster: ["monitor"], indices: [{ names: ["genesis-jaeger-*"], privileges: ["read", "view_index_metadata"] }] });
      // ECK reads the users at the cluster's start: the release must not come first.
      const waitsFor = release("elasticsearch").depends_on.filter((address: string) => address.startsWith("kubernetes_secret_v1.ElasticsearchUsers_"));
      expect(waitsFor.map((address: string) => address.split("_")[3])).toEqual(["writer", "reader", "monitor", "bootstrap", "Roles"]);
    });

    test("a user of several roles gets ECK's comma list; asking for a user not placed names it", () => {
      let users!: ElasticsearchUsers;
      const synthesizedUsers = Testing.synthScope((scope) => {
        users = new ElasticsearchUsers(scope, "Users", {
          namespace: "tracing",
          users: [{ access: "reader", secretName: "reader-user", username: "reader", password: "not-a-secret", roles: ["genesis-jaeger-reader", "viewer"] }],
          revision: 1,
          roles: { secretName: "roles", rolesYaml: "{}" },
        });
      });
      const readerSecret = Object.values<any>(resourcesOf(synthesizedUsers, "kubernetes_secret_v1")).find((secret) => secret.metadata.name === "reader-user");
      expect(readerSecret.data_wo.roles).toBe("genesis-jaeger-reader,viewer");
      expect(() => users.passwordOf("writer")).toThrow("no Elasticsearch user for writer");
    });
  });

  describe("bootstrap Job", () => {
    const job = Object.values<any>(resourcesOf(synthesized, "kubernetes_job_v1"))[0];
    const spec = job.spec.template.spec;

    const [init] = spec.init_container;
    const [main] = spec.container;
    const mountsOf = (c: any) => c.volume_mount.map((m: any) => [m.name, m.mount_path, m.read_only ?? false]);

    test("copies the es-rollover binary out of its image, then runs the script in the Elasticsearch image; the deploy waits", () => {
      expect(job.wait_for_completion).toBe(true);
      expect(spec.init_container.map((c: any) => [c.name, c.image])).toEqual([["es-rollover-binary", "jaegertracing/jaeger-es-rollover:2.20.0"]]);
      expect(init.command).toEqual(["/bin/cp", "/go/bin/es-rollover", "/bootstrap/bin/es-rollover"]);
      expect(mountsOf(init)).toEqual([["bin", "/bootstrap/bin", false]]);
      expect(spec.container.map((c: any) => [c.name, c.image])).toEqual([["bootstrap", "docker.elastic.co/elasticsearch/elasticsearch:9.5.0"]]);
      expect(main.command).toEqual(["/bin/sh", "/bootstrap/script/bootstrap.sh"]);
      expect(main.env).toBeUndefined();
    });

    test("the script container mounts the binary read-only and gets a writable /tmp, both emptyDirs", () => {
      expect(mountsOf(main)).toEqual([
        ["script", "/bootstrap/script", true],
        ["elasticsearch-ca", "/bootstrap/elasticsearch-ca", true],
        ["secrets", "/bootstrap/secrets", true],
        ["bin", "/bootstrap/bin", true],
        ["tmp", "/tmp", false],
      ]);
      const volume = (name: string) => spec.volume.find((v: any) => v.name === name);
      expect(volume("bin")).toEqual({ name: "bin", empty_dir: { size_limit: "128Mi" } });
      expect(volume("tmp")).toEqual({ name: "tmp", empty_dir: { size_limit: "16Mi" } });
    });

    test("failed pods keep their logs: never restarted in place, retried by the Job in new pods", () => {
      expect(spec.restart_policy).toBe("Never");
      expect(job.spec.backoff_limit).toBe(6);
    });

    test("starts once the Elasticsearch release is applied, and gives up after 30 minutes, as long as the deploy waits for it", () => {
      expect(job.depends_on.filter((address: string) => !address.startsWith("kubernetes_network_policy_v1."))).toEqual(["helm_release.Elasticsearch_Release_A871BF16"]);
      expect(job.spec.active_deadline_seconds).toBe(1800);
      expect(job.timeouts).toEqual({ create: "30m", update: "30m" });
    });

    test("the script runs as the Elasticsearch image's uid in the group that owns the mounted files; the copy as es-rollover's uid", () => {
      expect(spec.security_context).toMatchObject({ run_as_user: "10001", fs_group: "10001" });
      expect(main.security_context).toMatchObject({ run_as_user: "1000", run_as_group: "10001" });
      expect(init.security_context).toMatchObject({ run_as_user: "10001", run_as_group: "10001" });
      expect(spec).toMatchObject({ automount_service_account_token: false, enable_service_links: false });
    });

    test("both containers are small, with their requests as limits, and pull their images only when missing", () => {
      expect(init.resources).toEqual({ requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "50m", memory: "64Mi" } });
      expect(main.resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "100m", memory: "128Mi" } });
      expect([init.image_pull_policy, main.image_pull_policy]).toEqual(["IfNotPresent", "IfNotPresent"]);
    });

    test("the Job, its pods and its script are labelled as the bootstrap component of genesis-tracing, managed by Terraform", () => {
      const labels = {
        "app.kubernetes.io/name": "jaeger",
        "app.kubernetes.io/instance": "genesis-tracing",
        "app.kubernetes.io/component": "elasticsearch-bootstrap",
        "app.kubernetes.io/part-of": "genesis-tracing",
        "app.kubernetes.io/managed-by": "terraform",
      };
      expect(job.metadata.labels).toEqual(labels);
      expect(job.spec.template.metadata.labels).toEqual(labels);
      expect(byMetadataName("kubernetes_config_map_v1", "jaeger-elasticsearch-bootstrap-script").metadata.labels).toEqual(labels);
    });

    test("the script is the rendered one, kept literal for Terraform (its curl `%{http_code}` is not a template)", () => {
      const configMap = byMetadataName("kubernetes_config_map_v1", "jaeger-elasticsearch-bootstrap-script");
      expect(spec.volume.find((v: any) => v.name === "script")).toEqual({
        name: "script",
        config_map: { name: "${kubernetes_config_map_v1.ElasticsearchBootstrap_Script_CF19D1FB.metadata[0].name}", default_mode: "0440" },
      });
      const rendered = renderBootstrapScript(resolveSettings("prod"), { elasticsearchUrl: "https://genesis-es-http.tracing.svc:9200", users: "none" });
      expect(rendered).toContain("'%{http_code}'");
      expect(configMap.data["bootstrap.sh"]).toBe(rendered.replace(/%\{/g, "%%{"));
      expect(rendered).toContain("export REPLICAS='1'");
    });

    test("reads only the scoped bootstrap user's password, from its file-realm Secret as a file, and the CA from the trust bundle", () => {
      const bootstrapUser = Object.entries<any>(doc.resource.kubernetes_secret_v1).find(([, s]) => s.metadata.name === "genesis-jaeger-bootstrap")![0];
      expect(spec.volume.find((v: any) => v.name === "secrets").secret).toEqual({
        secret_name: `\${kubernetes_secret_v1.${bootstrapUser}.metadata[0].name}`,
        default_mode: "0440",
        items: [{ key: "password", path: "bootstrap-password" }],
      });
      expect(spec.volume.find((v: any) => v.name === "elasticsearch-ca").config_map.name).toBe("${kubernetes_config_map_v1.TrustBundle.metadata[0].name}");
      for (const c of [...spec.init_container, ...spec.container]) {
        for (const e of c.env ?? []) expect(e.name).not.toMatch(/PASSWORD/);
      }
    });

    test("a changed bootstrap is a new Job (Jobs are immutable)", () => {
      const other = Object.values<any>(resourcesOf(synthProd({ TRACE_RETENTION_DAYS: "8", PROD_ES_DISK_GIB: "30" }), "kubernetes_job_v1"))[0];
      expect(other.metadata.name).not.toBe(job.metadata.name);
      expect(job.metadata.name).toMatch(/^jaeger-elasticsearch-bootstrap-[0-9a-f]{8}$/);
    });

    test("the Job's name follows the script and both images; other props keep it", () => {
      const base: ElasticsearchBootstrapJobProps = {
        group: prodTopology(resolveSettings("prod")).elasticsearchBootstrap,
        elasticsearchImage: "elasticsearch:9.5.0",
        esRolloverImage: "jaeger-es-rollover:2.20.0",
        script: "#!/bin/sh\n",
        trustBundle: { configMapName: "genesis-tracing-ca", pem: "PEM" },
        credentials: { secretName: "genesis-jaeger-bootstrap", key: "password", mountedAt: "/bootstrap/secrets/bootstrap-password" },
        dependsOn: [],
      };
      const nameWith = (change: Partial<ElasticsearchBootstrapJobProps>) => {
        const synthesizedJob = Testing.synthScope((scope) => new ElasticsearchBootstrapJob(scope, "Bootstrap", { ...base, ...change }));
        return Object.values<any>(resourcesOf(synthesizedJob, "kubernetes_job_v1"))[0].metadata.name;
      };
      const unchanged = nameWith({});
      // The hash's input is part of the upgrade contract: a package release that changed it
      // would rename every cluster's Job and re-run the bootstrap. sha256 of
      // JSON ["#!/bin/sh\n","elasticsearch:9.5.0","jaeger-es-rollover:2.20.0"], first 8 hex digits.
      expect(unchanged).toBe("jaeger-elasticsearch-bootstrap-4c8fe4b3");
      expect(nameWith({ script: "#!/bin/sh\nexit 0\n" })).not.toBe(unchanged);
      expect(nameWith({ esRolloverImage: "jaeger-es-rollover:2.21.0" })).not.toBe(unchanged);
      expect(nameWith({ elasticsearchImage: "elasticsearch:9.5.1" })).not.toBe(unchanged);
      expect(nameWith({ credentials: { ...base.credentials, secretName: "other" }, dependsOn: [] })).toBe(unchanged);
      // Scheduling counts only when set: a cluster without it keeps its Job's name.
      expect(nameWith({ scheduling: {} })).toBe(unchanged);
      expect(nameWith({ scheduling: { priorityClassName: "tracing-high" } })).not.toBe(unchanged);
    });
  });

  describe("Jaeger", () => {
    test("the collector: 2 replicas, autoscaled to 6, OTLP and metrics behind a Service", () => {
      expect(deployment("jaeger-collector").spec.replicas).toBe("2");
      expect(deployment("jaeger-collector").lifecycle).toEqual({ ignore_changes: ["spec[0].replicas"] });
      const hpa = byMetadataName("kubernetes_horizontal_pod_autoscaler_v2", "jaeger-collector");
      expect(hpa.spec).toMatchObject({ min_replicas: 2, max_replicas: 6 });
      expect(byMetadataName("kubernetes_service_v1", "jaeger-collector").spec.port.map((p: any) => [p.name, p.port])).toEqual([
        ["otlp-grpc", 4317],
        ["otlp-http", 4318],
        ["metrics", 8888],
        ["span-metrics", 8889],
      ]);
    });

    test("the collector gets the memory its storage queue is sized for", () => {
      const [container] = podSpec("jaeger-collector").container;
      expect(container.resources.limits.memory).toBe("512Mi");
      const bigger = synthProd({ TRACING_COLLECTOR_MEMORY_LIMIT_MIB: "1280" });
      const collector = Object.values<any>(resourcesOf(bigger, "kubernetes_deployment_v1")).find((d) => d.metadata.name === "jaeger-collector");
      expect(collector.spec.template.spec.container[0].resources.limits.memory).toBe("1280Mi");
    });

    test("the query service: 2 replicas, UI and gRPC API behind a Service, no public exposure by default", () => {
      expect(deployment("jaeger-query").spec.replicas).toBe("2");
      expect(byMetadataName("kubernetes_service_v1", "jaeger-query").spec).toMatchObject({ type: "ClusterIP" });
      expect(byMetadataName("kubernetes_service_v1", "jaeger-query").spec.port.map((p: any) => p.port)).toEqual([16686, 16685, 8888]);
      expect(resourcesOf(synthesized, "kubernetes_ingress_v1")).toEqual({});
    });

    test.each(["jaeger-collector", "jaeger-query"])("%s keeps one pod through voluntary disruptions", (name) => {
      expect(byMetadataName("kubernetes_pod_disruption_budget_v1", name).spec.min_available).toBe("1");
    });

    test("runs the config of its ConfigMap and rolls when it changes", () => {
      // What the config says is checked against written-out values in examples.test.ts.
      const config = byMetadataName("kubernetes_config_map_v1", "jaeger-collector-config").data["config.yaml"];
      expect(parse(config).extensions.jaeger_storage.backends.genesis_elasticsearch.elasticsearch.server_urls).toEqual(["https://genesis-es-http.tracing.svc:9200"]);
      expect(podSpec("jaeger-collector").container[0].args).toEqual(["--config", "/etc/jaeger/config/config.yaml"]);
      expect(deployment("jaeger-collector").spec.template.metadata.annotations["checksum/config"]).toBe(createHash("sha256").update(config).digest("hex"));
    });

    test("probes healthcheckv2 on 13133 /status", () => {
      const [container] = podSpec("jaeger-collector").container;
      const probe = { http_get: { path: "/status", port: "13133", scheme: "HTTP" } };
      expect(container.readiness_probe).toMatchObject(probe);
      expect(container.liveness_probe).toMatchObject(probe);
    });

    test("mounts its certificate, Elasticsearch's CA and its own password read-only, without subPath", () => {
      const [container] = podSpec("jaeger-query").container;
      expect(container.volume_mount.map((m: any) => [m.mount_path, m.read_only ?? false])).toEqual([
        ["/etc/jaeger/config", true],
        ["/etc/jaeger/tls", true],
        ["/etc/jaeger/elasticsearch-ca", true],
        ["/etc/jaeger/elasticsearch-credentials", true],
        ["/tmp", false],
      ]);
      expect(container.volume_mount.some((m: any) => m.sub_path)).toBe(false);
      const credentials = podSpec("jaeger-query").volume.find((v: any) => v.name === "elasticsearch-credentials");
      expect(credentials.secret).toMatchObject({ secret_name: expect.stringMatching(/^\$\{kubernetes_secret_v1\.ElasticsearchUsers_reader_\w+\.metadata\[0\]\.name\}$/), items: [{ key: "password", path: "password" }] });
    });

    test("the collector's pods roll one at a time with none missing, spread over hosts and zones, probed on the health port", () => {
      const selector = { "app.kubernetes.io/name": "jaeger", "app.kubernetes.io/instance": "genesis-tracing", "app.kubernetes.io/component": "collector" };
      expect(deployment("jaeger-collector").spec.strategy).toEqual({ type: "RollingUpdate", rolling_update: { max_unavailable: "0", max_surge: "1" } });
      const pod = podSpec("jaeger-collector");
      expect(pod.topology_spread_constraint).toEqual(
        ["kubernetes.io/hostname", "topology.kubernetes.io/zone"].map((key) => ({ max_skew: 1, topology_key: key, when_unsatisfiable: "ScheduleAnyway", label_selector: [{ match_labels: selector }] })),
      );
      const [container] = pod.container;
      const health = { http_get: { path: "/status", port: "13133", scheme: "HTTP" }, period_seconds: 10, timeout_seconds: 3 };
      expect(container.readiness_probe).toEqual({ ...health, failure_threshold: 3 });
      expect(container.liveness_probe).toEqual({ ...health, initial_delay_seconds: 10, failure_threshold: 6 });
      expect(container.port.map((p: any) => [p.name, p.container_port, p.protocol])).toEqual([
        ["otlp-grpc", 4317, "TCP"],
        ["otlp-http", 4318, "TCP"],
        ["metrics", 8888, "TCP"],
        ["span-metrics", 8889, "TCP"],
        ["health", 13133, "TCP"],
      ]);
      expect(container.resources).toEqual({ requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "512Mi" } });
      expect(container).toMatchObject({ name: "jaeger", image_pull_policy: "IfNotPresent" });
      expect(pod.volume.find((v: any) => v.name === "tmp")).toEqual({ name: "tmp", empty_dir: { size_limit: "64Mi" } });
      expect(deployment("jaeger-collector").spec.selector).toEqual({ match_labels: selector });
      expect(pod.enable_service_links).toBe(false);
      expect(container.volume_mount.map((m: any) => [m.name, m.mount_path])).toEqual([
        ["config", "/etc/jaeger/config"],
        ["tls", "/etc/jaeger/tls"],
        ["elasticsearch-ca", "/etc/jaeger/elasticsearch-ca"],
        ["elasticsearch-credentials", "/etc/jaeger/elasticsearch-credentials"],
        ["tmp", "/tmp"],
      ]);
      expect(pod.volume.find((v: any) => v.name === "config")).toEqual({
        name: "config",
        config_map: { name: "${kubernetes_config_map_v1.Collector_Config_1E69DF8A.metadata[0].name}", default_mode: "0440" },
      });
    });

    test("only the collector is autoscaled, and only its replica count is left to the autoscaler", () => {
      expect(Object.values<any>(resourcesOf(synthesized, "kubernetes_horizontal_pod_autoscaler_v2")).map((hpa) => hpa.metadata.name)).toEqual(["jaeger-collector"]);
      expect(deployment("jaeger-query").lifecycle).toBeUndefined();
    });

    test("the collector's own certificate: a TLS Secret with the CA, of which the pods mount only the pair", () => {
      const secret = byMetadataName("kubernetes_secret_v1", "jaeger-collector-tls");
      expect(secret.type).toBe("kubernetes.io/tls");
      expect(Object.keys(secret.data).sort()).toEqual(["ca.crt", "tls.crt", "tls.key"]);
      expect(secret.data["ca.crt"]).toBe("${tls_self_signed_cert.CertificateAuthority_9B2AFD3C.cert_pem}");
      expect(podSpec("jaeger-collector").volume.find((v: any) => v.name === "tls").secret).toEqual({
        secret_name: "${kubernetes_secret_v1.Collector_Tls_DE9C5539.metadata[0].name}",
        default_mode: "0440",
        items: [
          { key: "tls.crt", path: "tls.crt" },
          { key: "tls.key", path: "tls.key" },
        ],
      });
    });

    test("the collector's autoscaler scales its Deployment at 70 % CPU; its Service ports target the named container ports with their protocols", () => {
      expect(byMetadataName("kubernetes_horizontal_pod_autoscaler_v2", "jaeger-collector").spec).toEqual({
        scale_target_ref: { api_version: "apps/v1", kind: "Deployment", name: "${kubernetes_deployment_v1.Collector_Deployment_9F2EDEF5.metadata[0].name}" },
        min_replicas: 2,
        max_replicas: 6,
        metric: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", average_utilization: 70 } } }],
      });
      const service = byMetadataName("kubernetes_service_v1", "jaeger-collector");
      expect(service.spec.port.map((p: any) => [p.name, p.target_port, p.protocol, p.app_protocol])).toEqual([
        ["otlp-grpc", "otlp-grpc", "TCP", "grpc"],
        ["otlp-http", "otlp-http", "TCP", "https"],
        ["metrics", "metrics", "TCP", "http"],
        ["span-metrics", "span-metrics", "TCP", "http"],
      ]);
      // Every object of the role carries the image's version; selectors never do.
      for (const type of ["kubernetes_deployment_v1", "kubernetes_service_v1", "kubernetes_pod_disruption_budget_v1", "kubernetes_config_map_v1"]) {
        const name = type === "kubernetes_config_map_v1" ? "jaeger-collector-config" : "jaeger-collector";
        expect({ type, version: byMetadataName(type, name).metadata.labels["app.kubernetes.io/version"] }).toEqual({ type, version: "2.20.0" });
      }
      expect(deployment("jaeger-collector").spec.template.metadata.labels["app.kubernetes.io/version"]).toBe("2.20.0");
    });

    test("certificates name the Service in every form clients use", () => {
      const requests = Object.values<any>(resourcesOf(synthesized, "tls_cert_request")).map((r) => r.dns_names);
      expect(requests).toContainEqual([
        "jaeger-collector",
        "jaeger-collector.tracing",
        "jaeger-collector.tracing.svc",
        "jaeger-collector.tracing.svc.cluster.local",
      ]);
    });
  });

  describe("SDK ConfigMaps", () => {
    test("each client namespace gets the SDK environment and the CA bundle", () => {
      const env = byMetadataName("kubernetes_config_map_v1", "genesis-tracing-sdk", "genesis").data;
      expect(env).toMatchObject({
        OTEL_EXPORTER_OTLP_ENDPOINT: "https://jaeger-collector.tracing.svc:4317",
        OTEL_EXPORTER_OTLP_CERTIFICATE: "/etc/genesis-tracing/ca.crt",
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: "0.01",
        OTLP_ENDPOINT: "https://jaeger-collector.tracing.svc:4317",
        ENVIRONMENT: "production",
      });
      const ca = byMetadataName("kubernetes_config_map_v1", "genesis-tracing-ca", "genesis").data;
      expect(ca).toEqual({ "ca.crt": "${tls_self_signed_cert.CertificateAuthority_9B2AFD3C.cert_pem}" });
    });

    test("TRACING_CLIENT_NAMESPACES lists the namespaces", () => {
      const maps = Object.values<any>(resourcesOf(synthProd({ TRACING_CLIENT_NAMESPACES: "orders,risk" }), "kubernetes_config_map_v1"));
      const clientMaps = maps.filter((m) => m.metadata.labels["app.kubernetes.io/component"] === "sdk-config").map((m) => `${m.metadata.namespace}/${m.metadata.name}`);
      expect(clientMaps.sort()).toEqual(["orders/genesis-tracing-ca", "orders/genesis-tracing-sdk", "risk/genesis-tracing-ca", "risk/genesis-tracing-sdk"]);
    });
  });

  describe("UI Ingress", () => {
    const withIngress = {
      TRACING_UI_HOST: "jaeger.genesis.example.com",
      TRACING_UI_AUTH_URL: "http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth",
      TRACING_UI_AUTH_SIGNIN_URL: "https://auth.genesis.example.com/oauth2/start",
    };

    test("is created only with a host, behind the authentication service, to the TLS backend", () => {
      const ingress = Object.values<any>(resourcesOf(synthProd(withIngress), "kubernetes_ingress_v1"))[0];
      const queryService = "${kubernetes_service_v1.Query_Service_FFFA8121.metadata[0].name}";
      expect(ingress.metadata).toEqual({
        name: queryService,
        namespace: "${kubernetes_namespace_v1.Namespace_9B63B8C8.metadata[0].name}",
        labels: { "app.kubernetes.io/part-of": "genesis-tracing" },
        annotations: {
          "nginx.ingress.kubernetes.io/auth-url": withIngress.TRACING_UI_AUTH_URL,
          "nginx.ingress.kubernetes.io/auth-signin": withIngress.TRACING_UI_AUTH_SIGNIN_URL,
          "nginx.ingress.kubernetes.io/auth-response-headers": "X-Auth-Request-User,X-Auth-Request-Email",
          "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
        },
      });
      expect(ingress.spec).toEqual({
        ingress_class_name: "nginx",
        tls: [{ hosts: ["jaeger.genesis.example.com"], secret_name: "jaeger-ui-tls" }],
        rule: [
          {
            host: "jaeger.genesis.example.com",
            http: { path: [{ path: "/", path_type: "Prefix", backend: { service: { name: queryService, port: { number: 16686 } } } }] },
          },
        ],
      });
    });

    test("without a sign-in URL, no auth-signin annotation: the controller answers 401 instead of redirecting to sign in", () => {
      const synthesizedIngress = Testing.synthScope((scope) => {
        new QueryIngress(scope, "Ingress", {
          namespace: "tracing",
          service: { name: "jaeger-query", port: 16686 },
          settings: { host: "jaeger.genesis.example.com", className: "nginx", tlsSecretName: "jaeger-ui-tls", controllerNamespace: "ingress-nginx", authUrl: withIngress.TRACING_UI_AUTH_URL, authSignInUrl: "" },
        });
      });
      const [ingress] = Object.values<any>(resourcesOf(synthesizedIngress, "kubernetes_ingress_v1"));
      expect(Object.keys(ingress.metadata.annotations).sort()).toEqual([
        "nginx.ingress.kubernetes.io/auth-response-headers",
        "nginx.ingress.kubernetes.io/auth-url",
        "nginx.ingress.kubernetes.io/backend-protocol",
      ]);
    });

    test("fails if the UI would be exposed without authentication", () => {
      expect(() => synthProd({ TRACING_UI_HOST: "jaeger.genesis.example.com" })).toThrow(/TRACING_UI_AUTH_URL \(kubernetes\.ingress\.authUrl, default; or change TRACING_UI_HOST\) must be the URL of an authentication service/);
    });
  });

  describe("health of the tracing system", () => {
    test("no pod carries prometheus.io annotations: the paste-in job scrapes by port name, and the common kubernetes-pods job would scrape one port twice", () => {
      for (const name of ["jaeger-collector", "jaeger-query", "elasticsearch-exporter"]) {
        expect(Object.keys(deployment(name).spec.template.metadata.annotations).filter((key) => key.startsWith("prometheus.io/"))).toEqual([]);
      }
    });

    test("the Elasticsearch exporter reads over verified TLS as the monitor user, its password by Secret reference", () => {
      const [container] = podSpec("elasticsearch-exporter").container;
      expect(container.image).toBe("quay.io/prometheuscommunity/elasticsearch-exporter:v1.11.0");
      expect(container.args).toEqual([
        "--es.uri=https://genesis-es-http.tracing.svc:9200",
        "--es.ca=/etc/elasticsearch-ca/ca.crt",
        "--es.all",
        "--collector.ilm",
        "--collector.clustersettings",
        "--web.listen-address=:9114",
      ]);
      // elasticsearch_exporter v1.11.0 registers these collectors disabled (collector/ilm.go,
      // collector/cluster_settings.go): each metric family the rules read needs its flag.
      const exprs = parse(byMetadataName("kubernetes_config_map_v1", "genesis-tracing-alert-rules", "monitoring").data["genesis-tracing.rules.yaml"]).groups[0].rules.map((r: any) => r.expr).join("\n");
      for (const [prefix, flag] of [["elasticsearch_ilm_", "--collector.ilm"], ["elasticsearch_clustersettings_", "--collector.clustersettings"]]) {
        expect({ prefix, read: exprs.includes(prefix), enabled: container.args.includes(flag) }).toEqual({ prefix, read: true, enabled: true });
      }
      expect(container.env).toEqual([
        { name: "ES_USERNAME", value: "genesis-jaeger-monitor" },
        { name: "ES_PASSWORD", value_from: { secret_key_ref: { name: expect.stringMatching(/^\$\{kubernetes_secret_v1\.ElasticsearchUsers_monitor_\w+\.metadata\[0\]\.name\}$/), key: "password" } } },
      ]);
    });

    test("the exporter: one pod, rolled by a new password generation, its CA mounted read-only, metrics on 9114 behind a ClusterIP Service", () => {
      const selector = { "app.kubernetes.io/name": "elasticsearch-exporter", "app.kubernetes.io/instance": "genesis-tracing", "app.kubernetes.io/component": "elasticsearch-exporter" };
      const exporter = deployment("elasticsearch-exporter");
      expect(exporter.metadata.labels).toEqual({ ...selector, "app.kubernetes.io/part-of": "genesis-tracing", "app.kubernetes.io/managed-by": "terraform" });
      expect(exporter.spec.replicas).toBe("1");
      expect(exporter.spec.selector).toEqual({ match_labels: selector });
      expect(exporter.spec.template.metadata.annotations).toEqual({
        "checksum/trust": "${sha256(tls_self_signed_cert.CertificateAuthority_9B2AFD3C.cert_pem)}",
        "genesis.tracing/credentials-generation": "1",
      });
      const pod = exporter.spec.template.spec;
      expect(pod).toMatchObject({ automount_service_account_token: false, enable_service_links: false });
      const [container] = pod.container;
      expect(container).toMatchObject({ name: "exporter", image_pull_policy: "IfNotPresent" });
      expect(container.port).toEqual([{ name: "metrics", container_port: 9114, protocol: "TCP" }]);
      expect(container.resources).toEqual({ requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "64Mi" } });
      expect(container.volume_mount).toEqual([{ name: "elasticsearch-ca", mount_path: "/etc/elasticsearch-ca", read_only: true }]);
      expect(byMetadataName("kubernetes_service_v1", "elasticsearch-exporter").spec).toEqual({
        type: "ClusterIP",
        selector,
        port: [{ name: "metrics", port: 9114, target_port: "metrics", protocol: "TCP", app_protocol: "http" }],
      });
    });

    test("alert rules and the dashboard go to the monitoring namespace", () => {
      const rules = byMetadataName("kubernetes_config_map_v1", "genesis-tracing-alert-rules", "monitoring");
      expect(parse(rules.data["genesis-tracing.rules.yaml"]).groups[0].rules).toHaveLength(17);
      const dashboard = byMetadataName("kubernetes_config_map_v1", "genesis-tracing-dashboard", "monitoring");
      expect(dashboard.metadata.labels.grafana_dashboard).toBe("1");
      expect(JSON.parse(dashboard.data["genesis-tracing.json"].replace(/\$\$\{/g, "${")).uid).toBe("genesis-tracing");
    });

    test("every certificate and CA Terraform makes is in the expiry alerts, by its notAfter written at apply", () => {
      const rules = parse(byMetadataName("kubernetes_config_map_v1", "genesis-tracing-alert-rules", "monitoring").data["genesis-tracing.rules.yaml"]).groups[0].rules;
      const expiry = rules.find((r: any) => r.alert === "TracingCertificateExpiresSoon");
      const made = ["tls_self_signed_cert", "tls_locally_signed_cert"].flatMap((type) => Object.keys(resourcesOf(synthesized, type)).map((id) => `\${${type}.${id}.validity_end_time}`));
      const pinned = Object.entries<any>(resourcesOf(synthesized, "time_static")).map(([id, t]) => [t.rfc3339, id]);
      expect(pinned.map(([end]) => end).sort()).toEqual(made.sort());
      const compared = [...expiry.expr.matchAll(/vector\(\$\{time_static\.([^.]+)\.unix\}\), "certificate", "([^"]+)"/g)].map((m) => m[1]);
      expect(compared.sort()).toEqual(pinned.map(([, id]) => id).sort());
      expect(expiry.expr).toMatch(/\) - time\(\) < 1209600$/);
      expect(rules.find((r: any) => r.alert === "TracingCertificateExpiryCritical").expr).toBe(expiry.expr.replace(/1209600$/, "259200"));
    });

    test("the Prometheus Operator's objects carry the selector labels set, and cannot lose their own", () => {
      const labelled = synthProd({ TRACING_PROMETHEUS_OPERATOR: "true", TRACING_PROMETHEUS_SELECTOR_LABELS: "release=monitoring,app.kubernetes.io/part-of=other" });
      const labels = Object.values<any>(resourcesOf(labelled, "kubernetes_manifest")).map((m) => m.manifest.metadata.labels);
      expect(labels).toHaveLength(4);
      for (const l of labels) expect(l).toEqual({ release: "monitoring", "app.kubernetes.io/part-of": "genesis-tracing" });
    });

    test("with the Prometheus Operator: ServiceMonitors and a PrometheusRule, no annotations", () => {
      const withOperator = synthProd({ TRACING_PROMETHEUS_OPERATOR: "true" });
      const manifests = Object.values<any>(resourcesOf(withOperator, "kubernetes_manifest")).map((m) => m.manifest);
      expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
        "PrometheusRule/genesis-tracing",
        "ServiceMonitor/elasticsearch-exporter",
        "ServiceMonitor/jaeger-collector",
        "ServiceMonitor/jaeger-query",
      ]);
      // kube-prometheus-stack's Prometheus selects `release: kube-prometheus-stack` by default.
      expect(manifests.map((m) => m.metadata.labels)).toEqual(manifests.map(() => ({ release: "kube-prometheus-stack", "app.kubernetes.io/part-of": "genesis-tracing" })));
      const collectorMonitor = manifests.find((m) => m.metadata.name === "jaeger-collector");
      expect(collectorMonitor.spec.endpoints.map((e: any) => e.port)).toEqual(["metrics", "span-metrics"]);
      const collector = Object.values<any>(resourcesOf(withOperator, "kubernetes_deployment_v1")).find((d) => d.metadata.name === "jaeger-collector");
      expect(Object.keys(collector.spec.template.metadata.annotations)).toEqual(["checksum/config", "checksum/trust"]);
      // The ECK operator's metrics: the chart's PodMonitor, labelled for the same Prometheus, every 30 s.
      const operator = Object.values<any>(resourcesOf(withOperator, "helm_release")).find((r) => r.name === "elastic-operator");
      expect(parse(operator.values[1]).podMonitor).toEqual({ enabled: true, labels: { release: "kube-prometheus-stack" }, interval: "30s" });
    });
  });

  test("outputs the endpoint, the UI and the ConfigMap names", () => {
    expect(doc.output.otlp_endpoint.value).toBe("https://jaeger-collector.tracing.svc:4317");
    expect(doc.output.sdk_config_maps.value).toEqual({ environment: "genesis-tracing-sdk", caBundle: "genesis-tracing-ca" });
  });

  test("both charts come from Helm releases, not CRD objects the plan would need a cluster for", () => {
    expect(synthesized).toHaveResource(Release);
    expect(doc.resource.kubernetes_manifest).toBeUndefined();
  });

  test("snapshot", () => {
    expect(doc).toMatchSnapshot();
  });
});

describe("with the cluster's own ECK (TRACING_ECK_OPERATOR=existing)", () => {
  const existing = JSON.parse(synthProd({ TRACING_ECK_OPERATOR: "existing" }));
  const releases = Object.values<any>(existing.resource.helm_release);

  test("installs no operator and no CRDs, and the Elasticsearch release waits for nothing of ECK's", () => {
    expect(releases.map((r) => r.chart)).toEqual(["eck-elasticsearch"]);
    expect(releases[0].depends_on.filter((d: string) => d.startsWith("helm_release."))).toEqual([]);
  });

  test("Elasticsearch admits the operator's namespace on 9200 only", () => {
    const policy = Object.values<any>(existing.resource.kubernetes_network_policy_v1).find((p) => p.metadata.name === "allow-elasticsearch-genesis");
    const fromOperator = policy.spec.ingress.filter((rule: any) => rule.from.some((peer: any) => peer.namespace_selector?.match_labels?.["kubernetes.io/metadata.name"] === "elastic-system"));
    expect(fromOperator).toEqual([{ from: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "elastic-system" } } }], ports: [{ port: "9200", protocol: "TCP" }] }]);
  });
});

describe("the Monitor tab on the cluster's Prometheus (TRACING_PROMETHEUS_URL, with a CA and basic auth from Secrets)", () => {
  // A Prometheus serving TLS itself (its --web.config.file), behind a Service that maps 443 to the pods' 9090.
  const tabSettings = {
    TRACING_PROMETHEUS_URL: "https://prometheus.monitoring.svc",
    TRACING_PROMETHEUS_POD_PORT: "9090",
    TRACING_PROMETHEUS_POD_LABELS: "app.kubernetes.io/name=prometheus",
    TRACING_PROMETHEUS_CA_SECRET: "prometheus-ca",
    TRACING_PROMETHEUS_BASIC_AUTH_SECRET: "prometheus-reader",
  };
  const withTab = JSON.parse(synthProd(tabSettings));
  const named = (type: string, name: string) => Object.values<any>(withTab.resource[type]).find((r) => r.metadata.name === name);
  const queryPod = named("kubernetes_deployment_v1", "jaeger-query").spec.template.spec;
  // As Terraform writes the ConfigMap: `$${` is a literal `${`, the collector's to expand.
  const configText: string = named("kubernetes_config_map_v1", "jaeger-query-config").data["config.yaml"];
  const config = parse(configText.replace(/\$\$\{/g, "${"));

  test("query reads it with the CA and the basic-auth extension, whose credentials come from query's environment, never from the ConfigMap", () => {
    expect(config.extensions.jaeger_storage.metric_backends.genesis_prometheus.prometheus).toEqual({
      endpoint: "https://prometheus.monitoring.svc",
      tls: { ca_file: "/etc/jaeger/prometheus-ca/ca.crt" },
      auth: { authenticator: "basicauth/prometheus" },
      metric_namespace: "genesis_population_span_metrics",
      latency_unit: "ms",
      normalize_calls: true,
      normalize_duration: true,
    });
    expect(config.extensions["basicauth/prometheus"]).toEqual({ client_auth: { username: "${env:PROMETHEUS_USERNAME}", password: "${env:PROMETHEUS_PASSWORD}" } });
    expect(configText).toContain("$${env:PROMETHEUS_PASSWORD}");
    expect(queryPod.container[0].env).toEqual([
      { name: "PROMETHEUS_USERNAME", value_from: { secret_key_ref: { name: "prometheus-reader", key: "username" } } },
      { name: "PROMETHEUS_PASSWORD", value_from: { secret_key_ref: { name: "prometheus-reader", key: "password" } } },
    ]);
    expect(queryPod.container[0].volume_mount).toEqual(expect.arrayContaining([{ name: "prometheus-ca", mount_path: "/etc/jaeger/prometheus-ca", read_only: true }]));
    expect(queryPod.volume).toEqual(
      expect.arrayContaining([{ name: "prometheus-ca", secret: { secret_name: "prometheus-ca", default_mode: "0440", items: [{ key: "ca.crt", path: "ca.crt" }] } }]),
    );
  });

  test("query's NetworkPolicy lets it reach the Prometheus pods on their own port (the Service's targetPort), and nothing else new", () => {
    const policy = named("kubernetes_network_policy_v1", "allow-jaeger-query");
    const toMonitoring = policy.spec.egress.filter((rule: any) => rule.to.some((peer: any) => peer.namespace_selector?.match_labels?.["kubernetes.io/metadata.name"] === "monitoring"));
    expect(toMonitoring).toEqual([
      {
        to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "monitoring" } }, pod_selector: { match_labels: { "app.kubernetes.io/name": "prometheus" } } }],
        ports: [{ port: "9090", protocol: "TCP" }],
      },
    ]);
    const defaultPolicy = Object.values<any>(doc.resource.kubernetes_network_policy_v1).find((p) => p.metadata.name === "allow-jaeger-query");
    expect(policy.spec.egress.length).toBe(defaultPolicy.spec.egress.length + 1);
  });

  test("the evaluator agrees: query reaches the Prometheus pod on 9090, not on the Service's 443, and no other pod of its namespace", () => {
    const model = prodClusterModel(withTab, resolveSettings("prod", tabSettings));
    const grafana: Pod = { name: "monitoring/grafana", namespace: "monitoring", labels: { "app.kubernetes.io/name": "grafana" }, ports: [{ name: "http", port: 9090 }] };
    const cluster = { ...model.cluster, pods: [...model.cluster.pods, grafana] };
    const reaches = (to: Pod, port: number) => evaluate(cluster, { from: model.pods.query, to, port }).allowed;
    expect([reaches(model.pods.monitoring, 9090), reaches(model.pods.monitoring, 443), reaches(grafana, 9090)]).toEqual([true, false, false]);
  });

  test("sdk mode: the rules that scale the span metrics go with the alerts, to the Prometheus the tab reads", () => {
    const rules = parse(named("kubernetes_config_map_v1", "genesis-tracing-alert-rules").data["genesis-tracing.rules.yaml"]);
    expect(rules.groups.map((g: any) => g.name)).toEqual(["genesis-tracing", "genesis-tracing-monitor-tab"]);
    expect(rules.groups[1].rules[0]).toEqual({
      record: "genesis_population_span_metrics_calls_total",
      expr: 'label_replace(traces_span_metrics_calls_total{namespace="tracing",genesis_sampling_reason!~"error|slow|critical"} / 0.01, "genesis_sampling_share", "0.01", "", "")',
    });
    const defaultRules = parse(byMetadataName("kubernetes_config_map_v1", "genesis-tracing-alert-rules", "monitoring").data["genesis-tracing.rules.yaml"]);
    expect(defaultRules.groups.map((g: any) => g.name)).toEqual(["genesis-tracing"]);
  });

  test("without TRACING_PROMETHEUS_URL the tab stays off: no metrics backend, nothing mounted", () => {
    const defaultConfig = parse(byMetadataName("kubernetes_config_map_v1", "jaeger-query-config").data["config.yaml"]);
    expect(defaultConfig.extensions.jaeger_query.storage).toEqual({ traces: "genesis_elasticsearch" });
    expect(podSpec("jaeger-query").container[0].env).toBeUndefined();
  });
});

describe("cert-manager mode (TRACING_CERTIFICATES=cert-manager, the shared synth, collector sampling)", () => {
  const managed = stackDocuments(certManagerSynth()).prod;
  const of = (type: string): [string, any][] => Object.entries(managed.resource[type] ?? {});
  const named = (type: string, name: string) => of(type).find(([, r]) => r.metadata.name === name)![1];

  test("Terraform issues no server certificate and writes no server certificate's Secret; it keeps the CA", () => {
    expect(of("tls_locally_signed_cert")).toEqual([]);
    expect(of("tls_self_signed_cert").map(([id]) => id.replace(/_[0-9A-F]{8}$/, ""))).toEqual(["CertificateAuthority"]);
    expect(of("kubernetes_secret_v1").map(([, s]) => s.metadata.name).sort()).toEqual(["genesis-jaeger-bootstrap", "genesis-jaeger-monitor", "genesis-jaeger-reader", "genesis-jaeger-roles", "genesis-jaeger-writer", "genesis-tracing-ca-blue"]);
  });

  test("the signing CA's key pair is a kubernetes.io/tls Secret for its Issuer, by reference to Terraform state", () => {
    const secret = named("kubernetes_secret_v1", "genesis-tracing-ca-blue");
    expect(secret.type).toBe("kubernetes.io/tls");
    expect(secret.data).toEqual({
      "tls.crt": expect.stringMatching(/^\$\{tls_self_signed_cert\.CertificateAuthority_[0-9A-F]+\.cert_pem\}$/),
      "tls.key": expect.stringMatching(/^\$\{tls_private_key\.CertificateAuthority_Key_[0-9A-F]+\.private_key_pem\}$/),
    });
  });

  test("every server mounts cert-manager's Secret whole (no subPath), so a renewal reaches its files in place", () => {
    const mounts = of("kubernetes_deployment_v1")
      .map(([, d]) => [d.metadata.name, d.spec.template.spec.volume.find((v: any) => v.name === "tls")?.secret])
      .filter(([, secret]) => secret);
    expect(mounts).toEqual(
      ["jaeger-collector", "otel-gateway", "jaeger-query"].map((name) => [name, { secret_name: `${name}-tls-cm`, default_mode: "0440", items: [{ key: "tls.crt", path: "tls.crt" }, { key: "tls.key", path: "tls.key" }] }]),
    );
    for (const [, d] of of("kubernetes_deployment_v1")) for (const m of d.spec.template.spec.container[0].volume_mount) expect(m.sub_path).toBeUndefined();
  });

  test("collector sampling: a stopping collector keeps serving for 15 s (pre-stop sleep) within 75 s of grace; the headless Service lists only its ready pods, on OTLP gRPC", () => {
    const collector = named("kubernetes_deployment_v1", "jaeger-collector").spec.template.spec;
    expect(collector.termination_grace_period_seconds).toBe(75);
    expect(collector.container[0].lifecycle).toEqual({ pre_stop: [{ exec: { command: ["/bin/sleep", "15"] } }] });
    const gateway = named("kubernetes_deployment_v1", "otel-gateway").spec.template.spec;
    expect([gateway.container[0].name, gateway.termination_grace_period_seconds, gateway.container[0].lifecycle]).toEqual(["collector", undefined, undefined]);
    // The contrib image's own directories; no Elasticsearch user.
    expect(gateway.container[0].volume_mount.map((m: any) => [m.name, m.mount_path])).toEqual([
      ["config", "/etc/otelcol/config"],
      ["tls", "/etc/otelcol/tls"],
      ["trust", "/etc/otelcol/trust"],
      ["tmp", "/tmp"],
    ]);
    expect(gateway.volume.map((v: any) => v.name)).toEqual(["config", "tls", "trust", "tmp"]);
    const headless = named("kubernetes_service_v1", "jaeger-collector-headless");
    expect(headless.spec).toEqual({
      cluster_ip: "None",
      publish_not_ready_addresses: false,
      selector: { "app.kubernetes.io/name": "jaeger", "app.kubernetes.io/instance": "genesis-tracing", "app.kubernetes.io/component": "collector" },
      port: [{ name: "otlp-grpc", port: 4317, target_port: "otlp-grpc", protocol: "TCP", app_protocol: "grpc" }],
    });
    expect(headless.metadata.labels["app.kubernetes.io/managed-by"]).toBe("terraform");
  });

  test("ECK serves Elasticsearch's cert-manager Secret", () => {
    const [, release] = of("helm_release").find(([, r]) => r.chart === "eck-elasticsearch") as [string, any];
    expect(parse(release.values[1]).http).toEqual({ tls: { certificate: { secretName: "genesis-http-certificate-cm" } } });
  });

  test("the Certificates and Issuers are values of two releases of the in-repo chart, at a path of the stack folder", () => {
    const own = of("helm_release").filter(([, r]) => r.chart.startsWith("assets/"));
    expect(own.map(([, r]) => [r.name, parse(r.values[0]).objects.map((o: any) => `${o.kind}/${o.metadata.name}`)])).toEqual([
      ["tracing-certificate-issuers", ["Issuer/genesis-tracing-ca-blue"]],
      ["tracing-certificates", ["Certificate/genesis-http-certificate-cm", "Certificate/otel-gateway-tls-cm", "Certificate/jaeger-collector-tls-cm", "Certificate/jaeger-query-tls-cm"]],
    ]);
    expect(own[0][1].chart).toMatch(/^assets\/ObjectsChart\/[0-9A-F]{32}$/);
    expect(own[1][1].chart).toBe(own[0][1].chart);
  });
});
