import { elasticsearchAccess, orderingProblems, propagateReplacement, stackGraph } from "../../tools/terraform-graph";

const namespace = { metadata: { name: "tracing" } };
const inNamespace = (ns: string, extra: object = {}) => ({ metadata: { name: "x", namespace: ns }, ...extra });
const deployment = (ns: string, volumes: object[], dependsOn: string[] = []) => ({
  metadata: { name: "app", namespace: ns },
  spec: { template: { spec: { container: [{ name: "app" }], volume: volumes } } },
  ...(dependsOn.length > 0 ? { depends_on: dependsOn } : {}),
});
const nsRef = "${kubernetes_namespace_v1.ns.metadata[0].name}";

describe("orderingProblems", () => {
  test("an object whose namespace is a literal string races the namespace", () => {
    const doc = { resource: { kubernetes_namespace_v1: { ns: namespace }, kubernetes_config_map_v1: { literal: inNamespace("tracing"), referenced: inNamespace(nsRef) } } };
    expect(orderingProblems(stackGraph(doc)).map((p) => p.address)).toEqual(["kubernetes_config_map_v1.literal"]);
  });

  test("a namespace created by a Helm release orders the objects in it", () => {
    const doc = {
      resource: {
        helm_release: { operator: { name: "op", namespace: "elastic-system", create_namespace: true } },
        kubernetes_config_map_v1: { early: inNamespace("elastic-system"), late: { ...inNamespace("elastic-system"), depends_on: ["helm_release.operator"] } },
      },
    };
    expect(orderingProblems(stackGraph(doc)).map((p) => p.address)).toEqual(["kubernetes_config_map_v1.early"]);
  });

  test("a pod that may start before a NetworkPolicy of its namespace is reported, also through a chain", () => {
    const doc = {
      resource: {
        kubernetes_namespace_v1: { ns: namespace },
        kubernetes_network_policy_v1: { deny: inNamespace(nsRef) },
        kubernetes_job_v1: { guarded: { ...deployment(nsRef, []), depends_on: ["kubernetes_network_policy_v1.deny"] } },
        kubernetes_deployment_v1: {
          chained: deployment(nsRef, [], ["kubernetes_job_v1.guarded"]),
          unguarded: deployment(nsRef, []),
        },
      },
    };
    expect(orderingProblems(stackGraph(doc)).map((p) => `${p.address} ${p.missing}`)).toEqual([
      "kubernetes_deployment_v1.unguarded kubernetes_network_policy_v1.deny",
    ]);
  });

  test("a mounted Secret or an env reference to a ConfigMap the stack creates must be a dependency", () => {
    const doc = {
      resource: {
        kubernetes_secret_v1: { tls: inNamespace("apps", { metadata: { name: "tls", namespace: "apps" } }) },
        kubernetes_config_map_v1: { env: { metadata: { name: "env", namespace: "apps" } } },
        kubernetes_deployment_v1: {
          mountsByName: deployment("apps", [{ name: "t", secret: { secret_name: "tls" } }]),
          mountsByReference: deployment("apps", [{ name: "t", secret: { secret_name: "${kubernetes_secret_v1.tls.metadata[0].name}" } }]),
          readsEnv: {
            metadata: { name: "e", namespace: "apps" },
            spec: { template: { spec: { container: [{ name: "c", env_from: [{ config_map_ref: { name: "env" } }] }] } } },
          },
          foreign: deployment("apps", [{ name: "t", secret: { secret_name: "created-by-someone-else" } }]),
        },
      },
    };
    expect(orderingProblems(stackGraph(doc)).map((p) => `${p.address} ${p.missing}`)).toEqual([
      "kubernetes_deployment_v1.mountsByName kubernetes_secret_v1.tls",
      "kubernetes_deployment_v1.readsEnv kubernetes_config_map_v1.env",
    ]);
  });

  test("a Helm release waits for the Secrets its values name", () => {
    const doc = {
      resource: {
        kubernetes_secret_v1: { cert: { metadata: { name: "es-http", namespace: "data" } } },
        helm_release: { es: { name: "es", namespace: "data", values: ["http:\n  tls:\n    certificate:\n      secretName: es-http\n"] } },
      },
    };
    expect(orderingProblems(stackGraph(doc)).map((p) => `${p.address} ${p.missing}`)).toEqual(["helm_release.es kubernetes_secret_v1.cert"]);
  });

  test("a Docker container waits for the network and volume it names", () => {
    const doc = {
      resource: {
        docker_network: { net: { name: "n" } },
        docker_volume: { data: { name: "d" } },
        docker_container: { c: { name: "c", image: "x", networks_advanced: [{ name: "n" }], volumes: [{ volume_name: "${docker_volume.data.name}", container_path: "/d" }] } },
      },
    };
    expect(orderingProblems(stackGraph(doc)).map((p) => `${p.address} ${p.missing}`)).toEqual(["docker_container.c docker_network.net"]);
  });
});

