/**
 * Sandbox simulators of the four provider APIs (Quiva, Clore on Hiveon, Akua, Vast.ai) for tests, benchmarks and the
 * quickstart: same paths, headers, status codes, JSON shapes and error bodies as the providers' documentation,
 * seeded sample data, and fault injection.
 *
 * <p>Use in tests: {@code try (var akua = new AkuaSimulator().withMachines(250).start()) { ... akua.baseUrl() ... }};
 * {@link io.computemirror.sandbox.Faults} queues faults (also at run time over each simulator's
 * {@code /_sandbox/faults}, see {@link io.computemirror.sandbox.SandboxAdmin}),
 * {@link io.computemirror.sandbox.RequestLog} records requests (credentials redacted).
 *
 * <p>Test scope only: the operator's jar carries no simulator and no demo token. Run all four standalone from the
 * source tree (ports 18081 Quiva, 18082 Clore, 18083 Akua, 18084 Vast; prints base URLs and tokens; Ctrl-C stops it)
 * with {@code hack/sandbox.sh}; options: {@code --quiva-port=0 --clore-port=0 --akua-port=0 --vast-port=0 --seed=7
 * --tick-seconds=10}.
 */
package io.computemirror.sandbox;
