import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import * as stackTrace from "cdktf/lib/tokens/private/stack-trace";

Testing.setupJest();

// cdktf records a full stack trace for every token it creates, only to explain unresolved
// tokens in errors; under Jest each trace is source-mapped, which makes every synth about twice
// as slow. The synthesized output never contains them.
(stackTrace as { captureStackTrace: () => string[] }).captureStackTrace = () => [];