describe("every Elasticsearch reader and writer waits for the bootstrap", () => {
  const user = (name: string) => ({ metadata: { name, namespace: "data" } });
  const mounting = (secret: string, dependsOn: string[]) => ({ ...deployment("data", [{ name: "p", secret: { secret_name: secret } }], dependsOn), metadata: { name: secret, namespace: "data" } });
  const kubernetes = {
    resource: {
      kubernetes_secret_v1: { writer: user("writer"), bootstrapUser: user("bootstrap"), other: user("other") },
      helm_release: {
        es: {
          name: "es",
          namespace: "data",
          values: ["auth:\n  fileRealm:\n    - secretName: writer\n    - secretName: bootstrap\n"],
          depends_on: ["kubernetes_secret_v1.writer", "kubernetes_secret_v1.bootstrapUser"],
        },
      },
      kubernetes_job_v1: { bootstrap: mounting("bootstrap", ["helm_release.es", "kubernetes_secret_v1.bootstrapUser"]) },
      kubernetes_deployment_v1: {
        waits: mounting("writer", ["kubernetes_secret_v1.writer", "kubernetes_job_v1.bootstrap"]),
        races: mounting("writer", ["kubernetes_secret_v1.writer"]),
        notAUser: mounting("other", ["kubernetes_secret_v1.other"]),
      },
    },
  };
  /** A rollover CronJob runs pods from its job template; it is a client, not a bootstrap. */
  const withCronJob = (dependsOn: string[]) => {
    const { spec, ...job } = mounting("writer", dependsOn);
    return { resource: { ...kubernetes.resource, kubernetes_cron_job_v1: { rollover: { ...job, spec: { schedule: "0 0 * * *", job_template: { spec } } } } } };
  };

  test("Kubernetes: a pod handed a Secret of ECK's file realm must wait for the Job handed one; the cluster the Job waits for need not", () => {
    expect(elasticsearchAccess(stackGraph(kubernetes))).toEqual({
      bootstraps: ["kubernetes_job_v1.bootstrap"],
      clients: [
        { address: "kubernetes_deployment_v1.waits", credential: "Secret/data/writer" },
        { address: "kubernetes_deployment_v1.races", credential: "Secret/data/writer" },
      ],
    });
    expect(orderingProblems(stackGraph(kubernetes)).map((p) => `${p.address} ${p.missing}`)).toEqual(["kubernetes_deployment_v1.races kubernetes_job_v1.bootstrap"]);
  });

  test("Kubernetes: a CronJob handed a file-realm Secret through its job template is a client too", () => {
    const problems = (doc: object) => orderingProblems(stackGraph(doc)).map((p) => `${p.address} ${p.missing}`);
    expect(problems(withCronJob(["kubernetes_secret_v1.writer"]))).toEqual([
      "kubernetes_deployment_v1.races kubernetes_job_v1.bootstrap",
      "kubernetes_cron_job_v1.rollover kubernetes_job_v1.bootstrap",
    ]);
    expect(problems(withCronJob(["kubernetes_secret_v1.writer", "kubernetes_job_v1.bootstrap"]))).toEqual(["kubernetes_deployment_v1.races kubernetes_job_v1.bootstrap"]);
  });

  test("Kubernetes: readers and writers without any bootstrap Job are each reported", () => {
    const { kubernetes_job_v1: _bootstrap, ...withoutJob } = kubernetes.resource;
    const waits = { ...withoutJob.kubernetes_deployment_v1.waits, depends_on: ["kubernetes_secret_v1.writer"] };
    const doc = { resource: { ...withoutJob, kubernetes_deployment_v1: { ...withoutJob.kubernetes_deployment_v1, waits } } };
    expect(orderingProblems(stackGraph(doc)).map((p) => `${p.address} ${p.missing}`)).toEqual([
      "kubernetes_deployment_v1.waits an Elasticsearch bootstrap, and the stack has none",
      "kubernetes_deployment_v1.races an Elasticsearch bootstrap, and the stack has none",
    ]);
  });

  const password = (name: string) => `\${random_password.${name}.result}`;
  const docker = {
    resource: {
      random_password: { elastic: {}, writer: {}, unrelated: {} },
      docker_container: {
        elasticsearch: { name: "es", image: "x", upload: [{ file: "/p", content: password("elastic") }] },
        bootstrap: {
          name: "b",
          image: "x",
          must_run: false,
          attach: true,
          upload: [{ file: "/e", content: password("elastic") }, { file: "/w", content: password("writer") }],
          depends_on: ["docker_container.elasticsearch"],
        },
        collector: { name: "c", image: "x", upload: [{ file: "/w", content: password("writer") }] },
        query: { name: "q", image: "x", upload: [{ file: "/w", content: password("writer") }], depends_on: ["docker_container.bootstrap"] },
        dashboard: { name: "d", image: "x", upload: [{ file: "/u", content: password("unrelated") }] },
      },
    },
  };

  test("Docker: a container handed a password the run-to-completion bootstrap holds must wait for it; the server the bootstrap waits for need not", () => {
    expect(elasticsearchAccess(stackGraph(docker)).clients.map((c) => `${c.address} ${c.credential}`)).toEqual([
      "docker_container.collector the password random_password.writer",
      "docker_container.query the password random_password.writer",
    ]);
    expect(orderingProblems(stackGraph(docker)).map((p) => `${p.address} ${p.missing}`)).toEqual(["docker_container.collector docker_container.bootstrap"]);
  });

  test("a bootstrap Terraform does not wait to the end for orders nothing: a Job with wait_for_completion = false, a container without attach", () => {
    const job = kubernetes.resource.kubernetes_job_v1.bootstrap;
    const unawaited = { resource: { ...kubernetes.resource, kubernetes_job_v1: { bootstrap: { ...job, wait_for_completion: false } } } };
    expect(orderingProblems(stackGraph(unawaited)).map((p) => `${p.address} ${p.missing}`)).toEqual([
      "kubernetes_job_v1.bootstrap its own end",
      "kubernetes_deployment_v1.races kubernetes_job_v1.bootstrap",
    ]);
    const { attach: _attach, ...detached } = docker.resource.docker_container.bootstrap;
    const doc = { resource: { ...docker.resource, docker_container: { ...docker.resource.docker_container, bootstrap: detached } } };
    expect(orderingProblems(stackGraph(doc)).map((p) => `${p.address} ${p.missing}`)).toEqual([
      "docker_container.bootstrap its own end",
      "docker_container.collector docker_container.bootstrap",
    ]);
  });
});

