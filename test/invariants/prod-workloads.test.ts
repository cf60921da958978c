import { parse } from "yaml";
import { resolveSettings } from "../../tracing/checked-settings";
import { selectorMatches } from "../../tools/network-policy-evaluator";
import { prodClusterModel, STRAY_POD_ROLE } from "../../tools/prod-cluster-model";
import { stackDocuments } from "../../tools/synth-documents";
import { COLLECTOR_MODE, collectorModeSynth, defaultSynth } from "../default-synth";

const settings = resolveSettings("prod");
/** The namespaces of the default prod settings: ours, ECK's, Prometheus', DNS's, the clients'. */
const NAMESPACES = ["tracing", "elastic-system", "monitoring", "kube-system", "genesis"];
const prod = stackDocuments(defaultSynth()).prod;
const [, elasticsearchValues] = Object.values<any>(prod.resource.helm_release)
  .find((r) => r.name === "elasticsearch")
  .values.map((v: string) => parse(v));

/** The same invariants for each sampling mode: collector mode adds the gateway and a headless Service. */
describe.each([
  ["sdk sampling mode (the default)", settings, prod],
  ["collector sampling mode", resolveSettings("prod", COLLECTOR_MODE), stackDocuments(collectorModeSynth()).prod],
])("%s", (_mode, settings, prod) => {
  const resources = (type: string): any[] => Object.values(prod.resource[type] ?? {});
  /** Pod templates we own: Deployments and Jobs. */
  const podTemplates = [
    ...resources("kubernetes_deployment_v1").map((d) => ({ kind: "Deployment", name: d.metadata.name, namespace: d.metadata.namespace, template: d.spec.template })),
    ...resources("kubernetes_job_v1").map((j) => ({ kind: "Job", name: j.metadata.name, namespace: j.metadata.namespace, template: j.spec.template })),
  ];
  const ownedContainers = podTemplates.flatMap((p) =>
    [...(p.template.spec.init_container ?? []), ...p.template.spec.container].map((c: any) => [`${p.name}/${c.name}`, c]),
  );

  /** Every pod the stack runs (ours, ECK's, the operator), as the reachability model reads them. */
  const model = prodClusterModel(prod, settings);
  const knownPods = Object.entries(model.pods)
    .filter(([role]) => role !== STRAY_POD_ROLE)
    .map(([, pod]) => pod);
  /** A policy's namespace, which the synth spells as a reference to the namespace resource. */
  const namespaceName = (ns: string) => (ns.startsWith("${kubernetes_namespace_v1.") ? settings.kubernetes.namespace : ns);
  const matches = (matchLabels: Record<string, string> | undefined, labels: Record<string, string>) => selectorMatches({ matchLabels }, labels);

  describe("every pod we own", () => {
    test.each(podTemplates.map((p) => [`${p.kind} ${p.name}`, p.template.spec]))(
      "%s: non-root, RuntimeDefault seccomp, no service account token",
      (_name, spec: any) => {
        expect(spec.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: "RuntimeDefault" } });
        expect(Number(spec.security_context.run_as_user)).toBeGreaterThan(0);
        expect(spec.automount_service_account_token).toBe(false);
        for (const volume of spec.volume) {
          expect(Object.keys(volume).filter((k) => k !== "name")).toEqual([expect.stringMatching(/^(config_map|secret|empty_dir|projected)$/)]);
        }
      },
    );

    test.each(ownedContainers)("%s: hardened, with requests, limits and a pinned image", (_name, c: any) => {
      expect(c.security_context).toMatchObject({
        allow_privilege_escalation: false,
        privileged: false,
        read_only_root_filesystem: true,
        run_as_non_root: true,
        capabilities: { drop: ["ALL"] },
      });
      expect(Object.keys(c.resources.requests).sort()).toEqual(["cpu", "memory"]);
      expect(Object.keys(c.resources.limits).sort()).toEqual(["cpu", "memory"]);
      const pinned = Object.values(settings.images).map((i) => `${i.repository}:${i.tag}`);
      expect(pinned).toContain(c.image);
    });

    test("long-running containers are probed: Jaeger on its health endpoint, the exporter on its port", () => {
      for (const d of resources("kubernetes_deployment_v1")) {
        for (const c of d.spec.template.spec.container) {
          // Jaeger and the gateway on their health endpoint (healthcheckv2, health_check at the same path).
          const expected = /^(jaeger|otel)-/.test(d.metadata.name)
            ? { http_get: { path: "/status", port: "13133", scheme: "HTTP" } }
            : { tcp_socket: [{ port: "metrics" }] };
          expect(c.readiness_probe).toMatchObject(expected);
          expect(c.liveness_probe).toMatchObject(expected);
        }
      }
    });
  });

  describe("selectors", () => {
    test.each(resources("kubernetes_network_policy_v1").map((p) => [p.metadata.name, p]))(
      "NetworkPolicy %s selects pods that exist, and so does every peer",
      (_name, policy: any) => {
        const ns = namespaceName(policy.metadata.namespace);
        const inNs = knownPods.filter((p) => p.namespace === ns);
        expect(inNs.some((p) => matches(policy.spec.pod_selector.match_labels, p.labels))).toBe(true);
        expect(policy.spec.policy_types).toEqual(["Ingress", "Egress"]);
        const peers = [...(policy.spec.ingress ?? []).flatMap((r: any) => r.from), ...(policy.spec.egress ?? []).flatMap((r: any) => r.to)];
        for (const peer of peers) {
          const peerNs = peer.namespace_selector?.match_labels?.["kubernetes.io/metadata.name"];
          // Every peer names its namespace, one of those the default settings place or meet pods in.
          expect({ peer, namespace: peerNs && NAMESPACES.includes(peerNs) }).toEqual({ peer, namespace: true });
          const ourNamespace = [settings.kubernetes.namespace, settings.kubernetes.eckOperatorNamespace].includes(peerNs);
          if (peer.pod_selector && ourNamespace) {
            expect({ peer, exists: knownPods.some((p) => p.namespace === peerNs && matches(peer.pod_selector.match_labels, p.labels)) }).toEqual({ peer, exists: true });
          }
        }
      },
    );

    test.each(resources("kubernetes_service_v1").map((s) => [s.metadata.name, s]))("Service %s selects pods that exist", (_name, service: any) => {
      const targets = podTemplates.filter((p) => matches(service.spec.selector, p.template.metadata.labels));
      // A headless Service lists the pods of the Deployment it is named after.
      expect(targets.map((p) => p.name)).toEqual([service.metadata.name.replace(/-headless$/, "")]);
      const containerPorts = targets[0].template.spec.container.flatMap((c: any) => c.port.map((p: any) => p.name));
      for (const port of service.spec.port) expect(containerPorts).toContain(port.target_port);
    });

    // A Service that lists a starting or stopping pod sends it traffic: the gateway's resolver
    // would route traces to collectors that drain, defeating the drain design.
    test("every Service lists ready pods only", () => {
      const services = resources("kubernetes_service_v1");
      expect(services.length).toBeGreaterThan(2);
      expect(services.filter((s) => s.spec.publish_not_ready_addresses === true).map((s) => s.metadata.name)).toEqual([]);
    });

    test.each(resources("kubernetes_pod_disruption_budget_v1").map((b) => [b.metadata.name, b]))("PodDisruptionBudget %s covers its Deployment", (_name, budget: any) => {
      expect(podTemplates.filter((p) => matches(budget.spec.selector.match_labels, p.template.metadata.labels)).map((p) => p.name)).toEqual([budget.metadata.name]);
    });
  });
});

test("the Elasticsearch pods we hand to ECK get no service-account token (ECK's own security context stays, which meets restricted)", () => {
  expect(elasticsearchValues.nodeSets.map((nodeSet: any) => nodeSet.podTemplate.spec.automountServiceAccountToken)).toEqual([false]);
  // Any securityContext of ours would replace ECK's defaults whole.
  expect(elasticsearchValues.nodeSets.map((nodeSet: any) => nodeSet.podTemplate.spec.securityContext)).toEqual([undefined]);
});

test("the Elasticsearch heap is exactly the settings' heap, in a container twice its size", () => {
  const [container] = elasticsearchValues.nodeSets[0].podTemplate.spec.containers;
  expect(container.env).toEqual([{ name: "ES_JAVA_OPTS", value: "-Xms2g -Xmx2g" }]);
  expect(container.resources.limits.memory).toBe("4096Mi");
});
