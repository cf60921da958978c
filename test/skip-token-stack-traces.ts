import * as stackTrace from "cdktf/lib/tokens/private/stack-trace";

// cdktf records a full stack trace for every token it creates, only to explain unresolved
// tokens in errors; under Jest each trace is source-mapped, which makes every synth about twice
// as slow. The synthesized output never contains them.
(stackTrace as { captureStackTrace: () => string[] }).captureStackTrace = () => [];