describe("propagateReplacement", () => {
  const doc = {
    resource: {
      tls_self_signed_cert: { ca: { subject: [{ common_name: "CA" }] } },
      tls_locally_signed_cert: { leaf: { ca_cert_pem: "${tls_self_signed_cert.ca.cert_pem}" } },
      kubernetes_secret_v1: { tls: { metadata: { name: "tls" }, data: { "tls.crt": "${tls_locally_signed_cert.leaf.cert_pem}" } } },
      kubernetes_config_map_v1: { bundle: { metadata: { name: "ca" }, data: { "ca.crt": "${tls_self_signed_cert.ca.cert_pem}" } } },
      kubernetes_deployment_v1: {
        namesTheSecret: { metadata: { name: "a" }, spec: { volume: [{ secret: { secret_name: "${kubernetes_secret_v1.tls.metadata[0].name}" } }] } },
        hashesTheBundle: { metadata: { name: "b", annotations: { sum: "${sha256(kubernetes_config_map_v1.bundle.data)}" } }, spec: {} },
      },
    },
  };
  const reached = (origin: string) => Object.fromEntries([...propagateReplacement(stackGraph(doc), origin)].map(([a, c]) => [a, c === "replaced" ? c : [...c]]));

  test("a replaced leaf changes the data of the Secret that holds it, not the pods that only name the Secret", () => {
    expect(reached("tls_locally_signed_cert.leaf")).toEqual({ "kubernetes_secret_v1.tls": ["data"] });
  });

  test("a replaced CA re-issues what it signed and reaches what hashes a value derived from it", () => {
    expect(reached("tls_self_signed_cert.ca")).toEqual({
      "tls_locally_signed_cert.leaf": "replaced",
      "kubernetes_secret_v1.tls": ["data"],
      "kubernetes_config_map_v1.bundle": ["data"],
      "kubernetes_deployment_v1.hashesTheBundle": ["metadata"],
    });
  });
});

describe("references", () => {
  test("inside nested interpolations and object literals count; a `$${` literal does not", () => {
    const doc = {
      resource: {
        a: { x: {}, y: {}, z: {}, w: {} },
        b: {
          nested: { v: '${sha256("${a.x.pem}${a.y.pem}")}' },
          object: { v: '${jsonencode({ k = a.z.id })}' },
          literal: { v: "echo $${a.w.id}" },
        },
      },
    };
    const graph = stackGraph(doc);
    expect([...(graph.references.get("b.nested") ?? [])].sort()).toEqual(["a.x", "a.y"]);
    expect([...(graph.references.get("b.object") ?? [])]).toEqual(["a.z"]);
    expect([...(graph.references.get("b.literal") ?? [])]).toEqual([]);
  });

  test("a kubernetes_manifest that runs pods waits for the policies of its namespace like any workload", () => {
    const doc = {
      resource: {
        kubernetes_network_policy_v1: { deny: { metadata: { name: "deny", namespace: "apps" } } },
        kubernetes_manifest: {
          cluster: { manifest: { kind: "StatefulSet", metadata: { name: "s", namespace: "apps" } } },
          monitor: { manifest: { kind: "ServiceMonitor", metadata: { name: "m", namespace: "apps" } } },
        },
      },
    };
    expect(orderingProblems(stackGraph(doc)).map((p) => p.address)).toEqual(["kubernetes_manifest.cluster"]);
  });
});
