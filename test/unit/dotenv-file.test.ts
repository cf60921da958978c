import { KNOWN_VARIABLES } from "../../environment";
import { describeDotenvProblems, inspectDotenv, ownPrefixes, type KnownVariables } from "../../tracing/parsers/dotenv-file";

/** A few of the real names: the rules are generic, and these rows should not move when settings do. */
const known: KnownVariables = {
  variables: ["OTLP_ENDPOINT", "TRACE_SAMPLING_RATE", "ENVIRONMENT", "ES_HEAP_MIB", "TRACING_ECK_NAMESPACE", "TRACING_UI_HOST"],
  stackPrefixes: ["LOCAL_", "PROD_"],
};

/** A problem as [key, line, a fragment of `allowed`]. */
type Expected = { problems: [key: string, line: number, allowed: string][]; values?: Record<string, string> } | { values: Record<string, string> };

const rows: [description: string, text: string, expected: Expected][] = [
  // Keys in another case: dotenv keeps them as written and the settings never see them.
  ["a lowercase key", "otlp_endpoint=disabled\n", { problems: [["otlp_endpoint", 1, "case-sensitive, so this one is ignored (did you mean OTLP_ENDPOINT?)"]] }],
  ["a mixed-case key", "Trace_Sampling_Rate=0.5\n", { problems: [["Trace_Sampling_Rate", 1, "case-sensitive, so this one is ignored (did you mean TRACE_SAMPLING_RATE?)"]] }],
  ["a lowercase stack-prefixed key", "PATH=/bin\nlocal_es_heap_mib=4096\n", { problems: [["local_es_heap_mib", 2, "case-sensitive, so this one is ignored (did you mean LOCAL_ES_HEAP_MIB?)"]] }],

  // Prefixes: only a stack's may prefix a variable.
  [
    "an unknown stack prefix",
    "DEV_TRACE_SAMPLING_RATE=0.5\n",
    { problems: [["DEV_TRACE_SAMPLING_RATE", 1, "DEV_ names no stack, so this one is ignored (did you mean LOCAL_TRACE_SAMPLING_RATE, PROD_TRACE_SAMPLING_RATE or TRACE_SAMPLING_RATE?)"]] },
  ],
  ["a misspelt stack prefix", "LOCL_ES_HEAP_MIB=4096\n", { problems: [["LOCL_ES_HEAP_MIB", 1, "LOCL_ names no stack, so this one is ignored (did you mean LOCAL_ES_HEAP_MIB?)"]] }],
  ["a lowercase unknown prefix", "staging_environment=x\n", { problems: [["staging_environment", 1, "staging_ names no stack"]] }],
  ["LOCAL_ before a typo", "LOCAL_TRACE_SAMPLNG_RATE=0.5\n", { problems: [["LOCAL_TRACE_SAMPLNG_RATE", 1, "a variable this package reads (did you mean LOCAL_TRACE_SAMPLING_RATE?)"]] }],
  ["LOCAL_ before a name of no variable", "LOCAL_FOO=1\n", { problems: [["LOCAL_FOO", 1, "a variable this package reads (none is close"]] }],
  ["a stack prefix before a known variable", "PROD_ES_HEAP_MIB=4096\nLOCAL_OTLP_ENDPOINT=disabled\n", { values: { PROD_ES_HEAP_MIB: "4096", LOCAL_OTLP_ENDPOINT: "disabled" } }],

  // Characters outside [A-Za-z0-9_], most of them invisible.
  [
    "a byte order mark before the first key",
    "\uFEFFOTLP_ENDPOINT=disabled\n",
    { problems: [["OTLP_ENDPOINT", 1, "U+FEFF (byte order mark) at the start of the line (save .env as UTF-8 without BOM)"]], values: { OTLP_ENDPOINT: "disabled" } },
  ],
  [
    "a zero-width space inside a key",
    "OTLP_\u200BENDPOINT=disabled\n",
    { problems: [["OTLP_\u200BENDPOINT", 1, "U+200B (zero-width space) at column 6; dotenv ignores the line (did you mean OTLP_ENDPOINT?)"]], values: {} },
  ],
  [
    "a zero-width space before a key",
    "ENVIRONMENT=staging\n\u200BTRACE_SAMPLING_RATE=1\n",
    { problems: [["\u200BTRACE_SAMPLING_RATE", 2, "U+200B (zero-width space) at column 1; dotenv ignores the line (did you mean TRACE_SAMPLING_RATE?)"]], values: { ENVIRONMENT: "staging" } },
  ],
  ["a non-ASCII letter", "OTLP_ENDPÖINT=x\n", { problems: [["OTLP_ENDPÖINT", 1, '"Ö" (U+00D6) at column 10; dotenv ignores the line (did you mean OTLP_ENDPOINT?)']] }],
  ["a Cyrillic look-alike", "\u0415NVIRONMENT=staging\n", { problems: [["\u0415NVIRONMENT", 1, '"Е" (U+0415) at column 1; dotenv ignores the line (did you mean ENVIRONMENT?)']] }],
  [
    "a no-break space before =",
    "ES_HEAP_MIB\u00A0=4096\n",
    { problems: [["ES_HEAP_MIB", 1, "U+00A0 (no-break space) at column 12"]], values: { ES_HEAP_MIB: "4096" } },
  ],
  ["a dash in a key", "OTLP-ENDPOINT=disabled\n", { problems: [["OTLP-ENDPOINT", 1, '"-" at column 5 (did you mean OTLP_ENDPOINT?)']] }],

  // Lines dotenv drops or misreads.
  ["a line without =", "ENVIRONMENT=staging\nOTLP_ENDPOINT disabled\n", { problems: [["OTLP_ENDPOINT disabled", 2, "blank, a # comment or KEY=value (dotenv ignores this line)"]] }],
  ["a space inside a key", "TRACE SAMPLING_RATE=1\n", { problems: [["TRACE SAMPLING_RATE=1", 1, "KEY=value (dotenv ignores this line)"]] }],
  ["a value without a key", "=disabled\n", { problems: [["=disabled", 1, "KEY=value (the key is missing)"]] }],
  ["a colon without a space", "OTLP_ENDPOINT:disabled\n", { problems: [["OTLP_ENDPOINT:disabled", 1, "dotenv ignores this line"]] }],
  ["a line of one zero-width space", "\u200B\n", { problems: [["\u200B", 1, "dotenv ignores this line; it has U+200B (zero-width space) at column 1"]] }],
  [
    "an empty value before a quoted line",
    "ENVIRONMENT=\n'staging'\n",
    { problems: [["'staging'", 2, "dotenv reads this line as the value of ENVIRONMENT from line 1"]], values: { ENVIRONMENT: "staging" } },
  ],
  [
    "a key on one line and =value on the next",
    "OTLP_ENDPOINT\n=disabled\n",
    {
      problems: [
        ["OTLP_ENDPOINT", 1, "dotenv joins it with the lines after it into OTLP_ENDPOINT"],
        ["=disabled", 2, "the key is missing"],
      ],
      values: { OTLP_ENDPOINT: "disabled" },
    },
  ],
  [
    "a quote left open over a setting",
    'GREETING="hello\nOTLP_ENDPOINT=disabled\nbye"\n',
    { problems: [["OTLP_ENDPOINT", 2, "part of the quoted value of GREETING from line 1 (is a closing quote missing?)"]], values: { GREETING: "hello\nOTLP_ENDPOINT=disabled\nbye" } },
  ],

  // Duplicates: dotenv keeps the last.
  [
    "a key set twice",
    "TRACE_SAMPLING_RATE=0.1\nENVIRONMENT=staging\nTRACE_SAMPLING_RATE=0.5\n",
    { problems: [["TRACE_SAMPLING_RATE", 1, "set once: line 3 sets it again and wins"]], values: { TRACE_SAMPLING_RATE: "0.5", ENVIRONMENT: "staging" } },
  ],
  [
    "a key set three times",
    "ENVIRONMENT=a\nENVIRONMENT=b\nENVIRONMENT=c\n",
    {
      problems: [
        ["ENVIRONMENT", 1, "line 3 sets it again and wins"],
        ["ENVIRONMENT", 2, "line 3 sets it again and wins"],
      ],
      values: { ENVIRONMENT: "c" },
    },
  ],

  // Typos: the rule of tracing/settings.ts's unknownDotenvVariables.
  ["a typo", "TRACE_SAMPLNG_RATE=0.5\n", { problems: [["TRACE_SAMPLNG_RATE", 1, "a variable this package reads (did you mean TRACE_SAMPLING_RATE?)"]] }],
  ["a lowercase typo", "trace_samplng_rate=0.5\n", { problems: [["trace_samplng_rate", 1, "a variable this package reads (did you mean TRACE_SAMPLING_RATE?)"]] }],
  ["an own prefix, far from any name", "TRACING_NAMESPACE=observability\n", { problems: [["TRACING_NAMESPACE", 1, "a variable this package reads (did you mean TRACING_ECK_NAMESPACE?)"]] }],
  ["one edit from a name, without an own prefix", "NVIRONMENT=staging\n", { problems: [["NVIRONMENT", 1, "a variable this package reads (did you mean ENVIRONMENT?)"]] }],
  [
    "keys not meant for this package",
    "PATH=/usr/bin\nHOME=/root\nCHECKPOINT_DISABLE=1\nHTTPS_PROXY=http://proxy:3128\npath=x\n",
    { values: { PATH: "/usr/bin", HOME: "/root", CHECKPOINT_DISABLE: "1", HTTPS_PROXY: "http://proxy:3128", path: "x" } },
  ],

  // What dotenv accepts, read as dotenv reads it.
  ["export before a key", "export OTLP_ENDPOINT=https://collector:4317\n", { values: { OTLP_ENDPOINT: "https://collector:4317" } }],
  ["KEY: value", "ENVIRONMENT: staging\n", { values: { ENVIRONMENT: "staging" } }],
  ["spaces around = and the value", "  TRACE_SAMPLING_RATE  =  0.5  \n", { values: { TRACE_SAMPLING_RATE: "0.5" } }],
  [
    "# inside quotes, and as a comment",
    "A=\"x # y\" # comment\nB='a#b'\nC=x#y\n  # indented comment\n#TRACE_SAMPLING_RATE=1\n",
    { values: { A: "x # y", B: "a#b", C: "x" } },
  ],
  [
    "multi-line quoted values",
    'CERT="-----BEGIN-----\nMIIBxyz==\n-----END-----"\nNOTE=`a\nb`\nTRACE_SAMPLING_RATE=0.5\n',
    { values: { CERT: "-----BEGIN-----\nMIIBxyz==\n-----END-----", NOTE: "a\nb", TRACE_SAMPLING_RATE: "0.5" } },
  ],
  ["\\n in double quotes only", "A=\"x\\ny\"\nB='x\\ny'\n", { values: { A: "x\ny", B: "x\\ny" } }],
  ["a line counted after a multi-line value", 'CERT="a\nb\nc"\notlp_endpoint=disabled\n', { problems: [["otlp_endpoint", 4, "case-sensitive, so this one is ignored (did you mean OTLP_ENDPOINT?)"]] }],
  [
    "CRLF line endings",
    "TRACE_SAMPLING_RATE=0.5\r\nbad line\r\nENVIRONMENT=staging\r\n",
    { problems: [["bad line", 2, "dotenv ignores this line"]], values: { TRACE_SAMPLING_RATE: "0.5", ENVIRONMENT: "staging" } },
  ],
  ["lone CR line endings", "ENVIRONMENT=staging\rotlp_endpoint=x\r", { problems: [["otlp_endpoint", 2, "case-sensitive, so this one is ignored (did you mean OTLP_ENDPOINT?)"]], values: { ENVIRONMENT: "staging", otlp_endpoint: "x" } }],
  ["an empty file", "", { values: {} }],
];

