import { readFileSync } from "node:fs";

/** The files of the default-settings synth made once by `test/global-setup.ts`. */
export function defaultSynth(): Map<string, string> {
  const file = process.env.TRACING_DEFAULT_SYNTH;
  if (!file) throw new Error("TRACING_DEFAULT_SYNTH is not set: run the tests through jest.config.js");
  return new Map(JSON.parse(readFileSync(file, "utf8")));
}
