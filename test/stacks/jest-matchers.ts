import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";

/** cdktf's Jest matchers (`toHaveResourceWithProperties`, …), for the suites that assert with them. */
Testing.setupJest();
