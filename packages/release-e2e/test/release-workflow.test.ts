import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The release workflow (.github/workflows/release.yml) cannot run here: it needs GitHub and the
// registry's OIDC for provenance. What it runs can: it must call exactly the scripts that
// publish.test.ts rehearses against Verdaccio, with provenance on.

const root = join(import.meta.dirname, '..', '..', '..');
const workflow = readFileSync(join(root, '.github', 'workflows', 'release.yml'), 'utf8');
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

describe('the release workflow', () => {
  it('versions and publishes with the scripts the release test runs', () => {
    expect(workflow).toMatch(/^\s+uses: changesets\/action@v\d+$/m);
    expect(workflow).toMatch(/^\s+version: pnpm version-packages$/m);
    expect(workflow).toMatch(/^\s+publish: pnpm release$/m);
    expect(scripts['version-packages']).toBe('changeset version');
    expect(scripts.release).toContain('scripts/check-packages && changeset publish');
  });

  it('publishes with npm provenance from a frozen install', () => {
    expect(workflow).toMatch(/^\s+id-token: write\b/m);
    expect(workflow).toMatch(/^\s+NPM_CONFIG_PROVENANCE: ['"]?true['"]?$/m);
    expect(workflow).toMatch(/^\s+- run: pnpm install --frozen-lockfile$/m);
    expect(workflow).toMatch(/^\s+fetch-depth: 0\b/m);
  });
});
