/**
 * Variables that the pnpm script and vitest worker running this test set for themselves. Passed
 * on, they would make npm or pnpm in the clone think they run inside this workspace's script
 * (npm also warns about pnpm-only settings such as `verify-deps-before-run`).
 */
const INHERITED_NOISE =
  /^(npm_(command|execpath|node_execpath|lifecycle_\w+|package_\w+|config_user_agent|config_verify_deps_before_run)|pnpm_config_verify_deps_before_run|PNPM_\w+|VITEST\w*|INIT_CWD)$/i;

/**
 * The environment for the commands this test runs: the user's own (so their npm configuration,
 * and with it their default registry, applies), less what the running script set, with colours
 * and telemetry off so output is plain and nothing but the registries is contacted.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!INHERITED_NOISE.test(name)) env[name] = value;
  }
  return {
    ...env,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    ...extra,
  };
}
