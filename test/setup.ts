// Every suite: cdktf's token stack traces off (they double synth time under Jest). The cdktf
// Jest matchers are set up only by the suites that use them (test/stacks/jest-matchers.ts):
// loading cdktf into every suite would cost more than the suites themselves.
import "./skip-token-stack-traces";
