// cdktf records a full stack trace for every token it creates, only to explain unresolved
// tokens in errors; under Jest each trace is source-mapped, which makes every synth about twice
// as slow. The synthesized output never contains them. `require`, not `import *`: the module's
// own exports object must be patched, where cdktf's modules read the function at call time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTrace: { captureStackTrace: () => string[] } = require("cdktf/lib/tokens/private/stack-trace");
stackTrace.captureStackTrace = () => [];

export {};
