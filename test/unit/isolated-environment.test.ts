import { developerSettings } from "../isolated-environment";

test("the developer's settings, misspelt ones and npm's INIT_CWD are taken out; other tools' variables stay", () => {
  const env = {
    TRACE_SAMPLING_RATE: "2",
    PROD_TRACING_KUBE_CONTEXT: "prod-eu",
    PROD_TRACING_KUBE_CONTXT: "prod-eu",
    otlp_endpoint: "disabled",
    INIT_CWD: "/home/me/genesis",
    PATH: "/usr/bin",
    CI: "true",
    ECK_OPERATOR_CHART_DIR: "/charts/eck-operator",
    OTEL_SERVICE_NAME: "orders",
    DOCKER_HOST: "unix:///var/run/docker.sock",
  };
  expect(developerSettings(env).sort()).toEqual(["INIT_CWD", "PROD_TRACING_KUBE_CONTEXT", "PROD_TRACING_KUBE_CONTXT", "TRACE_SAMPLING_RATE", "otlp_endpoint"]);
});

test("this suite's process holds none of them: Jest's global setup took them out before the workers started", () => {
  expect(developerSettings(process.env)).toEqual([]);
});
