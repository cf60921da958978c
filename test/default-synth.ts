import { readFileSync } from "node:fs";

/** The settings of the second shared synth: tail sampling behind the gateway. */
export const COLLECTOR_MODE = { TRACE_SAMPLING_MODE: "collector" } as const;

function sharedSynth(variable: string): Map<string, string> {
  const file = process.env[variable];
  if (!file) throw new Error(`${variable} is not set: run the tests through jest.config.js`);
  return new Map(JSON.parse(readFileSync(file, "utf8")));
}

/** The files of the default-settings synth made once by `test/global-setup.ts`. */
export const defaultSynth = (): Map<string, string> => sharedSynth("TRACING_DEFAULT_SYNTH");

/** The files of the `COLLECTOR_MODE` synth made once by `test/global-setup.ts`. */
export const collectorModeSynth = (): Map<string, string> => sharedSynth("TRACING_COLLECTOR_MODE_SYNTH");
