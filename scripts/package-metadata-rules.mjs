// The publishing metadata of every public package, shared by scripts/package-metadata.mjs (which
// writes it) and scripts/check-packages (which fails a package without it).

/** The public repository. A placeholder until the project is published: set the real one here. */
export const REPOSITORY = 'https://github.com/tokenstore/tokenstore';

/** The fields `packages/<folder>/package.json` must hold, exactly. */
export function expectedMetadata(folder) {
  return {
    license: 'MIT',
    author: 'tokenstore contributors',
    homepage: `${REPOSITORY}/tree/main/packages/${folder}#readme`,
    repository: { type: 'git', url: `git+${REPOSITORY}.git`, directory: `packages/${folder}` },
    bugs: { url: `${REPOSITORY}/issues` },
  };
}

/** What is wrong with `manifest` (of `packages/<folder>`) and its packed file list. */
export function metadataProblems(folder, manifest, packedFiles) {
  const problems = [];
  for (const [key, value] of Object.entries(expectedMetadata(folder))) {
    if (JSON.stringify(manifest[key]) !== JSON.stringify(value)) {
      problems.push(
        `package.json ${key} is ${JSON.stringify(manifest[key])}, expected ${JSON.stringify(value)} (run node scripts/package-metadata.mjs)`,
      );
    }
  }
  for (const file of ['LICENSE', 'README.md', 'package.json']) {
    if (!packedFiles.includes(file)) problems.push(`the tarball has no ${file}`);
  }
  return problems;
}