describe("inspectDotenv", () => {
  test.each(rows)("%s", (_, text, expected) => {
    const { values, problems } = inspectDotenv(text, known);
    const expectedProblems = "problems" in expected ? expected.problems : [];
    expect(problems).toEqual(expectedProblems.map(([key, line, allowed]) => ({ key, line, allowed: expect.stringContaining(allowed) })));
    if (expected.values) expect(values).toEqual(expected.values);
  });

  test("a key longer than 80 characters is cut in the problem", () => {
    const [problem] = inspectDotenv(`TRACING_${"X".repeat(100)}=1\n`, known).problems;
    expect(problem.key).toBe(`TRACING_${"X".repeat(71)}…`);
  });

  // The keys the settings check used to refuse by itself (typos of our names) stay refused.
  test.each(["TRACE_SAMPLNG_RATE", "TRACING_NAMESPACES", "PROD_ES_HEAP_MB", "ENVIRONMENTS"])("refuses %s, a typo of one of our names", (key) => {
    expect(inspectDotenv(`${key}=1\n`, KNOWN_VARIABLES).problems).toEqual([{ key, line: 1, allowed: expect.stringContaining("a variable this package reads") }]);
  });
  test.each(["PATH", "HTTPS_PROXY", "TRACE"])("accepts %s, not ours", (key) => {
    expect(inspectDotenv(`${key}=1\n`, KNOWN_VARIABLES).problems).toEqual([]);
  });
});

