import { Fn } from "cdktf";
import { literalText } from "../../constructs/terraform-text";

test("doubles Terraform template openers so text reaches the container literally", () => {
  expect(literalText('echo "${HOME}" %{if x}')).toBe('echo "$${HOME}" %%{if x}');
});

test("leaves plain text and Terraform references alone", () => {
  expect(literalText("curl $(cat file)")).toBe("curl $(cat file)");
  const reference = Fn.abspath("ca.crt");
  expect(literalText(reference)).toBe(reference);
});

test("doubles the openers around a reference inside the text, and keeps the reference", () => {
  const reference = Fn.abspath("ca.crt");
  const text = literalText(`echo "\${HOME}" ${reference} %{if x}`);
  expect(text).toBe(`echo "$\${HOME}" ${reference} %%{if x}`);
});
