import { synthProd } from "./synth";

describe("prod stack", () => {
  test("keeps state at the project root, outside cdktf.out", () => {
    expect(JSON.parse(synthProd()).terraform.backend).toEqual({ local: { path: "../../../terraform.prod.tfstate" } });
  });

  test("snapshot", () => {
    expect(JSON.parse(synthProd())).toMatchSnapshot();
  });
});