test("describeDotenvProblems lists each problem with its line, invisible characters written out", () => {
  const { problems } = inspectDotenv("otlp_endpoint=disabled\nOTLP_\u200BENDPOINT=x\nnot a setting\n", known);
  expect(describeDotenvProblems("/srv/app/.env", problems)).toBe(
    [
      "invalid settings in /srv/app/.env:",
      "  - line 1: otlp_endpoint must be spelled in the case this package reads: names are case-sensitive, so this one is ignored (did you mean OTLP_ENDPOINT?)",
      '  - line 2: "OTLP_\\u{200B}ENDPOINT" must be letters A-Z, digits and _ only, but it has U+200B (zero-width space) at column 6; dotenv ignores the line (did you mean OTLP_ENDPOINT?)',
      '  - line 3: "not a setting" must be blank, a # comment or KEY=value (dotenv ignores this line)',
    ].join("\n"),
  );
});

test("our prefixes are derived from the variables: the standard OTEL_ namespace is not ours, only what of it we read", () => {
  expect(ownPrefixes(KNOWN_VARIABLES).sort()).toEqual(
    ["ECK_OPERATOR_", "ELASTICSEARCH_", "ENVIRONMENT", "ES_", "JAEGER_", "LOCAL_", "OTEL_COLLECTOR_CONTRIB_", "OTLP_", "PROD_", "PROMETHEUS_", "SDK_", "TRACE_", "TRACING_"].sort(),
  );
  // So a .env may hold a service's own OpenTelemetry settings, and a typo of ours is still caught.
  expect(inspectDotenv("OTEL_SERVICE_NAME=orders\nOTEL_COLLECTOR_CONTRIB_VERSON=0.155.0\n", KNOWN_VARIABLES).problems.map((p) => p.key)).toEqual(["OTEL_COLLECTOR_CONTRIB_VERSON"]);
});
