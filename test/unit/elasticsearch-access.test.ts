import { renderJaegerRole } from "../../tracing/elasticsearch/elasticsearch-access";
import { resolveSettings } from "../../tracing/checked-settings";

const local = resolveSettings("local");

describe("roles", () => {
  test("the writer may create and write Jaeger indices and templates, nothing else", () => {
    expect(renderJaegerRole(local, "writer")).toEqual({
      cluster: ["monitor", "manage_index_templates"],
      indices: [{ names: ["genesis-jaeger-*"], privileges: ["create_index", "index", "view_index_metadata"] }],
    });
  });

  test("the reader may only read Jaeger indices", () => {
    expect(renderJaegerRole(local, "reader")).toEqual({
      cluster: ["monitor"],
      indices: [{ names: ["genesis-jaeger-*"], privileges: ["read", "view_index_metadata"] }],
    });
  });
});
