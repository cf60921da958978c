/**
 * Every suite's first file under mutation testing (jest.stryker.config.js `setupFiles`), in the
 * suite's own environment, so that the tools it spawns inherit it too: none of the developer's
 * settings, as in npm test (its globalSetup does this there), and the shared synths made in
 * the suite, where Stryker's mutant is on (test/default-synth.ts).
 */
import { SYNTH_IN_SUITE } from "./default-synth";
import { isolateFromDeveloperSettings } from "./isolated-environment";

isolateFromDeveloperSettings();
process.env[SYNTH_IN_SUITE] = "1";
